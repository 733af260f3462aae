"""The cheap ``get_<field>_display()`` (participatie.kernel.labels) says what Django's says, in
the active language, for every choice of every tenant-owned model, without translating the
labels it does not show."""

from __future__ import annotations

from unittest import mock

from django.apps import apps
from django.db.models import Model
from django.utils import translation

from matching.choices import ReferralSource
from matching.models import Referral
from participatie.tenancy.base import TenantModel


def _django_display(obj: Model, field) -> str:
    return Model._get_FIELD_display(obj, field)  # type: ignore[attr-defined]


def test_every_choice_of_every_tenant_model_reads_as_djangos():
    checked = 0
    for model in apps.get_models():
        if not issubclass(model, TenantModel):
            continue
        for field in model._meta.concrete_fields:
            if not field.choices:
                continue
            for value, _label in [*field.flatchoices, ("not-a-choice", None)]:
                obj = model(**{field.attname: value})
                for language in ("nl", "en"):
                    with translation.override(language):
                        assert obj._get_FIELD_display(field) == _django_display(obj, field)
                checked += 1
    assert checked > 50  # the loop above really met the project's choices


def test_the_label_follows_the_active_language():
    referral = Referral(source=ReferralSource.SELF)
    with translation.override("nl"):
        assert referral.get_source_display() == "Zelfmelder"
    with translation.override("en"):
        english = referral.get_source_display()
        assert english == translation.gettext("Zelfmelder") != "Zelfmelder"


def test_one_display_translates_one_label():
    field = Referral._meta.get_field("source")
    referral = Referral(source=field.flatchoices[-1][0])
    referral.get_source_display()  # the map is built once, on first use
    with mock.patch(
        "django.utils.translation._trans.gettext", side_effect=lambda text: text
    ) as gettext:
        referral.get_source_display()
    assert gettext.call_count == 1
