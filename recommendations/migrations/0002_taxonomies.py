from django.db import migrations


def forwards(apps, schema_editor):
    from recommendations.reference import load_taxonomies

    load_taxonomies(apps)


class Migration(migrations.Migration):
    dependencies = [("recommendations", "0001_initial")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
