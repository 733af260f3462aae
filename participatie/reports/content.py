"""What a report kind builds: a title and sections (tables, charts, text), free of any format.

The machinery renders one :class:`Report` as PDF (WeasyPrint, charts as SVG), XLSX (openpyxl,
one sheet per table) and CSV (the tables one after another). Cells hold plain Python values:
``int``, ``Decimal`` (money, two decimals), ``float`` fractions for percentages, ``date``, ``str``
or ``None`` (empty). Columns say how to show them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

TEXT = "text"
COUNT = "count"  # people or places: suppressed below SMALL_CELL in regional outputs
NUMBER = "number"  # other integers (days, capacity-days): never suppressed
MONEY = "money"
PERCENT = "percent"  # a fraction 0..1, shown as 80,2 %
DATE = "date"

SMALL_CELL = 5
SUPPRESSED = "<5"


@dataclass(frozen=True)
class Column:
    label: Any  # a (lazy) Dutch string
    kind: str = TEXT


@dataclass
class Table:
    title: Any
    columns: list[Column]
    rows: list[list[Any]]
    totals: list[Any] | None = None  # same length as columns; None cells stay empty
    note: Any = ""

    def __post_init__(self) -> None:
        width = len(self.columns)
        for row in [*self.rows, *([self.totals] if self.totals else [])]:
            if len(row) != width:
                raise ValueError(f"{self.title}: a row has {len(row)} cells for {width} columns.")


@dataclass
class Chart:
    title: Any
    svg: str  # from participatie.kernel.charts: the same markup on the page and in the PDF
    description: Any = ""  # the text alternative; the figures are also in a table


@dataclass
class Text:
    title: Any
    body: str  # plain text; paragraphs separated by blank lines


Section = Table | Chart | Text


@dataclass
class Report:
    title: Any
    subtitle: Any = ""
    sections: list[Section] = field(default_factory=list)

    @property
    def tables(self) -> list[Table]:
        return [section for section in self.sections if isinstance(section, Table)]


def suppress_small_cells(table: Table) -> Table:
    """A copy of ``table`` for a regional output: every COUNT cell from 1 to 4 becomes "<5",
    and so does the total of any column with a suppressed cell (else the total minus the
    other cells would give the suppressed one away). Zero stays zero."""
    counts = [i for i, column in enumerate(table.columns) if column.kind == COUNT]
    rows = [list(row) for row in table.rows]
    hidden: set[int] = set()
    for row in rows:
        for i in counts:
            if isinstance(row[i], int) and 0 < row[i] < SMALL_CELL:
                row[i] = SUPPRESSED
                hidden.add(i)
    totals = list(table.totals) if table.totals else None
    if totals:
        for i in counts:
            value = totals[i]
            if i in hidden or (isinstance(value, int) and 0 < value < SMALL_CELL):
                totals[i] = SUPPRESSED
    return Table(
        title=table.title, columns=table.columns, rows=rows, totals=totals, note=table.note
    )


def money(value: Decimal | int | None) -> Decimal | None:
    """Whole cents, half up (DOMAIN.md), for a MONEY cell."""
    if value is None:
        return None
    return Decimal(value).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
