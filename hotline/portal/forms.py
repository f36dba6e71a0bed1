"""The citizen's forms. Shapes only (shared limits with the REST API); the domain checks the rest."""

from django import forms

from hotline.uploads import AttachmentsField
from tickets import letter_rules as rules
from tickets import phones
from tickets.models import Category, Satisfaction, TicketType

# What each kind of letter should contain: shown above the form for the chosen type.
TYPE_GUIDES = {
    TicketType.CONSULTATION: ("询问政策规定、办事流程、办理条件等。请写明想了解的具体事项。",
                              "如：退休人员养老金资格认证怎么办理？"),
    TicketType.HELP: ("生活中遇到困难，需要有关部门帮助解决。请写明时间、地点和具体困难。",
                      "如：小区停水两天，老人生活不便"),
    TicketType.COMPLAINT: ("对行政机关、公共服务单位的服务或违法违规行为不满。请写明被投诉对象、时间、地点、经过和诉求。",
                           "如：某超市出售过期食品"),
    TicketType.REPORT: ("检举违法违规行为。请写明被举报对象、违法事实和线索；如担心个人信息泄露，可勾选“信息保密”。",
                        "如：某工地夜间违规施工"),
    TicketType.SUGGESTION: ("对政府工作、城市建设和公共服务提出意见建议。", "如：建议在学校门口增设人行横道"),
    TicketType.PRAISE: ("表扬或感谢为您提供帮助的单位和工作人员。请写明单位、人员及事迹。",
                        "如：感谢市社保中心窗口工作人员耐心服务"),
    TicketType.OTHER: ("不属于以上类别的其他诉求。", "请用一句话概括您的诉求"),
}


INDENT = "\u3000"  # an ideographic space: a <select> collapses ordinary ones


def category_choices() -> list:
    """The category tree as <optgroup>s: each top-level subject with its descendants, indented."""
    rows = list(Category.objects.filter(is_active=True).only("code", "name", "parent_id"))
    children: dict = {}
    for row in rows:
        children.setdefault(row.parent_id, []).append(row)
    choices: list = [("", "不确定（由热线工作人员分类）")]

    def walk(node, depth, into):
        into.append((node.code, f"{INDENT * max(depth - 1, 0)}{'› ' if depth else ''}{node.name}"))
        for child in children.get(node.pk, []):
            walk(child, depth + 1, into)

    for top in children.get(None, []):
        group: list = []
        walk(top, 0, group)
        choices.append((top.name, group))
    return choices


class LetterForm(forms.Form):
    type = forms.ChoiceField(label="诉求类型", choices=TicketType.choices, widget=forms.RadioSelect,
                             initial=TicketType.CONSULTATION)
    title = forms.CharField(label="标题", max_length=rules.TITLE_MAX)
    content = forms.CharField(label="诉求内容", max_length=rules.CONTENT_MAX, widget=forms.Textarea(attrs={"rows": 8}),
                              help_text=f"请写清时间、地点、事情经过和您的诉求，不超过{rules.CONTENT_MAX}字。")
    category = forms.ChoiceField(label="诉求分类", required=False)
    name = forms.CharField(label="姓名", max_length=rules.NAME_MAX, required=False, help_text="可不填。")
    phone = forms.CharField(label="联系电话", max_length=32,
                            widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
                            help_text="用于承办单位联系您；信件编号和查询密码也会以短信发送到该号码。")
    address = forms.CharField(label="事发地址", max_length=rules.ADDRESS_MAX, required=False,
                              help_text="如：裕华区裕华路12号小区东门")
    password = forms.CharField(label="查询密码", min_length=rules.PASSWORD_MIN, max_length=rules.PASSWORD_MAX, required=False,
                               strip=False, widget=forms.PasswordInput(render_value=True,
                                                                       attrs={"autocomplete": "new-password"}),
                               help_text=f"至少{rules.PASSWORD_MIN}个字符；不填则由系统生成。")
    confidential = forms.BooleanField(label="信息保密：承办单位看不到我的姓名和电话", required=False)
    publish_consent = forms.BooleanField(label="同意办结后公开选登本信件（将去除姓名、电话、证件号、车牌号和详细门牌）",
                                         required=False)
    attachments = AttachmentsField()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = category_choices()

    def clean_phone(self):
        phone = phones.normalize_phone(self.cleaned_data["phone"])
        if phone is None:
            raise forms.ValidationError(phones.PHONE_MESSAGE)
        return phone


class LookupForm(forms.Form):
    letter_number = forms.CharField(label="信件编号", max_length=rules.LETTER_NUMBER_INPUT_MAX,
                                    widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}))
    password = forms.CharField(label="查询密码", max_length=rules.PASSWORD_MAX * 2, strip=False,
                               widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}))


class RatingForm(forms.Form):
    solved = forms.TypedChoiceField(label="您的问题是否已解决？", choices=[("1", "已解决"), ("0", "未解决")],
                                    coerce=lambda value: value == "1", widget=forms.RadioSelect)
    satisfaction = forms.ChoiceField(label="您对办理结果是否满意？", choices=Satisfaction.choices,
                                     widget=forms.RadioSelect)
    comment = forms.CharField(label="评价内容", max_length=rules.COMMENT_MAX, required=False,
                              widget=forms.Textarea(attrs={"rows": 3}), help_text="可不填。")
