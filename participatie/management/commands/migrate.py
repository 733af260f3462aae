"""``migrate`` runs as the owner role (the app role may not create tables), then grants the
app role its DML rights on whatever the migrations created."""

from __future__ import annotations

from typing import Any

from django.core.management.commands.migrate import Command as MigrateCommand

from participatie.tenancy.db import grant_app_role, owner_role


class Command(MigrateCommand):
    def handle(self, *args: Any, **options: Any) -> None:
        with owner_role():
            super().handle(*args, **options)
            grant_app_role()
