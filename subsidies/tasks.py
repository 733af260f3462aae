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


@app.task(base=TenantTask, name="subsidies.render_decision_letters")
def render_decision_letters(*, municipality_ids: list[int], decision_ids: list[int]) -> int:
    """Render the letters of approved decisions in one municipality; returns how many."""
    from subsidies.models import SubsidyDecision
    from subsidies.services.decisions import decision_letters_render

    (municipality_id,) = municipality_ids
    decisions = (
        SubsidyDecision.objects.filter(municipality_id=municipality_id, pk__in=decision_ids)
        .select_related("municipality", "enrolment__organisation")
        .order_by("pk")
        .iterator(chunk_size=200)
    )
    return decision_letters_render(decisions=decisions)
