import re

from django.db import migrations, models

_OPEN, _CLOSE = "\x1e", "\x1f"
_SECRET = re.compile(f"{_OPEN}[^{_CLOSE}]*{_CLOSE}")


def split_marked_bodies(apps, schema_editor):
    """Rows written with the old control-character markers: body without markers, redacted copy beside it."""
    OutboundMessage = apps.get_model("tickets", "OutboundMessage")
    for message in OutboundMessage.objects.only("id", "body", "state").iterator():
        redacted = _SECRET.sub("******", message.body)
        body = redacted if message.state == "sent" else message.body.replace(_OPEN, "").replace(_CLOSE, "")
        OutboundMessage.objects.filter(pk=message.pk).update(body=body, redacted_body=redacted)


class Migration(migrations.Migration):
    dependencies = [("tickets", "0009_event_kinds_publication_and_category")]

    operations = [
        migrations.AddField(
            model_name="outboundmessage",
            name="redacted_body",
            field=models.TextField(blank=True, verbose_name="内容（已隐去密码）"),
        ),
        migrations.RunPython(split_marked_bodies, migrations.RunPython.noop),
    ]
