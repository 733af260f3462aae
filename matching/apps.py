from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MatchingConfig(AppConfig):
    name = "matching"
    verbose_name = _("Matching")

    def ready(self) -> None:
        from matching.home import work_queue_section
        from matching.reports import MU_QUARTERLY
        from participatie.home import register_home_section
        from participatie.reports.registry import register_report_kind

        register_home_section(work_queue_section)
        register_report_kind(MU_QUARTERLY)
        self._register_menu()

    @staticmethod
    def _register_menu() -> None:
        from participatie.navigation import register_nav_item
        from participatie.tenancy.permissions import Perm

        register_nav_item(
            _("Aanmeldingen"),
            "matching:work-queues",
            permission=Perm.MATCHING_VIEW,
            order=10,
        )
        register_nav_item(
            _("Deelnemers"),
            "matching:participant-list",
            permission=Perm.MATCHING_VIEW,
            order=20,
        )
        register_nav_item(
            _("Bezetting"),
            "matching:occupancy",
            permission=Perm.MATCHING_VIEW,
            order=60,
        )
