from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("judge", "0004_infrastructure_retries"),
    ]

    operations = [
        migrations.AddField(
            model_name="testresult",
            name="output",
            field=models.TextField(blank=True),
        ),
        migrations.AddIndex(
            model_name="submission",
            index=models.Index(fields=["problem", "status", "verdict"], name="submission_problem_stats"),
        ),
        migrations.AddIndex(
            model_name="submission",
            index=models.Index(fields=["user", "problem", "verdict"], name="submission_user_stats"),
        ),
    ]
