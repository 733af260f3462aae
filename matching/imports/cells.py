"""Reading one cell of a caseload spreadsheet as the value it stands for: a BSN, a date, a
number of hours, a coded value. Each reader returns the value or raises :class:`CellError` with
the Dutch message; a :class:`Read` may carry a warning (a BSN that lost its leading zero)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext as _
from stdnum.nl import bsn as stdnum_bsn

from matching.imports.columns import code_key
from participatie.kernel.spreadsheets import FORMULA_STARTS


class CellError(ValueError):
    """The cell cannot be read; the message says why, in Dutch."""


@dataclass(frozen=True)
class Read:
    value: Any
    warning: str = ""


def text(value: Any, *, collapse: bool = True) -> str:
    """A cell as text without surrounding spaces (and, with ``collapse``, with single spaces
    inside). A leading apostrophe that a safe export put before ``=``, ``+``, ``-`` or ``@`` is
    taken off again."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        return value.strftime("%d-%m-%Y")
    result = " ".join(str(value).split()) if collapse else str(value).strip()
    if result.startswith("'") and result[1:].startswith(FORMULA_STARTS):
        result = result[1:]
    return result


def bsn(value: Any) -> Read:
    if isinstance(value, bool):
        raise CellError(_("Dit is geen BSN."))
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    raw = str(value) if isinstance(value, int) else text(value)
    digits = re.sub(r"[\s.\-]", "", raw)
    if re.fullmatch(r"\d+\.0+", raw):
        digits = raw.split(".")[0]
    if not digits.isdigit():
        raise CellError(_("Een BSN bestaat uit 9 cijfers."))
    warning = ""
    if len(digits) == 8:
        digits = "0" + digits
        warning = _(
            "Dit BSN had 8 cijfers: de voorloopnul was weggevallen (het BSN stond als getal in "
            "het bestand). Er is een 0 voor gezet."
        )
    if len(digits) != 9:
        raise CellError(
            _("Een BSN bestaat uit 9 cijfers; hier staan er %(n)s.") % {"n": len(digits)}
        )
    if not stdnum_bsn.is_valid(digits):
        raise CellError(_("Dit is geen geldig BSN (9 cijfers die de elfproef doorstaan)."))
    return Read(digits, warning)


_DMY = re.compile(r"^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$")
_YMD = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?$")
# Excel's serial numbers for 1 January 1900 and 31 December 2199.
_SERIAL_RANGE = (1, 109_573)


def _serial(number: float) -> date:
    from openpyxl.utils.datetime import from_excel

    if not _SERIAL_RANGE[0] <= number <= _SERIAL_RANGE[1]:
        raise CellError(_bad_date())
    result = from_excel(number)
    return result.date() if isinstance(result, datetime) else result


def _bad_date() -> str:
    return _(
        "Dit is geen datum. Schrijf een datum als dd-mm-jjjj (31-12-2022) of jjjj-mm-dd "
        "(2022-12-31)."
    )


def day(value: Any) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, bool):
        raise CellError(_bad_date())
    if isinstance(value, (int, float)):
        return _serial(value)
    raw = text(value)
    parts: tuple[str, str, str] | None = None
    if match := _DMY.match(raw):
        d, m, y = match.groups()
        parts = (y, m, d)
    elif match := _YMD.match(raw):
        parts = match.groups()  # type: ignore[assignment]
    elif re.fullmatch(r"\d{4,6}", raw):
        return _serial(int(raw))
    if parts is None:
        if re.fullmatch(r"\d{1,2}[-/.]\d{1,2}[-/.]\d{2}", raw):
            raise CellError(_("Schrijf het jaar met vier cijfers (dd-mm-jjjj)."))
        raise CellError(_bad_date())
    try:
        return date(int(parts[0]), int(parts[1]), int(parts[2]))
    except ValueError:
        raise CellError(_("Deze datum bestaat niet.")) from None


def hours(value: Any) -> Decimal:
    if isinstance(value, bool):
        raise CellError(_("Vul een aantal uren in, bijvoorbeeld 12 of 12,5."))
    if isinstance(value, (int, float)):
        amount = Decimal(str(value))
    else:
        raw = text(value).lower().replace("uur", "").strip().replace(",", ".")
        try:
            amount = Decimal(raw)
        except InvalidOperation:
            raise CellError(_("Vul een aantal uren in, bijvoorbeeld 12 of 12,5.")) from None
    if not amount.is_finite():
        raise CellError(_("Vul een aantal uren in, bijvoorbeeld 12 of 12,5."))
    if amount != amount.quantize(Decimal("0.1")):
        raise CellError(_("Het aantal uren heeft hoogstens één cijfer achter de komma."))
    if not Decimal(0) <= amount <= Decimal(40):
        raise CellError(_("Het aantal uren per week ligt tussen 0 en 40."))
    return amount.quantize(Decimal("0.1"))


def coded(value: Any, codes: dict[str, str], synonyms: dict[str, str] | None = None) -> str:
    """A coded value (``codes``: template code -> stored value; ``synonyms``: other spellings
    -> template code); the stored values themselves are accepted too."""
    key = code_key(text(value))
    if key in codes:
        return codes[key]
    if synonyms and key in synonyms:
        return codes[synonyms[key]]
    if key in codes.values():
        return key
    raise CellError(_("Onbekende waarde. Kies uit: %(codes)s.") % {"codes": ", ".join(codes)})
