from django.db import migrations, models


def dispatched_already(apps, schema_editor):
    # Submissions waiting before fair dispatch existed have their jobs on the queues already.
    Submission = apps.get_model("judge", "Submission")
    Submission.objects.filter(status__in=["queued", "judging"]).update(dispatched_at=models.F("created_at"))


class Migration(migrations.Migration):
    dependencies = [
        ("judge", "0005_jury_permissions"),
    ]

    operations = [
        migrations.AddField(
            model_name="submission",
            name="priority",
            field=models.CharField(default="judge", max_length=16),
        ),
        migrations.AddField(
            model_name="submission",
            name="dispatched_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.RunPython(dispatched_already, migrations.RunPython.noop),
    ]
