"""The language a user chose follows them, whatever their browser asks for."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client

from tests.conftest import login

pytestmark = pytest.mark.django_db


def test_choosing_a_language_stores_it_on_the_user(client, dordrecht):
    user = dordrecht.account_holder
    login(client, user)
    response = client.post("/accounts/taal/", {"language": "en", "next": "/dordrecht/"})
    assert response.status_code == 302
    assert response["Location"] == "/dordrecht/"
    user.refresh_from_db()
    assert user.language == "en"
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"


def test_user_who_chose_english_gets_english_with_a_dutch_browser(dordrecht):
    user = dordrecht.account_holder
    user.language = "en"
    user.save(update_fields=["language"])
    client = Client()  # a fresh browser: no language cookie
    login(client, user)
    html = client.get("/dordrecht/", HTTP_ACCEPT_LANGUAGE="nl").content.decode()
    assert '<html lang="en"' in html
    assert "Skip to content" in html


def test_user_who_chose_dutch_gets_dutch_with_an_english_browser(dordrecht):
    user = dordrecht.account_holder
    user.language = "nl"
    user.save(update_fields=["language"])
    client = Client()
    login(client, user)
    html = client.get("/dordrecht/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert '<html lang="nl"' in html
    assert "Direct naar de inhoud" in html


def test_user_without_a_choice_follows_the_browser(dordrecht):
    user = dordrecht.account_holder
    client = Client()
    login(client, user)
    html = client.get("/dordrecht/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert '<html lang="en"' in html


def test_anonymous_language_switch_sets_only_the_cookie(client):
    response = client.post("/accounts/taal/", {"language": "en", "next": "/accounts/login/"})
    assert response.status_code == 302
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"


def test_unknown_language_changes_nothing(client, dordrecht):
    user = dordrecht.account_holder
    login(client, user)
    client.post("/accounts/taal/", {"language": "xx", "next": "/dordrecht/"})
    user.refresh_from_db()
    assert user.language == ""


def test_footer_switch_posts_to_the_storing_view(client, dordrecht):
    login(client, dordrecht.account_holder)
    html = client.get("/dordrecht/").content.decode()
    assert 'action="/accounts/taal/"' in html
