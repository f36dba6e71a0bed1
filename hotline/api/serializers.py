"""Request bodies: shapes and types only. Rules (who may, in which state, which department exists)
are the domain's and come back as `tickets.errors` from the services.

Text fields reject NUL and lone surrogates (DRF's CharField does), which the databases cannot store;
numbers are bounded so none overflows a database integer.
"""

from rest_framework import serializers

from tickets import letter_rules as rules
from tickets import phones
from tickets.models import Channel, Priority, Satisfaction, TicketType

DB_ID_MAX = 2**63 - 1
TEXT_MAX = rules.TEXT_MAX


class StrictBooleanField(serializers.BooleanField):
    """JSON true/false only: "yes" or 1 for a yes/no question is a client bug worth reporting."""

    default_error_messages = {"invalid": "应为 true 或 false。"}

    def to_internal_value(self, data):
        if isinstance(data, bool):
            return data
        self.fail("invalid")


class NumberField(serializers.FloatField):
    """A JSON number (not a numeric string, not a boolean)."""

    default_error_messages = {"invalid": "应为数字。"}

    def to_internal_value(self, data):
        if isinstance(data, bool) or not isinstance(data, (int, float)):
            self.fail("invalid")
        return super().to_internal_value(data)


class PhoneField(serializers.CharField):
    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 32)
        super().__init__(**kwargs)

    def to_internal_value(self, data):
        value = super().to_internal_value(data)
        if value == "":
            return value
        phone = phones.normalize_phone(value)
        if phone is None:
            raise serializers.ValidationError(phones.PHONE_MESSAGE)
        return phone


def _text(max_length: int, **kwargs) -> serializers.CharField:
    return serializers.CharField(max_length=max_length, **kwargs)


def _optional_text(max_length: int = TEXT_MAX, **kwargs) -> serializers.CharField:
    return serializers.CharField(max_length=max_length, required=False, allow_blank=True, **kwargs)


class LetterSerializer(serializers.Serializer):
    """A citizen's letter (POST /api/v1/letters/)."""

    type = serializers.ChoiceField(choices=TicketType.choices, help_text="诉求类型")
    title = _text(rules.TITLE_MAX, help_text="标题")
    content = _text(rules.CONTENT_MAX, help_text="诉求内容")
    name = _optional_text(rules.NAME_MAX, default="", help_text="姓名")
    phone = PhoneField(help_text="联系电话")
    address = _optional_text(rules.ADDRESS_MAX, default="", help_text="地址")
    lat = NumberField(required=False, allow_null=True, help_text="纬度（-90 到 90，与经度同时提供）")
    lon = NumberField(required=False, allow_null=True, help_text="经度（-180 到 180，与纬度同时提供）")
    category = serializers.CharField(max_length=12, required=False, allow_blank=True, allow_null=True,
                                     help_text="诉求分类代码")
    password = serializers.CharField(min_length=rules.PASSWORD_MIN, max_length=rules.PASSWORD_MAX, required=False,
                                     allow_null=True, trim_whitespace=False,
                                     help_text="查询密码（至少6个字符）；不填则由系统生成")
    confidential = StrictBooleanField(required=False, default=False, help_text="信息保密：承办单位看不到姓名和电话")
    publish_consent = StrictBooleanField(required=False, default=False,
                                         help_text="同意办结后去除个人信息公开选登（来信选登）")

    def validate(self, attrs):
        problems: dict = {}
        attrs["lat"], attrs["lon"] = rules.check_coordinates(attrs.get("lat"), attrs.get("lon"), problems)
        if problems:
            raise serializers.ValidationError(problems)
        return attrs


class TicketRegistrationSerializer(LetterSerializer):
    """An agent registers a ticket (POST /api/v1/tickets/); a caller may withhold their number."""

    phone = PhoneField(required=False, allow_blank=True, default="", help_text="来电号码")
    id_number = serializers.RegexField(r"^[0-9]{15}$|^[0-9]{17}[0-9Xx]$", required=False, allow_blank=True,
                                       default="", help_text="身份证号",
                                       error_messages={"invalid": "身份证号应为15位或18位。"})
    channel = serializers.ChoiceField(choices=Channel.choices, default=Channel.PHONE, help_text="受理渠道")
    priority = serializers.ChoiceField(choices=Priority.choices, default=Priority.NORMAL, help_text="紧急程度")
    call_id = serializers.CharField(max_length=64, required=False, allow_blank=True, default="", help_text="通话编号")


class LookupSerializer(serializers.Serializer):
    letter_number = serializers.CharField(max_length=rules.LETTER_NUMBER_INPUT_MAX, help_text="信件编号")
    password = serializers.CharField(max_length=rules.PASSWORD_MAX * 2, trim_whitespace=False, help_text="查询密码")


class RatingSerializer(LookupSerializer):
    solved = StrictBooleanField(help_text="问题是否已解决")
    satisfaction = serializers.ChoiceField(choices=Satisfaction.choices, help_text="满意度")
    comment = _optional_text(rules.COMMENT_MAX, default="", help_text="评价内容")


class TokenRequestSerializer(serializers.Serializer):
    username = serializers.CharField(max_length=150)
    password = serializers.CharField(max_length=128, trim_whitespace=False)


def ticket_version_field() -> serializers.IntegerField:
    """`version` on every command body: the ticket version the client saw; a stale one is a 409."""
    return serializers.IntegerField(required=False, min_value=1, max_value=2**31 - 1,
                                    help_text="可选：客户端看到的工单版本，不一致时返回 409")


class TransitionSerializer(serializers.Serializer):
    """The union of every transition's body (CONTRACT.md's table); which fields a transition needs is
    checked by the domain, which names the missing one."""

    answer = _optional_text(help_text="resolve_directly：答复内容")
    kb_article = serializers.IntegerField(required=False, allow_null=True, min_value=1, max_value=DB_ID_MAX,
                                          help_text="resolve_directly：所用知识条目")
    department = serializers.CharField(max_length=40, required=False, help_text="dispatch：主办单位代码")
    co_departments = serializers.ListField(child=serializers.CharField(max_length=40), required=False,
                                           max_length=20, help_text="dispatch：协办单位代码")
    note = _optional_text(help_text="说明（可选）")
    reason = _optional_text(help_text="理由")
    text = _optional_text(help_text="reply：答复内容")
    into = serializers.IntegerField(required=False, min_value=1, max_value=DB_ID_MAX, help_text="merge：并入的工单 id")
    platform = serializers.CharField(max_length=40, required=False, help_text="transfer：外部平台代码")
    version = ticket_version_field()


class ActionSerializer(serializers.Serializer):
    """The union of every action's body; see CONTRACT.md."""

    text = _optional_text(help_text="urge / supervise / note：内容")
    note = _optional_text(help_text="同 text")
    days = serializers.IntegerField(required=False, min_value=-(2**31), max_value=2**31 - 1,
                                    help_text="request_extension：延期工作日")
    reason = _optional_text(help_text="request_extension / decide_extension：理由")
    approve = StrictBooleanField(required=False, help_text="decide_extension：是否批准")
    solved = StrictBooleanField(required=False, help_text="callback：问题是否已解决")
    satisfaction = serializers.ChoiceField(choices=Satisfaction.choices, required=False, help_text="callback：满意度")
    comment = _optional_text(rules.COMMENT_MAX, help_text="callback：评价内容")
    category = serializers.CharField(required=False, max_length=12, help_text="set_category：分类代码")
    version = ticket_version_field()
    of = serializers.IntegerField(required=False, min_value=1, max_value=2**63 - 1,
                                  help_text="link_repeat：本工单重复的原工单 id")
