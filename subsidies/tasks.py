from __future__ import annotations

from config.celery import app
from participatie.models import Municipality
from participatie.tenancy.tasks import TenantTask
from subsidies.services.settlement import quarter_settle


@app.task(base=TenantTask, name="subsidies.settle_quarter")
def settle_quarter(*, municipality_ids: list[int], year: int, quarter: int) -> list[int]:
    """Settle one quarter for one municipality (the task runs inside its tenant)."""
    (municipality_id,) = municipality_ids
    municipality = Municipality.objects.get(pk=municipality_id)
    statements = quarter_settle(municipality=municipality, year=year, quarter=quarter)
    return [statement.pk for statement in statements]
