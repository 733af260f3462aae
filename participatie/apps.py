from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ParticipatieConfig(AppConfig):
    name = "participatie"
    verbose_name = _("Participatie")

    def ready(self) -> None:
        from participatie.api import schema  # noqa: F401  (OpenAPI extension)
        from participatie.tenancy import checks, db  # noqa: F401  (registers checks and signals)
