"""``flush`` truncates tables, which only the owner may do; the app role never gets TRUNCATE."""

from __future__ import annotations

from typing import Any

from django.core.management.commands.flush import Command as FlushCommand

from participatie.tenancy.db import owner_role


class Command(FlushCommand):
    def handle(self, **options: Any) -> None:
        with owner_role():
            super().handle(**options)
