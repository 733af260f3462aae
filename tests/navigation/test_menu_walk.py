"""Every role finds its work from its menu (issue 13, item 3).

For each role: log in, start on the page the site sends the user to, and follow every link on
every page reached (breadth-first, same site, GET only, a bounded depth; logout and Django's own
admin are skipped, a file download is fetched but not read). Any answer other than 200, or a
redirect that ends anywhere but a 200 page, is a dead link and fails the test.

Then the walk is held against the URL patterns: every named page the role may open must have
been reached. "May open" is what the view declares: ``@permission_required(Perm.X)`` on a tenant
or regional page (``view.permission``), ``platform_admin_only`` on ``/beheer/``, and the own
account pages below. A page the role may open that no link leads to fails the test with its
name: it would be a page reachable only by typing its URL. New pages (and their menu entries)
are picked up without touching this file; a page that is legitimately not a link target goes in
``NOT_LINKED`` with the reason.
"""

from __future__ import annotations

from collections import deque
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import pytest
from django.urls import Resolver404, resolve

from participatie.platform.access import platform_admin_required  # noqa: F401 (the mark it sets)
from participatie.tenancy.permissions import ORGANISATION_ADMIN_ROLES, Perm
from tests.conftest import login
from tests.navigation.world import World, build_world
from tests.tenancy.urlwalk import _walk

# Named pages that no link, button or htmx request of a page leads to, and why. Keep it short:
# a page missing from the menu belongs in the menu, not here. (Buttons are found: a POST form
# on a page reached counts its target as reached, and so does an hx-get/hx-post.)
NOT_LINKED = {
    # Polled by a report's page only while the report runs; the walk's reports are done.
    "participatie:reports:run-progress": "htmx: polled while a report runs",
    "regio:reports:run-progress": "htmx: polled while a report runs",
    "matching:import-progress": "htmx: polled while an import is checked or written",
    # The link in an invitation e-mail, with its secret token.
    "accounts:invitation-accept": "the link in an invitation e-mail",
}


# Pages a role's permission opens but its pages rightly do not offer it, and why.
NOT_OFFERED = {
    ("consultant", "participatie:attendance:cell"): "the matching unit reads the grid; it "
    "corrects attendance in its check",
    # A company's page opens for its own staff and for who sees every company; these roles
    # enter the municipality but are neither (the page answers 404 to them).
    **{
        (role, "participatie:enrolment-detail"): "no company of their own, no view of all"
        for role in ("privacy_officer", "client_manager", "partner_referrer")
    },
}


def is_download(name: str) -> bool:
    """Files: fetched when linked (a dead file link fails), but a role need not have one."""
    return name.endswith(("-pdf", "-download", "-xlsx", "-csv", "-errors"))


SKIP_PREFIXES = ("/accounts/logout/", "/admin/", "/static/", "/media/", "/api/")
MAX_DEPTH = 6
# The same page with other ids or query strings: a few are enough to find its links.
MAX_PER_NAME = 6


class _Targets(HTMLParser):
    """The links of a page, and what its forms and htmx attributes send to."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []  # followed (GET)
        self.actions: list[str] = []  # not followed: POST forms and htmx requests

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if tag == "a" and attributes.get("href"):
            self.links.append(attributes["href"] or "")
        if tag == "form":
            action = attributes.get("action") or ""
            if (attributes.get("method") or "get").lower() == "post":
                self.actions.append(action)
            else:
                self.links.append(action)
        for attribute in ("hx-get", "hx-post"):
            if attributes.get(attribute):
                self.actions.append(attributes[attribute] or "")


def _targets(html: str) -> _Targets:
    parser = _Targets()
    parser.feed(html)
    return parser


def _name(path: str) -> str | None:
    try:
        match = resolve(path)
    except Resolver404:
        return None
    return match.view_name


def _follow(href: str, base: str) -> str | None:
    """The same-site path (with query) of a link, or None when the walk does not follow it."""
    if href.startswith(("#", "mailto:", "tel:", "javascript:")):
        return None
    absolute = urljoin("http://testserver" + base, href)
    parts = urlsplit(absolute)
    if parts.netloc != "testserver" or parts.path.startswith(SKIP_PREFIXES):
        return None
    return parts.path + (f"?{parts.query}" if parts.query else "")


def walk(client) -> tuple[set[str], list[str], int]:
    """Walk from the landing page; the url names reached, the dead links, the pages fetched."""
    queue: deque[tuple[str, int, str]] = deque([("/", 0, "(login)")])
    seen: set[str] = set()
    per_name: dict[str, int] = {}
    reached: set[str] = set()
    dead: list[str] = []
    fetched = 0
    while queue:
        url, depth, source = queue.popleft()
        if url in seen:
            continue
        seen.add(url)
        path = urlsplit(url).path
        name = _name(path)
        if name is None:
            dead.append(f"{source} -> {url}: no such page")
            continue
        if per_name.get(name, 0) >= MAX_PER_NAME:
            continue
        per_name[name] = per_name.get(name, 0) + 1
        response = client.get(url)
        fetched += 1
        hops = 0
        while response.status_code in (301, 302) and hops < 5:
            target = _follow(response["Location"], path)
            if target is None or target.startswith("/accounts/login/"):
                break
            path = urlsplit(target).path
            name = _name(path) or name
            response = client.get(target)
            hops += 1
        if response.status_code != 200:
            dead.append(f"{source} -> {url}: {response.status_code}")
            continue
        reached.add(name)
        if is_download(name) or depth >= MAX_DEPTH:
            continue
        if "text/html" not in response.get("Content-Type", ""):
            continue
        found = _targets(response.content.decode())
        for href in found.links:
            target = _follow(href, path)
            if target is not None and target not in seen:
                queue.append((target, depth + 1, url))
        # A button (a POST form) or an htmx request on a page reached: its target is reached
        # too, without sending it.
        for action in found.actions:
            target = _follow(action, url)
            action_name = _name(urlsplit(target).path) if target else None
            if action_name is None:
                if target is not None:
                    dead.append(f"{url} -> form or htmx {target}: no such page")
                continue
            reached.add(action_name)
    return reached, dead, fetched


def _permissions(client, path: str) -> frozenset[Perm]:
    response = client.get(path)
    return frozenset(getattr(response.wsgi_request, "permissions", frozenset()))


def may_open(client, user, world: World) -> set[str]:
    """The named pages this user's roles let them open, from what each view declares."""
    municipality = world.side.municipality
    tenant = _permissions(client, f"/{municipality.slug}/")
    region = _permissions(client, f"/regio/{municipality.region.slug}/")
    roles = set(user.memberships.values_list("role", flat=True))
    names = set()
    for route, name, _pattern in _walk(__import__("django").urls.get_resolver().url_patterns):
        if name in NOT_LINKED or is_download(name) or route.startswith("api/"):
            continue
        if "<slug:municipality_slug>" in route or "<slug:region_slug>" in route:
            held = region if "<slug:region_slug>" in route else tenant
            sample = "/" + route.replace("<slug:municipality_slug>", municipality.slug)
            sample = sample.replace("<slug:region_slug>", municipality.region.slug)
            try:
                view = resolve(_sample(sample)).func
            except Resolver404:
                continue
            if getattr(view, "permission", None) in held:
                names.add(name)
        elif name.startswith("platform:"):
            if any(role == "platform_admin" for role in roles):
                names.add(name)
        elif name == "accounts:invitation-list":
            if roles & ORGANISATION_ADMIN_ROLES:
                names.add(name)
        elif name == "accounts:api-token-list":
            names.add(name)
    return names


def _sample(path: str) -> str:
    """A path of the pattern with plausible values (the view is all that is asked for)."""
    import re

    def fill(match: re.Match[str]) -> str:
        conv = match["conv"]
        return {"int": "1", "uuid": "00000000-0000-0000-0000-000000000000"}.get(conv, "x")

    return re.sub(r"<(?:(?P<conv>[^>:]+):)?(?P<name>[^>]+)>", fill, path)


ROLES = [
    "account_holder",
    "policy_officer",
    "consultant",
    "lwb_admin",
    "lwb_supervisor",
    "regional_analyst",
    "regional_admin",
    "platform_admin",
    "privacy_officer",
    "client_manager",
    "partner_referrer",
]


@pytest.fixture
def world(dordrecht, zwijndrecht, regional_analyst) -> World:
    return build_world(dordrecht, regional_analyst)


@pytest.mark.parametrize("role", ROLES)
def test_every_page_of_the_role_is_reachable_from_its_menu(client, world, role):
    user = world.users()[role]
    login(client, user)
    reached, dead, fetched = walk(client)
    assert not dead, f"{role}: dead links\n" + "\n".join(sorted(dead))
    missing = {
        name for name in may_open(client, user, world) - reached if (role, name) not in NOT_OFFERED
    }
    assert not missing, f"{role}: page reachable only by URL\n" + "\n".join(sorted(missing))
    assert fetched > 5, f"{role}: the walk fetched only {fetched} pages"
