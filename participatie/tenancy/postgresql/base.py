"""Django's PostgreSQL backend, logging in as ``settings.DATABASE_APP_ROLE``.

``DATABASE_URL`` names the owner (who owns the tables and runs migrations); every connection the
application opens logs in as the app role instead, with ``DATABASE_APP_PASSWORD``. The role is
the session's login, not a ``SET ROLE``: it holds in every transaction, also behind a PgBouncer in
transaction pooling mode (which hands each transaction whichever server connection of the app
role's pool is free), and nothing the application sends can turn it into the owner.

The owner logs in only where it must: the maintenance connection that creates and drops (test)
databases, and inside :func:`participatie.tenancy.db.owner_role` (migrate, flush, grants).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db.backends.base.base import NO_DB_ALIAS
from django.db.backends.postgresql import base


class DatabaseWrapper(base.DatabaseWrapper):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # > 0 inside owner_role(): the next connection logs in as the owner. Per wrapper, and a
        # wrapper belongs to one thread, so one thread migrating never lifts another's wall.
        self.owner_depth = 0

    @property
    def logs_in_as_owner(self) -> bool:
        return bool(self.owner_depth) or self.alias == NO_DB_ALIAS

    def get_connection_params(self) -> dict[str, Any]:
        params = super().get_connection_params()
        if not self.logs_in_as_owner:
            params["user"] = settings.DATABASE_APP_ROLE
            params.pop("password", None)
            if settings.DATABASE_APP_PASSWORD:
                params["password"] = settings.DATABASE_APP_PASSWORD
        return params
