"""The effort-obligation page: the regional admin saves met / not met with a note for every
member at once; bad input writes nothing and keeps what was typed."""

from __future__ import annotations

from subsidies.models import EffortObligation
from tests.conftest import login

URL = "/regio/drechtsteden/inspanningsverplichting/"


def _data(members, **overrides):
    data = {"year": "2022"}
    for municipality in members.values():
        data[f"met_{municipality.pk}"] = "ja"
        data[f"note_{municipality.pk}"] = ""
    data.update(overrides)
    return data


def test_admin_saves_every_member_and_only_changes_later(client, members, regional_admin):
    login(client, regional_admin)
    page = client.get(f"{URL}?jaar=2022")
    assert page.status_code == 200 and 'type="radio"' in page.content.decode()
    zwijndrecht = members["Zwijndrecht"]
    response = client.post(
        f"{URL}?jaar=2022",
        _data(
            members,
            **{
                f"met_{zwijndrecht.pk}": "nee",
                f"note_{zwijndrecht.pk}": "Geen plekken aangeboden.",
            },
        ),
    )
    assert response.status_code == 302
    rows = {o.municipality.name: o for o in EffortObligation.objects.select_related("municipality")}
    assert set(rows) == set(members)
    assert rows["Zwijndrecht"].met is False
    assert rows["Zwijndrecht"].note == "Geen plekken aangeboden."
    assert rows["Zwijndrecht"].set_by == regional_admin
    assert all(o.met for name, o in rows.items() if name != "Zwijndrecht")
    page = client.get(f"{URL}?jaar=2022").content.decode()
    assert "Geen plekken aangeboden." in page

    # The page starts from what was saved; saving it unchanged writes nothing.
    form = client.get(f"{URL}?jaar=2022").context["form"]
    assert form[f"met_{zwijndrecht.pk}"].value() == "nee"
    stamp = EffortObligation.objects.get(municipality=zwijndrecht).set_at
    assert (
        client.post(
            f"{URL}?jaar=2022",
            _data(
                members,
                **{
                    f"met_{zwijndrecht.pk}": "nee",
                    f"note_{zwijndrecht.pk}": "Geen plekken aangeboden.",
                },
            ),
        ).status_code
        == 302
    )
    assert EffortObligation.objects.get(municipality=zwijndrecht).set_at == stamp


def test_bad_input_writes_nothing_and_keeps_the_input(client, members, regional_admin):
    login(client, regional_admin)
    dordrecht = members["Dordrecht"]
    zwijndrecht = members["Zwijndrecht"]
    cases = [
        ({f"met_{dordrecht.pk}": ""}, f"met_{dordrecht.pk}", "verplicht"),
        ({f"met_{dordrecht.pk}": "misschien"}, f"met_{dordrecht.pk}", "Kies"),
        ({f"note_{dordrecht.pk}": "x" * 2001}, f"note_{dordrecht.pk}", "hoogstens"),
        ({"year": "1999"}, "year", "2000"),
    ]
    for overrides, field, words in cases:
        data = _data(members, **{f"note_{zwijndrecht.pk}": "Getypte toelichting"}, **overrides)
        response = client.post(f"{URL}?jaar=2022", data)
        assert response.status_code == 400, overrides
        form = response.context["form"]
        assert words in " ".join(form.errors[field]), form.errors
        assert form[f"note_{zwijndrecht.pk}"].value() == "Getypte toelichting"
    assert not EffortObligation.objects.exists()
