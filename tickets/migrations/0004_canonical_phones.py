"""Stored phone numbers in the one canonical form of `tickets.phones` (they were kept four ways:
with hyphens, with +86, as 11 digits, without punctuation), so that every lookup matches."""

from django.db import migrations

from tickets.phones import canonicalise_stored


def forwards(apps, schema_editor):
    canonicalise_stored(apps.get_model("tickets", "Ticket").objects.all(), "citizen_phone")
    canonicalise_stored(apps.get_model("tickets", "OutboundMessage").objects.filter(channel="sms"), "recipient")


class Migration(migrations.Migration):
    dependencies = [("tickets", "0003_shared_fields")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop, elidable=True)]
