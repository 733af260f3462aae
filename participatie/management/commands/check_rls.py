"""Fail (exit 1) when any tenant-owned table lacks its Row-Level Security policy."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from participatie.tenancy.base import tenant_models
from participatie.tenancy.db import rls_problems


class Command(BaseCommand):
    help = "Check that every tenant-owned table has RLS enabled, forced and its policy."

    def handle(self, *args: Any, **options: Any) -> None:
        if connection.vendor != "postgresql":
            self.stdout.write("Not PostgreSQL: row-level security does not apply here.")
            return
        problems = rls_problems()
        if problems:
            for problem in problems:
                self.stderr.write(problem)
            raise CommandError(f"{len(problems)} tenant table problem(s) found.")
        self.stdout.write(
            self.style.SUCCESS(f"All {len(tenant_models())} tenant-owned tables are protected.")
        )
