"""Serializers of the subsidies API: output (amounts as strings, never floats) and the input of
applications and decisions. Input serializers check the shape only; the rules (whole,
non-negative places, a tariff schedule for the year, the budget, four eyes) live in
``subsidies.services.decisions``, whose errors become problem+json."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from participatie.api.fields import TenantPrimaryKeyRelatedField
from participatie.kernel.forms import REQUIRED
from participatie.models import Enrolment
from participatie.tenancy.http import access_of
from subsidies.choices import SettlementRunStatus
from subsidies.models import (
    ApplicationLine,
    DecisionLine,
    Determination,
    MunicipalBudget,
    QuarterStatement,
    SettlementRun,
    StatementLine,
    StepTariff,
    SubsidyApplication,
    SubsidyDecision,
    Tariff,
)
from subsidies.selectors import enrolments_to_apply_for
from subsidies.selectors_settlement import RunProgress


class StepTariffSerializer(serializers.ModelSerializer):
    step = serializers.CharField(source="step.code", read_only=True)
    step_label = serializers.CharField(source="step.label", read_only=True)

    class Meta:
        model = StepTariff
        # effective_from: 1 January, or the first day of a later version of the amounts.
        fields = ["step", "step_label", "annual_amount", "effective_from"]


class TariffSerializer(serializers.ModelSerializer):
    steps = StepTariffSerializer(many=True, read_only=True)

    class Meta:
        model = Tariff
        fields = [
            "id",
            "year",
            "base_fee",
            "custom_budget",
            "advance_model",
            "dual_placement_max_days",
            "steps",
        ]


class BudgetSerializer(serializers.ModelSerializer):
    class Meta:
        model = MunicipalBudget
        fields = ["id", "year", "allocated", "matching_unit_cost"]


class StatementLineSerializer(serializers.ModelSerializer):
    step = serializers.CharField(source="step.code", read_only=True)

    class Meta:
        model = StatementLine
        fields = [
            "id",
            "placement",
            "step",
            "date_from",
            "date_to",
            "days",
            "annual_tariff",
            "amount",
        ]


class StatementSerializer(serializers.ModelSerializer):
    company = serializers.CharField(source="enrolment.organisation.name", read_only=True)
    lines = StatementLineSerializer(many=True, read_only=True)

    class Meta:
        model = QuarterStatement
        fields = [
            "id",
            "enrolment",
            "company",
            "year",
            "quarter",
            "status",
            "advance_model",
            "lines_total",
            "base_fee",
            "total",
            "payable_now",
            "held",
            "corrects",
            "computed_at",
            "confirmed_at",
            "confirmed_late",
            "approved_at",
            "lines",
        ]


class StatementActionInputSerializer(serializers.Serializer):
    """Confirming or approving takes no input."""


class DeterminationSerializer(serializers.ModelSerializer):
    company = serializers.CharField(source="enrolment.organisation.name", read_only=True)
    # Who computed it last: another account holder approves it (four eyes).
    prepared_by = serializers.StringRelatedField(read_only=True, allow_null=True)
    approved_by = serializers.StringRelatedField(read_only=True, allow_null=True)

    class Meta:
        model = Determination
        fields = [
            "id",
            "enrolment",
            "company",
            "year",
            "advance_model",
            "realised",
            "granted",
            "paid",
            "final",
            "balance",
            "prepared_by",
            "prepared_at",
            "approved_by",
            "approved_at",
        ]


class DecisionLineSerializer(serializers.ModelSerializer):
    step = serializers.CharField(source="step.code", read_only=True)

    class Meta:
        model = DecisionLine
        fields = ["step", "places", "annual_amount", "amount"]


class DecisionSerializer(serializers.ModelSerializer):
    company = serializers.CharField(source="enrolment.organisation.name", read_only=True)
    lines = DecisionLineSerializer(many=True, read_only=True)
    drafted_by = serializers.StringRelatedField(read_only=True)
    # Who last changed it; neither they nor the drafter approves it (four eyes).
    changed_by = serializers.StringRelatedField(read_only=True, allow_null=True)
    approved_by = serializers.StringRelatedField(read_only=True, allow_null=True)
    letter_available = serializers.SerializerMethodField()

    class Meta:
        model = SubsidyDecision
        fields = [
            "id",
            "enrolment",
            "company",
            "year",
            "application",
            "status",
            "advance_model",
            "base_fee",
            "amount",
            "over_budget_confirmed",
            "lines",
            "supersedes",
            "drafted_by",
            "drafted_at",
            "changed_by",
            "changed_at",
            "approved_by",
            "approved_at",
            "sent_at",
            "letter_available",
        ]

    def get_letter_available(self, decision: SubsidyDecision) -> bool:
        return bool(decision.letter)


class ApplicationLineSerializer(serializers.ModelSerializer):
    step = serializers.CharField(source="step.code", read_only=True)

    class Meta:
        model = ApplicationLine
        fields = ["step", "places"]


class ApplicationSerializer(serializers.ModelSerializer):
    company = serializers.CharField(source="enrolment.organisation.name", read_only=True)
    lines = ApplicationLineSerializer(many=True, read_only=True)

    class Meta:
        model = SubsidyApplication
        fields = ["id", "enrolment", "company", "year", "submitted_at", "note", "lines"]


# -- input -------------------------------------------------------------------------------------


@extend_schema_field(
    {
        "type": "object",
        "additionalProperties": {"type": "integer", "minimum": 0},
        "example": {"basis": 4, "plus": 2},
    }
)
class PlacesField(serializers.DictField):
    """Places per step code of the year's catalogue. The values go to the service as they
    came, so every bad one (negative, a fraction, text) gets the same clear message there."""

    child = serializers.JSONField()


class YearField(serializers.IntegerField):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(min_value=2000, max_value=2100, **kwargs)


class OwnEnrolmentField(TenantPrimaryKeyRelatedField):
    """An enrolment of a company for which the user may apply. Another company's id reads as
    'does not exist', like an id that does not exist: ids reveal nothing."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(Enrolment, **kwargs)

    def get_queryset(self) -> QuerySet[Enrolment]:
        return enrolments_to_apply_for(access_of(self.context["request"]))


class ApplicationInputSerializer(serializers.Serializer):
    enrolment = OwnEnrolmentField(help_text=_("De inschrijving van uw eigen leerwerkbedrijf."))
    year = YearField()
    places = PlacesField()
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=2000)


class DecisionDraftInputSerializer(serializers.Serializer):
    """From an application (its company, year and, unless given, its places) or for an
    enrolment and a year."""

    application = TenantPrimaryKeyRelatedField(SubsidyApplication, required=False)
    enrolment = TenantPrimaryKeyRelatedField(
        Enrolment, required=False, help_text=_("Verplicht zonder aanvraag.")
    )
    year = YearField(required=False, help_text=_("Verplicht zonder aanvraag."))
    places = PlacesField(
        required=False, help_text=_("Verplicht zonder aanvraag; anders die van de aanvraag.")
    )
    over_budget_confirmed = serializers.BooleanField(
        default=False,
        help_text=_("Nodig als het bedrag hoger is dan het resterende budget van het jaar."),
    )

    def validate(self, data: dict[str, Any]) -> dict[str, Any]:
        application = data.get("application")
        errors: dict[str, Any] = {}
        if application is None:
            for name in ("enrolment", "year", "places"):
                if name not in data:
                    errors[name] = _("Verplicht zonder aanvraag.")
        else:
            for name, value in (("enrolment", application.enrolment), ("year", application.year)):
                if data.setdefault(name, value) != value:
                    errors[name] = _("Dit hoort niet bij de aanvraag.")
            lines = application.lines.select_related("step")
            data.setdefault("places", {line.step.code: line.places for line in lines})
        if errors:
            raise serializers.ValidationError(errors)
        return data


class DecisionUpdateInputSerializer(serializers.Serializer):
    places = PlacesField(
        required=False,
        help_text=_("Alleen de genoemde treden veranderen; de andere houden hun aantal plekken."),
    )
    over_budget_confirmed = serializers.BooleanField(
        default=False,
        help_text=_("Nodig bij elke wijziging die boven het resterende budget uitkomt."),
    )


class DecisionAmendInputSerializer(serializers.Serializer):
    places = PlacesField(help_text=_("Alle plekken van de nieuwe beschikking."))
    over_budget_confirmed = serializers.BooleanField(default=False)


class DecisionActionInputSerializer(serializers.Serializer):
    """Proposing, approving and sending take no input."""


class DecisionSendInputSerializer(serializers.Serializer):
    without_email_confirmed = serializers.BooleanField(
        default=False,
        help_text=_(
            "Nodig als het leerwerkbedrijf geen e-mailadres voor contact heeft: u verstuurt de "
            "brief dan zelf. Anders gaat de brief per e-mail naar dat adres."
        ),
    )


# -- year settings (input) -----------------------------------------------------------------------
# Amounts are strings as everywhere in this API; the service parses them and names the field
# of a bad one (negative, not a number, more than two decimals).


class StepAmountInputSerializer(serializers.Serializer):
    step = serializers.CharField(help_text=_("De code van de trede, bijvoorbeeld basis."))
    annual_amount = serializers.CharField(help_text=_("Bedrag per deelnemer per jaar, 2500.00."))


class TariffInputSerializer(serializers.Serializer):
    """The tariffs of a year that has none yet; its steps must exist (``POST steps``)."""

    year = serializers.IntegerField()
    base_fee = serializers.CharField()
    custom_budget = serializers.CharField()
    advance_model = serializers.CharField(help_text="full_advance | quarterly_80_20")
    dual_placement_max_days = serializers.IntegerField(default=365)
    steps = StepAmountInputSerializer(many=True)


class TariffUpdateInputSerializer(serializers.Serializer):
    """A change to a year's tariffs; fields left out keep their value, and so does the amount
    of a step left out of ``steps``. Refused once a statement of the year is approved."""

    base_fee = serializers.CharField(required=False)
    custom_budget = serializers.CharField(required=False)
    advance_model = serializers.CharField(required=False)
    dual_placement_max_days = serializers.IntegerField(required=False)
    steps = StepAmountInputSerializer(many=True, required=False)


class TariffCopyInputSerializer(serializers.Serializer):
    year = serializers.IntegerField(help_text=_("Het jaar dat als kopie wordt ingericht."))


class BudgetInputSerializer(serializers.Serializer):
    allocated = serializers.CharField()
    matching_unit_cost = serializers.CharField()


# -- settlement runs ("Kwartaal afrekenen") ------------------------------------------------------


class SettleInputSerializer(serializers.Serializer):
    year = serializers.IntegerField(
        error_messages=REQUIRED, help_text=_("Het jaar, bijvoorbeeld 2022.")
    )
    quarter = serializers.IntegerField(
        error_messages=REQUIRED, help_text=_("Het kwartaal: 1, 2, 3 of 4.")
    )


class SettlementRunSerializer(serializers.ModelSerializer):
    """A settlement run of one quarter: ``status`` and ``progress`` (0-100) as far as the job
    has got; once ``done``, ``statement_count`` drafts; once ``failed``, ``message`` says why."""

    # The view puts the live progress in the context (``progress``: run id -> RunProgress,
    # from subsidies.selectors_settlement), one cache read per page.

    status = serializers.SerializerMethodField()
    progress = serializers.SerializerMethodField()

    class Meta:
        model = SettlementRun
        fields = [
            "id",
            "year",
            "quarter",
            "status",
            "progress",
            "message",
            "statement_count",
            "scheduled",
            "requested_at",
            "started_at",
            "finished_at",
        ]
        read_only_fields = fields

    def _progress(self, run: SettlementRun) -> RunProgress:
        return self.context["progress"][run.pk]

    @extend_schema_field(serializers.ChoiceField(choices=SettlementRunStatus.choices))
    def get_status(self, run: SettlementRun) -> str:
        return self._progress(run).status

    @extend_schema_field(serializers.IntegerField(min_value=0, max_value=100))
    def get_progress(self, run: SettlementRun) -> int:
        return self._progress(run).percent
