"""Shared by the mail tests: a platform administrator, what waits for whom (a test provider in
place of the real ones, which other features register), an SMTP server on loopback, and a
decision of Dordrecht that is approved and ready to send."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from dataclasses import dataclass, field

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import Envelope

from participatie import waiting
from participatie.choices import Role
from participatie.waiting import WaitingItem
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory
from tests.subsidies_decisions.helpers import approved, setup_money


@pytest.fixture
def platform_admin(db):
    body = OrganisationFactory(
        slug="platform-beheer", name="Platformbeheer", regional_body=True, kvk_number=""
    )
    user = UserFactory(email="beheer@platform.example.nl")
    MembershipFactory(user=user, organisation=body, role=Role.PLATFORM_ADMIN)
    return user


@dataclass
class Waiting:
    """What the test provider says waits: ``counts[(user email, municipality slug)]``."""

    counts: dict[tuple[str, str], int] = field(default_factory=dict)

    def provider(self, access) -> list[WaitingItem]:
        count = self.counts.get((access.user.email, access.municipality.slug), 0)
        return [
            WaitingItem(
                key="test.things_to_do",
                label="Dingen om te doen",
                count=count,
                url=f"/{access.municipality.slug}/te-doen/",
            )
        ]


@pytest.fixture
def waits(monkeypatch) -> Waiting:
    """Only the test provider answers "what waits" (registered for this test, removed after)."""
    state = Waiting()
    monkeypatch.setattr(waiting, "_providers", [])
    waiting.register_waiting(state.provider)
    return state


@pytest.fixture
def decision(dordrecht):
    """Dordrecht's 2022 decision for Kringloop Dordrecht, approved (letter rendered)."""
    setup_money(dordrecht)
    return approved(dordrecht)


class Collecting:
    """An SMTP handler that accepts every mail and keeps it."""

    def __init__(self) -> None:
        self.envelopes: list[Envelope] = []

    async def handle_DATA(self, server, session, envelope) -> str:
        self.envelopes.append(envelope)
        return "250 Message accepted for delivery"


class Refusing:
    """An SMTP handler that refuses every recipient, as a server does for a full mailbox."""

    def __init__(self) -> None:
        self.tries = 0

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options) -> str:
        self.tries += 1
        return "550 5.2.2 Mailbox full"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class SmtpServer:
    port: int
    handler: object


def _use_smtp(settings, port: int) -> None:
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = port
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = ""
    settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_TIMEOUT = 5
    settings.DEFAULT_FROM_EMAIL = "Participatie <noreply@participatie.example.nl>"


def _serve(settings, handler) -> Iterator[SmtpServer]:
    port = free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    _use_smtp(settings, port)
    try:
        yield SmtpServer(port=port, handler=handler)
    finally:
        controller.stop()


@pytest.fixture
def smtp_server(settings) -> Iterator[SmtpServer]:
    """A real SMTP server on loopback that accepts everything; Django sends to it."""
    yield from _serve(settings, Collecting())


@pytest.fixture
def refusing_smtp_server(settings) -> Iterator[SmtpServer]:
    """A real SMTP server on loopback that answers 550 to every recipient."""
    yield from _serve(settings, Refusing())


@pytest.fixture
def smtp_down(settings) -> int:
    """Django sends to a loopback port where nothing listens (the mail server is down)."""
    port = free_port()
    _use_smtp(settings, port)
    return port
