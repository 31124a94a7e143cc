"""The tally ledger: official running counts as series, checked against the incidents held.

A series is the same count followed over time: the same target, scope (countries) and
unit ("attacks on US forces in Iraq and Syria"), ordered by the day each figure was
stated. A running count should never go down, so a figure below an earlier one is
flagged. Beside each figure stands what the database holds for the same scope and period
(incidents, or their dead and wounded), so a user sees coverage: "the Pentagon counts 73;
warlog holds 41".

Counts add up across series. Per-country counts stated together ("36 attacks ... in Iraq
and 37 in Syria": one document, speaker, day, period, target and unit) also stand, summed,
in the series of their countries together (73 follows 46 in "Iraq and Syria"), marked as
a sum with its parts. A count that names no place ("attacked at least 41 times") joins the
series its speaker's other counts of that target belong to, when they all name one scope.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from typing import Any

from warlog.model import Incident, Qualifier, Tally

#: incident types that count as "attacks" on a target
ATTACK_TYPES = {"Explosions/Remote violence", "Battles"}


@dataclass
class LedgerEntry:
    #: the figure as it stands in its series (a sum of ``parts``, or a count placed in the series' countries)
    tally: Tally
    #: what the database holds for the same scope and period; None without an as-of day
    held: int | None
    #: why this figure is suspect ("goes down from 46 on 2023-11-09"), or None
    flag: str | None = None
    #: the per-country counts stated together that this figure adds up; empty for a stated figure
    parts: tuple[Tally, ...] = ()
    #: why a count that names no place stands in this series, or None
    placed: str | None = None

    @property
    def is_sum(self) -> bool:
        return bool(self.parts)


@dataclass
class Series:
    target: str | None
    countries: tuple[str, ...]
    unit: str
    entries: list[LedgerEntry] = field(default_factory=list)

    @property
    def name(self) -> str:
        scope = " and ".join(self.countries) or "all countries"
        return f"{self.unit} on {self.target or 'any target'} in {scope}"

    @property
    def highest(self) -> LedgerEntry | None:
        """The highest figure of the series (the latest of equals): where the running count stands."""
        best = None
        for entry in self.entries:
            if best is None or entry.tally.count >= best.tally.count:
                best = entry
        return best


@dataclass(frozen=True)
class Scope:
    """What a tally counts, as the filters the database is read with."""

    until: dt.date
    since: dt.date | None
    countries: tuple[str, ...]
    #: which side the tally's target is on: actor1 for strikes it made, actor2 for attacks on it
    side: str
    target: str | None
    #: incidents (of ATTACK_TYPES for "attacks"), or the sum of their fatalities and/or injuries
    measure: str


def scope(tally: Tally) -> Scope | None:
    """The incidents a tally counts; None when it says no as-of day."""
    if tally.as_of is None:
        return None
    measure = {"strikes": "incidents", "attacks": "attacks"}.get(tally.unit, tally.unit)
    side = "actor1" if tally.unit == "strikes" else "actor2"
    return Scope(tally.as_of, tally.since, tuple(tally.countries), side, tally.target, measure)


def ledger(tallies: Iterable[Tally], held_for: Callable[[Tally], int | None]) -> list[Series]:
    """The tallies as series, each figure flagged if it goes down and set beside ``held_for(tally)``.

    Besides the stated figures, the sums of per-country counts stated together stand in their
    union's series, and counts that name no place stand in their speaker's series (see the
    module's docstring). ``held_for`` counts what the database holds: :func:`held` over
    incidents in memory, or the store's query over its tables.
    """
    tallies = list(tallies)
    figures = [placed(tally, tallies) for tally in tallies] + summed(tallies)
    grouped: dict[tuple, list[tuple[Tally, tuple[Tally, ...], str | None]]] = defaultdict(list)
    for tally, parts, why in figures:
        grouped[(tally.target, tuple(sorted(tally.countries)), tally.unit)].append((tally, parts, why))
    found = []
    for (target, countries, unit), members in grouped.items():
        series = Series(target, countries, unit)
        members.sort(key=lambda member: (member[0].as_of or dt.date.max, member[0].count, bool(member[1])))
        highest: Tally | None = None
        for tally, parts, why in members:
            flag = None
            if highest is not None and tally.count < highest.count and tally.qualifier != "at_least":
                flag = f"goes down from {highest.count} on {highest.as_of or 'an unknown day'}"
            if highest is None or tally.count > highest.count:
                highest = tally
            series.entries.append(LedgerEntry(tally, held_for(tally), flag, parts, why))
        found.append(series)
    found.sort(key=lambda s: (s.entries[0].tally.as_of or dt.date.max, s.name))
    return found


def _statement(tally: Tally) -> tuple:
    """What makes counts "stated together": one document, speaker, day, period, target and unit."""
    return (tally.doc_id, (tally.speaker or "").casefold(), tally.as_of, tally.since, tally.target, tally.unit)


def summed(tallies: list[Tally]) -> list[tuple[Tally, tuple[Tally, ...], None]]:
    """Per-country counts stated together, summed into a figure of their countries together.

    The parts must name places that do not overlap; a statement that already gives the total
    for their union ("73 in all, 36 in Iraq and 37 in Syria") needs no sum.
    """
    statements: dict[tuple, list[Tally]] = defaultdict(list)
    for tally in tallies:
        statements[_statement(tally)].append(tally)
    found = []
    for members in statements.values():
        parts = [t for t in members if t.countries]
        union = sorted({country for part in parts for country in part.countries})
        if len(parts) < 2 or sum(len(part.countries) for part in parts) != len(union):
            continue  # one count, or scopes that overlap (a total stated beside its parts)
        first = parts[0]
        total = replace(
            first,
            count=sum(part.count for part in parts),
            qualifier=_sum_qualifier([part.qualifier for part in parts]),
            countries=tuple(union),
            evidence_text=" + ".join(part.evidence_text for part in parts),
            spans={},
        )
        found.append((total, tuple(parts), None))
    return found


def _sum_qualifier(qualifiers: list[Qualifier]) -> Qualifier:
    """Exact parts make an exact sum; "about" anywhere makes it about; otherwise it is at least the sum."""
    if len(set(qualifiers)) == 1:
        return qualifiers[0]
    return "about" if "about" in qualifiers else "at_least"


def placed(tally: Tally, tallies: list[Tally]) -> tuple[Tally, tuple[Tally, ...], str | None]:
    """A count that names no place, in the countries its speaker's other counts of its target name.

    The speaker's counts in the same document are asked first, then all of them; at each step
    counts of the same unit before others. A statement's countries are their union (36 in Iraq
    and 37 in Syria name Iraq and Syria). When they name more than one scope, the count stays
    where it was stated: in all countries.
    """
    if tally.countries or not tally.speaker or tally.target is None:
        return tally, (), None
    speaker = tally.speaker.casefold()
    others = [t for t in tallies if t is not tally and t.countries and t.target == tally.target
              and (t.speaker or "").casefold() == speaker]  # fmt: skip
    scopes_by_statement: dict[tuple, set[str]] = defaultdict(set)
    for other in others:
        scopes_by_statement[_statement(other)].update(other.countries)
    for same_document in (True, False):
        for same_unit in (True, False):
            scopes = {
                tuple(sorted(countries))
                for (doc_id, _, _, _, _, unit), countries in scopes_by_statement.items()
                if (doc_id == tally.doc_id or not same_document) and (unit == tally.unit or not same_unit)
            }
            if len(scopes) == 1:
                [countries] = scopes
                why = (f"names no place; {tally.speaker}'s other counts of {tally.target} are in "
                       f"{' and '.join(countries)}")  # fmt: skip
                return replace(tally, countries=countries), (), why
            if scopes:
                return tally, (), None  # the speaker counts in more than one scope: which one is unknown
    return tally, (), None


def entry_record(entry: LedgerEntry) -> dict[str, Any]:
    """One figure of a series as the HTTP API and the alerts write it: all a chart needs to draw it."""
    tally = entry.tally
    return {
        "as_of": _iso(tally.as_of), "since": _iso(tally.since), "count": tally.count, "qualifier": tally.qualifier,
        "held": entry.held, "flag": entry.flag, "doc_id": tally.doc_id, "evidence": tally.evidence_text,
        "speaker": tally.speaker, "sum": entry.is_sum,
        "parts": [{"doc_id": part.doc_id, "count": part.count, "qualifier": part.qualifier,
                   "countries": list(part.countries), "evidence": part.evidence_text} for part in entry.parts],
        "placed": entry.placed,
    }  # fmt: skip


def series_record(series: Series) -> dict[str, Any]:
    """A series as the HTTP API (``/api/tallies``) and the alerts write it."""
    return {
        "name": series.name,
        "target": series.target,
        "countries": list(series.countries),
        "unit": series.unit,
        "entries": [entry_record(entry) for entry in series.entries],
    }


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


def held(tally: Tally, incidents: Iterable[Incident]) -> int | None:
    """What a list of incidents holds for a tally's scope: its target, countries and period."""
    counted = scope(tally)
    if counted is None:
        return None
    total = 0
    for incident in incidents:
        if incident.date is None or incident.date > counted.until:
            continue
        if counted.since is not None and incident.date < counted.since:
            continue
        if counted.countries and incident.country not in counted.countries:
            continue
        if counted.target is not None and getattr(incident, counted.side) != counted.target:
            continue
        total += measure(counted.measure, incident.event_type, incident.fatalities, incident.injuries)
    return total


def measure(name: str, event_type: str, fatalities: int | None, injuries: int | None) -> int:
    """What one incident adds to a count of ``name``."""
    if name == "incidents":
        return 1
    if name == "attacks":
        return int(event_type in ATTACK_TYPES)
    if name == "fatalities":
        return fatalities or 0
    if name == "injuries":
        return injuries or 0
    return (fatalities or 0) + (injuries or 0)  # casualties: the dead and the wounded
