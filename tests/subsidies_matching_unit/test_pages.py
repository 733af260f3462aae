"""The matching unit's subsidy through the pages: from the menu, the unit applies, account
holder A drafts and proposes, A is not offered "Goedkeuren", B approves, the letter is served
by its page; the unit records its quarter cost and an account holder approves it. Bad input
shows a Dutch message on the field and keeps what was typed."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core import mail
from django.urls import reverse

from subsidies.choices import DecisionStatus, MatchingUnitCostStatus
from subsidies.models import MatchingUnitApplication, MatchingUnitCost, MatchingUnitDecision
from tests.conftest import in_tenant, login
from tests.subsidies_matching_unit.helpers import YEAR, apply, pdf_text, record, setup_money

pytestmark = pytest.mark.django_db
E = Decimal


def url(name, side, **kwargs):
    return reverse(
        f"subsidies:{name}", kwargs={"municipality_slug": side.municipality.slug, **kwargs}
    )


def overview(side, year=YEAR):
    return f"{url('mu-overview', side)}?jaar={year}"


def html(response) -> str:
    return response.content.decode()


@pytest.mark.parametrize("who", ["account_holder", "policy_officer", "consultant"])
def test_the_menu_leads_to_the_overview(client, dordrecht, who):
    login(client, getattr(dordrecht, who))
    assert f'href="{url("mu-overview", dordrecht)}"' in html(client.get("/dordrecht/"))
    assert client.get(url("mu-overview", dordrecht)).status_code == 200


@pytest.mark.parametrize("who", ["lwb_a_admin", "lwb_a_supervisor"])
def test_companies_have_no_menu_entry_and_no_page(client, dordrecht, who):
    login(client, getattr(dordrecht, who))
    assert url("mu-overview", dordrecht) not in html(client.get("/dordrecht/"))
    assert client.get(url("mu-overview", dordrecht)).status_code == 403


def test_decision_flow_through_the_pages_with_its_letter(
    client, dordrecht, django_capture_on_commit_callbacks
):
    setup_money(dordrecht)
    # The matching unit applies, from the overview's button.
    login(client, dordrecht.consultant)
    page = html(client.get(overview(dordrecht)))
    submit = url("mu-application-submit", dordrecht)
    assert f'href="{submit}?jaar={YEAR}"' in page
    response = client.post(
        submit, {"year": YEAR, "amount": "225.336,00", "note": "Vier taken voor 2022."}
    )
    assert response.status_code == 302 and response["Location"] == overview(dordrecht)
    with in_tenant(dordrecht.municipality):
        application = MatchingUnitApplication.objects.get()
    assert application.amount == E("225336.00")

    # Account holder A drafts from the application's row, then proposes.
    login(client, dordrecht.account_holder)
    draft_url = url("mu-decision-draft", dordrecht, pk=application.pk)
    assert f'href="{draft_url}"' in html(client.get(overview(dordrecht)))
    page = html(client.get(draft_url))
    assert 'value="225336,00"' in page  # the requested amount, in Dutch notation
    response = client.post(draft_url, {"amount": "200.000,00"})
    with in_tenant(dordrecht.municipality):
        decision = MatchingUnitDecision.objects.get()
    detail = url("mu-decision-detail", dordrecht, pk=decision.pk)
    assert response["Location"] == detail
    assert decision.amount == E("200000.00") and decision.status == DecisionStatus.DRAFT
    client.post(url("mu-decision-propose", dordrecht, pk=decision.pk))
    page = html(client.get(detail))
    assert "Ter goedkeuring" in page and "Goedkeuren</button>" not in page
    assert "Een andere accounthouder keurt haar goed" in page
    assert dordrecht.account_holder.email in page or dordrecht.account_holder.last_name in page
    refused = html(client.post(url("mu-decision-approve", dordrecht, pk=decision.pk), follow=True))
    assert "vier-ogenprincipe" in refused

    # Account holder B approves; the letter is there.
    login(client, dordrecht.second_account_holder)
    page = html(client.get(detail))
    assert "Goedkeuren</button>" in page
    page = html(client.post(url("mu-decision-approve", dordrecht, pk=decision.pk), follow=True))
    assert "De beschikking is goedgekeurd." in page
    pdf_url = url("mu-decision-pdf", dordrecht, pk=decision.pk)
    assert f'href="{pdf_url}?weergave=1"' in page
    response = client.get(pdf_url)
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        'attachment; filename="beschikking-matchingsunit-2022.pdf"'
    )
    text = pdf_text(b"".join(response.streaming_content))
    assert "MU Dordrecht" in text and "€ 200.000,00" in text
    assert "inline" in client.get(f"{pdf_url}?weergave=1")["Content-Disposition"]
    address = dordrecht.matching_unit.contact_email
    assert f"Bij verzenden gaat de brief per e-mail naar {address}" in page
    with django_capture_on_commit_callbacks(execute=True):
        page = html(client.post(url("mu-decision-send", dordrecht, pk=decision.pk), follow=True))
    assert "De beschikking is verzonden." in page
    assert f"Per e-mail verstuurd naar {address} op" in html(client.get(detail))
    with in_tenant(dordrecht.municipality):
        decision.refresh_from_db()
    assert decision.status == DecisionStatus.SENT
    assert [m.to for m in mail.outbox] == [[address]]

    # The matching unit sees its decision and letter, but not who decided.
    login(client, dordrecht.consultant)
    page = html(client.get(overview(dordrecht)))
    assert f'href="{detail}"' in page
    page = html(client.get(detail))
    assert "€\u00a0200.000,00" in page and "Goedgekeurd door" not in page
    assert dordrecht.second_account_holder.email not in page
    assert client.get(pdf_url).status_code == 200


def test_the_unit_does_not_see_a_decision_before_approval(client, dordrecht):
    setup_money(dordrecht)
    application = apply(dordrecht)
    login(client, dordrecht.account_holder)
    client.post(url("mu-decision-draft", dordrecht, pk=application.pk), {"amount": "1000"})
    with in_tenant(dordrecht.municipality):
        decision = MatchingUnitDecision.objects.get()
    login(client, dordrecht.consultant)
    assert client.get(url("mu-decision-detail", dordrecht, pk=decision.pk)).status_code == 404
    assert url("mu-decision-detail", dordrecht, pk=decision.pk) not in html(
        client.get(overview(dordrecht))
    )


@pytest.mark.parametrize(
    ("amount", "message"),
    [
        ("", "Dit veld is verplicht."),
        ("twee ton", "Vul een bedrag in, bijvoorbeeld 12.500,00."),
        ("12,345", "Een bedrag heeft hoogstens twee decimalen."),
        ("-100", "Het bedrag moet groter zijn dan nul."),
    ],
)
def test_a_bad_amount_is_shown_on_the_field_and_what_was_typed_stays(
    client, dordrecht, amount, message
):
    login(client, dordrecht.consultant)
    response = client.post(
        url("mu-application-submit", dordrecht),
        {"year": YEAR, "amount": amount, "note": "Mijn toelichting"},
    )
    assert response.status_code == 400
    page = html(response)
    assert '<div class="utrecht-form-field-error-message' in page and message in page
    assert 'aria-invalid="true"' in page and "Mijn toelichting" in page
    assert f'href="#id_amount">Gevraagd bedrag (€): {message}' in page
    with in_tenant(dordrecht.municipality):
        assert not MatchingUnitApplication.objects.exists()


def test_over_budget_is_explained_and_needs_the_box(client, dordrecht):
    setup_money(dordrecht, allocated="100000")
    application = apply(dordrecht)
    login(client, dordrecht.account_holder)
    draft_url = url("mu-decision-draft", dordrecht, pk=application.pk)
    response = client.post(draft_url, {"amount": "150.000"})
    assert response.status_code == 400 and "resterende budget" in html(response)
    assert 'value="150.000"' in html(response)
    response = client.post(draft_url, {"amount": "150.000", "over_budget_confirmed": "on"})
    assert response.status_code == 302


def test_a_year_without_tariffs_links_to_the_year_settings(client, dordrecht):
    application = apply(dordrecht)  # no tariffs for 2022
    login(client, dordrecht.account_holder)
    response = client.post(url("mu-decision-draft", dordrecht, pk=application.pk), {"amount": "5"})
    page = html(response)
    assert "Er zijn geen tarieven vastgesteld voor 2022." in page
    assert f'href="{url("year-detail", dordrecht, year=YEAR)}"' in page


def test_costs_are_recorded_in_dutch_notation_and_approved_by_an_account_holder(client, dordrecht):
    login(client, dordrecht.consultant)
    record_url = url("mu-cost-record", dordrecht)
    assert f'href="{record_url}?jaar={YEAR}"' in html(client.get(overview(dordrecht)))
    response = client.post(
        f"{record_url}?jaar={YEAR}",
        {"year": YEAR, "quarter": "1", "amount": "56.334,25", "account": "32 intakes."},
    )
    assert response.status_code == 302
    with in_tenant(dordrecht.municipality):
        cost = MatchingUnitCost.objects.get()
    assert cost.amount == E("56334.25") and cost.recorded_by == dordrecht.consultant
    page = html(client.get(overview(dordrecht)))
    assert "€\u00a056.334,25" in page and "Wacht op goedkeuring" in page
    assert f"{record_url}?jaar={YEAR}&amp;kwartaal=1" in page  # correct before approval
    assert 'value="56334,25"' in html(client.get(f"{record_url}?jaar={YEAR}&kwartaal=1"))
    assert client.post(url("mu-cost-approve", dordrecht, pk=cost.pk)).status_code == 403

    login(client, dordrecht.account_holder)
    approve_url = url("mu-cost-approve", dordrecht, pk=cost.pk)
    assert f'action="{approve_url}"' in html(client.get(overview(dordrecht)))
    page = html(client.post(approve_url, follow=True))
    assert "De kosten van kwartaal 1 2022 zijn goedgekeurd." in page
    with in_tenant(dordrecht.municipality):
        cost.refresh_from_db()
    assert cost.status == MatchingUnitCostStatus.APPROVED


def test_an_account_holder_records_and_only_another_one_approves(client, dordrecht):
    login(client, dordrecht.account_holder)
    client.post(
        url("mu-cost-record", dordrecht),
        {"year": YEAR, "quarter": "2", "amount": "1000", "account": "Correctie."},
    )
    with in_tenant(dordrecht.municipality):
        cost = MatchingUnitCost.objects.get()
    page = html(client.get(overview(dordrecht)))
    approve_url = url("mu-cost-approve", dordrecht, pk=cost.pk)
    assert approve_url not in page and "u hebt deze kosten vastgelegd" in page
    page = html(client.post(approve_url, follow=True))
    assert "vier-ogenprincipe" in page
    login(client, dordrecht.second_account_holder)
    client.post(approve_url)
    with in_tenant(dordrecht.municipality):
        cost.refresh_from_db()
    assert cost.approved_by == dordrecht.second_account_holder


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"amount": "1000,001"}, "amount", "hoogstens twee decimalen"),
        ({"account": ""}, "account", "Dit veld is verplicht."),
        ({"quarter": "4", "year": "2099"}, "year", "Kies een jaar"),
    ],
)
def test_bad_cost_input_lands_on_its_field(client, dordrecht, data, field, message):
    login(client, dordrecht.consultant)
    body = {"year": YEAR, "quarter": "1", "amount": "1000", "account": "Uren.", **data}
    response = client.post(url("mu-cost-record", dordrecht), body)
    assert response.status_code == 400
    assert message in response.context["form"].errors[field][0]
    with in_tenant(dordrecht.municipality):
        assert not MatchingUnitCost.objects.exists()


def test_an_approved_quarter_cannot_be_recorded_again(client, dordrecht):
    cost = record(dordrecht, 1)
    with in_tenant(dordrecht.municipality):
        MatchingUnitCost.objects.filter(pk=cost.pk).update(
            status=MatchingUnitCostStatus.APPROVED,
            approved_by=dordrecht.account_holder,
            approved_at=cost.recorded_at,
        )
    login(client, dordrecht.consultant)
    response = client.post(
        url("mu-cost-record", dordrecht),
        {"year": YEAR, "quarter": "1", "amount": "1", "account": "Nog eens."},
    )
    assert "al goedgekeurd" in response.context["form"].errors["quarter"][0]
