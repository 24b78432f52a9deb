"""Named permissions on submissions, and the "jury" group that holds them with problems'
view_hidden_problem (judge/permissions.py). Staff accounts get no grant from this: an administrator
adds each jury member to the group."""

from django.db import migrations

JURY_GROUP = "jury"
# (app label, model, codename, name): kept here, as a migration must not import the app's code.
JURY_PERMISSIONS = [
    ("problems", "problem", "view_hidden_problem", "Can see every hidden problem and submit to it"),
    ("judge", "submission", "view_all_submissions", "Can see every submission, its source and results"),
    ("judge", "submission", "view_judging_details", "Can see checker messages and judging errors"),
    ("judge", "submission", "rejudge_submission", "Can rejudge submissions"),
    ("judge", "submission", "view_live_queue", "Can watch every submission's live events"),
]


def create_jury(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    group, _ = Group.objects.get_or_create(name=JURY_GROUP)
    for app_label, model, codename, name in JURY_PERMISSIONS:
        # Permissions are otherwise created after every migration has run (post_migrate): create
        # them now, as post_migrate would, so that the group can hold them.
        content_type, _ = ContentType.objects.get_or_create(app_label=app_label, model=model)
        permission, _ = Permission.objects.get_or_create(
            content_type=content_type, codename=codename, defaults={"name": name}
        )
        group.permissions.add(permission)


def remove_jury(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=JURY_GROUP).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("judge", "0004_infrastructure_retries"),
        ("problems", "0005_problem_permissions"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="submission",
            options={
                "ordering": ["-id"],
                "permissions": [
                    ("view_all_submissions", "Can see every submission, its source and results"),
                    ("view_judging_details", "Can see checker messages and judging errors"),
                    ("rejudge_submission", "Can rejudge submissions"),
                    ("view_live_queue", "Can watch every submission's live events"),
                ],
            },
        ),
        migrations.RunPython(create_jury, remove_jury),
    ]
