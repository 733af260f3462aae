"""Settling a quarter from the browser and on schedule; four eyes on quarter statements.

* ``SettlementRun``: one request to draft a quarter's statements (tenant-owned, under
  row-level security), at most one queued or running per quarter and at most one made by the
  schedule per quarter.
* ``QuarterStatement.prepared_by`` and the check that the approver is not the preparer.

Adding a nullable column and a check changes no row, so the triggers of
``0003_approved_statements_are_final`` (which refuse updates of approved statements) are not
involved on PostgreSQL. SQLite cannot add a check to a table: Django rebuilds the table, which
drops its triggers (and cannot rename the new table into place while the line triggers name
the old one), so the SQLite triggers are dropped before and created again after.
"""

from __future__ import annotations

import importlib

import django.core.validators
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps

import participatie.tenancy.db as tenancy_db

final = importlib.import_module("subsidies.migrations.0003_approved_statements_are_final")


def _sqlite(schema_editor: BaseDatabaseSchemaEditor, statements: list[str]) -> None:
    if schema_editor.connection.vendor == "sqlite":
        for sql in statements:
            schema_editor.execute(sql, params=None)


def sqlite_triggers_drop(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    # The rebuild renames a new table into place, and SQLite refuses that while the line
    # triggers name a table that is (for that moment) gone.
    _sqlite(schema_editor, final.SQLITE_REVERSE)


def sqlite_triggers_create(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    _sqlite(schema_editor, final.SQLITE)


class Migration(migrations.Migration):
    dependencies = [
        ("participatie", "0007_regional_admin_and_company_assessment"),
        ("subsidies", "0004_budget_key_versions_and_tariff_versions"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RunPython(sqlite_triggers_drop, sqlite_triggers_create),
        migrations.AddField(
            model_name="quarterstatement",
            name="prepared_by",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="opgesteld door",
            ),
        ),
        migrations.AddConstraint(
            model_name="quarterstatement",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("approved_by__isnull", True),
                    ("prepared_by__isnull", True),
                    models.Q(("approved_by", models.F("prepared_by")), _negated=True),
                    _connector="OR",
                ),
                name="quarterstatement_four_eyes",
            ),
        ),
        migrations.RunPython(sqlite_triggers_create, sqlite_triggers_drop),
        migrations.CreateModel(
            name="SettlementRun",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("year", models.PositiveSmallIntegerField(verbose_name="jaar")),
                (
                    "quarter",
                    models.PositiveSmallIntegerField(
                        validators=[
                            django.core.validators.MinValueValidator(1),
                            django.core.validators.MaxValueValidator(4),
                        ],
                        verbose_name="kwartaal",
                    ),
                ),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("queued", "In de wachtrij"),
                            ("running", "Bezig"),
                            ("done", "Klaar"),
                            ("failed", "Mislukt"),
                        ],
                        default="queued",
                        max_length=16,
                        verbose_name="status",
                    ),
                ),
                (
                    "progress",
                    models.PositiveSmallIntegerField(
                        default=0,
                        validators=[django.core.validators.MaxValueValidator(100)],
                        verbose_name="voortgang (%)",
                    ),
                ),
                ("message", models.TextField(blank=True, verbose_name="melding")),
                ("scheduled", models.BooleanField(default=False, verbose_name="volgens planning")),
                (
                    "requested_at",
                    models.DateTimeField(auto_now_add=True, verbose_name="aangevraagd op"),
                ),
                (
                    "started_at",
                    models.DateTimeField(blank=True, null=True, verbose_name="gestart op"),
                ),
                (
                    "finished_at",
                    models.DateTimeField(blank=True, null=True, verbose_name="klaar op"),
                ),
                (
                    "statement_count",
                    models.PositiveIntegerField(default=0, verbose_name="aantal declaraties"),
                ),
                ("task_id", models.CharField(blank=True, max_length=255, verbose_name="taak")),
                (
                    "municipality",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="participatie.municipality",
                        verbose_name="gemeente",
                    ),
                ),
                (
                    "requested_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="aangevraagd door",
                    ),
                ),
            ],
            options={
                "verbose_name": "kwartaalafrekening",
                "verbose_name_plural": "kwartaalafrekeningen",
                "ordering": ["-requested_at", "-id"],
                "indexes": [
                    models.Index(
                        fields=["municipality", "-requested_at"], name="settlementrun_recent_idx"
                    )
                ],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("municipality", "id"), name="settlementrun_tenant_key"
                    ),
                    models.UniqueConstraint(
                        condition=models.Q(("scheduled", True)),
                        fields=("municipality", "year", "quarter"),
                        name="settlementrun_one_scheduled",
                    ),
                    models.UniqueConstraint(
                        condition=models.Q(("status__in", ("queued", "running"))),
                        fields=("municipality", "year", "quarter"),
                        name="settlementrun_one_active",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(("quarter__gte", 1), ("quarter__lte", 4)),
                        name="settlementrun_quarter",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(("progress__lte", 100)),
                        name="settlementrun_progress",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            ("scheduled", False), ("requested_by__isnull", True), _connector="OR"
                        ),
                        name="settlementrun_scheduled_has_no_requester",
                    ),
                ],
            },
        ),
        tenancy_db.EnableRowLevelSecurity("settlementrun"),
    ]
