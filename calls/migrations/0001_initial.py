import datetime
import django.core.validators
import django.db.models.deletion
from decimal import Decimal
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
                name='Call',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('year', models.PositiveSmallIntegerField(validators=[django.core.validators.MinValueValidator(2014), django.core.validators.MaxValueValidator(2100)], verbose_name='год')),
                    ('session', models.CharField(choices=[('march', 'мартовский (до 15 марта)'), ('june', 'июньский (до 15 июня)')], max_length=5, verbose_name='сессия')),
                    ('status', models.CharField(choices=[('draft', 'черновик'), ('open', 'приём заявок'), ('closed', 'приём завершён'), ('scoring', 'оценка комиссией'), ('decided', 'решение принято'), ('archived', 'в архиве')], default='draft', max_length=10, verbose_name='статус')),
                    ('opens_at', models.DateTimeField(verbose_name='начало приёма заявок')),
                    ('closes_at', models.DateTimeField(verbose_name='окончание приёма заявок')),
                    ('min_total_cost', models.DecimalField(decimal_places=2, default=Decimal('150000000'), max_digits=16, verbose_name='минимальная стоимость проекта, руб.')),
                    ('max_total_cost', models.DecimalField(decimal_places=2, default=Decimal('2000000000'), max_digits=16, verbose_name='максимальная стоимость проекта, руб.')),
                    ('commissioning_after', models.DateField(default=datetime.date(2014, 1, 1), verbose_name='ввод в эксплуатацию после')),
                    ('loan_from', models.DateField(default=datetime.date(2014, 1, 1), verbose_name='кредит заключён не ранее')),
                    ('loan_to', models.DateField(default=datetime.date(2016, 12, 31), verbose_name='кредит заключён не позднее')),
                    ('subsidy_share', models.DecimalField(decimal_places=4, default=Decimal('0.9'), max_digits=5, verbose_name='доля возмещаемых процентов')),
                    ('rate_multiple', models.DecimalField(decimal_places=4, default=Decimal('0.7'), max_digits=5, verbose_name='кратность ставки Банка России')),
                    ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='создан')),
                    ('priority_directions', models.ManyToManyField(blank=True, to='reference.prioritydirection', verbose_name='приоритетные направления')),
                ],
                options={
                    'verbose_name': 'конкурсный отбор',
                    'verbose_name_plural': 'конкурсные отборы',
                    'db_table': 'applications_call',
                    'ordering': ['-year', '-session'],
                },
            ),
            migrations.CreateModel(
                name='BankRate',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('valid_from', models.DateField(verbose_name='действует с')),
                    ('rate', models.DecimalField(decimal_places=4, max_digits=6, verbose_name='ставка')),
                    ('call', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='bank_rates', to='calls.call')),
                ],
                options={
                    'verbose_name': 'ставка Банка России',
                    'verbose_name_plural': 'ставки Банка России',
                    'db_table': 'applications_bankrate',
                    'ordering': ['valid_from'],
                },
            ),
            migrations.CreateModel(
                name='MacroScenario',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('profit_tax_rate', models.FloatField(default=0.2, verbose_name='ставка налога на прибыль')),
                    ('risk_free_rate', models.FloatField(verbose_name='безрисковая ставка')),
                    ('market_return', models.FloatField(verbose_name='рыночная доходность')),
                    ('long_term_inflation', models.FloatField(verbose_name='долгосрочная инфляция (g)')),
                    ('ofz_yield', models.FloatField(verbose_name='доходность ОФЗ')),
                    ('high_productivity_wage', models.DecimalField(decimal_places=2, max_digits=12, verbose_name='порог зарплаты высокопроизводительного места, руб./мес.')),
                    ('version', models.PositiveIntegerField(default=1, verbose_name='версия')),
                    ('updated_at', models.DateTimeField(auto_now=True, verbose_name='изменён')),
                    ('call', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='macro', to='calls.call', verbose_name='отбор')),
                ],
                options={
                    'verbose_name': 'макроэкономический сценарий',
                    'verbose_name_plural': 'макроэкономические сценарии',
                    'db_table': 'applications_macroscenario',
                },
            ),
            migrations.CreateModel(
                name='MacroYear',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('year', models.PositiveSmallIntegerField(verbose_name='год')),
                    ('cpi', models.FloatField(verbose_name='индекс потребительских цен')),
                    ('gdp_deflator', models.FloatField(verbose_name='индекс-дефлятор ВВП')),
                    ('scenario', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='years', to='calls.macroscenario')),
                ],
                options={
                    'verbose_name': 'год сценария',
                    'verbose_name_plural': 'годы сценария',
                    'db_table': 'applications_macroyear',
                    'ordering': ['year'],
                },
            ),
            migrations.CreateModel(
                name='RegionalGrp',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('year', models.PositiveSmallIntegerField(verbose_name='год')),
                    ('grp', models.DecimalField(decimal_places=2, max_digits=20, verbose_name='ВРП, руб.')),
                    ('region', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, to='reference.region')),
                    ('scenario', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='grp', to='calls.macroscenario')),
                ],
                options={
                    'verbose_name': 'ВРП региона',
                    'verbose_name_plural': 'ВРП регионов',
                    'db_table': 'applications_regionalgrp',
                    'ordering': ['region', 'year'],
                },
            ),
            migrations.AddConstraint(
                model_name='call',
                constraint=models.UniqueConstraint(fields=('year', 'session'), name='call_one_per_session'),
            ),
            migrations.AddConstraint(
                model_name='call',
                constraint=models.CheckConstraint(condition=models.Q(('session', 'march'), ('year', 2014), _negated=True), name='call_2014_june_only'),
            ),
            migrations.AddConstraint(
                model_name='call',
                constraint=models.CheckConstraint(condition=models.Q(('opens_at__lt', models.F('closes_at'))), name='call_window_order'),
            ),
            migrations.AddConstraint(
                model_name='call',
                constraint=models.CheckConstraint(condition=models.Q(('min_total_cost__lte', models.F('max_total_cost'))), name='call_cost_range_order'),
            ),
            migrations.AddConstraint(
                model_name='bankrate',
                constraint=models.UniqueConstraint(fields=('call', 'valid_from'), name='bank_rate_unique'),
            ),
            migrations.AddConstraint(
                model_name='bankrate',
                constraint=models.CheckConstraint(condition=models.Q(('rate__gt', 0)), name='bank_rate_positive'),
            ),
            migrations.AddConstraint(
                model_name='macroyear',
                constraint=models.UniqueConstraint(fields=('scenario', 'year'), name='macro_year_unique'),
            ),
            migrations.AddConstraint(
                model_name='macroyear',
                constraint=models.CheckConstraint(condition=models.Q(('cpi__gt', 0), ('gdp_deflator__gt', 0)), name='macro_year_positive'),
            ),
            migrations.AddConstraint(
                model_name='regionalgrp',
                constraint=models.UniqueConstraint(fields=('scenario', 'region', 'year'), name='grp_unique'),
            ),
            migrations.AddConstraint(
                model_name='regionalgrp',
                constraint=models.CheckConstraint(condition=models.Q(('grp__gt', 0)), name='grp_positive'),
            ),
        ),
        move_content_types("applications", "calls", ['call', 'macroscenario', 'macroyear', 'regionalgrp', 'bankrate']),
    ]
