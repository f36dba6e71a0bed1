"""The file field every door's form uses for attachments: several files from one <input multiple>,
checked by tickets.services.attachments.check_uploads — the same limits and content checks for a
citizen's letter and a department's reply."""

from django import forms

from tickets.errors import InvalidInput
from tickets.services import attachments

ACCEPT = "image/jpeg,image/png,image/gif,image/webp,application/pdf"
HELP_TEXT = (f"可上传最多{attachments.MAX_FILES}个照片或 PDF 文件，"
             f"每个不超过{attachments.MAX_BYTES // (1024 * 1024)}MB。")


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files from one <input multiple> (the pattern in Django's file-upload documentation)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ACCEPT}))
        kwargs.setdefault("error_messages", {"invalid": "上传的文件无效，请重新选择。",
                                             "empty": "上传的文件是空文件。", "missing": "没有收到文件，请重新选择。"})
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, (list, tuple)):
            return [single(item, initial) for item in data if item]
        return [single(data, initial)] if data else []


class AttachmentsField(MultipleFileField):
    """Cleans to a list of tickets.services.attachments.CheckedUpload."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label", "附件")
        kwargs.setdefault("required", False)
        kwargs.setdefault("help_text", HELP_TEXT)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = super().clean(data, initial)
        try:
            return attachments.check_uploads(files)
        except InvalidInput as exc:
            raise forms.ValidationError(exc.fields.get("attachments", [exc.message])) from None
