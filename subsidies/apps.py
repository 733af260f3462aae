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
