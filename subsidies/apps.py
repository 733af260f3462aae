from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SubsidiesConfig(AppConfig):
    name = "subsidies"
    verbose_name = _("Subsidies")

    def ready(self) -> None:
        from participatie.demo import register_demo_loader
        from participatie.home import register_home_section
        from participatie.reports.kinds.sections import register_section_provider
        from participatie.reports.registry import register_report_kind
        from subsidies.demo import load_demo_budgets, load_demo_tariffs
        from subsidies.home import subsidies_section
        from subsidies.report_sections import CHARGES
        from subsidies.reports import BUDGET

        register_home_section(subsidies_section)
        register_report_kind(BUDGET)
        register_section_provider(CHARGES)
        register_demo_loader(load_demo_tariffs)
        register_demo_loader(load_demo_budgets)
        self._register_years()
        self._register_region_pages()

    @staticmethod
    def _register_region_pages() -> None:
        from participatie.region_pages import register_region_link, register_region_urls
        from participatie.tenancy.permissions import Perm
        from subsidies.region_urls import region_patterns

        register_region_urls(region_patterns)
        register_region_link(
            _("Budgetverdeling (verdeelsleutel)"), "regio:budget-key", permission=Perm.REGION_VIEW
        )
        register_region_link(
            _("Inspanningsverplichting per gemeente"),
            "regio:effort-obligations",
            permission=Perm.REGION_VIEW,
        )

    @staticmethod
    def _register_years() -> None:
        """Instellingen per jaar: the menu item, the rollover warning on the home page and
        what of subsidies uses a step (so a used step is not deleted)."""
        from participatie.home import register_home_section
        from participatie.navigation import register_nav_item
        from participatie.placements.services import (
            register_second_place_limit,
            register_step_usage,
        )
        from participatie.tenancy.permissions import Perm
        from subsidies.home import year_rollover_section
        from subsidies.selectors import second_place_max_days
        from subsidies.services.years import step_usage

        register_nav_item(
            _("Jaarinstellingen"), "subsidies:year-list", permission=Perm.YEARS_VIEW, order=70
        )
        register_home_section(year_rollover_section)
        register_step_usage(step_usage)
        register_second_place_limit(second_place_max_days)
