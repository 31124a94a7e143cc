"""Link: the same attack reported by many documents becomes one incident with many sources.

Mentions (events as one document reports them) are compared only within a block: the same
event type and country, and dates no further apart than their precisions allow, so the
cost grows with the number of mentions, not its square. Two mentions *agree* when their
type, dates (within the precision of each), places (distance within the uncertainty of
each) and actors fit; a known conflict of date or place is a veto, never a penalty. A
mention joins the incident it agrees with best, and only if it agrees with every mention
already in it (no chaining of A to C through B).

Three rules let linking survive imperfect extraction. An *undated back-reference* ("the
recent attack on the air base") has no date of its own, only its document's publication:
it joins an incident whose place agrees and whose actors are the same that lies in the
:data:`BACKREF_WINDOW_DAYS` before publication, the nearest one if several fit, none if the
nearest are too close to tell apart; one actor in common is evidence enough
(:data:`BACKREF_MERGE_SCORE`), as such a report often names only the side struck. A
*year-suspect* date (27 December read as 2020 in a story of 2019) disagrees only in its
year with every other report of the same site and actors around that day: it is read in
their year (:func:`year_suspects`), not held as a veto. A mention placed nowhere, not even
in a country, is unplaced, not elsewhere: its incident may join the one placed incident it
agrees with (:func:`join_unplaced`); so may one whose place the gazetteer did not find, its
country a guess, when the place's name and an actor are the same. And an actor and an
umbrella it is part of (``part_of`` in actors.yaml: the US military in Coalition forces)
are no conflict, as reports of one strike name either (:func:`nested_actors`).

Near-copies of one story (a wire text on several sites) are one independent *source*:
documents are grouped by MinHash/LSH over word shingles (``datasketch``). Incident
fields are reconciled from the mentions: the most precise date and place, fatalities as
low / best / high (UCDP) with the ACLED choice (the lowest reported), and a grade after
Airwars: ``confirmed`` (a belligerent acknowledges it), ``contested`` (the sources
disagree on who did it), ``multiple`` (two or more independent sources) or ``single``.

A person can override: ``merge`` puts mentions together, ``split`` takes mentions out and
keeps them apart from the rest. Overrides are replayed, in order, on every run, and each
automatic decision is kept with its reasons and score.

Linking is incremental (:func:`relink`, :mod:`warlog.increment`): a batch re-links only the
blocks its new mentions fall in, from the earliest of their dates on, since the pass over a
block is greedy in date order and a decision looks no further than the dates' reach; the
clusters still in reach are rebuilt from what the last run stored (each mention's raw
cluster, read date and own decision), and the other steps (copies, year-suspects, unplaced
joins, relations) are redone on the neighbourhood each can change. The incidents are those
a full run gives; when the increment cannot see what changed (a document extracted again,
a person's new merge or split, an override in the way), the full run takes over.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import math
import re
import statistics
from bisect import bisect_left, bisect_right
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from functools import cache
from typing import TYPE_CHECKING, Literal

from warlog.geocode import haversine_km
from warlog.model import Incident

if TYPE_CHECKING:
    from datasketch import MinHash

    from warlog.store import Store

#: how many days a date of each ACLED time precision may be off (1 day, 2 week, 3 month)
DATE_SLACK_DAYS = {1: 1, 2: 7, 3: 31}
#: how far a point of each geo precision may be from the place (1 site, 2 near, 3 region)
PLACE_RADIUS_KM = {1: 10.0, 2: 25.0, 3: 150.0}
#: weapons of an air strike: one report's "airstrike" is another's "drone strike" (ACLED
#: codes both Air/drone strike), so the two are no conflict of weapons but one in common
AIR_WEAPONS = frozenset({"aircraft", "drone"})
#: the least agreement score for a mention to join an incident
MERGE_SCORE = 3.0
#: the least for an undated mention, which has no date to add evidence: the window (0.5)
#: and one actor in common (1.0 or more), the nearest incident chosen when several fit
BACKREF_MERGE_SCORE = 1.5
#: how much better the best incident must fit than the next for a mention to join it
AMBIGUITY_MARGIN = 1.0
#: how many days before its publication an undated mention's event may lie. "The recent
#: attack" in a news report reaches back days or weeks, not months: a month is ACLED's
#: coarsest time precision (an undated event coded to its report is coded to that month),
#: and 30 days plus the widest date slack (31) stays inside the 62-day quiet gap at which
#: :func:`partitions` cuts, so a back-reference always meets its candidates.
BACKREF_WINDOW_DAYS = 30
#: the coarsest geo precision at which a year-suspect date and the reports it is read
#: against must be placed (1 site, 2 near a site): the same month and day at the same site
#: by the same actors is one attack misdated, but a province (3) or a country holds many
#: attacks by the same actors, a year apart on the same day by chance
NAMED_PLACE_PRECISION = 2
#: Jaccard similarity of word 5-shingles above which two documents are copies of one story
COPY_SIMILARITY = 0.8
SHINGLE_WORDS = 5
MINHASH_PERMUTATIONS = 128
#: datasketch's hashing scheme, named so that stored signatures stay comparable
MINHASH_SCHEME = "affine32"

Grade = Literal["confirmed", "multiple", "single", "contested"]
#: why a mention is where it is: the member it matched best (None: it opened), the score, the reasons
Why = tuple[str | None, float, tuple[str, ...]]


@dataclass(frozen=True, slots=True)
class Mention:
    """What linking needs of one event mention; ``key`` ("doc_id#ordinal") names it stably."""

    key: str
    doc_id: str
    source: str  # the independent source: the document's near-copy group
    event_type: str
    sub_event_type: str | None = None
    date: dt.date | None = None
    time_precision: int | None = None
    country: str | None = None
    location: str | None = None
    admin1: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    geo_precision: int | None = None
    actor1: str | None = None
    actor2: str | None = None
    claimed_by: str | None = None
    weapons: tuple[str, ...] = ()
    fatalities: int | None = None
    injuries: int | None = None
    published: dt.date | None = None  # the document's: an undated event happened no later


@dataclass(frozen=True, slots=True)
class Override:
    """A person's decision: ``merge`` these mentions, or ``split`` them from ``apart_from``."""

    action: Literal["merge", "split"]
    keys: tuple[str, ...]
    apart_from: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Decision:
    """Why a mention is in its incident: the mention it agreed with best, and how well."""

    key: str
    incident_id: str
    matched: str | None  # None: it opened the incident (or an override put it there)
    score: float
    reasons: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Relation:
    """'The attacks came a day after US strikes': incident ``source`` follows ``target``."""

    source: str
    target: str
    kind: Literal["after", "in_response_to"]
    key: str  # the mention whose sentence says so
    cue: str  # the words that say so


@dataclass
class Linking:
    incidents: list[Incident] = field(default_factory=list)
    decisions: list[Decision] = field(default_factory=list)
    relations: list[Relation] = field(default_factory=list)
    #: overrides naming mentions that no longer exist (their documents were re-extracted)
    stale: list[Override] = field(default_factory=list)
    #: each mention's raw cluster (named by its first mention) and the block pass's own
    #: decision, before unplaced joins, overrides and year notes: what an increment resumes from
    raw: dict[str, tuple[str, Why]] = field(default_factory=dict)
    #: the year-suspects' dates as linking read them
    read_as: dict[str, dt.date] = field(default_factory=dict)

    def incident_of(self) -> dict[str, str]:
        return {key: incident.incident_id for incident in self.incidents for key in incident.mentions}


# --------------------------------------------------------------------------- agreement


def agreement(a: Mention, b: Mention) -> tuple[float, tuple[str, ...]] | None:
    """How well two mentions fit one incident, with the reasons; None when they cannot.

    An undated mention (a back-reference, "the recent attack on the air base") is placed
    only by its document's publication: it fits a dated mention whose date lies in the
    :data:`BACKREF_WINDOW_DAYS` before that (give or take the date's precision), and
    another undated one published within that window of it, scored as a date of month
    precision would be. With no date of its own to conflict, the actors must agree: none
    differs and at least one is the same; places are held to their reach as always.
    """
    if a.doc_id == b.doc_id or (a.event_type != b.event_type and not _any_attack(a, b)):
        return None  # one document's events are distinct by construction
    if a.country != b.country and not (
        _unplaced(a) or _unplaced(b) or (_same_unresolved_place(a, b) and _same_actors(a, b))
    ):
        return None
    if a.date is None or b.date is None:
        found = _undated_fit(a, b)
        if found is None or not _same_actors(a, b):
            return None
        score, reasons = found
    else:
        gap = abs((a.date - b.date).days)
        if gap > max(_slack(a), _slack(b)):
            return None
        if gap == 0 and (a.time_precision or 1) == 1 and (b.time_precision or 1) == 1:
            score, reasons = 2.0, ["same day"]
        elif gap <= 1:
            score, reasons = 1.0, [f"{gap} day apart" if gap == 1 else "same period"]
        else:
            score, reasons = 0.5, [f"{gap} days apart, within the dates' precision"]
    pa, pb = a.geo_precision or 4, b.geo_precision or 4
    located = None not in (a.latitude, a.longitude, b.latitude, b.longitude)
    if pa < 4 and pb < 4 and located:
        km = haversine_km(a.latitude, a.longitude, b.latitude, b.longitude)  # type: ignore[arg-type]
        if km > PLACE_RADIUS_KM[pa] + PLACE_RADIUS_KM[pb]:
            return None
        if max(pa, pb) <= 2:
            score += 3.0
            reasons.append(f"same site ({km:.0f} km)")
        else:
            score += 1.5
            reasons.append(f"same area ({km:.0f} km)")
    elif _same_unresolved_place(a, b):
        score += 1.5  # a name in common is evidence of one place, as a common area is
        reasons.append(f"same place name ({a.location}): the countries a guess")
    elif a.country == b.country:  # one is placed no closer than its country: no evidence of the same place
        reasons.append(f"same country ({a.country})" if a.country else "both at sea")
    else:
        reasons.append("place unknown on one side")
    for role, weight in (("actor1", 1.5), ("actor2", 1.0)):
        x, y = getattr(a, role), getattr(b, role)
        if x and y:
            if x == y:
                score += weight
                reasons.append(f"same {role}")
            elif nested_actors(x, y):
                reasons.append(f"{role}: one part of the other")
            else:
                score -= weight
                reasons.append(f"{role} differs")
    if a.sub_event_type and a.sub_event_type == b.sub_event_type:
        score += 0.5
        reasons.append("same sub-event type")
    known_a, known_b = set(a.weapons) - {"unspecified"}, set(b.weapons) - {"unspecified"}
    if known_a and known_b:
        if known_a & known_b:
            score += 0.5
            reasons.append("a weapon in common")
        elif known_a & AIR_WEAPONS and known_b & AIR_WEAPONS:
            score += 0.5
            reasons.append("both from the air")
        else:
            score -= 0.5
            reasons.append("no weapon in common")
    return round(score, 2), tuple(reasons)


#: the type the extractor gives an attack whose means the text does not tell
UNTYPED = "Explosions/Remote violence"
#: the types such an attack may be told as by another report
ATTACK_TYPES = frozenset({UNTYPED, "Battles", "Violence against civilians"})


def _untyped(mention: Mention) -> bool:
    """'the al-Shabaab attack on Forward Operating Base Leego': remote violence by default, with
    no sub-type and no weapon (GUIDELINES.md), where another report tells the same assault as a
    battle (ACLED's type follows the means, which this one does not tell)."""
    return (
        mention.event_type == UNTYPED and mention.sub_event_type is None
        and not set(mention.weapons) - {"unspecified"}
    )


def _any_attack(a: Mention, b: Mention) -> bool:
    """One is an untyped attack and the other an act of violence it may be (a battle, an attack
    on civilians); never a disrupted attack or another strategic development."""
    return (_untyped(a) and b.event_type in ATTACK_TYPES) or (_untyped(b) and a.event_type in ATTACK_TYPES)


def _undated_fit(a: Mention, b: Mention) -> tuple[float, list[str]] | None:
    """The date part of an agreement where one or both mentions are undated: a veto when the
    dated one lies after the publication or too long before it, or when two undated ones
    were published too far apart; else the score of dates a month precise (1 within a day,
    else 0.5), as ACLED codes an undated event to the month of its report."""
    if a.date is None and b.date is None:
        if a.published is None or b.published is None:
            return None
        apart = abs((a.published - b.published).days)
        if apart > BACKREF_WINDOW_DAYS:
            return None
        return (1.0 if apart <= 1 else 0.5), [f"both undated, published {apart} days apart"]
    undated, dated = (a, b) if a.date is None else (b, a)
    if undated.published is None:
        return None
    before = _days_before(undated.published, dated)
    if before is None:
        return None
    return (1.0 if before <= 1 else 0.5), [f"undated, published {before} days after"]


def _days_before(published: dt.date, dated: Mention) -> int | None:
    """How many days before ``published`` a dated mention lies (0 when its date's slack
    reaches the publication), or None when it lies after it or beyond the window."""
    slack = _slack(dated)
    before = (published - dated.date).days  # type: ignore[operator]
    if before < -slack or before > BACKREF_WINDOW_DAYS + slack:
        return None
    return max(0, before)


def _same_named_place(a: Mention, b: Mention) -> bool:
    """Both placed at a named site (geo precision 1 or 2) and within reach of each other."""
    pa, pb = a.geo_precision or 4, b.geo_precision or 4
    if max(pa, pb) > NAMED_PLACE_PRECISION or None in (a.latitude, a.longitude, b.latitude, b.longitude):
        return False
    return haversine_km(a.latitude, a.longitude, b.latitude, b.longitude) <= PLACE_RADIUS_KM[pa] + PLACE_RADIUS_KM[pb]  # type: ignore[arg-type]


def _same_actors(a: Mention, b: Mention) -> bool:
    """No actor known to both differs (one part of the other is no difference), and at
    least one is the same."""
    shared = False
    for x, y in ((a.actor1, b.actor1), (a.actor2, b.actor2)):
        if x and y:
            if x == y:
                shared = True
            elif not nested_actors(x, y):
                return False
    return shared


def nested_actors(x: str, y: str) -> bool:
    """One actor is part of the other (``part_of`` in actors.yaml): a strike by Coalition
    forces in one report and by the United States military in another, or by the IRGC and
    by the Iranian military, may be one strike. Two members of one umbrella are not."""
    umbrellas = _actor_umbrellas()
    return y in umbrellas.get(x, ()) or x in umbrellas.get(y, ())


@cache
def _actor_umbrellas() -> dict[str, frozenset[str]]:
    from warlog.knowledge import load_knowledge

    return load_knowledge().actor_umbrellas


def year_suspects(mentions: Iterable[Mention]) -> dict[str, tuple[dt.date, str]]:
    """Dates whose year is suspect, with the date they are read as and why.

    A day-precise date is suspect when it disagrees only in its year with every other
    report of the same site and actors (other sources, the same event type and country)
    around that day: at least one report has its month and day (give or take a day) in
    another year, none confirms its own year (a copy of the same story, one source, does
    not), and no report of the same site and actors within :data:`BACKREF_WINDOW_DAYS` of
    that month and day, in any of those years, falls on another day (a second attack would
    make the match a coincidence). The group of such reports is then read in one year: the
    one most of its dates can be (not after their document's publication), then the one
    most sources give, then the earliest. A suspect date is read in that year unless that
    would put it after its own publication. Two genuinely different dates (another month
    or day) are never suspect. The result depends on the set of mentions, not their order.
    """
    dated = [m for m in mentions if m.date is not None]
    by_day: dict[tuple, list[Mention]] = defaultdict(list)
    by_date: dict[tuple, list[Mention]] = defaultdict(list)  # filled when first needed
    for m in dated:
        if (m.time_precision or 1) == 1:
            by_day[(m.event_type, m.country, m.date.month, m.date.day)].append(m)  # type: ignore[union-attr]
    found: dict[str, tuple[dt.date, str]] = {}
    for m in dated:  # each is decided on the whole set: the order does not matter
        if (m.time_precision or 1) != 1 or (m.geo_precision or 4) > NAMED_PLACE_PRECISION:
            continue
        day: dt.date = m.date  # type: ignore[assignment]
        nears = (day + dt.timedelta(days=offset) for offset in (-1, 0, 1))
        around = [o for near in nears for o in by_day.get((m.event_type, m.country, near.month, near.day), ())]
        if all(abs((o.date - day).days) <= 1 for o in around):  # type: ignore[operator]
            continue  # nothing in another year: the common case, decided cheaply
        others: list[Mention] = []
        confirmed = False
        for o in around:
            if o.source == m.source or not _same_actors(m, o) or not _same_named_place(m, o):
                continue
            if abs((o.date - day).days) <= 1:  # type: ignore[operator]
                confirmed = True
            elif abs((o.date - _in_year(day, o.date.year)).days) <= 1:  # type: ignore[union-attr,operator]
                others.append(o)
        if confirmed or not others:
            continue
        group = [m, *others]
        years = sorted({g.date.year for g in group})  # type: ignore[union-attr]
        if not by_date:
            for o in dated:
                by_date[(o.event_type, o.country, o.date)].append(o)
        if _another_day_nearby(m, years, by_date):
            continue
        votes = {}
        for year in years:
            in_year = [g for g in group if g.date.year == year]  # type: ignore[union-attr]
            possible = sum(1 for g in group if g.published is None or _in_year(g.date, year) <= g.published)  # type: ignore[arg-type]
            votes[year] = (possible, len({g.source for g in in_year}), -year)
        year = max(years, key=lambda y: votes[y])
        read = _in_year(day, year)
        if year == day.year or (m.published is not None and read > m.published):
            continue
        found[m.key] = (read, suspect_note(day, read))
    return found


def suspect_note(day: dt.date, read: dt.date) -> str:
    """Why a year-suspect dated ``day`` is read as ``read``: the reason its decision ends with."""
    return (f"year read as {read.year}: dated {day.isoformat()}, but every other report "
            f"of the same site and actors has {day:%d %B} in {read.year}")  # fmt: skip


def _another_day_nearby(m: Mention, years: list[int], by_date: dict[tuple, list[Mention]]) -> bool:
    """A report of the same site and actors within the window of ``m``'s month and day, in
    one of ``years``, on a day more than a day off it (another attack, not a misread year),
    or near ``m``'s own date at a coarser precision (it confirms ``m``'s year)."""
    for year in years:
        centre = _in_year(m.date, year)  # type: ignore[arg-type]
        for offset in range(-BACKREF_WINDOW_DAYS, BACKREF_WINDOW_DAYS + 1):
            if abs(offset) <= 1 and year != m.date.year:  # type: ignore[union-attr]
                continue  # the reports that agree on month and day
            for o in by_date.get((m.event_type, m.country, centre + dt.timedelta(days=offset)), ()):
                if o.source != m.source and _same_actors(m, o) and _same_named_place(m, o):
                    return True
    return False


def _in_year(day: dt.date, year: int) -> dt.date:
    """The same month and day in another year (29 February becomes the 28th)."""
    try:
        return day.replace(year=year)
    except ValueError:
        return day.replace(year=year, day=28)


# --------------------------------------------------------------------------- clustering


@dataclass(eq=False)  # compared by identity: one incident being assembled
class _Cluster:
    members: list[Mention]
    docs: set[str]
    #: the member each later member agreed with best, with the score and reasons
    evidence: dict[str, tuple[str | None, float, tuple[str, ...]]] = field(default_factory=dict)


#: a partition: the mentions of one block between two quiet gaps, and their split fences
Partition = tuple[list[Mention], dict[str, set[str]]]
#: what linking one partition gives: its groups of mention keys, and why each joined
PartitionResult = tuple[list[list[str]], dict[str, tuple[str | None, float, tuple[str, ...]]]]


def link(
    mentions: Iterable[Mention],
    overrides: Sequence[Override] = (),
    map_partitions: Callable[[Callable[[Partition], PartitionResult], list[Partition]], Iterable[PartitionResult]] = map,
) -> Linking:
    """Incidents from mentions, with a person's overrides replayed in order.

    The mentions fall into independent partitions (:func:`partitions`), linked through
    ``map_partitions`` (the builtin ``map`` here, a cluster's map in :mod:`warlog.cluster`);
    the overrides are then replayed over all of them, since a person may merge across.
    """
    mentions = list(mentions)
    suspects = year_suspects(mentions)
    mentions = [replace(m, date=suspects[m.key][0]) if m.key in suspects else m for m in mentions]
    known = {m.key for m in mentions}
    apart = split_fences(overrides)
    parts = [(part, {m.key: apart[m.key] for m in part if m.key in apart}) for part in partitions(mentions)]
    groups: list[list[str]] = []
    evidence: dict[str, tuple[str | None, float, tuple[str, ...]]] = {}
    for part_groups, part_evidence in map_partitions(link_partition, parts):
        groups.extend(part_groups)
        evidence.update(part_evidence)
    raw = {key: (keys[0], evidence[key]) for keys in groups for key in keys}
    by_key = {m.key: m for m in mentions}
    groups = join_unplaced(groups, by_key, evidence, apart)
    groups = join_parted(groups, by_key, evidence, apart)
    stale = []
    for override in overrides:
        if not set(override.keys) & known:
            stale.append(override)
            continue
        groups = _replay(groups, override, known, evidence)
    linking = Linking(stale=stale, raw=raw, read_as={key: read for key, (read, _) in suspects.items()})
    add_incidents(linking, groups, by_key, evidence, {key: why for key, (_, why) in suspects.items()})
    return linking


def add_incidents(
    linking: Linking, groups: Iterable[list[str]], by_key: dict[str, Mention], evidence: dict[str, Why],
    suspect_notes: dict[str, str],
) -> None:
    """Reconcile each group into an incident with its decisions (a year-suspect's note last)."""
    for keys in groups:
        if not keys:
            continue
        incident = reconcile([by_key[k] for k in keys])
        linking.incidents.append(incident)
        for key in keys:
            matched, score, reasons = evidence[key]
            if key in suspect_notes:
                reasons = (*reasons, suspect_notes[key])
            linking.decisions.append(Decision(key, incident.incident_id, matched, score, reasons))
    linking.incidents.sort(key=lambda i: (i.date or dt.date.max, i.incident_id))


def split_fences(overrides: Iterable[Override]) -> dict[str, set[str]]:
    """The mentions each mention must stay apart from: a person's splits, both ways."""
    apart: dict[str, set[str]] = defaultdict(set)
    for override in overrides:
        if override.action == "split":
            for key in override.keys:
                apart[key].update(override.apart_from)
            for key in override.apart_from:
                apart[key].update(override.keys)
    return apart


def _unplaced(mention: Mention) -> bool:
    """Neither a country nor a place was read: where it happened is unknown, not elsewhere."""
    return mention.country is None and mention.location is None and mention.latitude is None


def _unresolved(mention: Mention) -> bool:
    """A place is named but the gazetteer did not find it: the country is the text's
    guess ("Iran" in a story of a Saudi oil field), not the place's."""
    return mention.location is not None and (mention.geo_precision or 4) == 4


def _same_unresolved_place(a: Mention, b: Mention) -> bool:
    """Both name one place by the same name and at least one is unresolved: the name is the
    evidence, and a country that disagrees is a guess, not a veto."""
    return (
        a.location is not None and b.location is not None
        and a.location.casefold() == b.location.casefold() and (_unresolved(a) or _unresolved(b))
    )


def join_unplaced(
    groups: list[list[str]], by_key: dict[str, Mention], evidence: dict, apart: dict[str, set[str]]
) -> list[list[str]]:
    """Incidents none of whose mentions is placed at all ("the Jan. 8 missile attack by Iran",
    its base unread) join the one placed incident they agree with, as a mention joins an
    incident (every member agrees, the best fit beats the next by the margin): an unknown
    country is no conflict. They are linked apart (their block has no country), so this
    runs over the partitions' incidents, those of one event type within reach in time.
    So do incidents placed only by names the gazetteer did not find, whose country is a
    guess that may put one place in two blocks (:func:`_same_unresolved_place`); one that
    has taken others in stays, so that nothing moves twice."""
    placed: dict[tuple[str, dt.date], list[int]] = defaultdict(list)
    loose = []
    for index, keys in enumerate(groups):
        members = [by_key[k] for k in keys]
        if all(_unplaced(m) or _unresolved(m) for m in members):
            loose.append(index)
        if all(m.country is not None for m in members):
            for m in members:
                if _when(m) is not None:
                    placed[(m.event_type, _when(m))].append(index)  # type: ignore[index]
    reach = BACKREF_WINDOW_DAYS + 2 * max(DATE_SLACK_DAYS.values())
    grown = [list(keys) for keys in groups]  # a placed incident with the unplaced ones it took
    told: dict[str, list[Mention]] = defaultdict(list)
    for mention in by_key.values():
        told[mention.doc_id].append(mention)
    joined = set()
    for index in sorted(loose, key=lambda i: min(groups[i])):
        if len(grown[index]) > len(groups[index]):
            continue  # it took others in: it stays where it is
        members = [by_key[k] for k in groups[index]]
        near = sorted({j for m in members if _when(m) is not None
                       for offset in range(-reach, reach + 1)
                       for j in placed.get((m.event_type, _when(m) + dt.timedelta(days=offset)), ())
                       if j != index and j not in joined})  # type: ignore[operator]  # fmt: skip
        fits = []
        for j in sorted(near):
            cluster = _Cluster([by_key[k] for k in grown[j]], {by_key[k].doc_id for k in grown[j]})
            found = [_fit(m, cluster, apart, told) for m in members]
            if all(f is not None and f[0] >= MERGE_SCORE for f in found):
                best = max(found, key=lambda f: f[0])  # type: ignore[arg-type,return-value]
                fits.append((best[0], len(fits), j, best[1], best[2]))  # type: ignore[index]
        fits.sort(key=lambda f: (-f[0], f[1]))
        if fits and (len(fits) == 1 or fits[0][0] - fits[1][0] >= AMBIGUITY_MARGIN):
            score, _, j, matched, reasons = fits[0]
            grown[j].extend(groups[index])
            joined.add(index)
            evidence[groups[index][0]] = (matched, score, (*reasons, "unplaced: placed by its incident"))
    return [keys for index, keys in enumerate(grown) if index not in joined]


def join_parted(
    groups: list[list[str]], by_key: dict[str, Mention], evidence: dict, apart: dict[str, set[str]]
) -> list[list[str]]:
    """Two incidents that are one, parted only by the order mentions came in: a report dated a
    day early ('the airstrike ... Jan. 2', in US time) opened an incident that the day's own
    reports, agreeing better with one another, did not join, and one that fits them all came
    after them. An incident *fits* another when each of its mentions would join it (agrees
    with every member, the best at least :data:`MERGE_SCORE`, no document in both). One joins
    the incident it fits best if that beats the next by :data:`AMBIGUITY_MARGIN` and no third
    fits that one about as well (a back-reference kept apart between two attacks stays apart).
    Fits are judged on the incidents as linked, so the order does not matter; each incident
    takes part in one join at most. The same test a single mention meets: no chaining.

    An *untyped* attack ('the al-Shabaab attack on Forward Operating Base Leego': remote
    violence with no sub-type or weapon, the default when the text does not tell the means)
    may be the assault another report tells as a battle or an attack on civilians; linked in
    its own block (event type, country), it meets those here (:data:`ATTACK_TYPES`)."""
    # filed as blocks are (type, country): the day-precise by day, as one looks only a day or
    # two around it for those; the others (coarser, undated) in time order, looked up by range
    by_day: dict[tuple[str, str | None, dt.date], set[int]] = defaultdict(set)
    coarse: dict[tuple[str, str | None], list[tuple[dt.date, int]]] = defaultdict(list)
    for index, keys in enumerate(groups):
        for key in keys:
            m = by_key[key]
            if _precise(m):
                by_day[(m.event_type, m.country, m.date)].add(index)  # type: ignore[index]
            elif _when(m) is not None:
                coarse[(m.event_type, m.country)].append((_when(m), index))  # type: ignore[arg-type]
    for filed in coarse.values():
        filed.sort()
    reach = dt.timedelta(days=BACKREF_WINDOW_DAYS + 2 * max(DATE_SLACK_DAYS.values()))  # as join_unplaced's
    told: dict[str, list[Mention]] = defaultdict(list)
    for mention in by_key.values():
        told[mention.doc_id].append(mention)
    fits: dict[int, list[tuple[float, int, str, tuple[str, ...]]]] = defaultdict(list)  # index -> (score, j, ...)
    taken: dict[int, list[tuple[float, int]]] = defaultdict(list)  # j -> (score, index) of those that fit it
    for index, keys in enumerate(groups):
        members = [by_key[k] for k in keys]
        near: set[int] = set()
        for m in members:
            when = _when(m)
            if when is None:
                continue
            kinds = {m.event_type, UNTYPED} if m.event_type in ATTACK_TYPES else {m.event_type}
            if _untyped(m):
                kinds = set(ATTACK_TYPES)
            for kind in kinds:  # an untyped attack may be told as a battle or an attack on civilians
                if _precise(m):  # another day-precise one is within two days, or disagrees
                    for offset in range(-2, 3):
                        near.update(by_day.get((kind, m.country, when + dt.timedelta(days=offset)), ()))
                else:
                    for day in range(-reach.days, reach.days + 1):
                        near.update(by_day.get((kind, m.country, when + dt.timedelta(days=day)), ()))
                filed = coarse.get((kind, m.country), [])
                start = bisect_left(filed, (when - reach, -1))
                stop = bisect_right(filed, (when + reach, len(groups)))
                near.update(j for _, j in filed[start:stop])
        near.discard(index)
        least = [MERGE_SCORE if m.date is not None else BACKREF_MERGE_SCORE for m in members]
        for j in sorted(near):
            cluster = _Cluster([by_key[k] for k in groups[j]], {by_key[k].doc_id for k in groups[j]})
            found = [_fit(m, cluster, apart, told) for m in members]
            # None: a member disagrees, or a document is in both
            if members and all(f is not None and f[0] >= low for f, low in zip(found, least)):
                score, matched, reasons = max(found, key=lambda f: f[0])  # type: ignore[arg-type,return-value,misc]
                fits[index].append((score, j, matched, reasons))
                taken[j].append((score, index))
    involved: set[int] = set()
    grown = [list(keys) for keys in groups]
    for index in sorted(fits, key=lambda i: (len(groups[i]), min(groups[i]))):
        ranked = sorted(fits[index], key=lambda f: (-f[0], f[1]))
        score, j, matched, reasons = ranked[0]
        if len(ranked) > 1 and score - ranked[1][0] < AMBIGUITY_MARGIN:
            continue  # it fits two about as well
        if any(other != index and score - other_score < AMBIGUITY_MARGIN for other_score, other in taken[j]):
            continue  # another fits that one about as well
        if index in involved or j in involved:
            continue
        involved.update((index, j))
        grown[j].extend(groups[index])
        grown[index] = []
        evidence[groups[index][0]] = (matched, score, (*reasons, "its incident joined one it fits"))
    return [keys for keys in grown if keys]


def _precise(mention: Mention) -> bool:
    """Dated to the day: its slack is a day."""
    return mention.date is not None and _slack(mention) == DATE_SLACK_DAYS[1]


def _when(mention: Mention) -> dt.date | None:
    """Where a mention stands in time for blocking: its date, or an undated one's publication."""
    return mention.date if mention.date is not None else mention.published


def partitions(mentions: Iterable[Mention]) -> list[list[Mention]]:
    """Mentions in groups that cannot meet: one block (event type, country) cut wherever no
    mention falls for longer than two date slacks, since nothing links across such a gap.
    An undated mention stands at its publication (its candidates lie at most
    :data:`BACKREF_WINDOW_DAYS` plus a date's slack before it, inside the gap); one with
    no publication either links to nothing, and those make one group of their own."""
    blocks: dict[tuple, list[Mention]] = defaultdict(list)
    undated = []
    for mention in mentions:
        if _when(mention) is None:
            undated.append(mention)
        else:
            blocks[(mention.event_type, mention.country or "")].append(mention)
    gap = 2 * max(DATE_SLACK_DAYS.values())
    found = []
    for _, block in sorted(blocks.items()):
        block.sort(key=lambda m: (_when(m), m.key))
        current = [block[0]]
        for previous, mention in zip(block, block[1:]):
            if (_when(mention) - _when(previous)).days > gap:  # type: ignore[operator]
                found.append(current)
                current = []
            current.append(mention)
        found.append(current)
    if undated:
        found.append(sorted(undated, key=lambda m: m.key))
    return found


def link_partition(partition: Partition) -> PartitionResult:
    """Link one partition: each mention, by date, joins the incident it fits best, if any.

    The dated mentions go first, so that every incident an undated back-reference may mean
    is there when it comes; it joins the nearest before its publication (see
    :func:`_choose`). The order is the partition's own sort, never the input's.
    """
    mentions, apart = partition
    mentions = sorted(mentions, key=link_order)
    clusters: list[_Cluster] = []
    told: dict[str, list[Mention]] = defaultdict(list)
    for mention in mentions:
        told[mention.doc_id].append(mention)
    link_in_order(mentions, apart, told, clusters, _Index())
    groups = [[m.key for m in c.members] for c in clusters]
    return groups, {key: value for c in clusters for key, value in c.evidence.items()}


def link_order(mention: Mention) -> tuple:
    """Where a mention comes in its partition's pass: the dated by date, then the undated by
    publication, each then by key."""
    return (mention.date is None, _when(mention) or dt.date.min, mention.key)


def link_in_order(
    mentions: Sequence[Mention], apart: dict[str, set[str]], told: dict[str, list[Mention]],
    clusters: list[_Cluster], index: _Index,
) -> None:
    """The greedy pass of :func:`link_partition` over mentions already in :func:`link_order`,
    continuing from ``clusters`` (filed in ``index``): each joins its best fit or opens one.
    An increment (:mod:`warlog.increment`) resumes it from the clusters an earlier run left."""
    for mention in mentions:
        fits: list[tuple[float, int, _Cluster, str, tuple[str, ...]]] = []
        least = MERGE_SCORE if mention.date is not None else BACKREF_MERGE_SCORE
        for cluster in index.candidates(mention):
            fit = _fit(mention, cluster, apart, told)
            if fit is not None and fit[0] >= least:
                fits.append((fit[0], len(fits), cluster, fit[1], fit[2]))
        chosen = _choose(mention, fits)
        if chosen is not None:
            score, _, cluster, matched, reasons = chosen
            cluster.members.append(mention)
            cluster.docs.add(mention.doc_id)
            cluster.evidence[mention.key] = (matched, score, reasons)
        else:  # nothing fits, or two incidents fit about as well: a guess would be a coin toss
            opened = "opens the incident" if not fits else f"fits {len(fits)} incidents about as well: kept apart"
            cluster = _Cluster([mention], {mention.doc_id}, {mention.key: (None, 0.0, (opened,))})
            clusters.append(cluster)
        index.file(cluster, mention)


def _choose(mention: Mention, fits: list) -> tuple | None:
    """The incident a mention joins among those it fits well enough, or None.

    A dated mention joins the best fit if it beats the next by :data:`AMBIGUITY_MARGIN`.
    An undated one ("the recent attack") means the nearest incident before its publication:
    it joins that one if it is nearer than the next by more than a day (the precision of a
    day-precise date), else the better fit by the margin among those as near, else none.
    """
    if not fits:
        return None
    if mention.date is None:
        near = sorted((_distance(mention, f[2]), -f[0], f[1], f) for f in fits)
        nearest = near[0][0]
        fits = [f for d, _, _, f in near if d - nearest <= DATE_SLACK_DAYS[1]]
    fits = sorted(fits, key=lambda f: (-f[0], f[1]))
    if len(fits) == 1 or fits[0][0] - fits[1][0] >= AMBIGUITY_MARGIN:
        return fits[0]
    return None


def _distance(mention: Mention, cluster: _Cluster) -> int:
    """How many days before an undated mention's publication an incident lies: its latest
    dated member (or the publication of its undated ones) nearest to it."""
    published: dt.date = mention.published  # type: ignore[assignment]
    days = []
    for member in cluster.members:
        if member.date is not None:
            days.append(max(0, (published - member.date).days))
        elif member.published is not None:
            days.append(abs((published - member.published).days))
    return min(days, default=BACKREF_WINDOW_DAYS)


@dataclass
class _Day:
    """The incidents one block files under one day: all of them, and by where they are."""

    everything: list[_Cluster] = field(default_factory=list)
    unplaced: list[_Cluster] = field(default_factory=list)  # a mention with no point below country level
    cells: dict[tuple[int, int], list[_Cluster]] = field(default_factory=lambda: defaultdict(list))


class _Index:
    """Incidents filed by block (event type, country), by every day their mentions reach
    (date ± slack) and, for placed mentions, by a coarse grid cell: looking within one
    mention's own reach and neighbourhood finds every incident it may agree with."""

    CELL_DEGREES = 2.0

    def __init__(self) -> None:
        self.blocks: dict[tuple, dict[dt.date, _Day]] = defaultdict(lambda: defaultdict(_Day))

    def _days(self, mention: Mention) -> list[_Day]:
        """The days a mention reaches: its date ± its slack, or, undated, the window before
        its publication (where the incidents it may refer back to are filed)."""
        block = self.blocks[(mention.event_type, mention.country)]
        if mention.date is not None:
            first, last = mention.date - dt.timedelta(days=_slack(mention)), mention.date + dt.timedelta(days=_slack(mention))
        elif mention.published is not None:
            first, last = mention.published - dt.timedelta(days=BACKREF_WINDOW_DAYS), mention.published
        else:
            return []
        return [block[first + dt.timedelta(days=offset)] for offset in range((last - first).days + 1)]

    def _cell(self, mention: Mention) -> tuple[int, int] | None:
        if (mention.geo_precision or 4) > 3 or mention.latitude is None or mention.longitude is None:
            return None
        return (math.floor(mention.latitude / self.CELL_DEGREES), math.floor(mention.longitude / self.CELL_DEGREES))

    def candidates(self, mention: Mention) -> Iterator[_Cluster]:
        seen: set[int] = set()
        cell = self._cell(mention)
        near: list[tuple[int, int]] = []
        if cell is not None:
            reach_km = PLACE_RADIUS_KM[mention.geo_precision or 3] + max(PLACE_RADIUS_KM.values())
            cell_km = self.CELL_DEGREES * 111.0
            rows = math.ceil(reach_km / cell_km)
            cols = math.ceil(reach_km / (cell_km * max(0.2, math.cos(math.radians(mention.latitude or 0)))))
            near = [(cell[0] + i, cell[1] + j) for i in range(-rows, rows + 1) for j in range(-cols, cols + 1)]
        for day in self._days(mention):
            if cell is None:
                lists = [day.everything]
            else:
                lists = [day.unplaced, *(day.cells[c] for c in near if c in day.cells)]
            for found in lists:
                for cluster in found:
                    if id(cluster) not in seen:
                        seen.add(id(cluster))
                        yield cluster

    def file(self, cluster: _Cluster, mention: Mention) -> None:
        cell = self._cell(mention)
        for day in self._days(mention):
            if cluster not in day.everything:
                day.everything.append(cluster)
            filed = day.unplaced if cell is None else day.cells[cell]
            if cluster not in filed:
                filed.append(cluster)


def _slack(mention: Mention) -> int:
    return DATE_SLACK_DAYS.get(mention.time_precision or 1, 1)


def _fit(
    mention: Mention, cluster: _Cluster, apart: dict[str, set[str]], told: dict[str, list[Mention]]
) -> tuple[float, str, tuple[str, ...]] | None:
    """Agreement with an incident: with every member (complete linkage), scored by the best.
    ``told`` holds each document's mentions, for :func:`_told_apart`."""
    if mention.doc_id in cluster.docs:
        return None
    fence = apart.get(mention.key, ())
    best: tuple[float, str, tuple[str, ...]] | None = None
    for member in cluster.members:
        if member.key in fence:
            return None
        found = agreement(mention, member)
        if found is None or _told_apart(mention, member, told):
            return None
        if best is None or found[0] > best[0]:
            best = (found[0], member.key, found[1])
    return best


def _told_apart(mention: Mention, member: Mention, told: dict[str, list[Mention]]) -> bool:
    """A member dated a day off the mention, whose own document tells another attack on the
    mention's day that the mention fits: that report holds the two days as two attacks (the
    same base hit on neighbouring days), so the day apart is no misread date line."""
    if mention.date is None or member.date is None or mention.date == member.date:
        return False
    return any(
        other is not member and other.date == mention.date and agreement(mention, other) is not None
        for other in told.get(member.doc_id, ())
    )


def _replay(groups: list[list[str]], override: Override, known: set[str], evidence: dict) -> list[list[str]]:
    """One override on the incidents so far: merge joins groups, split takes keys out."""
    keys = [k for k in override.keys if k in known]
    if override.action == "merge":
        touched = [g for g in groups if set(g) & set(keys)]
        merged = [k for g in touched for k in g]
        for key in merged[1:]:
            if evidence[key][0] is None or evidence[key][0] not in merged:
                evidence[key] = (None, 0.0, ("merged by a person",))
        return [g for g in groups if g not in touched] + [merged]
    taken = set(keys)
    for key in keys:
        evidence[key] = (None, 0.0, ("split by a person",))
    return [[k for k in g if k not in taken] for g in groups] + [keys]


# --------------------------------------------------------------------------- reconciling


def incident_id(keys: Iterable[str]) -> str:
    """A stable name: it changes only if the incident's first mention (by key) changes."""
    return "I" + hashlib.sha1(min(keys).encode("utf-8")).hexdigest()[:12]


def reconcile(members: Sequence[Mention]) -> Incident:
    """One incident's fields from its mentions: the most precise, then the most reported."""
    dated = [m for m in members if m.date is not None]
    if not dated:  # ACLED codes an undated event to its report, with the precision of a month
        dated = [replace(m, date=m.published, time_precision=3) for m in members if m.published is not None]
    when = min(dated, key=lambda m: (m.time_precision or 3, -_count(dated, "date", m.date), m.date)) if dated else None
    placed = [m for m in members if m.geo_precision is not None]
    where = min(placed, key=lambda m: (m.geo_precision, -_count(placed, "location", m.location))) if placed else None
    deaths = sorted(m.fatalities for m in members if m.fatalities is not None)
    injured = sorted(m.injuries for m in members if m.injuries is not None)
    return Incident(
        incident_id=incident_id(m.key for m in members),
        # an untyped attack takes the type another report tells it by
        event_type=next((m.event_type for m in members if not _untyped(m)), members[0].event_type),  # type: ignore
        sub_event_type=_most_common(m.sub_event_type for m in members),
        mentions=[m.key for m in members],
        date=when.date if when else None,
        time_precision=when.time_precision if when else None,  # type: ignore[arg-type]
        country=members[0].country,
        location=where.location if where else None,
        admin1=where.admin1 if where else None,
        latitude=where.latitude if where else None,
        longitude=where.longitude if where else None,
        geo_precision=where.geo_precision if where else None,  # type: ignore[arg-type]
        actor1=_most_common(m.actor1 for m in members),
        actor2=_most_common(m.actor2 for m in members),
        fatalities=deaths[0] if deaths else None,
        fatalities_low=deaths[0] if deaths else None,
        fatalities_best=statistics.median_low(deaths) if deaths else None,
        fatalities_high=deaths[-1] if deaths else None,
        injuries=injured[0] if injured else None,
        documents=len({m.doc_id for m in members}),
        sources=len({m.source for m in members}),
        grade=grade(members),
    )


def grade(members: Sequence[Mention]) -> Grade:
    """After Airwars: who did it disputed, acknowledged by a belligerent, or by how many sources."""
    doers = {m.actor1 for m in members if m.actor1} | {m.claimed_by for m in members if m.claimed_by}
    if any(x != y and not nested_actors(x, y) for x in doers for y in doers):  # a member and its umbrella agree
        return "contested"
    if any(m.claimed_by for m in members):  # the one doer (or no other) claims or acknowledges it
        return "confirmed"
    return "multiple" if len({m.source for m in members}) > 1 else "single"


def _count(members: Sequence[Mention], name: str, value: object) -> int:
    return sum(1 for m in members if getattr(m, name) == value)


def _most_common(values: Iterable[str | None]) -> str | None:
    counted = Counter(v for v in values if v)
    return counted.most_common(1)[0][0] if counted else None


# --------------------------------------------------------------------------- relations

_RESPONSE = re.compile(r"\bin (?:response|retaliation|reprisal) (?:to|for)\b|\bretaliat\w* (?:for|against)\b", re.I)
_AFTER = re.compile(
    r"\b(?P<phrase>(?:(?:a|an|one|two|three|four|five|six|seven|\d+|several|a few|the|just|only)\s+)?"
    r"(?:days?|hours?|weeks?|nights?)\s+after|shortly after|soon after|the day after)\b",
    re.I,
)
_FOLLOWS = re.compile(r"\b(?:follows|followed|came after|comes after)\b", re.I)
#: how many days back a referenced incident may lie when the text gives no exact offset
RELATION_WINDOW_DAYS = 14
_SENTENCE = re.compile(r"(?<=[.!?])\s+|\n+")


def sentence_around(text: str, start: int, end: int) -> tuple[str, int, int]:
    """The sentence holding ``text[start:end]``, and where that span lies inside it."""
    begin = max((m.end() for m in _SENTENCE.finditer(text, 0, start)), default=0)
    stop = next((m.start() for m in _SENTENCE.finditer(text, end)), len(text))
    return text[begin:stop], start - begin, end - begin


def relations(incidents: Sequence[Incident], sentences: dict[str, tuple[str, int, int]]) -> list[Relation]:
    """Links between incidents that a mention's sentence states ("in response to", "a day after").

    When the cue follows the mention ("strikes were launched in response to ..."), the
    mention is the later incident and the one it refers to is earlier; when the cue comes
    first ("The attacks came a day after US strikes ..."), the mention is the earlier one
    and the later incident is one its own document told of. Either way the two must share
    a side: for a response, the responder's target is the earlier doer (or the other way
    round); for "after", any actor in common. A stated offset ("a day after") fixes the
    date within a day; otherwise the earlier incident lies at most two weeks back.
    """
    from warlog.timex import offset_days

    by_day: dict[dt.date, list[Incident]] = defaultdict(list)
    owner: dict[str, Incident] = {}
    for incident in incidents:
        for key in incident.mentions:
            owner[key] = incident
        if incident.date is not None:
            by_day[incident.date].append(incident)
    found: dict[tuple[str, str], Relation] = {}
    for key in sorted(sentences):  # by key: a pair two mentions state keeps the first's words
        sentence, start, end = sentences[key]
        mention_of = owner.get(key)
        if mention_of is None or mention_of.date is None:
            continue
        cue = _RESPONSE.search(sentence) or _AFTER.search(sentence) or _FOLLOWS.search(sentence)
        if cue is None or start <= cue.start() < end:
            continue  # the cue inside the mention's own words says nothing of which came first
        response = cue.re is _RESPONSE
        phrase = cue.group("phrase") if cue.re is _AFTER else None
        offset = offset_days(phrase) if phrase else None
        if offset is not None and offset < 0:  # "a day after": that day, give or take one
            steps = [(-offset, 0), (-offset + 1, 1), (-offset - 1, 1)]
        else:
            steps = [(days, days) for days in range(RELATION_WINDOW_DAYS + 1)]
        mention_is_later = cue.start() >= end
        doc_id = key.rpartition("#")[0]
        candidates = []
        for days, distance in steps:
            shift = dt.timedelta(days=-days if mention_is_later else days)
            for other in by_day.get(mention_of.date + shift, ()):
                if other is mention_of:
                    continue
                later, earlier = (mention_of, other) if mention_is_later else (other, mention_of)
                if not mention_is_later and not any(k.rpartition("#")[0] == doc_id for k in other.mentions):
                    continue  # "The attacks came ...": attacks this story told of
                if _shares_side(later, earlier, response):
                    candidates.append((distance, -other.sources, other.incident_id, later, earlier))
        closest = min((c[0] for c in candidates), default=None)
        for distance, _, _, later, earlier in candidates:
            if distance == closest:  # "The attacks came a day after": every one of them
                kind = "in_response_to" if response else "after"
                relation = Relation(later.incident_id, earlier.incident_id, kind, key, cue.group(0).strip())
                found.setdefault((later.incident_id, earlier.incident_id), relation)
    return sorted(found.values(), key=lambda r: (r.source, r.target))


def relation_reach(text: str) -> int:
    """How many days from a mention's incident a relation its text states can reach (0: it
    states none): :data:`RELATION_WINDOW_DAYS`, or a stated offset and a day ("90 days after")."""
    from warlog.timex import offset_days

    if not any(cue.search(text) for cue in (_RESPONSE, _AFTER, _FOLLOWS)):
        return 0
    reach = RELATION_WINDOW_DAYS
    for match in _AFTER.finditer(text):
        offset = offset_days(match.group("phrase"))
        if offset is not None and offset < 0:
            reach = max(reach, -offset + 1)
    return reach


def _shares_side(later: Incident, earlier: Incident, response: bool) -> bool:
    if response:  # the responder hits back at the earlier doer, or the earlier target answers
        return bool(later.actor2 and later.actor2 == earlier.actor1) or bool(
            later.actor1 and later.actor1 == earlier.actor2
        )
    actors = {later.actor1, later.actor2} - {None}
    return bool(actors & ({earlier.actor1, earlier.actor2} - {None}))


# --------------------------------------------------------------------------- near-copies

_WORD = re.compile(r"\w+")


def signature(text: str) -> MinHash:
    """The MinHash of a text's word 5-shingles (lower case): its fingerprint as a story."""
    from datasketch import MinHash

    words = _WORD.findall(text.lower())
    shingles = {" ".join(words[i : i + SHINGLE_WORDS]) for i in range(max(1, len(words) - SHINGLE_WORDS + 1))}
    minhash = MinHash(num_perm=MINHASH_PERMUTATIONS, scheme=MINHASH_SCHEME, permutations=_permutations())
    minhash.update_batch([s.encode("utf-8") for s in shingles])
    return minhash


@cache
def _permutations() -> tuple:
    """datasketch's permutations for its default seed, drawn once: drawing them for every
    MinHash took most of the time of signing a short text or loading a stored signature."""
    from datasketch import MinHash

    return MinHash(num_perm=MINHASH_PERMUTATIONS, scheme=MINHASH_SCHEME).permutations


def signature_bytes(minhash: MinHash) -> bytes:
    return minhash.hashvalues.astype("<u8").tobytes()


def signature_from_bytes(data: bytes) -> MinHash:
    import numpy as np
    from datasketch import MinHash

    values = np.frombuffer(data, dtype="<u8").astype(np.uint64)
    return MinHash(
        num_perm=MINHASH_PERMUTATIONS, hashvalues=values, scheme=MINHASH_SCHEME, permutations=_permutations()
    )


def copy_groups(signatures: dict[str, MinHash]) -> dict[str, str]:
    """Each document's near-copy group (named by its first doc_id): copies are one source."""
    from datasketch import MinHashLSH

    lsh = MinHashLSH(threshold=COPY_SIMILARITY, num_perm=MINHASH_PERMUTATIONS)
    group: dict[str, str] = {}
    for doc_id in sorted(signatures):
        minhash = signatures[doc_id]
        similar = [other for other in lsh.query(minhash) if minhash.jaccard(signatures[other]) >= COPY_SIMILARITY]
        group[doc_id] = min((group[o] for o in similar), default=doc_id)
        lsh.insert(doc_id, minhash)
    return group


# --------------------------------------------------------------------------- the stage


def relink(
    store: Store, linker: Callable[[list[Mention], list[Override]], Linking] = link, *, full: bool = False
) -> Linking:
    """Link what the store holds: sign new documents, group copies, replay overrides.

    By default only what was stored since the last run is linked, and only where it reaches
    (:mod:`warlog.increment`): the result is the one a full run gives, which runs instead
    when ``full`` is set, when ``linker`` is a cluster's (:meth:`warlog.cluster.ClusterExtractor.link`),
    or when the increment cannot see what changed. A full run returns every incident; an
    increment, the incidents it made.
    """
    if not full and linker is link:
        from warlog.increment import relink_increment

        linking = relink_increment(store)
        if linking is not None:
            return linking
    from warlog.increment import fingerprint

    mark = store.link_mark()
    fingerprint(store)
    groups = copy_groups({doc_id: signature_from_bytes(data) for doc_id, data in store.signatures().items()})
    linking = linker(store.mentions(groups), store.overrides())
    spans = store.event_spans()
    linking.relations = relations(linking.incidents, {key: sentence_around(*span) for key, span in spans.items()})
    store.save_linking(linking, groups, mark)
    return linking
