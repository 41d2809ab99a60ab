import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

from reference.migration_operations import move_content_types, state_only


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('applications', '0004_personal_data_access'),
        ('contenttypes', '0002_remove_content_type_name'),
        ('applications', '0005_models_moved_to_their_apps'),
        ('organisations', '0001_initial'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        # The tables stay (db_table); only the state moves.
        state_only(
            migrations.CreateModel(
                name='PersonalDataAccess',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('at', models.DateTimeField(db_index=True, default=django.utils.timezone.now, verbose_name='время')),
                    ('item', models.CharField(choices=[('organisation_contacts', 'контакты организации'), ('user_account', 'учётная запись пользователя'), ('user_list', 'список пользователей'), ('application_card', 'карточка заявки'), ('document', 'документ заявки')], max_length=24, verbose_name='что прочитано')),
                    ('label', models.CharField(max_length=300, verbose_name='подробности')),
                    ('source', models.CharField(max_length=200, verbose_name='страница')),
                    ('ip', models.GenericIPAddressField(blank=True, null=True, verbose_name='IP-адрес')),
                    ('application', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='applications.application', verbose_name='заявка')),
                    ('organisation', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='organisations.organisation', verbose_name='организация')),
                    ('user', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='кто')),
                ],
                options={
                    'verbose_name': 'доступ к персональным данным',
                    'verbose_name_plural': 'журнал доступа к персональным данным',
                    'db_table': 'applications_personaldataaccess',
                    'ordering': ['-at', '-pk'],
                    'default_permissions': ('view',),
                    'indexes': [models.Index(fields=['organisation', 'at'], name='pd_access_org_at')],
                },
            ),
        ),
        move_content_types("applications", "privacy", ['personaldataaccess']),
    ]
