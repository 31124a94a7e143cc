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
from collections.abc import Iterable
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


def ledger(tallies: Iterable[Tally], incidents: Iterable[Incident]) -> list[Series]:
    """The tallies as series, each figure flagged if it goes down and set beside the database."""
    incidents = list(incidents)
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
            series.entries.append(LedgerEntry(tally, held(tally, incidents), flag))
        found.append(series)
    found.sort(key=lambda s: (s.entries[0].tally.as_of or dt.date.max, s.name))
    return found


def held(tally: Tally, incidents: Iterable[Incident]) -> int | None:
    """What the database holds for a tally's scope: its target, countries and period."""
    if tally.as_of is None:
        return None
    total = 0
    for incident in incidents:
        if incident.date is None or incident.date > tally.as_of:
            continue
        if tally.since is not None and incident.date < tally.since:
            continue
        if tally.countries and incident.country not in tally.countries:
            continue
        if tally.unit == "strikes":
            if tally.target is not None and incident.actor1 != tally.target:
                continue
            total += 1
            continue
        if tally.target is not None and incident.actor2 != tally.target:
            continue
        if tally.unit == "attacks":
            total += incident.event_type in ATTACK_TYPES
        elif tally.unit == "fatalities":
            total += incident.fatalities or 0
        elif tally.unit == "injuries":
            total += incident.injuries or 0
        else:  # casualties: the dead and the wounded
            total += (incident.fatalities or 0) + (incident.injuries or 0)
    return total
