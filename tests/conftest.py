"""The base world every test can use (healthchecks' alice/bob/charlie, pretix's conftest):

* region Drechtsteden with two municipalities, ``dordrecht`` and ``zwijndrecht``, and
  ``meierijstad`` in another region;
* per municipality: an office with an account holder (``<m>.account_holder``) and a policy
  officer, a matching unit with a consultant, and two learning-work companies (``lwb_a``,
  ``lwb_b``) each with an administrator and a supervisor;
* a regional analyst for Drechtsteden.

Tenant-owned rows are written inside ``tenant_context`` like the application does; tests that
read them wrap their queries in ``in_tenant(municipality)``.
"""

from __future__ import annotations

import os
import re
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

import pytest
from django.conf import settings as django_settings
from django.db import connection, transaction
from django.utils import translation
from pytest_django.fixtures import Settings

from participatie.choices import Role
from participatie.models import Municipality, Organisation, Region, User
from participatie.tenancy.context import tenant_context
from tests.factories import (
    EnrolmentFactory,
    MembershipFactory,
    MunicipalityFactory,
    OrganisationFactory,
    RegionFactory,
    ServiceAreaFactory,
    StepFactory,
    UserFactory,
)


def on_postgres() -> bool:
    return connection.vendor == "postgresql"


def pytest_configure(config: pytest.Config) -> None:
    """Each test process sends its Celery tasks to a queue of its own: the tests that start a
    real worker on Redis then never take another process's messages, whichever pytest-xdist
    worker runs them and whatever else shares the Redis database."""
    from config.celery import app

    worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
    app.conf.task_default_queue = f"tests-{worker}-{os.getpid()}"


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Say plainly which tests cannot run here and why, instead of passing them silently."""
    database_url = os.environ.get("DATABASE_URL", "")
    skip_pg = pytest.mark.skip(
        reason="needs PostgreSQL: set DATABASE_URL=postgres://... and DATABASE_APP_ROLE"
    )
    skip_redis = pytest.mark.skip(reason="needs Redis and a Celery worker: set REDIS_URL")
    for item in items:
        if "postgres" in item.keywords and not database_url.startswith("postgres"):
            item.add_marker(skip_pg)
        if "redis" in item.keywords and not os.environ.get("REDIS_URL"):
            item.add_marker(skip_redis)


@contextmanager
def in_tenant(*municipalities: Municipality) -> Iterator[None]:
    with transaction.atomic(), tenant_context([m.id for m in municipalities]):
        yield


@dataclass
class Side:
    """One municipality with its people and organisations."""

    municipality: Municipality
    office: Organisation
    matching_unit: Organisation
    lwb_a: Organisation
    lwb_b: Organisation
    account_holder: User
    second_account_holder: User
    policy_officer: User
    consultant: User
    lwb_a_admin: User
    lwb_a_supervisor: User
    lwb_b_admin: User
    extra: dict = field(default_factory=dict)


def make_side(slug: str, name: str, cbs: str, region: Region | None) -> Side:
    municipality = MunicipalityFactory(slug=slug, name=name, cbs_code=cbs, region=region)
    office = OrganisationFactory(
        slug=f"gemeente-{slug}", name=f"Gemeente {name}", office=True, municipality=municipality
    )
    matching_unit = OrganisationFactory(slug=f"mu-{slug}", name=f"MU {name}", matching_unit=True)
    lwb_a = OrganisationFactory(slug=f"lwb-a-{slug}", name=f"Kringloop {name}")
    lwb_b = OrganisationFactory(slug=f"lwb-b-{slug}", name=f"Dierenweide {name}")
    with in_tenant(municipality):
        ServiceAreaFactory(municipality=municipality, organisation=matching_unit)
        EnrolmentFactory(municipality=municipality, organisation=lwb_a)
        EnrolmentFactory(municipality=municipality, organisation=lwb_b)

    def member(role: str, organisation: Organisation, who: str) -> User:
        user = UserFactory(email=f"{who}@{slug}.example.nl")
        MembershipFactory(user=user, organisation=organisation, role=role)
        return user

    return Side(
        municipality=municipality,
        office=office,
        matching_unit=matching_unit,
        lwb_a=lwb_a,
        lwb_b=lwb_b,
        account_holder=member(Role.ACCOUNT_HOLDER, office, "accounthouder"),
        second_account_holder=member(Role.ACCOUNT_HOLDER, office, "accounthouder2"),
        policy_officer=member(Role.POLICY_OFFICER, office, "beleid"),
        consultant=member(Role.MU_CONSULTANT, matching_unit, "consulent"),
        lwb_a_admin=member(Role.LWB_ADMIN, lwb_a, "lwb-a-beheer"),
        lwb_a_supervisor=member(Role.LWB_SUPERVISOR, lwb_a, "lwb-a-begeleider"),
        lwb_b_admin=member(Role.LWB_ADMIN, lwb_b, "lwb-b-beheer"),
    )


@pytest.fixture
def region(db: None) -> Region:
    return RegionFactory(slug="drechtsteden", name="Drechtsteden")


@pytest.fixture
def dordrecht(region: Region) -> Side:
    return make_side("dordrecht", "Dordrecht", "GM0505", region)


@pytest.fixture
def zwijndrecht(region: Region) -> Side:
    return make_side("zwijndrecht", "Zwijndrecht", "GM0642", region)


@pytest.fixture
def meierijstad(db: None) -> Side:
    ibn = RegionFactory(slug="ibn", name="IBN")
    return make_side("meierijstad", "Meierijstad", "GM1948", ibn)


@pytest.fixture
def regional_analyst(region: Region) -> User:
    body = OrganisationFactory(
        slug="drechtsteden-regio",
        name="Sociaal Team Drechtsteden",
        regional_body=True,
        region=region,
    )
    user = UserFactory(email="analist@drechtsteden.example.nl")
    MembershipFactory(user=user, organisation=body, role=Role.REGIONAL_ANALYST)
    return user


def make_steps(municipality: Municipality, years: range = range(2021, 2027)) -> None:
    """Dordrecht's step catalogue (basis default, plus) for each year."""
    with in_tenant(municipality):
        for year in years:
            StepFactory(
                municipality=municipality, year=year, code="basis", label="Basis", position=1
            )
            StepFactory(
                municipality=municipality,
                year=year,
                code="plus",
                label="Plus",
                is_default=False,
                position=2,
            )


@pytest.fixture
def steps(dordrecht: Side, zwijndrecht: Side) -> None:
    make_steps(dordrecht.municipality)
    make_steps(zwijndrecht.municipality)


@pytest.fixture
def world(dordrecht: Side, zwijndrecht: Side, meierijstad: Side) -> dict[str, Side]:
    return {"dordrecht": dordrecht, "zwijndrecht": zwijndrecht, "meierijstad": meierijstad}


def login(client, user: User):
    """Log a test client in as someone who has passed the password and the TOTP step."""
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


@pytest.fixture(autouse=True)
def _default_language() -> Iterator[None]:
    """Every test starts in the default language. A request in English leaves English active in
    the worker's thread (Django does not reset it after a response), and a later test in the same
    worker would otherwise inherit it, depending on the order xdist deals the tests out."""
    translation.activate(django_settings.LANGUAGE_CODE)
    yield
    translation.activate(django_settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _media_root(settings: Settings, tmp_path_factory: pytest.TempPathFactory) -> None:
    """Letters and report files go to a temporary directory, never into the checkout."""
    settings.MEDIA_ROOT = tmp_path_factory.mktemp("media")


def assert_no_personal_data(text: str, people: Iterable[tuple[str, str, str]]) -> None:
    """No BSN and no first or last name of ``people`` as a whole word in ``text``: a short first
    name such as "Bo" is part of ordinary words such as "Budget", a name on its own is not."""
    for first_name, last_name, bsn in people:
        assert bsn not in text
        for name in (first_name, last_name):
            assert not re.search(rf"\b{re.escape(name)}\b", text), f"{name!r} in a regional output"


def at_the_same_moment(
    municipality: Municipality, action: Callable[[User], object], users: Iterable[User]
) -> list[str]:
    """Run ``action(user)`` for every user in its own thread (its own connection, inside the
    municipality's tenant), all released at once; each outcome is "done" or the Dutch messages
    of the ValidationError it raised."""
    from django.core.exceptions import ValidationError

    people = list(users)
    barrier = threading.Barrier(len(people))
    outcomes: list[str] = []

    def run(user: User) -> None:
        try:
            barrier.wait()
            with in_tenant(municipality):
                action(user)
            outcomes.append("done")
        except ValidationError as error:
            outcomes.append(" ".join(error.messages))
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(user,)) for user in people]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sorted(outcomes)
