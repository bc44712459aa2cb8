# Existing recommendations stay named with their fields as public as the
# recommendation; evidence keeps who could see it.

from django.db import migrations, models


def evidence_visibility_from_is_public(apps, schema_editor):
    """Public evidence stays public; the rest stays as it was seen (the government,
    UNODC and the filing organizations)."""
    Evidence = apps.get_model("recommendations", "Evidence")
    Evidence.objects.filter(is_public=True).update(visibility="public")


def evidence_is_public_from_visibility(apps, schema_editor):
    Evidence = apps.get_model("recommendations", "Evidence")
    Evidence.objects.filter(visibility="public").update(is_public=True)


class Migration(migrations.Migration):

    dependencies = [
        ('recommendations', '0012_updated_at_for_etags'),
    ]

    operations = [
        migrations.AddField(
            model_name='cosignature',
            name='attribution',
            field=models.CharField(choices=[('named', 'Named'), ('in_state', 'A civil society organization in the State, for the public'), ('unodc_only', 'Known to UNODC only')], default='named', help_text="Who may read the co-signing organization's name (chosen on confirming).", max_length=20, verbose_name='attribution'),
        ),
        migrations.AddField(
            model_name='evidence',
            name='visibility',
            field=models.CharField(choices=[('public', 'Everyone who may read the recommendation'), ('government', 'The government addressed and UNODC'), ('unodc', 'UNODC only')], default='government', help_text='Everyone who may see the action; the government, UNODC and the filing organizations; or the government that reported it and UNODC only.', max_length=20, verbose_name='who may see it'),
        ),
        migrations.AddField(
            model_name='recommendation',
            name='attachments_visibility',
            field=models.CharField(choices=[('public', 'Everyone who may read the recommendation'), ('government', 'The government addressed and UNODC'), ('unodc', 'UNODC only')], default='public', max_length=20, verbose_name='who may read the attachments'),
        ),
        migrations.AddField(
            model_name='recommendation',
            name='attribution',
            field=models.CharField(choices=[('named', 'Named'), ('in_state', 'A civil society organization in the State, for the public'), ('unodc_only', 'Known to UNODC only')], default='named', help_text="Who may read the filing organization's name.", max_length=20, verbose_name='attribution'),
        ),
        migrations.AddField(
            model_name='recommendation',
            name='rationale_visibility',
            field=models.CharField(choices=[('public', 'Everyone who may read the recommendation'), ('government', 'The government addressed and UNODC'), ('unodc', 'UNODC only')], default='public', max_length=20, verbose_name='who may read the rationale'),
        ),
        migrations.RunPython(evidence_visibility_from_is_public,
                             evidence_is_public_from_visibility),
        migrations.RemoveField(
            model_name='evidence',
            name='is_public',
        ),
    ]
