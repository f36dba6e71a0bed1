"""The editors' form. It parses and presents fields; the rules (who may edit what, department
ownership, sanitising the answer) are kb.services'."""

from django import forms

from kb.models import Article
from kb.richtext import readable_html
from kb.services import is_reviewer
from tickets.models import Category, Department

EMPTY_CHOICE = "请选择…"  # never Django's "---------"


class ArticleForm(forms.ModelForm):
    note = forms.CharField(label="修改说明", required=False, max_length=300,
                           help_text="写给审核人和版本记录，例如“更新了办理时间”")

    class Meta:
        model = Article
        fields = ["question", "answer", "department", "category", "keywords", "synonyms", "is_public",
                  "valid_from", "valid_until", "review_due"]
        widgets = {
            "question": forms.TextInput(attrs={"placeholder": "用市民的话写问题，例如“孩子刚出生怎么上户口？”"}),
            "answer": forms.Textarea(attrs={"rows": 12}),
            "synonyms": forms.Textarea(attrs={"rows": 3}),
            "valid_from": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "valid_until": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "review_due": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.initial["answer"] = readable_html(self.instance.answer)
        self.fields["department"].queryset = Department.objects.filter(is_active=True)
        self.fields["category"].queryset = Category.objects.filter(is_active=True).select_related("parent__parent")
        self.fields["category"].label_from_instance = lambda category: category.full_name
        for name in ("department", "category"):
            self.fields[name].empty_label = EMPTY_CHOICE
        self.fields["department"].required = True
        if user is not None and not is_reviewer(user):
            # A department editor writes for their own department only.
            self.fields["department"].queryset = Department.objects.filter(pk=user.department_id)
            self.fields["department"].initial = user.department_id
            self.fields["department"].disabled = True

    def service_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}
