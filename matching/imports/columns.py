"""The published template: its columns, what each means, the coded values, and the headings of
other spreadsheets that are recognised without a mapping.

One row per placement; a participant with two placements has two rows. The template's column
names are the keys everywhere (mapping, problems, the ``--json`` output)."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from participatie.participants.choices import Benefit
from participatie.placements.choices import OutflowReason, PlacementKind

TEXT = "text"
DATE = "date"
NUMBER = "number"
CHOICE = "choice"
BSN = "bsn"


@dataclass(frozen=True)
class TemplateColumn:
    name: str
    label: str | Promise
    explanation: str | Promise
    kind: str = TEXT
    required: bool = False
    # Coded values as the template writes them (Excel data validation offers these).
    codes: tuple[str, ...] = ()
    example: str = ""
    width: int = 16


BENEFIT_CODES = {"geen": Benefit.NONE, "sdd": Benefit.SDD, "uwv": Benefit.UWV}
KIND_CODES = {
    "regulier": PlacementKind.REGULAR,
    "orientatie": PlacementKind.ORIENTATION,
    "tweede": PlacementKind.SECOND,
}
OUTFLOW_CODES = {
    "betaald_werk": OutflowReason.PAID_WORK,
    "vrijwilligerswerk": OutflowReason.REGULAR_VOLUNTEERING,
    "opleiding": OutflowReason.EDUCATION,
    "dagbesteding": OutflowReason.DAY_CARE,
    "verhuisd": OutflowReason.MOVED,
    "gezondheid": OutflowReason.HEALTH,
    "herhaald_verzuim": OutflowReason.REPEATED_ABSENCE,
    "anders": OutflowReason.OTHER,
}

COLUMNS: tuple[TemplateColumn, ...] = (
    TemplateColumn(
        "bsn",
        _("BSN"),
        _(
            "Burgerservicenummer: 9 cijfers die de elfproef doorstaan. Een BSN dat als getal "
            "is opgeslagen en zijn voorloopnul kwijt is (8 cijfers), wordt aangevuld; de "
            "controle meldt dat."
        ),
        kind=BSN,
        required=True,
        example="123456782",
        width=12,
    ),
    TemplateColumn("voornaam", _("Voornaam"), _("Voornaam van de deelnemer."), required=True),
    TemplateColumn(
        "achternaam",
        _("Achternaam"),
        _("Achternaam met tussenvoegsel, bijvoorbeeld de Vries."),
        required=True,
        width=20,
    ),
    TemplateColumn(
        "geboortedatum",
        _("Geboortedatum"),
        _("Als dd-mm-jjjj of jjjj-mm-dd, of een datum in Excel."),
        kind=DATE,
        required=True,
        example="12-04-1985",
        width=14,
    ),
    TemplateColumn(
        "woongemeente",
        _("Woongemeente"),
        _(
            "CBS-code (GM0505) of naam van de gemeente waar de deelnemer woont. Leeg: de "
            "gemeente waarin u importeert."
        ),
    ),
    TemplateColumn(
        "uitkering",
        _("Uitkering"),
        _("geen, sdd (Sociale Dienst) of uwv. Leeg: geen."),
        kind=CHOICE,
        codes=tuple(BENEFIT_CODES),
        width=10,
    ),
    TemplateColumn(
        "toestemming_door",
        _("Toestemming door"),
        _("Naam van de klantmanager die toestemming gaf. Verplicht bij een uitkering."),
        width=20,
    ),
    TemplateColumn(
        "toestemming_op",
        _("Toestemming op"),
        _("Datum van die toestemming. Verplicht bij een uitkering."),
        kind=DATE,
        width=14,
    ),
    TemplateColumn(
        "leerwerkbedrijf",
        _("Leerwerkbedrijf"),
        _(
            "KvK-nummer (8 cijfers) of precies de naam van een leerwerkbedrijf met een actief "
            "contract in deze gemeente."
        ),
        required=True,
        width=24,
    ),
    TemplateColumn(
        "soort_plek",
        _("Soort plek"),
        _("regulier, orientatie (oriëntatieplek) of tweede (tweede plek). Leeg: regulier."),
        kind=CHOICE,
        codes=tuple(KIND_CODES),
        width=12,
    ),
    TemplateColumn(
        "startdatum",
        _("Startdatum"),
        _("Eerste dag van de plaatsing. De deelnemer is dan 18 of ouder en nog geen AOW-leeftijd."),
        kind=DATE,
        required=True,
        width=14,
    ),
    TemplateColumn(
        "einddatum",
        _("Einddatum"),
        _("Laatste dag van de plaatsing (leeg als die nog loopt). Verplicht bij een tweede plek."),
        kind=DATE,
        width=14,
    ),
    TemplateColumn(
        "uitstroomreden",
        _("Uitstroomreden"),
        _(
            "Reden van uitstroom bij een einddatum: betaald_werk, vrijwilligerswerk, opleiding, "
            "dagbesteding, verhuisd, gezondheid, herhaald_verzuim of anders."
        ),
        kind=CHOICE,
        codes=tuple(OUTFLOW_CODES),
        width=18,
    ),
    TemplateColumn(
        "trede",
        _("Trede"),
        _(
            "Code van de trede uit de tredecatalogus van de gemeente voor dat jaar (bijvoorbeeld "
            "basis of plus). Leeg: de standaardtrede."
        ),
        width=10,
    ),
    TemplateColumn(
        "trede_vanaf",
        _("Trede vanaf"),
        _("Datum vanaf wanneer die trede geldt. Leeg: de startdatum."),
        kind=DATE,
        width=14,
    ),
    TemplateColumn(
        "uren_per_week",
        _("Uren per week"),
        _("Aantal uren per week, van 0 tot en met 40 (12 of 12,5)."),
        kind=NUMBER,
        required=True,
        width=10,
    ),
    TemplateColumn(
        "opmerking",
        _("Opmerking"),
        _(
            "Vrije tekst over de deelnemer. Wordt bewaard bij de intakenotities (alleen "
            "zichtbaar voor de matchingsunit)."
        ),
        width=30,
    ),
    TemplateColumn(
        "werkgever_orientatie",
        _("Werkgever oriëntatieplek"),
        _("Naam van de werkgever bij een oriëntatieplek (dan verplicht)."),
        width=24,
    ),
)

BY_NAME = {column.name: column for column in COLUMNS}
NAMES = tuple(BY_NAME)

# A spreadsheet with one column for the whole name: mapped to this, it is split into first name
# (the first word) and last name (the rest, with any tussenvoegsel).
FULL_NAME = "naam"
FULL_NAME_LABEL = _("Naam (voornaam en achternaam in één kolom)")
MAPPING_TARGETS: tuple[str, ...] = (*NAMES, FULL_NAME)

PERSON_FIELDS = (
    "voornaam",
    "achternaam",
    "geboortedatum",
    "woongemeente",
    "uitkering",
    "toestemming_door",
    "toestemming_op",
)

# Headings seen in matching units' own spreadsheets, recognised without a saved mapping.
ALIASES: dict[str, str] = {
    "burgerservicenummer": "bsn",
    "bsnnummer": "bsn",
    "sofinummer": "bsn",
    "naam": FULL_NAME,
    "naamdeelnemer": FULL_NAME,
    "deelnemer": FULL_NAME,
    "volledigenaam": FULL_NAME,
    "roepnaam": "voornaam",
    "gebdatum": "geboortedatum",
    "geboren": "geboortedatum",
    "geboorte": "geboortedatum",
    "gemeente": "woongemeente",
    "woonplaats": "woongemeente",
    "plekbij": "leerwerkbedrijf",
    "lwb": "leerwerkbedrijf",
    "bedrijf": "leerwerkbedrijf",
    "start": "startdatum",
    "begindatum": "startdatum",
    "instroom": "startdatum",
    "einde": "einddatum",
    "uitstroom": "einddatum",
    "reden": "uitstroomreden",
    "uren": "uren_per_week",
    "urenperweek": "uren_per_week",
    "opmerkingen": "opmerking",
    "toelichting": "opmerking",
}


def heading_key(text: object) -> str:
    """A heading as compared: lower case, without accents, spaces, dots or underscores
    ("Geb.datum" -> "gebdatum", "uren_per_week" -> "urenperweek")."""
    plain = unicodedata.normalize("NFKD", str(text or "")).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]", "", plain.lower())


_KNOWN = {heading_key(name): name for name in NAMES} | ALIASES


def suggested_target(heading: object) -> str | None:
    """The template column a heading stands for, when it is one we know."""
    return _KNOWN.get(heading_key(heading))


def code_key(text: str) -> str:
    """A coded value as compared: "Oriëntatie" -> "orientatie", "Betaald werk" -> "betaald_werk"."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[\s-]+", "_", plain.strip().lower())


def column_letter(index: int) -> str:
    """0 -> "A", 25 -> "Z", 26 -> "AA": the column as Excel shows it."""
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters
