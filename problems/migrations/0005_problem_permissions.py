from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("problems", "0004_problem_authors_verificationrun"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="problem",
            options={
                "ordering": ["slug"],
                "permissions": [("view_hidden_problem", "Can see every hidden problem and submit to it")],
            },
        ),
    ]
