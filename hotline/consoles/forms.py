"""Forms of the consoles. They check shapes and turn a POST into the body a tickets service takes
(`payload()`); the domain rules stay in the services, whose errors the views attach back to the form."""

from __future__ import annotations

import re

from django import forms
from django.conf import settings

from hotline.uploads import HELP_TEXT as UPLOAD_HELP
from hotline.uploads import AttachmentsField
from tickets import letter_rules as rules
from tickets import phones
from tickets.errors import HotlineError
from tickets.models import Category, Channel, Department, Priority, Satisfaction, TicketType
from tickets.selectors import visible_tickets

TEXT_LIMIT = rules.TEXT_MAX


class ConsoleChoices:
    """Departments and categories, read once per request however many forms a page shows."""

    def __init__(self):
        self._departments = None
        self._categories = None
        self._platforms = None

    @classmethod
    def of(cls, request) -> ConsoleChoices:
        """The request's one set of choices, shared by its forms, its search box and the page's
        shared pickers (templatetags/unit_picker.py)."""
        if request is None:
            return cls()
        choices = getattr(request, "_console_choices", None)
        if choices is None:
            choices = request._console_choices = cls()
        return choices

    @property
    def transfer_platforms(self) -> list[tuple[str, str, bool]]:
        """(code, name, emergency) of the platforms a ticket may be transferred to (转办)."""
        if self._platforms is None:
            from tickets.services.transitions import transfer_platforms

            self._platforms = transfer_platforms()
        return self._platforms

    @property
    def departments(self) -> list[Department]:
        if self._departments is None:
            self._departments = list(Department.objects.filter(is_active=True).order_by("sort_order", "code"))
        return self._departments

    @property
    def department_choices(self) -> list[tuple[str, str]]:
        return [(d.code, d.name) for d in self.departments]

    @property
    def categories(self) -> list[Category]:
        if self._categories is None:
            self._categories = list(Category.objects.filter(is_active=True).select_related(
                "parent__parent", "default_department").order_by("code"))
        return self._categories


class CategorySelect(forms.Select):
    """Options indented by tree level and carrying the category's default department, which the
    registration form preselects as the lead department."""

    def __init__(self, *args, default_departments: dict | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.default_departments = default_departments or {}

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        department = self.default_departments.get(str(value))
        if department:
            option["attrs"]["data-department"] = department
        return option


class CategoryInput(forms.TextInput):
    """The category picker of a list row: a text box naming the page's one shared
    <datalist id="category-options"> (templates/consoles/includes/category_options.html), as the
    unit picker does, instead of the whole tree as <option>s in every row."""

    def __init__(self, attrs=None):
        super().__init__({"list": "category-options", "autocomplete": "off", "data-category-picker": "1",
                          "placeholder": "输入分类名称或代码", **(attrs or {})})


class CategoryChoiceField(forms.ChoiceField):
    """A category by its code; typed into a text box it may also be "code name" (what the list
    shows) or a name that names one category only ("路灯照明")."""

    def __init__(self, *, categories=(), **kwargs):
        super().__init__(**kwargs)
        self.by_name: dict[str, str | None] = {}
        for category in categories:
            for name in (category.name, category.full_name, f"{category.code} {category.full_name}"):
                # A name shared by two categories names neither.
                self.by_name[name] = None if name in self.by_name and self.by_name[name] != category.code \
                    else category.code

    def to_python(self, value):
        value = super().to_python(value)
        text = re.sub(r"\s+", " ", phones.ascii_digits(value)).strip()
        if not text:
            return ""
        code = text.split(" ", 1)[0]
        if code.isdigit():
            return code
        return self.by_name.get(text) or text



def category_field(choices: ConsoleChoices, *, required: bool = False, label: str = "诉求分类",
                   shared_list: bool = False) -> forms.ChoiceField:
    """The searchable category picker. One form on a page (registration) gets a <select data-picker>
    (live.js adds the search box); a form repeated in every list row gets ``shared_list``, a text box
    over the page's one shared list. Each option reads as its whole path, so typing a parent's name
    ("养老") finds every entry below it in a deep tree; options carry their default department for the
    forms that preselect it."""
    categories = choices.categories
    options = [("", "请选择…")] + [(c.code, f"{c.code} {c.full_name}") for c in categories]
    if shared_list:
        widget = CategoryInput()
    else:
        widget = CategorySelect(choices=options, attrs={"data-picker": "category"}, default_departments={
            c.code: c.default_department.code for c in categories if c.default_department_id})
    return CategoryChoiceField(
        label=label, required=required, choices=options, categories=categories, widget=widget,
        error_messages={"required": "请选择诉求分类。", "invalid_choice": "诉求分类不存在或已停用。"})


class HotlineForm(forms.Form):
    """Base of every console form: the ticket and user it is drawn for, and a place for the
    service's error."""

    error_css_class = "has-error"
    button_field = ""

    @property
    def button_choices(self):
        return self.fields[self.button_field].choices if self.button_field else []

    def __init__(self, *args, ticket=None, user=None, choices: ConsoleChoices | None = None, **kwargs):
        self.ticket, self.user = ticket, user
        self.choices = choices or ConsoleChoices()
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)

    def add_hotline_error(self, error: HotlineError) -> None:
        """Put a service's error next to the field it names, or above the form when it names none
        (or only a hidden one, which the person could not see)."""
        for field, messages in (error.fields or {}).items():
            shown = field in self.fields and not self.fields[field].widget.is_hidden
            for message in messages if isinstance(messages, (list, tuple)) else [messages]:
                self.add_error(field if shown else None, message)
        if not error.fields:
            self.add_error(None, error.message)

    def payload(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if v not in (None, "")}


class TransitionForm(HotlineForm):
    """A transition's (or action's) form carries the ticket version it was drawn for, so acting on a
    stale page gets a clean conflict (409) instead of undoing or talking past someone else's step."""

    version = forms.IntegerField(required=False, widget=forms.HiddenInput, min_value=1)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.ticket is not None and not self.is_bound:
            self.initial.setdefault("version", self.ticket.version)


class EmptyTransitionForm(TransitionForm):
    pass


def _text(label: str, *, required: bool = True, rows: int = 2, placeholder: str = "") -> forms.CharField:
    return forms.CharField(
        label=label, required=required, max_length=TEXT_LIMIT, strip=True,
        widget=forms.Textarea(attrs={"rows": rows, "placeholder": placeholder}),
        error_messages={"required": f"请填写{label}。", "max_length": f"{label}不能超过{TEXT_LIMIT}字。"},
    )


REASON_LABELS = {
    "request_return": "退单理由", "reject_return": "驳回理由", "reject_reply": "退回理由", "reopen": "重办理由",
    "mark_invalid": "无效原因", "transfer_refused": "退回理由",
}


class ReasonForm(TransitionForm):
    reason = _text("理由")

    def __init__(self, *args, transition: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        label = REASON_LABELS.get(transition, "理由")
        self.fields["reason"].label = label
        self.fields["reason"].error_messages["required"] = f"请填写{label}。"


class NoteForm(TransitionForm):
    note = _text("意见（可选）", required=False)


class UnitInput(forms.TextInput):
    """A searchable unit picker: a text box naming the page's one shared <datalist id="unit-options">
    (templates/consoles/includes/unit_options.html) instead of every unit as an <option> in every
    row — 386 units in 40 rows were 15,460 options. ``multiple`` takes several codes, comma-separated
    (the page's script turns them into chips)."""

    def __init__(self, attrs=None, multiple: bool = False):
        self.multiple = multiple
        attrs = {"list": "unit-options", "autocomplete": "off", "data-unit-picker": "multi" if multiple else "one",
                 "placeholder": "输入单位名称或代码" + ("，多个用逗号分隔" if multiple else ""), **(attrs or {})}
        super().__init__(attrs)

    def value_from_datadict(self, data, files, name):
        if not self.multiple:
            return super().value_from_datadict(data, files, name)
        values = data.getlist(name) if hasattr(data, "getlist") else [data.get(name) or ""]
        if isinstance(values, str):
            values = [values]
        return [code for value in values for code in re.split(r"[,，\s]+", value or "") if code]

    def format_value(self, value):
        if self.multiple and isinstance(value, (list, tuple)):
            return ",".join(str(v) for v in value)
        return super().format_value(value)


class DepartmentField(forms.ChoiceField):
    def __init__(self, **kwargs):
        kwargs.setdefault("error_messages", {"required": "请选择承办单位。",
                                             "invalid_choice": "承办单位不存在或已停用。"})
        super().__init__(**kwargs)


class DepartmentsField(forms.MultipleChoiceField):
    def __init__(self, **kwargs):
        kwargs.setdefault("error_messages", {"invalid_choice": "协办单位“%(value)s”不存在或已停用。",
                                             "invalid_list": "请选择协办单位。"})
        super().__init__(**kwargs)


class DepartmentPickerMixin:
    """Fills the department pickers from the per-request choices and preselects the category's
    default unit, the usual lead department for that subject."""

    def _fill_departments(self, default: str | None = None):
        choices = self.choices.department_choices
        self.fields["department"].choices = [("", "请选择主办单位")] + choices
        self.fields["co_departments"].choices = choices
        if default and not self.is_bound:
            self.initial.setdefault("department", default)


class DispatchForm(DepartmentPickerMixin, TransitionForm):
    department = DepartmentField(label="主办单位", widget=UnitInput())
    co_departments = DepartmentsField(label="协办单位（可多选）", required=False, widget=UnitInput(multiple=True))
    note = _text("派单意见（可选）", required=False, rows=1)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _add_category_picker(self)
        ticket = self.ticket
        default = None
        if ticket is not None and ticket.category_id and ticket.category.default_department_id:
            default = ticket.category.default_department.code
        self._fill_departments(default)

    def payload(self) -> dict:
        body = super().payload()
        body["co_departments"] = list(self.cleaned_data.get("co_departments") or [])
        return body


def _add_category_picker(form: HotlineForm, *, required: bool = False) -> None:
    """Put the category picker first in a ticket's form, showing the ticket's category."""
    field = category_field(form.choices, required=required, shared_list=True)
    form.fields = {"category": field, **form.fields}
    if form.ticket is not None and form.ticket.category_id and not form.is_bound:
        form.initial.setdefault("category", form.ticket.category.code)


class SetCategoryForm(TransitionForm):
    """设置分类 on the ticket page; the dispatch form carries the same picker."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _add_category_picker(self, required=True)


class ResolveForm(TransitionForm):
    answer = _text("答复内容", rows=4)
    kb_article = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)


def _platform_field(platforms, *, emergency_only: bool = False, required: bool = True) -> forms.ChoiceField:
    choices = [(code, f"{name}（即时转）" if emergency else name) for code, name, emergency in platforms
               if emergency or not emergency_only]
    return forms.ChoiceField(label="转往平台", choices=[("", "请选择平台")] + choices, required=required,
                             error_messages={"required": "请选择转往的平台。", "invalid_choice": "平台不存在或已停用。"})


class TransferForm(TransitionForm):
    """转办: to 110/119/120/122 (即时转), the provincial 12345 or a neighbouring city."""

    reason = _text("转办理由", placeholder="例如：涉及治安警情，需公安现场处置")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields = {"platform": _platform_field(self.choices.transfer_platforms), **self.fields}


class ReplyForm(TransitionForm):
    text = _text("答复内容", rows=5, placeholder="请写明办理过程和结果，审核通过后市民可以看到。")
    attachments = AttachmentsField(label="证明材料（可选）", help_text=f"{UPLOAD_HELP}审核通过后市民可以看到。")


class MergeForm(TransitionForm):
    into = forms.CharField(label="并入工单（信件编号或工单号）", max_length=16,
                           error_messages={"required": "请填写要并入的信件编号或工单号。"})

    def clean_into(self) -> int:
        value = self.cleaned_data["into"].strip()
        if not (value.isascii() and value.isdigit()):  # not '²': int() refuses it
            raise forms.ValidationError("请填写数字形式的信件编号或工单号。")
        tickets = visible_tickets(self.user)
        # Letter numbers have 10 to 16 digits; ticket ids are far shorter in any real archive.
        target = (tickets.filter(letter_number=value) if len(value) >= 10 else tickets.filter(pk=int(value))).first()
        if target is None:
            raise forms.ValidationError("要并入的工单不存在。")
        return target.pk


class SupervisionForm(TransitionForm):
    text = _text("说明（可选）", required=False, rows=1)


class InternalNoteForm(TransitionForm):
    text = _text("备注内容", rows=2)


class ExtensionRequestForm(TransitionForm):
    days = forms.IntegerField(
        label="延期工作日", min_value=1, max_value=settings.HOTLINE["MAX_EXTENSION_WORKING_DAYS"],
        error_messages={"required": "请填写延期天数。", "invalid": "请填写整数。",
                        "min_value": "延期天数至少为 1 个工作日。",
                        "max_value": f"延期天数最多为 {settings.HOTLINE['MAX_EXTENSION_WORKING_DAYS']} 个工作日。"},
    )
    reason = _text("延期理由")


class ExtensionDecisionForm(TransitionForm):
    # Rendered as one submit button per choice rather than as a field.
    button_field = "decision"
    decision = forms.ChoiceField(choices=[("approve", "批准延期"), ("refuse", "不批准")],
                                 error_messages={"required": "请选择是否批准。"})
    reason = _text("审批意见（不批准时必填）", required=False, rows=1)

    def payload(self) -> dict:
        return {"approve": self.cleaned_data["decision"] == "approve", "reason": self.cleaned_data.get("reason", ""),
                "version": self.cleaned_data.get("version")}


class CallbackForm(TransitionForm):
    solved = forms.TypedChoiceField(label="问题是否解决", choices=[("1", "已解决"), ("0", "未解决")],
                                    coerce=lambda v: v == "1", widget=forms.RadioSelect,
                                    error_messages={"required": "请选择问题是否解决。"})
    satisfaction = forms.ChoiceField(label="满意度", choices=Satisfaction.choices, widget=forms.RadioSelect,
                                     error_messages={"required": "请选择满意度。"})
    comment = _text("回访记录（可选）", required=False, rows=2)

    def payload(self) -> dict:
        return {"solved": self.cleaned_data["solved"], "satisfaction": self.cleaned_data["satisfaction"],
                "comment": self.cleaned_data.get("comment", ""), "version": self.cleaned_data.get("version")}


class RegistrationForm(DepartmentPickerMixin, HotlineForm):
    """The agent's registration form: the ticket, then how the call ends."""

    ENDINGS = [("dispatch", "派单"), ("resolve", "直接办结"), ("transfer", "即时转（110/119/120/122）"),
               ("register", "仅登记，稍后派单")]

    channel = forms.ChoiceField(label="受理渠道", choices=Channel.choices, initial=Channel.PHONE)
    type = forms.ChoiceField(label="诉求类型", choices=TicketType.choices, initial=TicketType.CONSULTATION)
    priority = forms.ChoiceField(label="紧急程度", choices=Priority.choices, initial=Priority.NORMAL,
                                 widget=forms.RadioSelect)
    category = forms.ChoiceField(label="诉求分类", required=False)  # the picker: see __init__
    title = forms.CharField(label="标题", max_length=rules.TITLE_MAX, error_messages={
        "required": "请填写标题。", "max_length": f"标题不能超过{rules.TITLE_MAX}字。"},
        widget=forms.TextInput(attrs={"placeholder": "一句话概括诉求，例如：小区门口路灯不亮", "autocomplete": "off"}))
    content = _text("诉求内容", rows=5, placeholder="来电人反映的时间、地点、事情经过和诉求")
    name = forms.CharField(label="来电人姓名", max_length=rules.NAME_MAX, required=False)
    phone = forms.CharField(label="联系电话", max_length=phones.MAX_INPUT, required=False,
                            widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "off"}))
    address = forms.CharField(label="事发地址", max_length=rules.ADDRESS_MAX, required=False)
    confidential = forms.BooleanField(label="来电人要求信息保密（承办单位看不到姓名和电话）", required=False)
    call_id = forms.CharField(max_length=64, required=False, widget=forms.HiddenInput)
    ending = forms.ChoiceField(label="办理方式", choices=ENDINGS, initial="dispatch", widget=forms.RadioSelect)
    answer = _text("答复内容（直接办结时必填）", required=False, rows=3)
    kb_article = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)
    department = DepartmentField(label="主办单位", required=False,
                                 widget=forms.Select(attrs={"data-picker": "department"}))
    co_departments = DepartmentsField(label="协办单位（可多选）", required=False,
                                      widget=forms.SelectMultiple(attrs={"data-picker": "department", "size": 4}))
    note = _text("派单意见（可选）", required=False, rows=1)
    # Set from the suggestions panel: the earlier ticket this call repeats (重复件).
    repeat_of = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"] = category_field(self.choices)
        self._fill_departments()
        self.fields["transfer_platform"] = _platform_field(self.choices.transfer_platforms, emergency_only=True,
                                                           required=False)

    def clean_phone(self) -> str:
        phone = self.cleaned_data["phone"].strip()
        if not phone:
            return ""
        normalized = phones.normalize_phone(phone)
        if normalized is None:
            raise forms.ValidationError(phones.PHONE_MESSAGE)
        return normalized

    def clean(self):
        data = super().clean()
        ending = data.get("ending")
        if ending == "resolve" and not data.get("answer"):
            self.add_error("answer", "直接办结时请填写答复内容。")
        if ending == "dispatch" and not data.get("department"):
            self.add_error("department", "派单时请选择主办单位。")
        if ending == "transfer" and not data.get("transfer_platform"):
            self.add_error("transfer_platform", "即时转时请选择转往的平台。")
        return data

    def registration_kwargs(self) -> dict:
        """Keyword arguments for tickets.services.intake.register_ticket."""
        data = self.cleaned_data
        return rules.letter_kwargs(data, rules.REGISTRATION_FIELDS) | {"category": data.get("category") or None}

    def call_ending(self) -> tuple[str, dict] | None:
        """The transition that ends the call, and its body; None leaves the ticket for the dispatchers."""
        data = self.cleaned_data
        if data["ending"] == "resolve":
            body = {"answer": data["answer"]}
            if data.get("kb_article"):
                body["kb_article"] = data["kb_article"]
            return "resolve_directly", body
        if data["ending"] == "dispatch":
            return "dispatch", {"department": data["department"],
                                "co_departments": list(data.get("co_departments") or []), "note": data.get("note", "")}
        if data["ending"] == "transfer":
            name = {code: name for code, name, _ in self.choices.transfer_platforms}.get(data["transfer_platform"], "")
            return "transfer", {"platform": data["transfer_platform"], "reason": f"即时转{name}：{data['title']}"}
        return None
