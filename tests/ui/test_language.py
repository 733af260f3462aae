"""Dutch first; English available through the language switch in the footer."""

from __future__ import annotations

from django.conf import settings

from tests.conftest import login


def test_pages_are_dutch_by_default(client, dordrecht):
    login(client, dordrecht.account_holder)
    html = client.get("/dordrecht/", HTTP_ACCEPT_LANGUAGE="").content.decode()
    assert '<html lang="nl"' in html
    assert "Direct naar de inhoud" in html


def test_language_switch_gives_english_pages(client, dordrecht):
    login(client, dordrecht.account_holder)
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/dordrecht/"})
    assert response.status_code == 302
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    html = client.get("/dordrecht/").content.decode()
    assert '<html lang="en"' in html
    assert "Skip to content" in html
    assert "What is waiting for me" in html
