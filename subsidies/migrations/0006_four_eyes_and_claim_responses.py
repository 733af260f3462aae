"""Four eyes on decisions and determinations; the home municipality's answer to a claim.

* ``SubsidyDecision.changed_by`` / ``changed_at``: who last changed a decision (until now the
  drafter, so existing rows get the drafter), and the check that the approver is not the last
  changer (next to ``subsidydecision_four_eyes``: not the drafter).
* ``Determination.prepared_by`` / ``prepared_at``: who computed it last, taken for the rows not
  yet approved from their history (which records the user of each computation), and the check
  that the approver is not the preparer.
* ``CrossMunicipalClaim.response`` (open / accepted / disputed), ``response_note``,
  ``responded_by``, ``responded_at``, with database defaults: the settlement inserts claims
  without naming these columns.

The tables are under row-level security, so on PostgreSQL the backfill runs with every
municipality in the tenant setting (transaction-local, as the migration's transaction). None of
these tables carries the triggers of ``0003_approved_statements_are_final``, so SQLite's table
rebuild for a new check loses nothing.
"""

from __future__ import annotations

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps

LAST_COMPUTATION = (
    "SELECT h.{column} FROM subsidies_historicaldetermination h "
    "WHERE h.municipality_id = subsidies_determination.municipality_id "
    "AND h.id = subsidies_determination.id "
    "ORDER BY h.history_date DESC, h.history_id DESC LIMIT 1"
)


def who_prepared(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    with schema_editor.connection.cursor() as cursor:
        if schema_editor.connection.vendor == "postgresql":
            cursor.execute(
                "SELECT set_config('app.municipality_ids', coalesce((SELECT string_agg(id::text, "
                "',') FROM participatie_municipality), ''), true)"
            )
        cursor.execute(
            "UPDATE subsidies_subsidydecision SET changed_by_id = drafted_by_id, "
            "changed_at = drafted_at WHERE changed_by_id IS NULL"
        )
        cursor.execute(
            "UPDATE subsidies_determination SET "
            f"prepared_by_id = ({LAST_COMPUTATION.format(column='history_user_id')}), "
            f"prepared_at = ({LAST_COMPUTATION.format(column='history_date')}) "
            "WHERE approved_at IS NULL AND prepared_by_id IS NULL"
        )


class Migration(migrations.Migration):
    dependencies = [
        ("subsidies", "0005_settlement_runs"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="subsidydecision",
            name="changed_at",
            field=models.DateTimeField(
                blank=True, null=True, verbose_name="laatst gewijzigd op"
            ),
        ),
        migrations.AddField(
            model_name="subsidydecision",
            name="changed_by",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="laatst gewijzigd door",
            ),
        ),
        migrations.AddField(
            model_name="historicalsubsidydecision",
            name="changed_at",
            field=models.DateTimeField(
                blank=True, null=True, verbose_name="laatst gewijzigd op"
            ),
        ),
        migrations.AddField(
            model_name="historicalsubsidydecision",
            name="changed_by",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="laatst gewijzigd door",
            ),
        ),
        migrations.AddField(
            model_name="determination",
            name="prepared_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="berekend op"),
        ),
        migrations.AddField(
            model_name="determination",
            name="prepared_by",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="berekend door",
            ),
        ),
        migrations.AddField(
            model_name="historicaldetermination",
            name="prepared_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="berekend op"),
        ),
        migrations.AddField(
            model_name="historicaldetermination",
            name="prepared_by",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="berekend door",
            ),
        ),
        migrations.RunPython(who_prepared, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="subsidydecision",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("approved_by__isnull", True),
                    ("changed_by__isnull", True),
                    models.Q(("approved_by", models.F("changed_by")), _negated=True),
                    _connector="OR",
                ),
                name="subsidydecision_four_eyes_changer",
            ),
        ),
        migrations.AddConstraint(
            model_name="determination",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("approved_by__isnull", True),
                    ("prepared_by__isnull", True),
                    models.Q(("approved_by", models.F("prepared_by")), _negated=True),
                    _connector="OR",
                ),
                name="determination_four_eyes",
            ),
        ),
        migrations.AddField(
            model_name="crossmunicipalclaim",
            name="response",
            field=models.CharField(
                choices=[("open", "Open"), ("accepted", "Geaccepteerd"), ("disputed", "Betwist")],
                db_default="open",
                default="open",
                max_length=16,
                verbose_name="reactie woongemeente",
            ),
        ),
        migrations.AddField(
            model_name="crossmunicipalclaim",
            name="response_note",
            field=models.TextField(
                blank=True, db_default="", default="", verbose_name="toelichting bij de reactie"
            ),
        ),
        migrations.AddField(
            model_name="crossmunicipalclaim",
            name="responded_by",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="gereageerd door",
            ),
        ),
        migrations.AddField(
            model_name="crossmunicipalclaim",
            name="responded_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="gereageerd op"),
        ),
        migrations.AddConstraint(
            model_name="crossmunicipalclaim",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("response", "open"),
                    models.Q(("responded_at__isnull", False), ("responded_by__isnull", False)),
                    _connector="OR",
                ),
                name="claim_response_has_responder",
            ),
        ),
        migrations.AddConstraint(
            model_name="crossmunicipalclaim",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("response", "disputed"), _negated=True),
                    models.Q(("response_note", ""), _negated=True),
                    _connector="OR",
                ),
                name="claim_dispute_has_note",
            ),
        ),
    ]
