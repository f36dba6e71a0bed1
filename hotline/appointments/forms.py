"""The citizen's and the hall staff's forms: shapes only; the services check the seed's rules."""

from django import forms

from hotline.appointments import selectors
from hotline.appointments.models import CancelReason

ID_ATTRS = {"autocomplete": "off", "inputmode": "text", "maxlength": "18", "placeholder": "18位身份证号码"}


class BookingForm(forms.Form):
    service = forms.ChoiceField(label="办理事项")
    name = forms.CharField(label="申请人姓名", max_length=50)
    id_number = forms.CharField(label="身份证号", max_length=32, widget=forms.TextInput(attrs=ID_ATTRS),
                                help_text="须与业务申请人之一的身份证号一致，到窗口时凭二代身份证取号确认。")
    phone = forms.CharField(label="手机号码", max_length=32,
                            widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
                            help_text="告知单和通知将以短信发送到此号码。")
    date = forms.ChoiceField(label="预约日期", widget=forms.RadioSelect)
    period = forms.ChoiceField(label="时间段", widget=forms.RadioSelect)

    def __init__(self, *args, window: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["service"].choices = [("", "请选择办理事项")] + [(s.code, s.name) for s in selectors.services()]
        self.fields["date"].choices = [(d["date"], d["label"] + (f"({d['refusal']})" if d["refusal"] else ""))
                                       for d in window["days"]]
        self.fields["period"].choices = [(p["code"], p["code"]) for p in window["periods"]]


class LookupForm(forms.Form):
    number = forms.CharField(label="预约号", max_length=16, widget=forms.TextInput(attrs={"inputmode": "numeric"}))
    id_number = forms.CharField(label="身份证号", max_length=32, widget=forms.TextInput(attrs=ID_ATTRS))


class ReviewForm(forms.Form):
    time = forms.TimeField(label="确定时间", required=False, widget=forms.TimeInput(attrs={"type": "time"}),
                           help_text="在预约时间段内；留空为时间段开始。")
    window = forms.CharField(label="办理窗口", max_length=50, required=False, initial="二楼预约窗口")
    materials = forms.CharField(label="需携带材料（每行一项）", max_length=2000, required=False,
                                widget=forms.Textarea(attrs={"rows": 5}))
    note = forms.CharField(label="补充说明", max_length=300, required=False)


class StaffCancelForm(forms.Form):
    reason = forms.ChoiceField(label="取消原因",
                               choices=[c for c in CancelReason.choices if c[0] != CancelReason.CITIZEN])
    note = forms.CharField(label="说明（将以短信告知申请人）", max_length=300, required=False)


class CheckInForm(forms.Form):
    id_number = forms.CharField(label="二代身份证号", max_length=32, widget=forms.TextInput(attrs=ID_ATTRS))


class LiftForm(forms.Form):
    reason = forms.CharField(label="解除原因", max_length=300)
