import django.db.models.deletion
from django.db import migrations, models

from reference.migration_operations import move_content_types, state_only


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('applications', '0004_personal_data_access'),
        ('contenttypes', '0002_remove_content_type_name'),
        ('applications', '0005_models_moved_to_their_apps'),
        ('calls', '0001_initial'),
    ]

    operations = [
        # The tables stay (db_table); only the state moves.
        state_only(
            migrations.CreateModel(
                name='RecomputeRun',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('scenario_version', models.PositiveIntegerField()),
                    ('total', models.PositiveIntegerField(default=0)),
                    ('started_at', models.DateTimeField(auto_now_add=True)),
                    ('call', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='recompute_runs', to='calls.call')),
                ],
                options={
                    'db_table': 'applications_recomputerun',
                    'ordering': ['-started_at'],
                },
            ),
            migrations.CreateModel(
                name='IndicatorResult',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('case_hash', models.CharField(max_length=64)),
                    ('engine_version', models.CharField(max_length=20)),
                    ('state', models.CharField(choices=[('pending', 'в очереди'), ('done', 'рассчитано'), ('invalid', 'ошибка в данных'), ('failed', 'сбой расчёта')], default='pending', max_length=8)),
                    ('computed_at', models.DateTimeField(blank=True, null=True)),
                    ('result', models.JSONField(blank=True, null=True)),
                    ('risk', models.JSONField(blank=True, null=True)),
                    ('error_path', models.CharField(blank=True, max_length=200)),
                    ('error_message', models.TextField(blank=True)),
                    ('eligible', models.BooleanField(null=True)),
                    ('npv', models.FloatField(null=True)),
                    ('irr', models.FloatField(null=True)),
                    ('wacc', models.FloatField(null=True)),
                    ('bpi', models.FloatField(null=True)),
                    ('integral_indicator', models.FloatField(null=True)),
                    ('financial_status', models.CharField(blank=True, max_length=12)),
                    ('budget_status', models.CharField(blank=True, max_length=12)),
                    ('socio_economic_status', models.CharField(blank=True, max_length=12)),
                    ('is_current', models.BooleanField(default=True)),
                    ('application', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='indicator_results', to='applications.application')),
                ],
                options={
                    'verbose_name': 'расчёт показателей',
                    'verbose_name_plural': 'расчёты показателей',
                    'db_table': 'applications_indicatorresult',
                    'ordering': ['-computed_at'],
                    'indexes': [models.Index(fields=['application', 'is_current'], name='application_applica_27e56a_idx')],
                    'constraints': [models.UniqueConstraint(fields=('application', 'case_hash', 'engine_version'), name='indicator_result_once')],
                },
            ),
        ),
        move_content_types("applications", "scoring", ['indicatorresult', 'recomputerun']),
    ]
