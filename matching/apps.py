from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MatchingConfig(AppConfig):
    name = "matching"
    verbose_name = _("Matching")

    def ready(self) -> None:
        from matching.home import work_queue_section
        from matching.privacy import register as register_privacy
        from matching.reports import MU_QUARTERLY
        from participatie.home import register_home_section
        from participatie.reports.registry import register_report_kind

        register_home_section(work_queue_section)
        register_report_kind(MU_QUARTERLY)
        register_privacy()
        self._register_menu()
        self._register_partners()

    @staticmethod
    def _register_partners() -> None:
        """Referrals by partners and residents (issue 16): the partners' menu entry and what
        waits for the matching unit and the client manager."""
        from matching.partners.waiting import partners_waiting
        from participatie.navigation import PEOPLE, register_nav_item
        from participatie.tenancy.permissions import Perm
        from participatie.waiting import register_waiting

        register_nav_item(
            _("Verwijzingen"),
            "matching:partner-referral-list",
            permission=Perm.PARTNER_REFER,
            order=15,
            group=PEOPLE,
        )
        register_nav_item(
            _("Kwartaalrapportages"),
            "matching:partner-quarterly-reports",
            permission=Perm.MU_QUARTERLY_READ,
            order=16,
            group=PEOPLE,
        )
        register_waiting(partners_waiting)

    @staticmethod
    def _register_menu() -> None:
        from participatie.navigation import ORGANISATIONS, PEOPLE, register_nav_item
        from participatie.tenancy.permissions import Perm

        register_nav_item(
            _("Aanmeldingen"),
            "matching:work-queues",
            permission=Perm.MATCHING_VIEW,
            order=10,
            group=PEOPLE,
        )
        register_nav_item(
            _("Deelnemers"),
            "matching:participant-list",
            permission=Perm.MATCHING_VIEW,
            order=20,
            group=PEOPLE,
        )
        register_nav_item(
            _("Importeren"),
            "matching:imports",
            permission=Perm.CASELOAD_IMPORT,
            order=40,
            group=PEOPLE,
        )
        register_nav_item(
            _("Overdrachten"),
            "matching:transfers",
            permission=Perm.CASELOAD_TRANSFER,
            order=45,
            group=PEOPLE,
        )
        register_nav_item(
            _("Bezetting"),
            "matching:occupancy",
            permission=Perm.MATCHING_VIEW,
            order=60,
            group=ORGANISATIONS,
        )
