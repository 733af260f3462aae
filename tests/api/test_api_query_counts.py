"""Every list answers in a constant number of queries: the same for 1 row as for 30."""

from __future__ import annotations

import pytest

from tests.api.conftest import count_queries, populate, url
from tests.conftest import login

LISTS = [
    ("participants", "consultant"),
    ("participants", "account_holder"),
    ("participants", "lwb_a_admin"),
    ("referrals", "consultant"),
    ("intakes", "consultant"),
    ("placements", "account_holder"),
    ("placements", "lwb_a_supervisor"),
    ("step-decisions", "account_holder"),
    ("step-decisions", "lwb_a_admin"),
    ("objections", "account_holder"),
    ("objections", "lwb_a_admin"),
    ("steps", "consultant"),
]


@pytest.mark.parametrize(("resource", "who"), LISTS, ids=lambda v: str(v))
def test_list_query_count_does_not_grow_with_rows(
    client, dordrecht, steps, django_assert_max_num_queries, resource, who
):
    login(client, getattr(dordrecht, who))
    path = url(dordrecht, resource)
    populate(dordrecht, dordrecht.lwb_a, 1)
    populate(dordrecht, dordrecht.lwb_b, 1)  # another company's rows, hidden from company users
    one = count_queries(client, path)
    populate(dordrecht, dordrecht.lwb_a, 29)
    with django_assert_max_num_queries(one):
        response = client.get(path)
    assert response.status_code == 200
    assert response.json()["count"] >= (2 if resource == "steps" else 30)
    # Session, MFA, municipality, memberships, savepoints and session save included.
    assert one <= 15, f"{resource}: {one} queries for a page"
