"""0006 took ``view_personal_data`` off the model, but Django keeps a permission row it no
longer creates, with any grant of it to a user or a group. Nothing checks it: a grant
would only make someone believe it guards the data. Who reads personal data is decided
by the roles' rules (ADR 0007) and every read is logged (ADR 0005)."""

from django.db import migrations

STALE = ("screen_application", "view_personal_data")


def delete_stale_permissions(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    Permission.objects.filter(content_type__app_label="applications", codename__in=STALE).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("applications", "0008_forecast_justification_and_year_range"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(delete_stale_permissions, migrations.RunPython.noop)]
