"""Reference data: the OKVED2 classifier as shipped in reference/data/okved2.csv, and the
subject of the Russian Federation that the first list missed (20, Чеченская Республика),
so that every subject a 2014 macro scenario carries (85) can be chosen."""

from django.db import migrations

from reference.okved import read_classifier

MISSING_REGIONS = [("20", "Чеченская Республика")]


def load(apps, schema_editor):
    okved_code = apps.get_model("reference", "OkvedCode")
    region = apps.get_model("reference", "Region")
    rows = [okved_code(code=e.code, name=e.name, section=e.section) for e in read_classifier()]
    okved_code.objects.bulk_create(
        rows, update_conflicts=True, unique_fields=["code"], update_fields=["name", "section"]
    )
    for code, name in MISSING_REGIONS:
        region.objects.update_or_create(code=code, defaults={"name": name})


class Migration(migrations.Migration):
    dependencies = [("reference", "0002_okved_code"), ("applications", "0002_reference_data")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
