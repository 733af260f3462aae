"""Browsers ask for a favicon on every page: it answers without a login, so the log holds no
404 for it."""

from __future__ import annotations

import re


def test_favicon_ico_answers_without_login(client, db):
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    assert response["Content-Type"] in {"image/x-icon", "image/vnd.microsoft.icon"}
    assert b"".join(response.streaming_content)[:4] == b"\x00\x00\x01\x00"


def test_every_page_links_an_icon_that_answers_without_login(client, db):
    page = client.get("/accounts/login/")
    assert page.status_code == 200
    links = re.findall(
        r'<link rel="icon" href="([^"]+)" type="image/svg\+xml">', page.content.decode()
    )
    assert len(links) == 1
    response = client.get(links[0])
    assert response.status_code == 200
    assert response["Content-Type"].startswith("image/svg+xml")
    assert b"<svg" in b"".join(response.streaming_content)
