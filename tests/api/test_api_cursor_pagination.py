"""Keyset ("cursor") pagination of the large lists (issue 18 item 5): attendance, participants
and placements. With ``cursor`` the answer has ``next``/``previous`` links with a signed
cursor and no ``count``; every row comes exactly once, in the list's order, also when rows
are added during the walk; a changed, foreign or stale cursor is 400 naming ``cursor``."""

from __future__ import annotations

import datetime
from urllib.parse import parse_qs, urlsplit

import pytest

from participatie.models import Participant, ReadEvent
from tests.api.conftest import PROBLEM, count_queries, enrolment_of, url
from tests.conftest import in_tenant, login
from tests.factories import AttendanceFactory, ParticipantFactory, PlacementFactory

D = datetime.date


def cursor_of(link: str | None) -> str | None:
    return None if link is None else parse_qs(urlsplit(link).query)["cursor"][0]


def walk(client, path: str, params: dict, *, backward_from: str | None = None) -> list[dict]:
    """Every page of a cursor walk, following ``next`` (or ``previous`` from
    ``backward_from``); asserts the shape of each page."""
    pages = []
    link: str | None = backward_from or "start"
    cursor = "" if backward_from is None else cursor_of(backward_from)
    while link is not None:
        response = client.get(path, {**params, "cursor": cursor})
        assert response.status_code == 200, response.content
        body = response.json()
        assert "count" not in body
        pages.append(body)
        link = body["previous"] if backward_from else body["next"]
        cursor = cursor_of(link)
    return pages


def ids(pages: list[dict]) -> list[int]:
    return [row["id"] for page in pages for row in page["results"]]


def numbered(client, path: str, params: dict | None = None) -> list[int]:
    """The ids in page-number order (the list's documented order)."""
    response = client.get(path, {**(params or {}), "pageSize": 500})
    assert response.status_code == 200, response.content
    return [row["id"] for row in response.json()["results"]]


def cursor_error(response) -> dict:
    assert response.status_code == 400, (response.status_code, response.content)
    assert response["Content-Type"] == PROBLEM
    params = response.json()["invalidParams"]
    assert params[0]["name"] == "cursor", params
    return params[0]


@pytest.fixture
def people(dordrecht, steps) -> list[Participant]:
    """Eleven Dordrecht participants, with name ties (the id decides) and one placement each
    at company A, with two days of attendance."""
    municipality = dordrecht.municipality
    enrolment = enrolment_of(dordrecht, dordrecht.lwb_a)
    names = [("Jan", "de Vries")] * 3 + [("Anna", "Bakker"), ("Piet", "Bakker")] * 2
    names += [("Els", "Smit"), ("Kees", "Visser"), ("Mo", "Aydin"), ("Lot", "Zwart")]
    found = []
    with in_tenant(municipality):
        for number, (first, last) in enumerate(names):
            person = ParticipantFactory(municipality=municipality, first_name=first, last_name=last)
            placed = PlacementFactory(
                municipality=municipality,
                participant=person,
                enrolment=enrolment,
                start_date=D(2022, 1 + number % 3, 1),
            )
            for day in (D(2022, 4, 4), D(2022, 4, 5)):
                AttendanceFactory(
                    municipality=municipality,
                    placement=placed,
                    day=day,
                    entered_by=dordrecht.lwb_a_supervisor,
                )
            found.append(person)
    return found


LISTS = [
    ("participants", "consultant", {}),
    ("participants", "lwb_a_admin", {}),
    ("placements", "account_holder", {}),
    ("placements", "lwb_a_supervisor", {"kind": "regular"}),
    ("attendance", "consultant", {}),
    ("attendance", "lwb_a_supervisor", {"from": "2022-04-05"}),
]


@pytest.mark.parametrize(("resource", "who", "params"), LISTS, ids=lambda v: str(v))
def test_walking_forward_and_back_gives_every_row_once_in_the_lists_order(
    client, dordrecht, people, resource, who, params
):
    login(client, getattr(dordrecht, who))
    path = url(dordrecht, resource)
    expected = numbered(client, path, params)
    assert len(expected) >= 11
    forward = walk(client, path, {**params, "pageSize": 3})
    assert ids(forward) == expected
    assert forward[0]["previous"] is None and forward[-1]["next"] is None
    assert all(len(page["results"]) == 3 for page in forward[:-1])
    # Back from the last page: the same rows, the same pages.
    back = walk(client, path, {**params, "pageSize": 3}, backward_from=forward[-1]["previous"])
    assert ids(list(reversed(back))) == expected[: -len(forward[-1]["results"])]
    assert back[-1]["previous"] is None


def test_rows_added_during_a_walk_neither_repeat_nor_skip_a_row(client, dordrecht, people):
    login(client, dordrecht.consultant)
    path = url(dordrecht, "participants")
    before = numbered(client, path)
    first = client.get(path, {"cursor": "", "pageSize": 4}).json()
    with in_tenant(dordrecht.municipality):
        # One before the walk's position (it is past that place), one after it.
        early = ParticipantFactory(
            municipality=dordrecht.municipality, last_name="Aaa", first_name="A"
        )
        late = ParticipantFactory(
            municipality=dordrecht.municipality, last_name="Zzz", first_name="Z"
        )
    seen = [row["id"] for row in first["results"]]
    cursor = cursor_of(first["next"])
    while cursor is not None:
        page = client.get(path, {"cursor": cursor, "pageSize": 4}).json()
        seen += [row["id"] for row in page["results"]]
        cursor = cursor_of(page["next"])
    assert len(seen) == len(set(seen))
    assert [pk for pk in seen if pk != late.pk] == before
    assert late.pk in seen and early.pk not in seen


def test_a_filter_holds_across_the_pages(client, dordrecht, people):
    login(client, dordrecht.consultant)
    path = url(dordrecht, "participants")
    pages = walk(client, path, {"name": "bakker", "pageSize": 1})
    assert len(pages) == 4
    assert {row["last_name"] for page in pages for row in page["results"]} == {"Bakker"}
    # Each page is one list read, logged with its filter; the cursor is paging, no filter.
    with in_tenant(dordrecht.municipality):
        events = ReadEvent.objects.filter(object_type="participatie.participant")
        assert [e.filters for e in events] == [{"name": "bakker"}] * 4


def test_without_cursor_the_list_keeps_page_numbers_and_count(client, dordrecht, people):
    login(client, dordrecht.account_holder)
    body = client.get(url(dordrecht, "placements"), {"pageSize": 5, "page": 2}).json()
    assert body["count"] == 11
    assert "page=3" in body["next"] and "cursor" not in body["next"]


# -- bad cursors ----------------------------------------------------------------------------


def _next_cursor(client, path: str, params: dict | None = None) -> str:
    body = client.get(path, {**(params or {}), "cursor": "", "pageSize": 2}).json()
    return cursor_of(body["next"])


def test_a_changed_cursor_is_400_naming_cursor(client, dordrecht, people):
    login(client, dordrecht.consultant)
    path = url(dordrecht, "participants")
    cursor = _next_cursor(client, path)
    for bad in (cursor[:-1] + ("A" if cursor[-1] != "A" else "B"), "x" + cursor, "nonsense"):
        error = cursor_error(client.get(path, {"cursor": bad}))
        assert error["code"] == "invalid"
        assert "cursor is ongeldig" in error["reason"]


def test_a_cursor_used_with_other_filters_is_stale(client, dordrecht, people):
    login(client, dordrecht.account_holder)
    path = url(dordrecht, "placements")
    cursor = _next_cursor(client, path, {"kind": "regular"})
    error = cursor_error(client.get(path, {"cursor": cursor, "kind": "second"}))
    assert error["code"] == "stale"
    assert "andere filters" in error["reason"]
    # Another page size is no other filter; the old name of pageSize neither.
    assert (
        client.get(path, {"cursor": cursor, "kind": "regular", "page_size": 5}).status_code == 200
    )


def test_a_cursor_whose_row_is_gone_is_stale(client, dordrecht, people):
    login(client, dordrecht.consultant)
    path = url(dordrecht, "attendance")
    body = client.get(path, {"cursor": "", "pageSize": 2}).json()
    with in_tenant(dordrecht.municipality):
        from participatie.models import Attendance

        Attendance.objects.filter(pk=body["results"][-1]["id"]).delete()
    error = cursor_error(client.get(path, {"cursor": cursor_of(body["next"]), "pageSize": 2}))
    assert error["code"] == "stale"


def test_the_reason_is_english_when_the_user_chose_english(client, dordrecht, people):
    dordrecht.consultant.language = "en"
    dordrecht.consultant.save(update_fields=["language"])
    login(client, dordrecht.consultant)
    error = cursor_error(client.get(url(dordrecht, "participants"), {"cursor": "nonsense"}))
    assert "cursor is not valid" in error["reason"]


def test_cursor_and_page_together_are_400(client, dordrecht, people):
    login(client, dordrecht.consultant)
    error = cursor_error(client.get(url(dordrecht, "participants"), {"cursor": "", "page": 2}))
    assert error["code"] == "cursor_with_page"


def test_unknown_parameters_are_still_400_with_a_cursor(client, dordrecht, people):
    login(client, dordrecht.consultant)
    response = client.get(url(dordrecht, "placements"), {"cursor": "", "sort": "name"})
    assert response.status_code == 400
    assert [p["name"] for p in response.json()["invalidParams"]] == ["sort"]


# -- tenancy ----------------------------------------------------------------------------------


def test_a_cursor_of_one_municipality_is_refused_in_another(client, dordrecht, zwijndrecht, people):
    with in_tenant(zwijndrecht.municipality):
        for _ in range(3):
            ParticipantFactory(municipality=zwijndrecht.municipality)
    login(client, dordrecht.consultant)
    cursor = _next_cursor(client, url(dordrecht, "participants"))
    login(client, zwijndrecht.consultant)
    error = cursor_error(client.get(url(zwijndrecht, "participants"), {"cursor": cursor}))
    assert error["code"] == "invalid"
    # And Dordrecht's address stays closed to Zwijndrecht, cursor or not.
    response = client.get(url(dordrecht, "participants"), {"cursor": cursor})
    assert response.status_code in (403, 404)
    assert "results" not in response.json()


def test_a_cursor_is_bound_to_its_user_and_its_list(client, dordrecht, people):
    login(client, dordrecht.consultant)
    cursor = _next_cursor(client, url(dordrecht, "participants"))
    assert cursor_error(client.get(url(dordrecht, "placements"), {"cursor": cursor}))
    login(client, dordrecht.account_holder)
    assert cursor_error(client.get(url(dordrecht, "participants"), {"cursor": cursor}))


def test_a_company_walks_only_its_own_placements(client, dordrecht, people):
    enrolment_b = enrolment_of(dordrecht, dordrecht.lwb_b)
    with in_tenant(dordrecht.municipality):
        theirs = {
            PlacementFactory(municipality=dordrecht.municipality, enrolment=enrolment_b).pk
            for _ in range(4)
        }
    login(client, dordrecht.lwb_a_supervisor)
    for resource in ("placements", "participants", "attendance"):
        rows = ids(walk(client, url(dordrecht, resource), {"pageSize": 2}))
        assert rows, resource
        if resource == "placements":
            assert not theirs & set(rows)
            assert len(rows) == 11
    login(client, dordrecht.lwb_b_admin)
    rows = ids(walk(client, url(dordrecht, "placements"), {"pageSize": 2}))
    assert set(rows) == theirs


# -- cost -------------------------------------------------------------------------------------


@pytest.mark.parametrize("resource", ["participants", "placements", "attendance"])
def test_a_cursor_page_costs_the_same_number_of_queries_however_many_rows(
    client, dordrecht, people, django_assert_max_num_queries, resource
):
    login(client, dordrecht.account_holder)
    path = url(dordrecht, resource)
    cursor = _next_cursor(client, path)
    deep = f"{path}?cursor={cursor}&pageSize=2"
    few = count_queries(client, deep)
    enrolment = enrolment_of(dordrecht, dordrecht.lwb_a)
    with in_tenant(dordrecht.municipality):
        for _ in range(20):
            placed = PlacementFactory(municipality=dordrecht.municipality, enrolment=enrolment)
            AttendanceFactory(
                municipality=dordrecht.municipality,
                placement=placed,
                entered_by=dordrecht.lwb_a_supervisor,
            )
    with django_assert_max_num_queries(few):
        assert client.get(deep).status_code == 200
