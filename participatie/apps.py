from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ParticipatieConfig(AppConfig):
    name = "participatie"
    verbose_name = _("Participatie")

    def ready(self) -> None:
        from participatie.absence import tasks  # noqa: F401  (Celery autodiscovery sees only apps)
        from participatie.api import schema  # noqa: F401  (OpenAPI extension)
        from participatie.attendance.home import company_section
        from participatie.home import register_home_section
        from participatie.mail import tasks as mail_tasks  # noqa: F401  (Celery sees apps)
        from participatie.mail.kinds import register as register_mail_kinds
        from participatie.privacy import tasks as privacy_tasks  # noqa: F401  (Celery sees apps)
        from participatie.privacy.home import privacy_section
        from participatie.privacy.subject import register as register_subject_sections
        from participatie.reports import tasks as report_tasks  # noqa: F401  (Celery sees apps)
        from participatie.reports.home import announced_reports_section
        from participatie.reports.kinds import register as register_participatie_reports
        from participatie.tenancy import checks, db  # noqa: F401  (registers checks and signals)

        register_home_section(company_section)
        register_home_section(announced_reports_section)
        register_home_section(privacy_section)
        register_participatie_reports()
        register_mail_kinds()
        register_subject_sections()
        self._register_waiting()
        self._register_menu()
        self._register_capacity()

    @staticmethod
    def _register_capacity() -> None:
        """The region's ceiling and target ranges page, linked from the region home."""
        from participatie.region_pages import register_region_link
        from participatie.tenancy.permissions import Perm

        register_region_link(
            _("Plafond en streefaantallen plekken"),
            "regio:capacity",
            permission=Perm.REGION_VIEW,
            order=90,
        )

    @staticmethod
    def _register_waiting() -> None:
        """What waits for a user ("Wat wacht op mij", the daily digest), per feature."""
        from participatie.absence.waiting import absence_waiting
        from participatie.attendance.waiting import attendance_waiting
        from participatie.development.waiting import development_waiting
        from participatie.placements.waiting import steps_waiting
        from participatie.waiting import register_waiting

        for provider in (steps_waiting, absence_waiting, development_waiting, attendance_waiting):
            register_waiting(provider)

    @staticmethod
    def _register_menu() -> None:
        from participatie.navigation import ORGANISATIONS, PEOPLE, register_nav_item
        from participatie.tenancy.permissions import Perm

        register_nav_item(
            _("Leerwerkbedrijven"),
            "participatie:enrolment-list",
            permission=Perm.TENANT_ENTER,
            order=50,
            group=ORGANISATIONS,
        )
        register_nav_item(
            _("Plaatsingen"),
            "participatie:placements:placement-list",
            permission=Perm.PLACEMENTS_VIEW,
            order=30,
            group=PEOPLE,
        )
        register_nav_item(
            _("Besluiten"),
            "participatie:placements:decision-queue",
            permission=Perm.STEPS_DECIDE,
            order=40,
            group=PEOPLE,
        )
        register_nav_item(
            _("Aanwezigheid"),
            "participatie:attendance:grid",
            permission=Perm.ATTENDANCE_RECORD,
            order=24,
            group=PEOPLE,
        )
        register_nav_item(
            _("Aanwezigheid controleren"),
            "participatie:attendance:check",
            permission=Perm.ATTENDANCE_CHECK,
            order=25,
            group=PEOPLE,
        )
        register_nav_item(
            _("Aanwezigheid vergrendelen"),
            "participatie:attendance:lock",
            permission=Perm.ATTENDANCE_LOCK,
            order=28,
            group=PEOPLE,
        )
        register_nav_item(
            _("Signalen"),
            "participatie:absence:signal-list",
            permission=Perm.ABSENCE_VIEW,
            order=26,
            group=PEOPLE,
        )
        register_nav_item(
            _("Ontwikkelgesprekken"),
            "participatie:development:overdue",
            permission=Perm.DEVELOPMENT_WRITE,
            order=27,
            group=PEOPLE,
        )
        register_nav_item(
            _("Rapportages"),
            "participatie:reports:run-list",
            permission=Perm.REPORTS_REQUEST,
            order=60,
        )
        register_nav_item(
            _("Privacy"),
            "participatie:privacy:home",
            permission=Perm.PRIVACY_REQUESTS,
            order=85,
        )
        register_nav_item(
            _("Matchingsunits"),
            "participatie:matching-units",
            permission=Perm.ENROLMENTS_VIEW_ALL,
            order=55,
            group=ORGANISATIONS,
        )
