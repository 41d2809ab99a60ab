import django.db.models.deletion
from django.db import migrations, models

from reference.migration_operations import state_only


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0002_initial'),
        ('organisations', '0001_initial'),
    ]

    operations = [
        # The tables stay (db_table); only the state moves.
        state_only(
            migrations.AlterField(
                model_name='user',
                name='organisation',
                field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='users', to='organisations.organisation', verbose_name='организация'),
            ),
        ),
    ]
