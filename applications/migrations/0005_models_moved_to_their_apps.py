import django.db.models.deletion
from django.db import migrations, models

from reference.migration_operations import state_only


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0003_organisation_moved'),
        ('applications', '0004_personal_data_access'),
        ('calls', '0001_initial'),
        ('commission', '0003_call_moved'),
        ('organisations', '0001_initial'),
        ('reference', '0001_initial'),
    ]

    operations = [
        # The tables stay (db_table); only the state moves.
        state_only(
            migrations.RemoveField(
                model_name='call',
                name='priority_directions',
            ),
            migrations.AlterField(
                model_name='application',
                name='call',
                field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='applications', to='calls.call', verbose_name='отбор'),
            ),
            migrations.RemoveField(
                model_name='macroscenario',
                name='call',
            ),
            migrations.RemoveField(
                model_name='recomputerun',
                name='call',
            ),
            migrations.RemoveField(
                model_name='indicatorresult',
                name='application',
            ),
            migrations.RemoveField(
                model_name='regionalgrp',
                name='scenario',
            ),
            migrations.RemoveField(
                model_name='macroyear',
                name='scenario',
            ),
            migrations.RemoveField(
                model_name='organisation',
                name='region',
            ),
            migrations.RemoveField(
                model_name='personaldataaccess',
                name='organisation',
            ),
            migrations.AlterField(
                model_name='application',
                name='organisation',
                field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='applications', to='organisations.organisation', verbose_name='организация'),
            ),
            migrations.RemoveField(
                model_name='personaldataaccess',
                name='application',
            ),
            migrations.RemoveField(
                model_name='personaldataaccess',
                name='user',
            ),
            migrations.AlterField(
                model_name='application',
                name='priority_direction',
                field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, to='reference.prioritydirection', verbose_name='приоритетное направление'),
            ),
            migrations.AlterField(
                model_name='application',
                name='region',
                field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, to='reference.region', verbose_name='субъект РФ реализации'),
            ),
            migrations.RemoveField(
                model_name='regionalgrp',
                name='region',
            ),
            migrations.DeleteModel(
                name='BankRate',
            ),
            migrations.DeleteModel(
                name='Call',
            ),
            migrations.DeleteModel(
                name='RecomputeRun',
            ),
            migrations.DeleteModel(
                name='IndicatorResult',
            ),
            migrations.DeleteModel(
                name='MacroScenario',
            ),
            migrations.DeleteModel(
                name='MacroYear',
            ),
            migrations.DeleteModel(
                name='Organisation',
            ),
            migrations.DeleteModel(
                name='PersonalDataAccess',
            ),
            migrations.DeleteModel(
                name='PriorityDirection',
            ),
            migrations.DeleteModel(
                name='Region',
            ),
            migrations.DeleteModel(
                name='RegionalGrp',
            ),
        ),
    ]
