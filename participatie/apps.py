from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ParticipatieConfig(AppConfig):
    name = "participatie"
    verbose_name = _("Participatie")

    def ready(self) -> None:
        from participatie.absence import tasks  # noqa: F401  (Celery autodiscovery sees only apps)
        from participatie.absence.home import signal_section
        from participatie.api import schema  # noqa: F401  (OpenAPI extension)
        from participatie.attendance.home import company_section
        from participatie.home import register_home_section
        from participatie.reports import tasks as report_tasks  # noqa: F401  (Celery sees apps)
        from participatie.reports.home import announced_reports_section
        from participatie.reports.kinds import register as register_participatie_reports
        from participatie.tenancy import checks, db  # noqa: F401  (registers checks and signals)

        register_home_section(signal_section)
        register_home_section(company_section)
        register_home_section(announced_reports_section)
        register_participatie_reports()
        self._register_menu()

    @staticmethod
    def _register_menu() -> None:
        from participatie.navigation import register_nav_item
        from participatie.tenancy.permissions import Perm

        register_nav_item(
            _("Leerwerkbedrijven"),
            "participatie:enrolment-list",
            permission=Perm.TENANT_ENTER,
            order=50,
        )
        register_nav_item(
            _("Plaatsingen"),
            "participatie:placements:placement-list",
            permission=Perm.PLACEMENTS_VIEW,
            order=30,
        )
        register_nav_item(
            _("Besluiten"),
            "participatie:placements:decision-queue",
            permission=Perm.STEPS_DECIDE,
            order=40,
        )
        register_nav_item(
            _("Aanwezigheid"),
            "participatie:attendance:grid",
            permission=Perm.ATTENDANCE_RECORD,
            order=25,
        )
        register_nav_item(
            _("Signalen"),
            "participatie:absence:signal-list",
            permission=Perm.ABSENCE_VIEW,
            order=26,
        )
        register_nav_item(
            _("Ontwikkelgesprekken"),
            "participatie:development:overdue",
            permission=Perm.DEVELOPMENT_WRITE,
            order=27,
        )
        register_nav_item(
            _("Rapportages"),
            "participatie:reports:run-list",
            permission=Perm.REPORTS_REQUEST,
            order=60,
        )
        register_nav_item(
            _("Matchingsunits"),
            "participatie:matching-units",
            permission=Perm.ENROLMENTS_VIEW_ALL,
            order=55,
        )
