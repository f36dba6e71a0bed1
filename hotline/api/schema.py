"""Response shapes for the OpenAPI schema (drf-spectacular). The bodies themselves come from
`tickets.selectors` (ticket_payload, public_view); these classes only describe them, and the
schemathesis test checks the description against real responses."""

from drf_spectacular.utils import OpenApiResponse
from rest_framework import serializers

from tickets.models import TRANSITION_NAMES, Channel, Priority, Satisfaction, Status, TicketType


class ErrorDetailSerializer(serializers.Serializer):
    code = serializers.CharField(help_text="机器可读的错误代码，如 invalid、not_found、transition_not_allowed")
    message = serializers.CharField(help_text="给人看的中文说明")
    fields = serializers.DictField(child=serializers.ListField(child=serializers.CharField()),
                                   help_text="出错的字段及说明")
    available_transitions = serializers.ListField(child=serializers.CharField(), required=False)


class ErrorSerializer(serializers.Serializer):
    error = ErrorDetailSerializer()
    available_transitions = serializers.ListField(
        child=serializers.CharField(), required=False, help_text="409 时：该用户当前可执行的操作")


def errors(*statuses: int) -> dict:
    """The documented error responses of an operation, all in the one error shape."""
    words = {400: "输入有误", 401: "未登录", 403: "无权操作", 404: "不存在或不可见", 405: "方法不允许",
             409: "当前状态不允许", 413: "请求过大", 415: "不支持的内容类型", 429: "过于频繁（见 Retry-After）"}
    return {status: OpenApiResponse(ErrorSerializer, description=words[status]) for status in statuses}


STAFF_ERRORS = (400, 401, 403, 404, 405, 413, 415, 429)


class LetterCreatedSerializer(serializers.Serializer):
    letter_number = serializers.CharField()
    password = serializers.CharField(help_text="查询密码，只在此处返回一次")
    status = serializers.ChoiceField(choices=Status.choices)
    submitted_at = serializers.DateTimeField()


class TimelineEntrySerializer(serializers.Serializer):
    at = serializers.DateTimeField()
    label = serializers.CharField()


class PublicAttachmentSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    content_type = serializers.CharField()
    size = serializers.IntegerField()
    url = serializers.CharField(help_text="无需登录即可打开，30 分钟内有效")


class PublicReplySerializer(serializers.Serializer):
    text = serializers.CharField()
    department = serializers.CharField()
    at = serializers.DateTimeField()
    attachments = PublicAttachmentSerializer(many=True, help_text="承办单位随答复提交的证明材料")


class PublicRatingSerializer(serializers.Serializer):
    solved = serializers.BooleanField()
    satisfaction = serializers.ChoiceField(choices=Satisfaction.choices)
    satisfaction_label = serializers.CharField()
    comment = serializers.CharField(allow_blank=True)
    at = serializers.DateTimeField()


class LetterViewSerializer(serializers.Serializer):
    letter_number = serializers.CharField()
    type = serializers.ChoiceField(choices=TicketType.choices)
    type_label = serializers.CharField()
    title = serializers.CharField()
    status = serializers.ChoiceField(choices=Status.choices)
    status_label = serializers.CharField()
    submitted_at = serializers.DateTimeField()
    timeline = TimelineEntrySerializer(many=True)
    reply = PublicReplySerializer(allow_null=True)
    rating = PublicRatingSerializer(allow_null=True)
    can_rate = serializers.BooleanField()


class DepartmentRefSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()


class CategoryRefSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()


class CitizenSerializer(serializers.Serializer):
    name = serializers.CharField(allow_blank=True)
    phone = serializers.CharField(allow_blank=True, help_text="已脱敏，如 138****5678")
    confidential = serializers.BooleanField()
    withheld = serializers.BooleanField(help_text="true：诉求人要求保密，本用户看不到其身份")


class DeadlinesSerializer(serializers.Serializer):
    sign_due = serializers.DateTimeField(allow_null=True)
    reply_due = serializers.DateTimeField(allow_null=True)
    sla_state = serializers.ChoiceField(choices=["ok", "warning", "overdue"])


class TicketSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    letter_number = serializers.CharField()
    channel = serializers.ChoiceField(choices=Channel.choices)
    type = serializers.ChoiceField(choices=TicketType.choices)
    type_label = serializers.CharField()
    priority = serializers.ChoiceField(choices=Priority.choices)
    status = serializers.ChoiceField(choices=Status.choices)
    status_label = serializers.CharField()
    title = serializers.CharField()
    content = serializers.CharField()
    category = CategoryRefSerializer(allow_null=True)
    citizen = CitizenSerializer()
    address = serializers.CharField(allow_blank=True)
    lead_department = DepartmentRefSerializer(allow_null=True)
    co_departments = DepartmentRefSerializer(many=True)
    deadlines = DeadlinesSerializer()
    merged_into = serializers.IntegerField(allow_null=True)
    reopen_count = serializers.IntegerField()
    urge_count = serializers.IntegerField()
    is_supervised = serializers.BooleanField()
    version = serializers.IntegerField()
    created_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()
    available_transitions = serializers.ListField(child=serializers.ChoiceField(choices=TRANSITION_NAMES))


class RegisteredTicketSerializer(TicketSerializer):
    password = serializers.CharField(help_text="查询密码，只在登记时返回一次，供话务员告知来电人")


class EventSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.CharField()
    kind_label = serializers.CharField()
    transition = serializers.CharField(allow_blank=True)
    # `from`/`to` are Python keywords: declared below.
    actor = serializers.CharField(allow_blank=True)
    department = serializers.CharField(allow_null=True)
    text = serializers.CharField(allow_blank=True)
    data = serializers.DictField()
    at = serializers.DateTimeField()

    def get_fields(self):
        fields = super().get_fields()
        fields["from"] = serializers.CharField(allow_blank=True)
        fields["to"] = serializers.CharField(allow_blank=True)
        return fields


class ReplySerializer(serializers.Serializer):
    text = serializers.CharField()
    department = serializers.CharField()
    review = serializers.CharField()
    at = serializers.DateTimeField()


class AttachmentRefSerializer(PublicAttachmentSerializer):
    reply = serializers.IntegerField(allow_null=True, help_text="所属答复；为空表示来信人上传")
    url = serializers.CharField(help_text="下载地址（需登录且有权查看该工单）")


class TicketDetailSerializer(TicketSerializer):
    events = EventSerializer(many=True)
    replies = ReplySerializer(many=True)
    direct_answer = serializers.CharField(allow_blank=True)
    attachments = AttachmentRefSerializer(many=True)


class PersonalDataSerializer(serializers.Serializer):
    name = serializers.CharField(allow_blank=True)
    phone = serializers.CharField(allow_blank=True)
    id_number = serializers.CharField(allow_blank=True)
    address = serializers.CharField(allow_blank=True)
    confidential = serializers.BooleanField()


class TokenSerializer(serializers.Serializer):
    token = serializers.CharField()
