"""Consents name the links shared with them. Consents given before kept every link evidence of their item public,
as the page showed them then: they keep those links (withdrawing and sharing again lets the coordinator choose)."""

from django.db import migrations, models


def keep_what_was_shown(apps, schema_editor):
    Consent = apps.get_model("practices", "Consent")
    Evidence = apps.get_model("assessments", "Evidence")
    for consent in Consent.objects.all():
        consent.links.set(Evidence.objects.filter(responses=consent.response_id, kind="link").exclude(url=""))


class Migration(migrations.Migration):
    dependencies = [
        ("assessments", "0006_cycle_results_version"),
        ("practices", "0001_consent"),
    ]

    operations = [
        migrations.AddField(
            model_name="consent",
            name="links",
            field=models.ManyToManyField(
                blank=True, related_name="practice_consents", to="assessments.evidence", verbose_name="public links"
            ),
        ),
        migrations.RunPython(keep_what_was_shown, migrations.RunPython.noop),
    ]
