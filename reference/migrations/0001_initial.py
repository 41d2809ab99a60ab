from django.db import migrations, models

from reference.migration_operations import move_content_types, state_only


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('applications', '0004_personal_data_access'),
        ('contenttypes', '0002_remove_content_type_name'),
    ]

    operations = [
        # The tables stay (db_table); only the state moves.
        state_only(
            migrations.CreateModel(
                name='PriorityDirection',
                fields=[
                    ('code', models.SlugField(max_length=60, primary_key=True, serialize=False, verbose_name='код')),
                    ('name', models.CharField(max_length=300, verbose_name='наименование')),
                    ('position', models.PositiveSmallIntegerField(default=0, verbose_name='порядок')),
                ],
                options={
                    'verbose_name': 'приоритетное направление',
                    'verbose_name_plural': 'приоритетные направления',
                    'db_table': 'applications_prioritydirection',
                    'ordering': ['position', 'code'],
                },
            ),
            migrations.CreateModel(
                name='Region',
                fields=[
                    ('code', models.CharField(max_length=3, primary_key=True, serialize=False, verbose_name='код')),
                    ('name', models.CharField(max_length=200, verbose_name='наименование')),
                ],
                options={
                    'verbose_name': 'субъект Российской Федерации',
                    'verbose_name_plural': 'субъекты Российской Федерации',
                    'db_table': 'applications_region',
                    'ordering': ['code'],
                },
            ),
        ),
        move_content_types("applications", "reference", ['region', 'prioritydirection']),
    ]
