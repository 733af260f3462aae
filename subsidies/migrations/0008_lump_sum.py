# Issue 16: the lump sum (IBN) - agreements, key, plus packages, counts, statements, reviews.

import django.core.validators
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('participatie', '0007_regional_admin_and_company_assessment'),
        ('subsidies', '0007_matching_unit_subsidy'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='LumpSumAgreement',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('year', models.PositiveSmallIntegerField(verbose_name='jaar')),
                ('amount_per_participant', models.DecimalField(decimal_places=2, max_digits=10, validators=[django.core.validators.MinValueValidator(0)], verbose_name='bedrag per deelnemer per jaar')),
                ('count_method', models.CharField(choices=[('monthly_average', 'Gemiddelde van de maandtellingen'), ('reference_date', 'Telling op een peildatum')], max_length=20, verbose_name='telling van de deelnemers')),
                ('reference_date', models.DateField(blank=True, null=True, verbose_name='peildatum')),
                ('changed_at', models.DateTimeField(auto_now=True, verbose_name='laatst gewijzigd op')),
                ('changed_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='laatst gewijzigd door')),
                ('provider', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='participatie.organisation', verbose_name='aanbieder')),
                ('region', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='lump_sum_agreements', to='participatie.region', verbose_name='regio')),
            ],
            options={
                'verbose_name': 'lumpsumafspraak',
                'verbose_name_plural': 'lumpsumafspraken',
                'ordering': ['region', '-year', 'provider__name'],
            },
        ),
        migrations.CreateModel(
            name='LumpSumCount',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('counted_on', models.DateField(verbose_name='telling op')),
                ('participants', models.PositiveIntegerField(verbose_name='aantal deelnemers')),
                ('source', models.CharField(choices=[('registration', 'Geteld uit de registratie'), ('reported', 'Opgegeven door de aanbieder')], max_length=16, verbose_name='bron')),
                ('recorded_at', models.DateTimeField(auto_now=True, verbose_name='vastgelegd op')),
                ('agreement', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='counts', to='subsidies.lumpsumagreement', verbose_name='lumpsumafspraak')),
                ('recorded_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='vastgelegd door')),
            ],
            options={
                'verbose_name': 'telling lumpsum',
                'verbose_name_plural': 'tellingen lumpsum',
                'ordering': ['agreement', 'counted_on'],
            },
        ),
        migrations.CreateModel(
            name='LumpSumKeyShare',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('weight', models.DecimalField(decimal_places=2, max_digits=14, validators=[django.core.validators.MinValueValidator(0)], verbose_name='gewicht in de verdeelsleutel')),
                ('agreement', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='key_shares', to='subsidies.lumpsumagreement', verbose_name='lumpsumafspraak')),
                ('municipality', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='participatie.municipality', verbose_name='gemeente')),
            ],
            options={
                'verbose_name': 'aandeel in de lumpsum',
                'verbose_name_plural': 'aandelen in de lumpsum',
                'ordering': ['municipality__name'],
            },
        ),
        migrations.CreateModel(
            name='LumpSumPlusPackage',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('annual_amount', models.DecimalField(decimal_places=2, max_digits=12, validators=[django.core.validators.MinValueValidator(0)], verbose_name='bedrag pluspakket per jaar')),
                ('agreement', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='plus_packages', to='subsidies.lumpsumagreement', verbose_name='lumpsumafspraak')),
                ('municipality', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='participatie.municipality', verbose_name='gemeente')),
            ],
            options={
                'verbose_name': 'pluspakket',
                'verbose_name_plural': 'pluspakketten',
                'ordering': ['municipality__name'],
            },
        ),
        migrations.CreateModel(
            name='LumpSumReview',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('reviewed_on', models.DateField(verbose_name='herzien op')),
                ('note', models.TextField(blank=True, verbose_name='toelichting')),
                ('recorded_at', models.DateTimeField(auto_now_add=True, verbose_name='vastgelegd op')),
                ('provider', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='participatie.organisation', verbose_name='aanbieder')),
                ('recorded_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='vastgelegd door')),
                ('region', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='participatie.region', verbose_name='regio')),
            ],
            options={
                'verbose_name': 'financiële herziening lumpsum',
                'verbose_name_plural': 'financiële herzieningen lumpsum',
                'ordering': ['region', 'provider', '-reviewed_on'],
            },
        ),
        migrations.CreateModel(
            name='LumpSumStatement',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('quarter', models.PositiveSmallIntegerField(validators=[django.core.validators.MinValueValidator(0), django.core.validators.MaxValueValidator(4)], verbose_name='kwartaal')),
                ('status', models.CharField(choices=[('draft', 'Concept'), ('approved', 'Goedgekeurd')], default='draft', max_length=16, verbose_name='status')),
                ('participants', models.DecimalField(decimal_places=2, max_digits=10, verbose_name='getelde deelnemers')),
                ('counts', models.JSONField(default=list, verbose_name='tellingen')),
                ('basic_total', models.DecimalField(decimal_places=2, max_digits=12, validators=[django.core.validators.MinValueValidator(0)], verbose_name='basispakket')),
                ('plus_total', models.DecimalField(decimal_places=2, max_digits=12, validators=[django.core.validators.MinValueValidator(0)], verbose_name='pluspakketten')),
                ('total', models.DecimalField(decimal_places=2, max_digits=12, validators=[django.core.validators.MinValueValidator(0)], verbose_name='totaal')),
                ('stated_total', models.DecimalField(blank=True, decimal_places=2, max_digits=12, null=True, verbose_name='al gedeclareerd')),
                ('prepared_at', models.DateTimeField(verbose_name='berekend op')),
                ('approved_at', models.DateTimeField(blank=True, null=True, verbose_name='goedgekeurd op')),
                ('agreement', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='statements', to='subsidies.lumpsumagreement', verbose_name='lumpsumafspraak')),
                ('approved_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='goedgekeurd door')),
                ('prepared_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='berekend door')),
            ],
            options={
                'verbose_name': 'lumpsumafrekening',
                'verbose_name_plural': 'lumpsumafrekeningen',
                'ordering': ['agreement', 'quarter'],
            },
        ),
        migrations.CreateModel(
            name='LumpSumStatementShare',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('weight', models.DecimalField(decimal_places=2, max_digits=14, verbose_name='gewicht')),
                ('basic', models.DecimalField(decimal_places=2, max_digits=12, validators=[django.core.validators.MinValueValidator(0)], verbose_name='basispakket')),
                ('plus', models.DecimalField(decimal_places=2, max_digits=12, validators=[django.core.validators.MinValueValidator(0)], verbose_name='pluspakket')),
                ('amount', models.DecimalField(decimal_places=2, max_digits=12, validators=[django.core.validators.MinValueValidator(0)], verbose_name='bedrag')),
                ('stated', models.DecimalField(blank=True, decimal_places=2, max_digits=12, null=True, verbose_name='al gedeclareerd')),
                ('municipality', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='participatie.municipality', verbose_name='gemeente')),
                ('statement', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='shares', to='subsidies.lumpsumstatement', verbose_name='lumpsumafrekening')),
            ],
            options={
                'verbose_name': 'aandeel in een lumpsumafrekening',
                'verbose_name_plural': 'aandelen in een lumpsumafrekening',
                'ordering': ['municipality__name'],
            },
        ),
        migrations.AddConstraint(
            model_name='lumpsumagreement',
            constraint=models.UniqueConstraint(fields=('region', 'provider', 'year'), name='lumpsumagreement_unique'),
        ),
        migrations.AddConstraint(
            model_name='lumpsumagreement',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('count_method', 'reference_date'), ('reference_date__isnull', False)), models.Q(('count_method', 'monthly_average'), ('reference_date__isnull', True)), _connector='OR'), name='lumpsumagreement_reference_date_with_method'),
        ),
        migrations.AddConstraint(
            model_name='lumpsumcount',
            constraint=models.UniqueConstraint(fields=('agreement', 'counted_on'), name='lumpsumcount_unique'),
        ),
        migrations.AddConstraint(
            model_name='lumpsumkeyshare',
            constraint=models.UniqueConstraint(fields=('agreement', 'municipality'), name='lumpsumkeyshare_unique'),
        ),
        migrations.AddConstraint(
            model_name='lumpsumpluspackage',
            constraint=models.UniqueConstraint(fields=('agreement', 'municipality'), name='lumpsumpluspackage_unique'),
        ),
        migrations.AddConstraint(
            model_name='lumpsumstatement',
            constraint=models.UniqueConstraint(fields=('agreement', 'quarter'), name='lumpsumstatement_unique'),
        ),
        migrations.AddConstraint(
            model_name='lumpsumstatement',
            constraint=models.CheckConstraint(condition=models.Q(('quarter__gte', 0), ('quarter__lte', 4)), name='lumpsumstatement_quarter'),
        ),
        migrations.AddConstraint(
            model_name='lumpsumstatement',
            constraint=models.CheckConstraint(condition=models.Q(('approved_by__isnull', True), ('prepared_by__isnull', True), models.Q(('approved_by', models.F('prepared_by')), _negated=True), _connector='OR'), name='lumpsumstatement_four_eyes'),
        ),
        migrations.AddConstraint(
            model_name='lumpsumstatement',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('status', 'approved'), _negated=True), models.Q(('approved_at__isnull', False), ('approved_by__isnull', False)), _connector='OR'), name='lumpsumstatement_approved_has_approver'),
        ),
        migrations.AddConstraint(
            model_name='lumpsumstatementshare',
            constraint=models.UniqueConstraint(fields=('statement', 'municipality'), name='lumpsumstatementshare_unique'),
        ),
    ]
