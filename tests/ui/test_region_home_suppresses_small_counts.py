"""The region home follows the reports' one rule for small counts: 1 to 4 is "<5", its rate
is hidden, and so is the total that would give it away."""

from __future__ import annotations

from participatie.models import Enrolment
from participatie.reports.content import SUPPRESSED
from tests.conftest import in_tenant, login
from tests.factories import PlacementFactory


def test_four_placements_in_a_municipality_show_as_less_than_five(client, world, regional_analyst):
    dordrecht = world["dordrecht"]
    with in_tenant(dordrecht.municipality):
        enrolment = Enrolment.objects.get(organisation=dordrecht.lwb_a)
        PlacementFactory.create_batch(4, municipality=dordrecht.municipality, enrolment=enrolment)
    login(client, regional_analyst)

    response = client.get("/regio/drechtsteden/")

    assert response.status_code == 200
    rows = {row.name: row for row in response.context["rows"]}
    assert rows["Dordrecht"].occupied == SUPPRESSED
    assert rows["Dordrecht"].rate is None
    assert response.context["totals"].occupied == SUPPRESSED
    assert rows["Zwijndrecht"].occupied == 0
    html = response.content.decode()
    dordrecht_row = html.split(">Dordrecht</th>")[1].split("</tr>")[0]
    assert "&lt;5" in dordrecht_row
    assert ">4<" not in dordrecht_row
