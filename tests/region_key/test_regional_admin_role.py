"""The regional administrator: invited into the regional body, and only there; after accepting
the invitation they land on the region's pages with the budget key and effort links."""

from __future__ import annotations

import pytest
from allauth.mfa.totp.internal.auth import TOTP
from django.core import mail
from django.core.exceptions import ValidationError

from participatie.accounts.forms import InvitationForm
from participatie.accounts.services import invitation_accept, invitation_create
from participatie.choices import Role
from participatie.models import Membership, Organisation
from participatie.tenancy.permissions import Perm, permissions_for
from tests.conftest import login
from tests.factories import TEST_TOTP_SECRET, MembershipFactory, UserFactory


@pytest.fixture
def platform_admin(dordrecht):
    user = UserFactory(email="platform@example.nl")
    MembershipFactory(user=user, organisation=dordrecht.office, role=Role.PLATFORM_ADMIN)
    return user


def test_the_role_gives_the_regional_view_and_management():
    assert permissions_for({Role.REGIONAL_ADMIN}) == {Perm.REGION_VIEW, Perm.REGION_MANAGE}
    assert Perm.REGION_MANAGE not in permissions_for({Role.REGIONAL_ANALYST})
    assert Perm.REGION_MANAGE not in permissions_for({Role.ACCOUNT_HOLDER})


def test_the_invitation_form_offers_the_role(platform_admin, regional_body: Organisation):
    form = InvitationForm(
        {
            "email": "nieuw@drechtsteden.example.nl",
            "organisation": regional_body.pk,
            "role": Role.REGIONAL_ADMIN,
        },
        organisations=Organisation.objects.all(),
    )
    assert form.is_valid(), form.errors
    assert (Role.REGIONAL_ADMIN, "Beheerder regio") in form.fields["role"].choices


def test_invited_into_the_regional_body_and_working_on_the_region(
    client, platform_admin, regional_body, dordrecht, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):  # the mail leaves after commit
        invitation_create(
            inviter=platform_admin,
            email="nieuw@drechtsteden.example.nl",
            organisation=regional_body,
            role=Role.REGIONAL_ADMIN,
        )
    raw = mail.outbox[-1].body.split("/accounts/uitnodiging/")[1].split("/")[0]
    user = invitation_accept(
        raw_token=raw, password="Lange-Zin-Met-Woorden-42", first_name="Ria", last_name="Regio"
    )
    assert Membership.objects.filter(
        user=user, organisation=regional_body, role=Role.REGIONAL_ADMIN
    ).exists()
    TOTP.activate(user, TEST_TOTP_SECRET)  # the second factor, set up after accepting
    login(client, user)
    assert client.get("/")["Location"] == "/regio/drechtsteden/"
    home = client.get("/regio/drechtsteden/").content.decode()
    assert 'href="/regio/drechtsteden/budgetverdeling/"' in home
    assert 'href="/regio/drechtsteden/inspanningsverplichting/"' in home


def test_the_role_does_not_fit_a_municipal_office(platform_admin, dordrecht):
    with pytest.raises(ValidationError) as error:
        invitation_create(
            inviter=platform_admin,
            email="nieuw@dordrecht.example.nl",
            organisation=dordrecht.office,
            role=Role.REGIONAL_ADMIN,
        )
    assert "role" in error.value.message_dict
