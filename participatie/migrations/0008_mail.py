# Written by hand (issue 13, e-mail): the mail records, a company's contact address and the
# user's opt-out of the daily digest.

import django.db.models.deletion
import django.utils.timezone
from django.db import migrations, models

import participatie.tenancy.db as tenancy_db


def _record_fields():
    return [
        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
        ('kind', models.CharField(help_text='Bijvoorbeeld decision_letter of digest.', max_length=40, verbose_name='soort')),
        ('to_email', models.EmailField(max_length=254, verbose_name='aan')),
        ('subject', models.CharField(blank=True, max_length=255, verbose_name='onderwerp')),
        ('object_id', models.PositiveBigIntegerField(blank=True, null=True, verbose_name='gaat over (id)')),
        ('key', models.CharField(blank=True, max_length=100, verbose_name='sleutel')),
        ('link_base', models.CharField(blank=True, max_length=200, verbose_name='adres van de site')),
        ('status', models.CharField(choices=[('queued', 'In de wachtrij'), ('sent', 'Verzonden'), ('failed', 'Mislukt')], default='queued', max_length=16, verbose_name='resultaat')),
        ('attempts', models.PositiveSmallIntegerField(default=0, verbose_name='pogingen')),
        ('created_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='aangemaakt op')),
        ('queued_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='in de wachtrij gezet op')),
        ('last_attempt_at', models.DateTimeField(blank=True, null=True, verbose_name='laatste poging op')),
        ('sent_at', models.DateTimeField(blank=True, null=True, verbose_name='verzonden op')),
        ('last_error', models.CharField(blank=True, max_length=300, verbose_name='laatste fout')),
    ]


class Migration(migrations.Migration):

    dependencies = [
        ('participatie', '0007_regional_admin_and_company_assessment'),
    ]

    operations = [
        migrations.AddField(
            model_name='organisation',
            name='contact_email',
            field=models.EmailField(blank=True, help_text='Hierheen gaan brieven, zoals de beschikking van een leerwerkbedrijf.', max_length=254, verbose_name='e-mailadres voor contact'),
        ),
        migrations.AddField(
            model_name='user',
            name='digest_opt_out',
            field=models.BooleanField(default=False, help_text='Geen dagelijkse e-mail met wat op deze gebruiker wacht.', verbose_name='geen dagelijkse e-mail'),
        ),
        migrations.CreateModel(
            name='OutgoingMail',
            fields=_record_fields(),
            options={
                'verbose_name': 'verzonden e-mail',
                'verbose_name_plural': 'verzonden e-mails',
                'indexes': [models.Index(fields=['-created_at'], name='outgoingmail_recent_idx'), models.Index(fields=['status', '-created_at'], name='outgoingmail_status_idx')],
                'constraints': [models.UniqueConstraint(condition=models.Q(('key', ''), _negated=True), fields=('key',), name='outgoingmail_unique_key')],
            },
        ),
        migrations.CreateModel(
            name='MunicipalMail',
            fields=[
                *_record_fields(),
                ('municipality', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='participatie.municipality', verbose_name='gemeente')),
            ],
            options={
                'verbose_name': 'verzonden e-mail van een gemeente',
                'verbose_name_plural': 'verzonden e-mails van gemeenten',
                'indexes': [models.Index(fields=['municipality', '-created_at'], name='municipalmail_recent_idx'), models.Index(fields=['municipality', 'kind', 'object_id'], name='municipalmail_about_idx')],
                'constraints': [models.UniqueConstraint(fields=('municipality', 'id'), name='municipalmail_tenant_key'), models.UniqueConstraint(condition=models.Q(('key', ''), _negated=True), fields=('municipality', 'key'), name='municipalmail_unique_key')],
            },
        ),
        tenancy_db.EnableRowLevelSecurity("municipalmail"),
    ]
