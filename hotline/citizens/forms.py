"""The citizen-account pages' forms: shapes only; the services check the rules."""

from django import forms

from hotline.citizens.models import LegalEntity
from tickets import letter_rules


class SignInForm(forms.Form):
    phone = forms.CharField(label="手机号", max_length=32, widget=forms.TextInput(
        attrs={"type": "tel", "inputmode": "numeric", "autocomplete": "tel", "placeholder": "11位手机号"}))
    code = forms.CharField(label="短信验证码", max_length=12, required=False, widget=forms.TextInput(
        attrs={"inputmode": "numeric", "autocomplete": "one-time-code", "placeholder": "6位数字"}))


class RealNameForm(forms.Form):
    name = forms.CharField(label="真实姓名", max_length=letter_rules.NAME_MAX)
    id_number = forms.CharField(label="身份证号", max_length=32, widget=forms.TextInput(attrs={"autocomplete": "off"}),
                                help_text="18位居民身份证号码。实名信息登记后不能更改。")


class LegalEntityForm(forms.Form):
    kind = forms.ChoiceField(label="法人类型", choices=LegalEntity.Kind.choices)
    name = forms.CharField(label="企业名称/机构名称", max_length=100)
    credit_code = forms.CharField(label="统一社会信用代码", max_length=32,
                                  widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
                                  help_text="18位，见营业执照或登记证书。")
    legal_rep_name = forms.CharField(label="法定代表人姓名", max_length=letter_rules.NAME_MAX)
    legal_rep_id_number = forms.CharField(label="法定代表人身份证号", max_length=32,
                                          widget=forms.TextInput(attrs={"autocomplete": "off"}))
    contact_phone = forms.CharField(label="联系人手机", max_length=32,
                                    widget=forms.TextInput(attrs={"type": "tel", "inputmode": "numeric"}))
