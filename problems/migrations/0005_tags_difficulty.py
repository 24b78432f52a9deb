from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("problems", "0004_problem_authors_verificationrun"),
    ]

    operations = [
        migrations.CreateModel(
            name="Tag",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("slug", models.SlugField(unique=True)),
                ("name", models.CharField(max_length=100)),
            ],
            options={"ordering": ["name"]},
        ),
        migrations.AddField(
            model_name="problem",
            name="difficulty",
            field=models.PositiveSmallIntegerField(
                blank=True, choices=[(1, "Easy"), (2, "Medium"), (3, "Hard")], null=True
            ),
        ),
        migrations.AddField(
            model_name="problem",
            name="tags",
            field=models.ManyToManyField(blank=True, related_name="problems", to="problems.tag"),
        ),
    ]
