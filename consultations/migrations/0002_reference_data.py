from django.db import migrations


def forwards(apps, schema_editor):
    from consultations.reference import load_reference

    load_reference(apps)


class Migration(migrations.Migration):
    dependencies = [("consultations", "0001_initial")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
