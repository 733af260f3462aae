"""Every non-2xx the API returns is ``application/problem+json`` in the NLGov shape (``type``,
``title``, ``status``, ``detail``, ``instance``; ``invalidParams`` with ``name``, ``code`` and
``reason`` on input errors), with the ``API-Version`` header: 400 (bad Host, too many
parameters), 401, 403, 404 (another municipality's object, an unknown path), 405, 409, 411,
413 (every endpoint has a body limit), 415 and 500. A 201 says where the new thing lives."""

from __future__ import annotations

import io

import pytest
from django.conf import settings
from django.test import RequestFactory
from django.urls import resolve

from matching.models import Referral
from participatie.api.limits import BoundedJSONParser, PayloadTooLarge, body_limit
from participatie.api.middleware import ApiBodyLimitMiddleware
from participatie.attendance.api.views import AttendanceView
from participatie.models import Objection
from participatie.placements.choices import ObjectionStatus
from tests.api.conftest import PROBLEM, D, get, post, url
from tests.api.test_api_matching import candidate
from tests.api.test_api_placements_steps import approved_plus
from tests.conftest import in_tenant, login


def problem(response, status: int) -> dict:
    assert response.status_code == status, (response.status_code, response.content[:300])
    assert response["Content-Type"] == PROBLEM
    assert response["API-Version"] == settings.API_VERSION
    body = response.json()
    assert {"type", "title", "status", "detail", "instance"} <= set(body), body
    assert body["status"] == status and body["detail"]
    for item in body.get("invalidParams", []):
        assert set(item) >= {"name", "code", "reason"} and item["code"] and item["reason"], item
    return body


class TestInputErrors:
    def test_a_field_error_names_the_field_with_a_code(self, client, dordrecht):
        body = problem(post(client, dordrecht.consultant, url(dordrecht, "referrals"), {}), 400)
        required = {item["name"] for item in body["invalidParams"] if item["code"] == "required"}
        assert {"first_name", "last_name", "birth_date"} <= required
        assert "errors" not in body
        assert body["instance"] == url(dordrecht, "referrals")

    def test_a_wrong_type_is_coded_invalid(self, client, dordrecht):
        response = post(
            client,
            dordrecht.consultant,
            url(dordrecht, "referrals"),
            candidate(birth_date="gisteren"),
        )
        params = {item["name"]: item for item in problem(response, 400)["invalidParams"]}
        assert params["birth_date"]["code"] == "invalid"

    def test_a_bad_host_header_is_problem_json(self, client, dordrecht):
        response = client.get(url(dordrecht, "placements"), HTTP_HOST="evil.example")
        body = problem(response, 400)
        assert [item["code"] for item in body["invalidParams"]] == ["disallowed_host"]
        assert "evil.example" not in response.content.decode()

    def test_too_many_query_parameters_is_problem_json(self, client, dordrecht):
        login(client, dordrecht.consultant)
        many = "&".join(f"p{i}=1" for i in range(settings.DATA_UPLOAD_MAX_NUMBER_FIELDS + 1))
        response = client.get(url(dordrecht, "placements") + "?" + many)
        body = problem(response, 400)
        assert [item["code"] for item in body["invalidParams"]] == ["too_many_fields"]

    def test_a_wrong_content_type_is_415(self, client, dordrecht):
        login(client, dordrecht.consultant)
        response = client.post(
            url(dordrecht, "referrals"), "first_name=x", content_type="text/plain"
        )
        problem(response, 415)


class TestWhoAsks:
    def test_without_a_token_is_401(self, client, dordrecht):
        response = client.get(url(dordrecht, "placements"))
        problem(response, 401)
        assert response["WWW-Authenticate"]

    def test_a_wrong_token_is_401(self, client, dordrecht):
        response = client.get(url(dordrecht, "placements"), HTTP_AUTHORIZATION="Token nope")
        problem(response, 401)

    def test_another_municipality_is_403(self, client, dordrecht, zwijndrecht):
        problem(get(client, zwijndrecht.account_holder, url(dordrecht, "placements")), 403)

    def test_an_object_of_another_municipality_or_company_is_404(
        self, client, dordrecht, zwijndrecht, placement
    ):
        problem(
            get(client, zwijndrecht.account_holder, url(zwijndrecht, f"placements/{placement.pk}")),
            404,
        )
        problem(
            get(client, dordrecht.lwb_b_admin, url(dordrecht, f"placements/{placement.pk}")), 404
        )

    def test_an_unknown_path_and_an_unknown_municipality_are_404(self, client, dordrecht):
        login(client, dordrecht.consultant)
        problem(client.get("/api/v1/dordrecht/nothing-here"), 404)
        problem(client.get("/api/v2/dordrecht/placements"), 404)
        problem(client.get("/api/v1/atlantis/placements"), 404)

    def test_a_method_not_offered_is_405(self, client, dordrecht):
        login(client, dordrecht.consultant)
        problem(client.delete(url(dordrecht, "referrals")), 405)

    def test_a_server_error_is_problem_json(self, client, dordrecht, monkeypatch):
        from participatie.placements.api import views

        def broken(self):
            raise RuntimeError("kapot")

        monkeypatch.setattr(views.PlacementListView, "tenant_queryset", broken)
        client.raise_request_exception = False
        body = problem(get(client, dordrecht.consultant, url(dordrecht, "placements")), 500)
        assert "kapot" not in body["detail"]


class TestBodyLimit:
    def test_every_endpoint_refuses_a_body_over_the_limit_before_reading_it(
        self, client, dordrecht, settings
    ):
        settings.API_MAX_BODY_BYTES = 4096
        login(client, dordrecht.consultant)
        big = candidate(notes="x" * 5000)
        response = client.post(url(dordrecht, "referrals"), big, content_type="application/json")
        assert "4 kB" in problem(response, 413)["detail"]
        with in_tenant(dordrecht.municipality):
            assert not Referral.objects.exists()
        small = client.post(
            url(dordrecht, "referrals"), candidate(), content_type="application/json"
        )
        assert small.status_code == 201, small.content

    def test_strangers_learn_nothing_from_the_limit(self, client, dordrecht, zwijndrecht, settings):
        settings.API_MAX_BODY_BYTES = 4096
        big = candidate(notes="x" * 5000)
        path = url(dordrecht, "referrals")
        problem(client.post(path, big, content_type="application/json"), 401)
        login(client, zwijndrecht.consultant)
        problem(client.post(path, big, content_type="application/json"), 403)

    def test_attendance_keeps_its_larger_limit(self, client, dordrecht, settings):
        settings.API_MAX_BODY_BYTES = 4096
        assert body_limit(AttendanceView) == settings.API_MAX_BULK_BODY_BYTES == 16 * 1024 * 1024
        login(client, dordrecht.lwb_a_admin)
        padded = {"rows": [], "note": "x" * 8000}
        response = client.put(url(dordrecht, "attendance"), padded, content_type="application/json")
        assert response.status_code != 413, response.content

    def test_the_parser_never_reads_past_the_limit(self, settings):
        settings.API_MAX_BODY_BYTES = 1024
        stream = io.BytesIO(b'{"a": "' + b"x" * 5000 + b'"}')
        with pytest.raises(PayloadTooLarge):
            BoundedJSONParser().parse(stream, parser_context={"view": None})
        assert stream.tell() == 1025

    def test_a_chunked_body_without_length_is_411(self, dordrecht):
        path = url(dordrecht, "referrals")
        request = RequestFactory().post(path, b"{}", content_type="application/json")
        del request.META["CONTENT_LENGTH"]
        request.META["HTTP_TRANSFER_ENCODING"] = "chunked"
        middleware = ApiBodyLimitMiddleware(lambda r: None)  # type: ignore[arg-type,return-value]
        response = middleware.process_view(request, resolve(path).func, (), {})
        assert response is not None and response.status_code == 411
        assert response["Content-Type"] == PROBLEM


class TestConflictsAndLocation:
    def test_a_201_points_at_the_new_resource(self, client, dordrecht):
        response = post(client, dordrecht.consultant, url(dordrecht, "referrals"), candidate())
        assert response.status_code == 201
        location = response["Location"]
        assert location == f"http://testserver{url(dordrecht, 'referrals')}/{response.json()['id']}"
        assert client.get(location).json()["id"] == response.json()["id"]

    def test_one_open_objection_per_decision_then_409(self, client, dordrecht, placement):
        decision = approved_plus(client, dordrecht, placement)
        path = url(dordrecht, f"step-decisions/{decision}/objections")
        first = post(client, dordrecht.lwb_a_admin, path, {"reason": "Te zwaar."})
        assert first.status_code == 201, first.content
        assert first["Location"].endswith(url(dordrecht, f"objections/{first.json()['id']}"))
        again = post(client, dordrecht.lwb_a_admin, path, {"reason": "Nog steeds te zwaar."})
        assert "al een open bezwaar" in problem(again, 409)["detail"]
        with in_tenant(dordrecht.municipality):
            assert Objection.objects.filter(decision_id=decision).count() == 1
        # Handled, the company may object again.
        handled = post(
            client,
            dordrecht.account_holder,
            url(dordrecht, f"objections/{first.json()['id']}/handle"),
            {"upheld": False, "response": "De trede past."},
        )
        assert handled.status_code == 200, handled.content
        assert post(client, dordrecht.lwb_a_admin, path, {"reason": "Nieuw."}).status_code == 201

    def test_the_database_refuses_a_second_open_objection(self, dordrecht, placement):
        from django.db import IntegrityError, transaction

        from tests.factories import ObjectionFactory, StepDecisionFactory

        with in_tenant(dordrecht.municipality):
            decision = StepDecisionFactory(
                municipality=dordrecht.municipality, placement=placement, valid_from=D(2022, 7, 1)
            )
            ObjectionFactory(municipality=dordrecht.municipality, decision=decision)
            ObjectionFactory(
                municipality=dordrecht.municipality,
                decision=decision,
                status=ObjectionStatus.DISMISSED,
            )
            with pytest.raises(IntegrityError), transaction.atomic():
                ObjectionFactory(municipality=dordrecht.municipality, decision=decision)

    def test_the_web_form_says_so_in_dutch(self, client, dordrecht, placement):
        decision = approved_plus(client, dordrecht, placement)
        path = url(dordrecht, f"step-decisions/{decision}/objections")
        assert post(client, dordrecht.lwb_a_admin, path, {"reason": "Te zwaar."}).status_code == 201
        login(client, dordrecht.lwb_a_admin)
        page = client.post(
            f"/{dordrecht.municipality.slug}/inschalingen/{decision}/bezwaar/",
            {"reason": "Nog een keer."},
        )
        assert page.status_code == 400  # the form again, with the service's error
        assert "Er is al een open bezwaar tegen dit besluit" in page.content.decode()

    def test_a_decided_advice_is_409(self, client, dordrecht, placement):
        decision = approved_plus(client, dordrecht, placement)
        again = post(
            client,
            dordrecht.account_holder,
            url(dordrecht, f"step-decisions/{decision}/decide"),
            {"approve": True},
        )
        assert "al besloten" in problem(again, 409)["detail"]
