"""Writes about development plans (goals and agreed actions per placement) and development
talks (date and summary). Who may write is checked by the views (the placement's company and
the matching unit); these functions keep the rules about the content."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from participatie.kernel.errors import StateConflict
from participatie.models import DevelopmentPlan, DevelopmentTalk, Placement, User


def _clean_goals(goals: str) -> str:
    goals = (goals or "").strip()
    if not goals:
        raise ValidationError({"goals": _("Vul ten minste één doel in.")})
    return goals


@transaction.atomic
def development_plan_create(
    *, placement: Placement, goals: str, actions: str, is_developing: bool, actor: User
) -> DevelopmentPlan:
    goals = _clean_goals(goals)
    exists = DevelopmentPlan.objects.filter(
        municipality_id=placement.municipality_id, placement=placement
    ).exists()
    if exists:
        raise StateConflict(_("Deze plaatsing heeft al een ontwikkelplan; pas dat aan."))
    plan = DevelopmentPlan(
        municipality_id=placement.municipality_id,
        placement=placement,
        goals=goals,
        actions=(actions or "").strip(),
        is_developing=is_developing,
        created_by=actor,
    )
    plan._history_user = actor  # type: ignore[attr-defined]
    plan.save()
    return plan


@transaction.atomic
def development_plan_update(
    *, plan: DevelopmentPlan, goals: str, actions: str, is_developing: bool, actor: User
) -> DevelopmentPlan:
    plan.goals = _clean_goals(goals)
    plan.actions = (actions or "").strip()
    plan.is_developing = is_developing
    plan._history_user = actor  # type: ignore[attr-defined]
    plan.save(update_fields=["goals", "actions", "is_developing", "updated_at"])
    return plan


@transaction.atomic
def development_talk_record(
    *, plan: DevelopmentPlan, held_on: date, summary: str, actor: User
) -> DevelopmentTalk:
    summary = (summary or "").strip()
    errors: dict[str, str] = {}
    if not summary:
        errors["summary"] = _("Vat het gesprek samen.")
    placement = plan.placement
    if held_on > timezone.localdate():
        errors["held_on"] = _("Een gesprek kan niet in de toekomst zijn gehouden.")
    elif held_on < placement.start_date:
        errors["held_on"] = _("Het gesprek ligt vóór de start van de plaatsing.")
    elif placement.end_date is not None and held_on > placement.end_date:
        errors["held_on"] = _("Het gesprek ligt na het einde van de plaatsing.")
    if errors:
        raise ValidationError(errors)
    return DevelopmentTalk.objects.create(
        municipality_id=plan.municipality_id,
        plan=plan,
        held_on=held_on,
        summary=summary,
        recorded_by=actor,
    )
