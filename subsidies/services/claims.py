"""The home municipality answers a cross-municipal claim: it accepts or disputes it.

A claim is written twice by the settlement (``subsidies.services.settlement.claims``): outgoing
in the placement municipality, incoming in the home municipality, with the same
``claim_reference``. Only the home municipality (its incoming row) answers, and only a final
claim, one whose outgoing statement is approved: re-settling a quarter replaces the claims of
its drafts on both sides with new references, so an answer to a draft's claim would be lost.
An approved statement is final (``0003_approved_statements_are_final``), and so are its claims.

The answer is written on both rows in one transaction, in a tenant context of exactly the two
municipalities, so the placement municipality sees it too. A dispute needs a note; a disputed
claim can still be accepted (once the municipalities agree); an accepted claim is final.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from participatie.kernel.errors import StateConflict
from participatie.models import User
from participatie.tenancy.context import atomic_tenant_context
from subsidies.choices import ClaimDirection, ClaimResponse, StatementStatus
from subsidies.models import CrossMunicipalClaim, QuarterStatement

NOTE_MAX_LENGTH = 2000


def claim_accept(*, claim: CrossMunicipalClaim, actor: User, note: str = "") -> CrossMunicipalClaim:
    """The home municipality accepts the claim (a note is optional). Final."""
    return _respond(claim=claim, actor=actor, response=ClaimResponse.ACCEPTED, note=note)


def claim_dispute(*, claim: CrossMunicipalClaim, actor: User, note: str) -> CrossMunicipalClaim:
    """The home municipality disputes the claim and says why (``note``, required)."""
    return _respond(claim=claim, actor=actor, response=ClaimResponse.DISPUTED, note=note)


def _respond(
    *, claim: CrossMunicipalClaim, actor: User, response: ClaimResponse, note: str
) -> CrossMunicipalClaim:
    note = (note or "").strip()
    if claim.direction != ClaimDirection.INCOMING:
        raise ValidationError(
            _(
                "Alleen de woongemeente reageert op een vordering. Deze vordering is van uw "
                "gemeente aan %(other)s."
            )
            % {"other": claim.counterpart.name},
            code="not_incoming",
        )
    if response == ClaimResponse.DISPUTED and not note:
        raise ValidationError(
            {"note": _("Vul in waarom u de vordering betwist. Dit veld is verplicht.")},
            code="required",
        )
    if len(note) > NOTE_MAX_LENGTH:
        raise ValidationError(
            {
                "note": _("De toelichting is te lang: hoogstens %(n)s tekens.")
                % {"n": NOTE_MAX_LENGTH}
            },
            code="max_length",
        )
    own, other = claim.municipality_id, claim.counterpart_id
    with atomic_tenant_context([own, other]):
        twins = {
            (row.municipality_id, row.direction): row
            for row in CrossMunicipalClaim.objects.select_for_update().filter(
                municipality_id__in=[own, other], claim_reference=claim.claim_reference
            )
        }
        incoming = twins[(own, ClaimDirection.INCOMING)]
        outgoing = twins.get((other, ClaimDirection.OUTGOING))
        approved = (
            outgoing is not None
            and QuarterStatement.objects.filter(
                municipality_id=other, pk=outgoing.statement_id, status=StatementStatus.APPROVED
            ).exists()
        )
        if not approved:
            raise ValidationError(
                _(
                    "%(other)s heeft de declaratie bij deze vordering nog niet goedgekeurd. U "
                    "kunt reageren zodra de vordering definitief is."
                )
                % {"other": claim.counterpart.name},
                code="not_final",
            )
        if incoming.response == ClaimResponse.ACCEPTED:
            raise StateConflict(
                _("U hebt deze vordering al geaccepteerd. Dat is definitief."), code="final"
            )
        if incoming.response == ClaimResponse.DISPUTED and response == ClaimResponse.DISPUTED:
            raise StateConflict(
                _(
                    "U hebt deze vordering al betwist. Accepteer de vordering als u het met "
                    "%(other)s eens bent geworden."
                )
                % {"other": claim.counterpart.name},
                code="already_disputed",
            )
        CrossMunicipalClaim.objects.filter(
            municipality_id__in=[own, other], claim_reference=claim.claim_reference
        ).update(
            response=response,
            response_note=note,
            responded_by=actor,
            responded_at=timezone.now(),
        )
    return (
        CrossMunicipalClaim.objects.select_related("counterpart", "responded_by", "statement")
        .filter(municipality_id=own)
        .get(pk=incoming.pk)
    )
