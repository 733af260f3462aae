"""A municipality or region can never take a web address that the site itself uses."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import get_resolver

from participatie.models import Municipality
from participatie.models.tenancy import RESERVED_SLUGS


def test_every_fixed_first_url_segment_is_reserved():
    segments = {
        str(pattern.pattern).split("/")[0]
        for pattern in get_resolver().url_patterns
        if not str(pattern.pattern).startswith(("<", "^"))
    } - {""}
    assert "beheer" in segments
    assert segments <= RESERVED_SLUGS, segments - RESERVED_SLUGS


@pytest.mark.django_db
def test_the_model_refuses_beheer_as_slug():
    municipality = Municipality(name="Beheer", slug="beheer", cbs_code="GM0001")
    with pytest.raises(ValidationError) as excinfo:
        municipality.full_clean()
    assert "slug" in excinfo.value.message_dict
