from django.db import migrations

from reference.data import PRIORITY_DIRECTIONS, REGIONS


def load(apps, schema_editor):
    Region = apps.get_model("applications", "Region")
    PriorityDirection = apps.get_model("applications", "PriorityDirection")
    for code, name in REGIONS:
        Region.objects.update_or_create(code=code, defaults={"name": name})
    for position, (code, name) in enumerate(PRIORITY_DIRECTIONS):
        PriorityDirection.objects.update_or_create(
            code=code, defaults={"name": name, "position": position}
        )


class Migration(migrations.Migration):
    dependencies = [("applications", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
