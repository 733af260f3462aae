# Issue 16: partner organisation kinds and roles (social service, UWV, district team), their
# service areas, and the region's ceiling of places and the members' target ranges.

import django.core.validators
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('participatie', '0009_privacy_duties'),
    ]

    operations = [
        migrations.AlterField(
            model_name='historicalservicearea',
            name='organisation',
            field=models.ForeignKey(blank=True, db_constraint=False, limit_choices_to={'kind__in': ['matching_unit', 'social_service', 'uwv', 'district_team']}, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='participatie.organisation', verbose_name='organisatie'),
        ),
        migrations.AlterField(
            model_name='invitation',
            name='role',
            field=models.CharField(choices=[('platform_admin', 'Platformbeheerder'), ('account_holder', 'Accounthouder gemeente'), ('policy_officer', 'Beleidsmedewerker gemeente'), ('privacy_officer', 'Privacyfunctionaris gemeente'), ('mu_consultant', 'Consulent matchingsunit'), ('lwb_admin', 'Beheerder leerwerkbedrijf'), ('lwb_supervisor', 'Begeleider leerwerkbedrijf'), ('regional_analyst', 'Regionaal analist'), ('regional_admin', 'Beheerder regio'), ('client_manager', 'Klantmanager'), ('partner_referrer', 'Verwijzer ketenpartner')], max_length=32, verbose_name='rol'),
        ),
        migrations.AlterField(
            model_name='membership',
            name='role',
            field=models.CharField(choices=[('platform_admin', 'Platformbeheerder'), ('account_holder', 'Accounthouder gemeente'), ('policy_officer', 'Beleidsmedewerker gemeente'), ('privacy_officer', 'Privacyfunctionaris gemeente'), ('mu_consultant', 'Consulent matchingsunit'), ('lwb_admin', 'Beheerder leerwerkbedrijf'), ('lwb_supervisor', 'Begeleider leerwerkbedrijf'), ('regional_analyst', 'Regionaal analist'), ('regional_admin', 'Beheerder regio'), ('client_manager', 'Klantmanager'), ('partner_referrer', 'Verwijzer ketenpartner')], max_length=32, verbose_name='rol'),
        ),
        migrations.AlterField(
            model_name='organisation',
            name='kind',
            field=models.CharField(choices=[('municipal_office', 'Gemeentelijke organisatie'), ('matching_unit', 'Matchingsunit'), ('learning_work_company', 'Leerwerkbedrijf'), ('social_service', 'Sociale dienst'), ('regional_body', 'Regionaal samenwerkingsverband'), ('uwv', 'UWV'), ('district_team', 'Sociaal wijkteam')], max_length=32, verbose_name='soort'),
        ),
        migrations.AlterField(
            model_name='servicearea',
            name='organisation',
            field=models.ForeignKey(limit_choices_to={'kind__in': ['matching_unit', 'social_service', 'uwv', 'district_team']}, on_delete=django.db.models.deletion.PROTECT, related_name='service_areas', to='participatie.organisation', verbose_name='organisatie'),
        ),
        migrations.CreateModel(
            name='MunicipalityTarget',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('year', models.PositiveSmallIntegerField(verbose_name='jaar')),
                ('minimum', models.PositiveIntegerField(verbose_name='streefaantal plekken, van')),
                ('maximum', models.PositiveIntegerField(verbose_name='streefaantal plekken, tot en met')),
                ('set_at', models.DateTimeField(auto_now=True, verbose_name='vastgesteld op')),
                ('municipality', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='place_targets', to='participatie.municipality', verbose_name='gemeente')),
                ('set_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='vastgesteld door')),
            ],
            options={
                'verbose_name': 'streefaantal plekken',
                'verbose_name_plural': 'streefaantallen plekken',
                'ordering': ['municipality__name', '-year'],
                'constraints': [models.UniqueConstraint(fields=('municipality', 'year'), name='municipalitytarget_unique'), models.CheckConstraint(condition=models.Q(('minimum__lte', models.F('maximum'))), name='municipalitytarget_range')],
            },
        ),
        migrations.CreateModel(
            name='RegionCapacity',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('year', models.PositiveSmallIntegerField(verbose_name='jaar')),
                ('places', models.PositiveIntegerField(validators=[django.core.validators.MinValueValidator(1)], verbose_name='plafond (plekken)')),
                ('set_at', models.DateTimeField(auto_now=True, verbose_name='vastgesteld op')),
                ('region', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='capacities', to='participatie.region', verbose_name='regio')),
                ('set_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='vastgesteld door')),
            ],
            options={
                'verbose_name': 'plafond van de regio',
                'verbose_name_plural': 'plafonds van de regio',
                'ordering': ['region', '-year'],
                'constraints': [models.UniqueConstraint(fields=('region', 'year'), name='regioncapacity_unique'), models.CheckConstraint(condition=models.Q(('places__gte', 1)), name='regioncapacity_places')],
            },
        ),
    ]
