import django.db.models.deletion
from django.db import migrations, models

from reference.migration_operations import state_only


class Migration(migrations.Migration):

    dependencies = [
        ('calls', '0001_initial'),
        ('commission', '0002_protocol_export'),
    ]

    operations = [
        # The tables stay (db_table); only the state moves.
        state_only(
            migrations.AlterField(
                model_name='historicalmeeting',
                name='call',
                field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='calls.call'),
            ),
            migrations.AlterField(
                model_name='meeting',
                name='call',
                field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='meetings', to='calls.call'),
            ),
            migrations.AlterField(
                model_name='methodology',
                name='call',
                field=models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='methodology', to='calls.call'),
            ),
        ),
    ]
