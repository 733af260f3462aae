# Issue 16: referrals by partners (social service, UWV, companies, district teams) and
# residents' own registrations through the public form; tenant-owned, under RLS.

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

import participatie.tenancy.db as tenancy_db


class Migration(migrations.Migration):

    dependencies = [
        ('matching', '0002_caseload_imports'),
        ('participatie', '0007_regional_admin_and_company_assessment'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='PartnerReferral',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('channel', models.CharField(choices=[('partner', 'Verwijzing door een ketenpartner'), ('public', 'Zelfmelding via het webformulier')], max_length=16, verbose_name='kanaal')),
                ('first_name', models.CharField(max_length=100, verbose_name='voornaam')),
                ('last_name', models.CharField(max_length=100, verbose_name='achternaam')),
                ('birth_date', models.DateField(blank=True, null=True, verbose_name='geboortedatum')),
                ('phone', models.CharField(blank=True, max_length=30, verbose_name='telefoon')),
                ('email', models.EmailField(blank=True, max_length=254, verbose_name='e-mailadres')),
                ('motivation', models.TextField(blank=True, verbose_name='korte toelichting')),
                ('benefit', models.CharField(choices=[('none', 'Geen uitkering'), ('sdd', 'Uitkering Sociale Dienst (SDD)'), ('uwv', 'Uitkering UWV')], default='none', max_length=8, verbose_name='uitkering')),
                ('consent_by', models.CharField(blank=True, max_length=200, verbose_name='toestemming klantmanager (naam)')),
                ('consent_on', models.DateField(blank=True, null=True, verbose_name='toestemming klantmanager (datum)')),
                ('declined_reason', models.TextField(blank=True, verbose_name='reden niet in behandeling')),
                ('closed_at', models.DateTimeField(blank=True, null=True, verbose_name='afgesloten op')),
                ('paid_work_seen_at', models.DateTimeField(blank=True, null=True, verbose_name='uitstroom naar werk gezien op')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='ontvangen op')),
                ('closed_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='afgesloten door')),
                ('municipality', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='participatie.municipality', verbose_name='gemeente')),
                ('organisation', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='participatie.organisation', verbose_name='verwijzende organisatie')),
                ('referral', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='partner_referrals', to='matching.referral', verbose_name='aanmelding')),
                ('submitted_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='verwezen door')),
            ],
            options={
                'verbose_name': 'verwijzing',
                'verbose_name_plural': 'verwijzingen',
                'ordering': ['-created_at', '-id'],
                'indexes': [models.Index(fields=['municipality', 'organisation', '-created_at'], name='partnerreferral_org_idx'), models.Index(fields=['municipality', 'referral', 'closed_at'], name='partnerreferral_open_idx')],
                'constraints': [models.UniqueConstraint(fields=('municipality', 'id'), name='partnerreferral_tenant_key'), models.UniqueConstraint(condition=models.Q(('referral__isnull', False)), fields=('municipality', 'referral'), name='partnerreferral_one_per_referral'), models.CheckConstraint(condition=models.Q(('benefit', 'none'), models.Q(models.Q(('consent_by', ''), _negated=True), ('consent_on__isnull', False)), _connector='OR'), name='partnerreferral_benefit_needs_consent'), models.CheckConstraint(condition=models.Q(models.Q(('channel', 'public'), ('organisation__isnull', True)), models.Q(('channel', 'partner'), ('organisation__isnull', False)), _connector='OR'), name='partnerreferral_channel_organisation')],
            },
        ),
        tenancy_db.EnableRowLevelSecurity("partnerreferral"),
        tenancy_db.CompositeForeignKey("partnerreferral", "referral"),
    ]
