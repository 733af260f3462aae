from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SubsidiesConfig(AppConfig):
    name = "subsidies"
    verbose_name = _("Subsidies")

    def ready(self) -> None:
        from participatie.demo import register_demo_loader
        from participatie.home import register_home_section
        from participatie.mail.registry import register_mail_kind
        from participatie.reports.kinds.sections import register_section_provider
        from participatie.reports.registry import register_report_kind
        from participatie.waiting import register_waiting
        from subsidies.demo import load_demo_budgets, load_demo_tariffs
        from subsidies.home import subsidies_section
        from subsidies.lump_sum.reminders import REVIEW_REMINDER_KIND
        from subsidies.mail import LETTER_KINDS
        from subsidies.privacy import register as register_privacy
        from subsidies.region_evaluation import REGIONAL_EVALUATION
        from subsidies.report_sections import CHARGES
        from subsidies.reports import BUDGET
        from subsidies.waiting import subsidies_waiting

        register_home_section(subsidies_section)
        register_waiting(subsidies_waiting)
        register_report_kind(BUDGET)
        register_report_kind(REGIONAL_EVALUATION)
        for kind in (*LETTER_KINDS, REVIEW_REMINDER_KIND):
            register_mail_kind(kind)
        register_section_provider(CHARGES)
        register_privacy()
        register_demo_loader(load_demo_tariffs)
        register_demo_loader(load_demo_budgets)
        self._register_years()
        self._register_region_pages()
        self._register_lump_sum()
        self._register_matching_unit()
        self._register_menu()

    @staticmethod
    def _register_menu() -> None:
        """The money pages in the menu's "Geld" group (an entry of this app registered without
        a group lands there too). Which rows a user sees is up to ``subsidies.selectors``."""
        from participatie.navigation import MONEY, register_nav_item, register_nav_namespace_group
        from participatie.tenancy.permissions import Perm

        register_nav_namespace_group("subsidies", MONEY)
        for label, url_name, permission, order in (
            (_("Te beoordelen"), "subsidies:queue", Perm.SUBSIDIES_VIEW_ALL, 10),
            (_("Aanvragen"), "subsidies:application-list", Perm.SUBSIDIES_VIEW, 20),
            (_("Beschikkingen"), "subsidies:decision-list", Perm.SUBSIDIES_VIEW, 30),
            (_("Declaraties"), "subsidies:statement-list", Perm.SUBSIDIES_VIEW, 40),
            (_("Vaststellingen"), "subsidies:determination-list", Perm.SUBSIDIES_VIEW, 50),
            (_("Verrekeningen"), "subsidies:claim-list", Perm.SUBSIDIES_VIEW_ALL, 60),
            (_("Budget"), "subsidies:budget", Perm.BUDGETS_VIEW, 70),
            (_("Maatwerkbudget"), "subsidies:custom-budget", Perm.BUDGETS_VIEW, 80),
        ):
            register_nav_item(label, url_name, permission=permission, order=order, group=MONEY)

    @staticmethod
    def _register_matching_unit() -> None:
        """The matching unit's own subsidy: one menu entry for the account holder and the
        matching unit, and what of it waits for an account holder."""
        from participatie.navigation import register_nav_item
        from participatie.tenancy.permissions import Perm
        from participatie.waiting import register_waiting
        from subsidies.waiting_matching_unit import matching_unit_waiting

        register_nav_item(
            _("Subsidie matchingsunit"),
            "subsidies:mu-overview",
            permission=Perm.MU_SUBSIDY_VIEW,
            order=65,
        )
        register_waiting(matching_unit_waiting)

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
    def _register_lump_sum() -> None:
        """The lump sum (issue 16): its regional pages and link, and the municipal page."""
        from participatie.navigation import MONEY, register_nav_item
        from participatie.region_pages import register_region_link, register_region_urls
        from participatie.tenancy.permissions import Perm
        from subsidies.lump_sum.urls import region_patterns

        register_region_urls(region_patterns)
        register_region_link(
            _("Lumpsum per deelnemer (afspraken en afrekeningen)"),
            "regio:lump-sum-list",
            permission=Perm.REGION_VIEW,
            order=110,
        )
        register_nav_item(
            _("Lumpsum"), "subsidies:lump-sum", permission=Perm.LUMP_SUM_VIEW, order=75, group=MONEY
        )

    @staticmethod
    def _register_years() -> None:
        """Instellingen per jaar: the menu item, the rollover warning on the home page and
        what of subsidies uses a step (so a used step is not deleted)."""
        from participatie.home import register_home_section
        from participatie.navigation import SETTINGS, register_nav_item
        from participatie.placements.services import (
            register_second_place_limit,
            register_step_usage,
        )
        from participatie.tenancy.permissions import Perm
        from subsidies.home import year_rollover_section
        from subsidies.selectors import second_place_max_days
        from subsidies.services.years import step_usage

        # Not in "Geld" with the rest of this app: a year is steps and settings as well.
        register_nav_item(
            _("Jaarinstellingen"),
            "subsidies:year-list",
            permission=Perm.YEARS_VIEW,
            order=70,
            group=SETTINGS,
        )
        register_home_section(year_rollover_section)
        register_step_usage(step_usage)
        register_second_place_limit(second_place_max_days)
