"""``manage.py run_report``: start a run from the shell; ``--wait`` prints the file paths."""

from __future__ import annotations

import datetime
import io
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from tests.reports.conftest import SLUG, place

pytestmark = pytest.mark.django_db


def run_report(*args: str) -> list[str]:
    out = io.StringIO()
    call_command("run_report", *args, stdout=out)
    return out.getvalue().split()


@pytest.mark.django_db(transaction=True)  # --wait needs the request committed
def test_wait_prints_the_paths_of_the_files(test_kind, dordrecht):
    place(dordrecht, "Jansen", datetime.date(2022, 3, 1))
    paths = run_report(SLUG, "dordrecht", "--year", "2022", "--wait")
    assert [Path(p).suffix for p in paths] == [".pdf", ".xlsx", ".csv"]
    assert all(Path(p).stat().st_size > 0 for p in paths)
    (pdf,) = run_report(SLUG, "dordrecht", "--year", "2022", "--wait", "--format", "pdf")
    assert pdf == paths[0]  # the same data: the same run
    (forced,) = run_report(
        SLUG, "dordrecht", "--year", "2022", "--wait", "--force", "--format", "pdf"
    )
    assert forced != pdf


def test_a_region_slug_makes_a_regional_run(test_kind, region, dordrecht):
    place(dordrecht, "Jansen", datetime.date(2022, 3, 1))
    reference, state = run_report(SLUG, region.slug, "--year", "2022")
    assert state in {"queued", "reused"} and len(reference) == 36


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("horoscope", "dordrecht", "--year", "2022"), "Unknown report kind 'horoscope'"),
        ((SLUG, "atlantis", "--year", "2022"), "No municipality or region with slug 'atlantis'"),
        ((SLUG, "dordrecht", "--year", "2099"), "ligt in de toekomst"),
        ((SLUG, "dordrecht", "--year", "2021"), "Geen gegevens voor 2021"),
        ((SLUG, "dordrecht", "--param", "year"), "NAME=VALUE"),
    ],
)
def test_bad_input_is_a_clear_error(test_kind, dordrecht, args, message):
    place(dordrecht, "Jansen", datetime.date(2022, 3, 1))
    with pytest.raises(CommandError, match=message):
        run_report(*args)
