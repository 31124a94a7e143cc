"""The tally ledger: official running counts as series, checked against the incidents held.

A series is the same count followed over time: the same target, scope (countries) and
unit ("attacks on US forces in Iraq and Syria"), ordered by the day each figure was
stated. A running count should never go down, so a figure below an earlier one is
flagged. Beside each figure stands what the database holds for the same scope and period
(incidents, or their dead and wounded), so a user sees coverage: "the Pentagon counts 73;
warlog holds 41".
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from warlog.model import Incident, Tally

#: incident types that count as "attacks" on a target
ATTACK_TYPES = {"Explosions/Remote violence", "Battles"}


@dataclass
class LedgerEntry:
    tally: Tally
    #: what the database holds for the same scope and period; None without an as-of day
    held: int | None
    #: why this figure is suspect ("goes down from 46 on 2023-11-09"), or None
    flag: str | None = None


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

    ``held_for`` counts what the database holds: :func:`held` over incidents in memory, or
    the store's query over its tables.
    """
    grouped: dict[tuple, list[Tally]] = defaultdict(list)
    for tally in tallies:
        grouped[(tally.target, tuple(sorted(tally.countries)), tally.unit)].append(tally)
    found = []
    for (target, countries, unit), members in grouped.items():
        series = Series(target, countries, unit)
        members.sort(key=lambda t: (t.as_of or dt.date.max, t.count))
        highest: Tally | None = None
        for tally in members:
            flag = None
            if highest is not None and tally.count < highest.count and tally.qualifier != "at_least":
                flag = f"goes down from {highest.count} on {highest.as_of or 'an unknown day'}"
            if highest is None or tally.count > highest.count:
                highest = tally
            series.entries.append(LedgerEntry(tally, held_for(tally), flag))
        found.append(series)
    found.sort(key=lambda s: (s.entries[0].tally.as_of or dt.date.max, s.name))
    return found


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
