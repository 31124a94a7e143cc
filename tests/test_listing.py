"""Listings: tables cut to the terminal's width, JSON and CSV whole."""

from __future__ import annotations

import csv
import io
import json

from rich.console import Console

from warlog.listing import FLOOR, Column, cell, fit_widths, table, write_csv, write_json

EVIDENCE = (
    "The U.S. military carried out airstrikes on Sunday against two facilities in eastern Syria "
    "used by Iran's Revolutionary Guard Corps and groups it backs, the Pentagon said."
)
COLUMNS = (
    Column("date", "date", whole=True),
    Column("type", "sub_event_type"),
    Column("actor1", "actor1"),
    Column("country", "country", whole=True),
    Column("evidence", "evidence", gives_way=True),
)
RECORD = {
    "date": "2023-11-12",
    "sub_event_type": "Air/drone strike",
    "actor1": "United States military",
    "country": "SY",
    "evidence": EVIDENCE,
}


def rendered(records: list[dict], width: int) -> list[str]:
    console = Console(width=width, file=io.StringIO(), color_system=None)
    console.print(table("Events", COLUMNS, records, width))
    return console.file.getvalue().splitlines()


def test_a_wide_enough_terminal_shows_every_column_whole():
    assert fit_widths([10, 16, 22, 7, 40], 128, [False, False, False, False, True], [10, 5, 5, 7, 5]) == [
        10, 16, 22, 7, 40,
    ]  # fmt: skip


def test_the_evidence_gives_way_first_down_to_a_quarter_of_the_width():
    widths = fit_widths([10, 16, 22, 7, 160], 128, [False, False, False, False, True], [10, 5, 5, 7, 5])

    assert widths == [10, 16, 22, 7, 65]  # 120 characters and four gaps of two


def test_then_the_widest_other_column_gives_way_and_whole_columns_keep_their_text():
    widths = fit_widths([10, 16, 22, 7, 160], 68, [False, False, False, False, True], [10, 5, 5, 7, 5])

    assert sum(widths) <= 60
    assert widths[0] == 10 and widths[3] == 7
    assert widths[1] >= 14 and widths[2] >= 14  # still readable: the evidence gave more


def test_a_terminal_too_narrow_for_every_floor_leaves_the_evidence_out_and_the_rest_share_its_room():
    widths = fit_widths([10, 16, 22, 7, 160], 36, [False, False, False, False, True], [10, 5, 5, 7, 5])

    assert widths[4] == 0  # the floors and four gaps would need 40
    assert widths[0] == 10 and widths[3] == 7 and sum(widths) == 36 - 3 * 2


def test_a_table_in_an_80_column_terminal_keeps_each_row_on_one_line():
    lines = rendered([RECORD, {**RECORD, "date": "2023-11-13"}], 80)

    assert max(len(line) for line in lines) <= 80
    rows = [line for line in lines if line.startswith("2023-")]
    assert [row.split()[0] for row in rows] == ["2023-11-12", "2023-11-13"]
    assert all(row.rstrip().endswith("…") for row in rows)  # the evidence, cut
    assert "Air/drone strike  United States milit" in rows[0]  # the evidence gave way first


def test_a_narrow_table_shortens_long_cells_with_an_ellipsis():
    lines = rendered([RECORD], 40)
    row = next(line for line in lines if line.startswith("2023-11-12"))

    assert len(row) <= 40
    assert "SY" in row and "…" in row


def test_words_of_an_article_that_look_like_markup_are_shown_as_written():
    lines = rendered([{**RECORD, "actor1": "[red]Hamas[/red]", "evidence": "[link=x]click[/link]"}], 120)

    assert any("[red]Hamas[/red]" in line for line in lines)
    assert any("[link=x]click[/link]" in line for line in lines)


def test_a_cell_reads_nothing_as_a_dash_lists_joined_and_paragraphs_on_one_line():
    assert cell(None) == "—"
    assert cell(["drone", "missile"]) == "drone, missile"
    assert cell("Two rockets.\n\nNo one was hurt.") == "Two rockets. No one was hurt."
    assert len(cell("x")) < FLOOR


def test_json_and_csv_carry_every_field_uncut():
    records = [{**RECORD, "weapons": ["drone", "missile"], "spans": {"date": [0, 6]}}]
    as_json, as_csv = io.StringIO(), io.StringIO()

    write_json(records, as_json)
    write_csv(records, as_csv)

    assert json.loads(as_json.getvalue()) == records
    row = next(csv.DictReader(io.StringIO(as_csv.getvalue())))
    assert row["evidence"] == EVIDENCE
    assert row["weapons"] == "drone;missile"
    assert json.loads(row["spans"]) == {"date": [0, 6]}
