"""Callers' numbers in the canonical form of `tickets.phones`, as tickets store them."""

from django.db import migrations

from tickets.phones import canonicalise_stored


def forwards(apps, schema_editor):
    canonicalise_stored(apps.get_model("telephony", "Call").objects.all(), "caller")


class Migration(migrations.Migration):
    dependencies = [("telephony", "0001_initial"), ("tickets", "0004_canonical_phones")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop, elidable=True)]
