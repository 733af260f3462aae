from __future__ import annotations

import pytest

from participatie.choices import Role
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory


@pytest.fixture
def platform_org(db):
    return OrganisationFactory(
        slug="platform-beheer", name="Platformbeheer", regional_body=True, kvk_number=""
    )


@pytest.fixture
def platform_admin(platform_org):
    """A platform administrator who is not a Django superuser: the role alone opens /beheer/."""
    user = UserFactory(email="beheer@platform.example.nl")
    MembershipFactory(user=user, organisation=platform_org, role=Role.PLATFORM_ADMIN)
    return user


def make_invitation(organisation, *, email="open@example.nl", role=Role.POLICY_OFFICER, by=None):
    """An open invitation as ``invitation_create`` leaves it, without sending mail."""
    import secrets
    from datetime import timedelta

    from django.utils import timezone

    from participatie.accounts.models import hash_secret
    from participatie.models import Invitation

    return Invitation.objects.create(
        email=email,
        organisation=organisation,
        role=role,
        token_hash=hash_secret(secrets.token_urlsafe(16)),
        created_by=by or UserFactory(mfa=False),
        expires_at=timezone.now() + timedelta(days=7),
    )
