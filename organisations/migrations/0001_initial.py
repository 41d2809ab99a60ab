import django.db.models.deletion
import reference.validators
from django.db import migrations, models

from reference.migration_operations import move_content_types, state_only


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('applications', '0004_personal_data_access'),
        ('contenttypes', '0002_remove_content_type_name'),
        ('reference', '0001_initial'),
    ]

    operations = [
        # The tables stay (db_table); only the state moves.
        state_only(
            migrations.CreateModel(
                name='Organisation',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('full_name', models.CharField(max_length=500, verbose_name='полное наименование')),
                    ('short_name', models.CharField(blank=True, max_length=200, verbose_name='сокращённое наименование')),
                    ('inn', models.CharField(max_length=10, unique=True, validators=[reference.validators.legal_entity_inn_validator], verbose_name='ИНН')),
                    ('kpp', models.CharField(max_length=9, validators=[reference.validators.kpp_validator], verbose_name='КПП')),
                    ('ogrn', models.CharField(max_length=13, validators=[reference.validators.legal_entity_ogrn_validator], verbose_name='ОГРН')),
                    ('address', models.CharField(max_length=500, verbose_name='адрес')),
                    ('contact_name', models.CharField(max_length=200, verbose_name='контактное лицо')),
                    ('contact_phone', models.CharField(max_length=40, verbose_name='телефон')),
                    ('contact_email', models.EmailField(max_length=254, verbose_name='электронная почта')),
                    ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='создана')),
                    ('region', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, to='reference.region', verbose_name='субъект РФ')),
                ],
                options={
                    'verbose_name': 'организация',
                    'verbose_name_plural': 'организации',
                    'db_table': 'applications_organisation',
                    'ordering': ['full_name'],
                },
            ),
        ),
        move_content_types("applications", "organisations", ['organisation']),
    ]
