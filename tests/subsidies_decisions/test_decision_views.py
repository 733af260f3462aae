"""The decision, application and determination pages: who sees what, the flow, the errors."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from participatie.models import Enrolment
from subsidies.choices import DecisionStatus
from subsidies.models import SubsidyApplication, SubsidyDecision
from tests.conftest import in_tenant, login
from tests.subsidies_decisions.helpers import YEAR, approved, draft, pdf_text, setup_money

pytestmark = pytest.mark.django_db


def url(name, side, **kwargs):
    return reverse(
        f"subsidies:{name}", kwargs={"municipality_slug": side.municipality.slug, **kwargs}
    )


def lwb_a_id(side):
    with in_tenant(side.municipality):
        return Enrolment.objects.get(organisation=side.lwb_a).pk


def test_account_holder_drafts_proposes_and_second_approves_through_the_pages(client, dordrecht):
    setup_money(dordrecht)
    login(client, dordrecht.account_holder)
    page = client.get(url("decision-draft", dordrecht) + f"?jaar={YEAR}")
    assert page.status_code == 200 and "Plekken Basis" in page.content.decode()
    response = client.post(
        url("decision-draft", dordrecht) + f"?jaar={YEAR}",
        {"enrolment": lwb_a_id(dordrecht), "places_basis": "4", "places_plus": "2"},
    )
    assert response.status_code == 302
    with in_tenant(dordrecht.municipality):
        decision = SubsidyDecision.objects.get()
    assert decision.amount == Decimal("17300.00")
    client.post(url("decision-propose", dordrecht, pk=decision.pk))
    page = client.post(url("decision-approve", dordrecht, pk=decision.pk), follow=True)
    assert "vier-ogenprincipe" in page.content.decode()
    decision.refresh_from_db()
    assert decision.status == DecisionStatus.PROPOSED

    login(client, dordrecht.second_account_holder)
    page = client.post(url("decision-approve", dordrecht, pk=decision.pk), follow=True)
    assert "De beschikking is goedgekeurd." in page.content.decode()
    response = client.get(url("decision-pdf", dordrecht, pk=decision.pk))
    assert response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    text = pdf_text(b"".join(response.streaming_content))
    assert "Kringloop Dordrecht" in text and "€ 17.300,00" in text
    inline = client.get(url("decision-pdf", dordrecht, pk=decision.pk) + "?weergave=1")
    assert "inline" in inline["Content-Disposition"]
    client.post(url("decision-send", dordrecht, pk=decision.pk))
    decision.refresh_from_db()
    assert decision.status == DecisionStatus.SENT


@pytest.mark.parametrize(
    ("places", "message"),
    [
        ({"places_basis": "-1"}, "niet negatief"),
        ({"places_basis": "vier"}, "heel getal"),
        ({"places_plus": "10"}, "resterende budget"),
    ],
)
def test_bad_input_on_the_draft_page_is_shown_and_nothing_saved(client, dordrecht, places, message):
    setup_money(dordrecht, allocated="30000", mu_cost="10000")
    login(client, dordrecht.account_holder)
    response = client.post(
        url("decision-draft", dordrecht) + f"?jaar={YEAR}",
        {"enrolment": lwb_a_id(dordrecht), **places},
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    with in_tenant(dordrecht.municipality):
        assert not SubsidyDecision.objects.exists()


def test_over_budget_with_confirmation_is_saved(client, dordrecht):
    setup_money(dordrecht, allocated="30000", mu_cost="10000")
    login(client, dordrecht.account_holder)
    response = client.post(
        url("decision-draft", dordrecht) + f"?jaar={YEAR}",
        {"enrolment": lwb_a_id(dordrecht), "places_plus": "10", "over_budget_confirmed": "on"},
    )
    assert response.status_code == 302


def test_no_tariff_schedule_is_shown_on_the_page(client, dordrecht):
    setup_money(dordrecht)
    from tests.conftest import make_steps

    make_steps(dordrecht.municipality, range(2023, 2024))
    login(client, dordrecht.account_holder)
    response = client.post(
        url("decision-draft", dordrecht) + "?jaar=2023",
        {"enrolment": lwb_a_id(dordrecht), "places_basis": "1"},
    )
    assert "Er zijn geen tarieven vastgesteld voor 2023." in response.content.decode()


def test_editing_an_approved_decision_makes_a_new_one(client, dordrecht):
    setup_money(dordrecht)
    old = approved(dordrecht, {"basis": 4})
    login(client, dordrecht.account_holder)
    page = client.get(url("decision-edit", dordrecht, pk=old.pk))
    assert "nieuwe beschikking" in page.content.decode()
    response = client.post(url("decision-edit", dordrecht, pk=old.pk), {"places_basis": "5"})
    assert response.status_code == 302
    with in_tenant(dordrecht.municipality):
        new = SubsidyDecision.objects.exclude(pk=old.pk).get()
        old.refresh_from_db()
    assert new.supersedes_id == old.pk and new.amount == Decimal("12800.00")
    assert old.amount == Decimal("10300.00") and old.status == DecisionStatus.APPROVED


def test_policy_officer_reads_but_cannot_act(client, dordrecht):
    setup_money(dordrecht)
    decision = draft(dordrecht)
    login(client, dordrecht.policy_officer)
    assert client.get(url("decision-list", dordrecht)).status_code == 200
    page = client.get(url("decision-detail", dordrecht, pk=decision.pk))
    assert page.status_code == 200 and "Goedkeuren" not in page.content.decode()
    assert client.post(url("decision-propose", dordrecht, pk=decision.pk)).status_code == 403
    assert client.get(url("decision-draft", dordrecht)).status_code == 403


def test_lwb_sees_only_its_own_approved_decisions(client, dordrecht):
    setup_money(dordrecht)
    mine = approved(dordrecht, {"basis": 1})
    my_draft = draft(dordrecht, {"basis": 2})
    with in_tenant(dordrecht.municipality):
        from subsidies.services import decisions as svc

        other = svc.decision_draft(
            enrolment=Enrolment.objects.get(organisation=dordrecht.lwb_b),
            year=YEAR,
            places={"basis": 1},
            actor=dordrecht.account_holder,
        )
        svc.decision_propose(decision=other, actor=dordrecht.account_holder)
        svc.decision_approve(decision=other, actor=dordrecht.second_account_holder)
    login(client, dordrecht.lwb_a_admin)
    listing = client.get(url("decision-list", dordrecht)).content.decode()
    assert f"Kringloop Dordrecht ({mine.pk})" in listing
    assert f"({my_draft.pk})" not in listing and "Dierenweide" not in listing
    assert client.get(url("decision-detail", dordrecht, pk=mine.pk)).status_code == 200
    assert client.get(url("decision-pdf", dordrecht, pk=mine.pk)).status_code == 200
    for pk in (my_draft.pk, other.pk):
        assert client.get(url("decision-detail", dordrecht, pk=pk)).status_code == 404
        assert client.get(url("decision-pdf", dordrecht, pk=pk)).status_code == 404
    assert client.post(url("decision-approve", dordrecht, pk=my_draft.pk)).status_code == 403
    login(client, dordrecht.lwb_a_supervisor)
    assert client.get(url("decision-detail", dordrecht, pk=mine.pk)).status_code == 200


def test_other_municipality_gets_404_on_every_object_page(client, dordrecht, zwijndrecht):
    setup_money(dordrecht)
    decision = approved(dordrecht)
    from subsidies.services.determinations import determination_compute

    with in_tenant(dordrecht.municipality):
        determination = determination_compute(
            enrolment=decision.enrolment, year=YEAR, actor=dordrecht.account_holder
        )
    login(client, zwijndrecht.account_holder)
    for name in ("decision-detail", "decision-pdf", "decision-edit"):
        assert client.get(url(name, zwijndrecht, pk=decision.pk)).status_code == 404, name
    for name in ("decision-propose", "decision-approve", "decision-send"):
        assert client.post(url(name, zwijndrecht, pk=decision.pk)).status_code == 404, name
    for name in ("determination-detail", "determination-pdf"):
        assert client.get(url(name, zwijndrecht, pk=determination.pk)).status_code == 404
    assert (
        client.post(url("determination-approve", zwijndrecht, pk=determination.pk)).status_code
        == 404
    )
    # and under Dordrecht's own slug a Zwijndrecht user is not a member
    assert client.get(url("decision-detail", dordrecht, pk=decision.pk)).status_code == 403


def test_lwb_admin_applies_and_account_holder_drafts_from_it(client, dordrecht):
    setup_money(dordrecht)
    login(client, dordrecht.lwb_a_admin)
    assert client.get(url("application-submit", dordrecht) + f"?jaar={YEAR}").status_code == 200
    bad = client.post(
        url("application-submit", dordrecht) + f"?jaar={YEAR}", {"places_basis": "-3"}
    )
    assert "niet negatief" in bad.content.decode()
    response = client.post(
        url("application-submit", dordrecht) + f"?jaar={YEAR}",
        {"places_basis": "3", "places_plus": "1", "note": "Groei"},
    )
    assert response.status_code == 302
    with in_tenant(dordrecht.municipality):
        application = SubsidyApplication.objects.select_related("enrolment").get()
    assert application.enrolment.organisation_id == dordrecht.lwb_a.pk
    assert "Kringloop" in client.get(url("application-list", dordrecht)).content.decode()
    login(client, dordrecht.lwb_b_admin)
    assert "Kringloop" not in client.get(url("application-list", dordrecht)).content.decode()

    login(client, dordrecht.account_holder)
    listing = client.get(url("application-list", dordrecht)).content.decode()
    assert f"?aanvraag={application.pk}" in listing
    page = client.get(url("decision-draft", dordrecht) + f"?aanvraag={application.pk}")
    assert 'value="3"' in page.content.decode()
    client.post(
        url("decision-draft", dordrecht) + f"?aanvraag={application.pk}",
        {"enrolment": lwb_a_id(dordrecht), "places_basis": "3", "places_plus": "1"},
    )
    with in_tenant(dordrecht.municipality):
        assert SubsidyDecision.objects.get().application_id == application.pk


def test_account_holder_cannot_apply(client, dordrecht):
    login(client, dordrecht.account_holder)
    assert client.get(url("application-submit", dordrecht)).status_code == 403


def test_determination_pages(client, dordrecht):
    setup_money(dordrecht)
    approved(dordrecht, {"basis": 4})
    login(client, dordrecht.account_holder)
    response = client.post(
        url("determination-list", dordrecht), {"enrolment": lwb_a_id(dordrecht), "year": YEAR}
    )
    assert response.status_code == 302
    detail = client.get(response["Location"])
    assert "€\u00a010.300,00" in detail.content.decode()
    pk = detail.context["determination"].pk
    page = client.post(url("determination-approve", dordrecht, pk=pk), follow=True)
    assert "vier-ogenprincipe" in page.content.decode()
    # the LWB does not see an unapproved determination
    login(client, dordrecht.lwb_a_admin)
    assert client.get(url("determination-detail", dordrecht, pk=pk)).status_code == 404
    login(client, dordrecht.second_account_holder)
    client.post(url("determination-approve", dordrecht, pk=pk))
    login(client, dordrecht.lwb_a_admin)
    assert client.get(url("determination-detail", dordrecht, pk=pk)).status_code == 200
    pdf = client.get(url("determination-pdf", dordrecht, pk=pk))
    assert "Wij vorderen van u terug" in pdf_text(b"".join(pdf.streaming_content))
    login(client, dordrecht.lwb_b_admin)
    assert client.get(url("determination-detail", dordrecht, pk=pk)).status_code == 404
    assert client.post(url("determination-list", dordrecht), {"year": YEAR}).status_code == 404


def test_determination_without_tariffs_shows_the_error(client, dordrecht):
    login(client, dordrecht.account_holder)
    response = client.post(
        url("determination-list", dordrecht), {"enrolment": lwb_a_id(dordrecht), "year": 2019}
    )
    assert "geen tarieven vastgesteld voor 2019" in response.content.decode()
