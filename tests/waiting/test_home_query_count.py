"""The home page with everything that waits for the user costs the same number of queries for
1 and for 50 pending items of every kind, for an account holder, a company's administrator and
a consultant (issue 13, "Speed")."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.conftest import login
from tests.waiting.pending import make_pending

ROLES = {
    # The decisions are drafted by the first account holder: they wait for the second.
    "account_holder": ("second_account_holder", "Beschikkingen om goed te keuren"),
    "company_admin": ("lwb_a_admin", "Declaraties klaar om te bevestigen"),
    "consultant": ("consultant", "Verzuimsignalen om op te volgen"),
}


def _home(client) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get("/dordrecht/")
    assert response.status_code == 200
    return len(captured), response.content.decode()


@pytest.mark.parametrize("role", ROLES)
def test_home_query_count_is_the_same_for_1_and_50_pending_items(client, dordrecht, role):
    user_attribute, plural_label = ROLES[role]
    login(client, getattr(dordrecht, user_attribute))
    make_pending(dordrecht, 1)
    _home(client)  # the session's first request reads more (session, language)
    one, _ = _home(client)
    make_pending(dordrecht, 49)
    fifty, html = _home(client)
    assert plural_label in html  # the 50 items are on the page, not left out
    assert fifty == one, f"{role}: {one} queries with 1 pending item, {fifty} with 50"
