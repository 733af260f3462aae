"""Cross-municipal claims, written and replaced in this one place for both engines.

A line of a resident of a municipality that did not meet its effort obligation (placed in
another municipality) becomes a claim towards the home municipality: an outgoing row in the
placement municipality, part of the draft and deleted with it, and an incoming row in the home
municipality with the same reference. Pseudonymised: the participant's reference, never a name
or BSN. The incoming rows belong to tenants outside the run, so both functions open those
municipalities too, for their write only.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.db.models import Exists, F, OuterRef
from django.utils import timezone

from participatie.kernel.statistics import analyze_filled
from participatie.tenancy.context import tenant_context
from participatie.tenancy.db import bulk_insert
from subsidies.choices import ClaimDirection
from subsidies.models import CrossMunicipalClaim, EffortObligation, StatementLine

CLAIM_FIELDS = [
    "municipality",
    "direction",
    "statement",
    "counterpart",
    "claim_reference",
    "participant_reference",
    "year",
    "quarter",
    "step_code",
    "days",
    "amount",
    "created_at",
]


def defaulting_municipalities(year: int) -> list[int]:
    """The municipalities that did not meet their effort obligation in ``year`` (a global,
    regional decision: no tenant needed to read it)."""
    return list(
        EffortObligation.objects.filter(year=year, met=False).values_list(
            "municipality_id", flat=True
        )
    )


def claims_write(
    municipality_ids: Sequence[int], *, year: int, quarter: int, statement_ids: Sequence[int]
) -> None:
    """The claims of the given new drafts, from their stored lines: one query for the lines of
    residents of defaulting municipalities (usually few), one insert for both sides."""
    if not statement_ids:
        return
    defaulting = defaulting_municipalities(year)
    if not defaulting:
        return
    home = "placement__participant__home_municipality_id"
    rows = list(
        StatementLine.objects.filter(
            municipality_id__in=municipality_ids,
            statement_id__in=statement_ids,
            **{f"{home}__in": defaulting},
        )
        .exclude(**{home: F("municipality_id")})
        .order_by("statement_id", "placement_id", "date_from")
        .values_list(
            "municipality_id",
            "statement_id",
            home,
            "placement__participant__reference",
            "step__code",
            "days",
            "amount",
        )
    )
    if not rows:
        return
    new_reference = CrossMunicipalClaim._meta.get_field("claim_reference").get_default
    now = timezone.now()
    claims = []
    for municipality_id, statement_id, home_id, participant, code, days, amount in rows:
        shared = (new_reference(), participant, year, quarter, code, days, amount, now)
        claims += [
            (municipality_id, ClaimDirection.OUTGOING, statement_id, home_id, *shared),
            (home_id, ClaimDirection.INCOMING, None, municipality_id, *shared),
        ]
    with tenant_context([*municipality_ids, *{row[2] for row in rows}]):
        bulk_insert(CrossMunicipalClaim, CLAIM_FIELDS, claims)
        analyze_filled(CrossMunicipalClaim, rows=len(claims))


def claims_of_drafts_delete(municipality_ids: Sequence[int], draft_ids: Sequence[int]) -> None:
    """Delete the incoming halves of the drafts' claims in the home municipalities (the
    outgoing halves go with their drafts)."""
    outgoing = CrossMunicipalClaim.objects.filter(
        municipality_id__in=municipality_ids, statement_id__in=draft_ids
    )
    homes = set(outgoing.values_list("counterpart_id", flat=True))
    if not homes:
        return
    with tenant_context([*municipality_ids, *homes]):
        CrossMunicipalClaim.objects.filter(
            direction=ClaimDirection.INCOMING,
            municipality_id__in=homes,
            counterpart_id__in=municipality_ids,
        ).filter(
            Exists(
                outgoing.filter(
                    municipality_id=OuterRef("counterpart_id"),
                    counterpart_id=OuterRef("municipality_id"),
                    claim_reference=OuterRef("claim_reference"),
                )
            )
        ).delete()
