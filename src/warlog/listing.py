"""Listings for people and for scripts: tables that fit the terminal, JSON and CSV whole.

A table never wraps a cell: a long cell is cut with an ellipsis, and when the terminal is
too narrow for every column at its natural width, the columns named to give way first (the
evidence, as a rule) shrink before any other, then the widest of the rest, down to a floor
each. JSON and CSV carry every field of every row uncut, for scripts and pipes.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, TextIO

from rich import box
from rich.cells import cell_len
from rich.table import Table
from rich.text import Text

#: What every listing command takes as --format.
FORMATS = ("table", "json", "csv")
#: The narrowest a shrunk column gets: a word's start and its ellipsis.
FLOOR = 5
#: How narrow a column gets while some other still has room to give.
READABLE = 14


@dataclass(frozen=True)
class Column:
    """One column of a table: its heading and the record field it shows."""

    heading: str
    field: str
    gives_way: bool = False  # shrinks before the others when space is short
    whole: bool = False  # never cut: an id to type back, a date, a count


def fit_widths(
    natural: Sequence[int], width: int, gives_way: Sequence[bool], floors: Sequence[int], gap: int = 2
) -> list[int]:
    """Column widths that, with ``gap`` between columns, fill at most ``width``; 0 leaves a column out.

    Space is taken in rounds, each a little harder than the last: the columns that give way
    down to a quarter of the width, the others (widest first) down to a readable width, the
    columns that give way down to their floor, the others down to theirs; and when even the
    floors do not fit, the columns that give way are left out and the rest fitted again.
    """
    budget = width - gap * (len(natural) - 1)
    widths = list(natural)
    readable = [min(n, max(f, READABLE)) for n, f in zip(natural, floors)]
    share = [min(n, max(f, budget // 4)) for n, f in zip(natural, floors)]
    for yielding_floor, other_floor in ((share, natural), (share, readable), (floors, readable), (floors, floors)):
        excess = sum(widths) - budget
        for index in range(len(widths)):
            if gives_way[index] and excess > 0:
                cut = min(excess, max(0, widths[index] - yielding_floor[index]))
                widths[index] -= cut
                excess -= cut
        while excess > 0:
            shrinkable = [i for i, column in enumerate(widths) if not gives_way[i] and column > other_floor[i]]
            if not shrinkable:
                break
            widest = max(shrinkable, key=lambda i: widths[i])
            widths[widest] -= 1
            excess -= 1
        if excess <= 0:
            return widths
    kept = [i for i, yields in enumerate(gives_way) if not yields]
    if len(kept) == len(widths):
        return widths  # nothing left to leave out: the rows run past the terminal's edge
    fitted = iter(fit_widths([natural[i] for i in kept], width, [False] * len(kept), [floors[i] for i in kept], gap))
    return [0 if yields else next(fitted) for yields in gives_way]


def cell(value: Any) -> str:
    """How a field reads in a table: a dash for nothing, lists joined by commas."""
    if value is None or value == "" or value == []:
        return "—"
    if isinstance(value, (list, tuple)):
        return ", ".join(str(v) for v in value)
    return " ".join(str(value).split())  # a paragraph break would make a row of several lines


def table(title: str, columns: Sequence[Column], records: Sequence[dict[str, Any]], width: int) -> Table:
    """A Rich table of ``records`` no wider than ``width``; cells are plain text, never markup."""
    rows = [[cell(record.get(column.field)) for column in columns] for record in records]
    natural = [
        max([cell_len(column.heading), *(cell_len(row[i]) for row in rows)]) for i, column in enumerate(columns)
    ]
    floors = [
        max(min(cell_len(column.heading), FLOOR), *(cell_len(row[i]) for row in rows)) if column.whole
        else min(natural[i], FLOOR)
        for i, column in enumerate(columns)
    ]
    widths = fit_widths(natural, width, [c.gives_way for c in columns], floors)  # two spaces between columns
    kept = [i for i, column_width in enumerate(widths) if column_width > 0]
    found = Table(
        title=Text(title), title_justify="left", box=box.SIMPLE_HEAD,
        show_edge=False, pad_edge=False, collapse_padding=True,
    )  # fmt: skip
    for i in kept:
        found.add_column(Text(columns[i].heading), width=widths[i], no_wrap=True, overflow="ellipsis")
    for row in rows:
        found.add_row(*(Text(row[i]) for i in kept))
    return found


def write_json(records: Sequence[dict[str, Any]], out: TextIO) -> None:
    out.write(json.dumps(list(records), ensure_ascii=False, indent=2) + "\n")


def write_csv(records: Sequence[dict[str, Any]], out: TextIO) -> None:
    """One row per record; lists joined by ';', nested records as JSON."""
    if not records:
        return
    writer = csv.DictWriter(out, fieldnames=list(records[0]), lineterminator="\n")
    writer.writeheader()
    for record in records:
        writer.writerow({name: _flat(value) for name, value in record.items()})


def _flat(value: Any) -> Any:
    if isinstance(value, (list, tuple)) and all(not isinstance(v, (dict, list)) for v in value):
        return ";".join(str(v) for v in value)
    if isinstance(value, (dict, list, tuple)):
        return json.dumps(value, ensure_ascii=False)
    return value
