"""The report kinds that live in ``participatie``: occupancy, regional balance, outflow, step
distribution and the annual accountability report. ``register()`` runs from
``ParticipatieConfig.ready()``."""

from __future__ import annotations


def register() -> None:
    """Register the kinds, and the daily snapshot tasks the occupancy chart reads from (Celery
    discovers only ``<app>.tasks`` modules by itself)."""
    from participatie.reports import snapshots  # noqa: F401
    from participatie.reports.kinds import (
        annual_accountability,
        occupancy,
        outflow,
        regional_balance,
        step_distribution,
    )
    from participatie.reports.registry import register_report_kind

    for module in (occupancy, regional_balance, outflow, step_distribution, annual_accountability):
        register_report_kind(module.KIND)
