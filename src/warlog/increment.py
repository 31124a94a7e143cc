"""Incremental linking: a batch re-links only what its new mentions can touch, exactly as a
full run would.

A full run (:func:`warlog.link.link`) is a chain of steps each of which is local once one
knows where to look; an increment redoes each step only where the batch reaches, reading
what the last run left in the store (each event's raw cluster and read date, the raw
decisions that differ from the kept ones, the copy groups, the documents' LSH bands):

1. *Copies.* The new documents' MinHash bands find their near-copies in the store (the
   same bands :func:`warlog.link.copy_groups` buckets by); a document's group is the least
   group of its earlier similar documents, so the groups are recomputed in doc_id order from
   the new documents on, following only documents similar to one whose group changed.
2. *Year-suspects* (:func:`warlog.link.year_suspects`) are judged on reports of one block at
   a named site within a month of the same day in any year: the new mentions, those within
   two days of their day in any year and the block's current suspects are judged again on
   that neighbourhood; a mention whose read date changes is *moved*.
3. *The block pass* (:func:`warlog.link.link_in_order`) is greedy in date order, and a
   decision depends only on the incidents filed within the dates' reach (a day to a month,
   by precision) and on same-day reports of the members' documents. So in each block (event
   type, country) with a new, moved or re-sourced mention, every decision before the earliest
   such date ``t`` stands: the pass resumes at ``t`` from the raw clusters that can still take
   a member, those with a member whose date and slack reach the slack of a mention linked
   again (read whole, by their first mention, from the store). Undated back-references go
   last in a partition; when one published on or after ``t`` - 62 days (or a new one) is in
   the block, those are linked again too, against the clusters of the months before.
4. *Unplaced joins* (:func:`warlog.link.join_unplaced`) run in key order over the whole
   event type, but a loose incident can only join, or compete for, an incident every member
   of which agrees with every member of it: the changed raw clusters (before and after) are
   closed under that relation (through the store, among the mentions whose dates could
   agree), and the joins are redone on that closure, which holds every incident they can change.
5. *Parted joins* (:func:`warlog.link.join_parted`) decide each incident on those it fits and
   those that fit the one it fits best, one join barring the next: the decisions fall apart
   by the links of fit (either way, between incidents of one country and compatible types
   within its reach). The incidents the unplaced joins made, and the changed ones as they
   were, are closed under those links (a superset, fit judged without fences or other
   reports, which only forbid) over the stored incidents, each split back into the
   incidents join_parted saw by its mentions' kept decisions; the joins are redone there.
6. *Relations* (:func:`warlog.link.relations`) reach from a mention's incident as far as its
   text says (two weeks, or "90 days after"; kept per document): those stated by mentions
   whose reach meets a changed incident are found again.

Overrides are replayed on every run, over any incident. An increment falls back to the
full run (:func:`warlog.link.relink` then links everything) when it cannot see what
changed: no mark of a previous run (a store linked before migration 0004, or never), a
document extracted again since (its old events are gone), a person's new merge or split,
or an override naming a mention whose incident the batch changes; and, as safeguards,
when an incident it would replace holds a part (as join_parted saw it) it re-links only in
part, or a cluster it must resume lies out of what it read.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import heapq
from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from functools import cache
from typing import TYPE_CHECKING

from warlog.link import (
    ATTACK_TYPES,
    BACKREF_MERGE_SCORE,
    BACKREF_WINDOW_DAYS,
    COPY_SIMILARITY,
    DATE_SLACK_DAYS,
    MERGE_SCORE,
    MINHASH_PERMUTATIONS,
    UNTYPED,
    RELATION_WINDOW_DAYS,
    Linking,
    Mention,
    Override,
    Relation,
    Why,
    _Cluster,
    _fit,
    _Index,
    _in_year,
    _precise,
    _same_actors,
    _same_named_place,
    _slack,
    _unplaced,
    _unresolved,
    _untyped,
    _when,
    add_incidents,
    agreement,
    join_parted,
    join_unplaced,
    link_in_order,
    link_order,
    relation_reach,
    relations,
    sentence_around,
    signature,
    signature_bytes,
    signature_from_bytes,
    split_fences,
    suspect_note,
    year_suspects,
)

if TYPE_CHECKING:
    from datasketch import MinHash

    from warlog.store import Store

#: the widest date slack: dated members of one raw cluster lie within it of each other
SLACK = max(DATE_SLACK_DAYS.values())
#: a cluster that can take a mention dated ``t`` or later has a member on or after ``t`` - 2 slacks
REACH = 2 * SLACK
#: how far apart in time an unplaced incident and one it may join can lie (join_unplaced's reach)
JOIN_REACH = BACKREF_WINDOW_DAYS + 2 * SLACK


@dataclass(frozen=True)
class Linked:
    """A stored event as the last linking run left it."""

    row: int  # the events row
    mention: Mention  # as linking read it: a year-suspect at its read date
    date: dt.date | None  # its own date
    read_as: dt.date | None
    cluster: str | None  # the first mention of its raw cluster
    incident: str | None  # None: not linked yet
    why: Why | None  # the block pass's decision
    kept: Why | None = None  # the decision as kept (after the joins)


@dataclass
class Increment:
    """What an increment changes in the store."""

    linking: Linking  # the incidents it made, their decisions and the relations to add
    removed: list[str]  # the incidents they replace
    rows: dict[str, int]  # event key -> events row, for every mention of the incidents made
    copy_groups: dict[str, str]  # the documents whose copy group is new or changed
    old_relations: list[Relation]  # the stored relations to drop
    mark: tuple[int, int]


class FullRelink(Exception):
    """The increment cannot see what changed: link everything (the reason says why)."""


def relink_increment(store: Store) -> Linking | None:
    """Link what was stored since the last run; None when only a full run can (see the module)."""
    state = store.link_state()
    if state is None:
        return None
    mark = store.link_mark()
    if mark[1] != state[1] or store.reprocessed_since(state[0]):
        return None
    try:
        increment = _increment(store, mark)
    except FullRelink:
        return None
    store.save_increment(increment)
    return increment.linking


# --------------------------------------------------------------------------- copies


@cache
def _band_ranges() -> tuple[tuple[int, int], ...]:
    """The slices of a MinHash that the LSH of :func:`warlog.link.copy_groups` buckets by."""
    from datasketch import MinHashLSH

    return tuple(MinHashLSH(threshold=COPY_SIMILARITY, num_perm=MINHASH_PERMUTATIONS).hashranges)


def band_hashes(minhash: MinHash) -> list[int]:
    """One 63-bit hash per LSH band: documents sharing one are candidate copies."""
    found = []
    for number, (start, end) in enumerate(_band_ranges()):
        data = bytes([number]) + minhash.hashvalues[start:end].astype("<u8").tobytes()
        found.append(int.from_bytes(hashlib.blake2b(data, digest_size=8).digest(), "little", signed=True))
    return found


def _similar(a: MinHash, b: MinHash) -> bool:
    """What copy_groups holds similar: a band in common (LSH) and the estimated Jaccard."""
    shared = any((a.hashvalues[s:e] == b.hashvalues[s:e]).all() for s, e in _band_ranges())
    return shared and a.jaccard(b) >= COPY_SIMILARITY


def fingerprint(store: Store, recent: bool = False) -> dict[str, MinHash]:
    """Sign the documents not signed yet (MinHash, its bands, whether it states relations);
    only among the recent ones when every run before signed all (see Store.unsigned_documents)."""
    rows = store.unsigned_documents(recent)
    signed = {}
    fingerprints = []
    for row, doc_id, text in rows:
        minhash = signature(text)
        signed[doc_id] = minhash
        fingerprints.append((row, signature_bytes(minhash), band_hashes(minhash), relation_reach(text)))
    store.save_fingerprints(fingerprints)
    return signed


def copy_group_changes(store: Store, new: dict[str, MinHash]) -> dict[str, str]:
    """The copy group of each new document, and of each stored one whose group they change."""
    signatures = dict(new)
    holders, found = store.band_neighbours(band for minhash in new.values() for band in band_hashes(minhash))
    neighbours: dict[str, set[str]] = {}
    for doc_id, minhash in new.items():
        neighbours[doc_id] = {o for band in band_hashes(minhash) for o in holders.get(band, ())} - {doc_id}
    stored = store.stored_copy_groups({*new, *(o for found in neighbours.values() for o in found)})
    changed: dict[str, str] = {}
    queue = sorted(new)
    done: set[str] = set()
    while queue:
        doc_id = heapq.heappop(queue)
        if doc_id in done:
            continue
        done.add(doc_id)
        if doc_id not in neighbours:
            holders, more = store.band_neighbours(band_hashes(signatures[doc_id]))
            found.update(more)
            neighbours[doc_id] = {o for band in holders for o in holders[band]} - {doc_id}
        for other in neighbours[doc_id]:
            if other not in signatures:
                signatures[other] = signature_from_bytes(found[other])
        similar = sorted(o for o in neighbours[doc_id] if _similar(signatures[doc_id], signatures[o]))
        missing = [d for d in [doc_id, *similar] if d not in stored]
        stored.update(store.stored_copy_groups(missing))
        group = min(((changed.get(o) or stored.get(o) or o) for o in similar if o < doc_id), default=doc_id)
        if doc_id in new or group != stored.get(doc_id):
            changed[doc_id] = group
            for other in similar:
                if other > doc_id:
                    heapq.heappush(queue, other)
    return changed


# --------------------------------------------------------------------------- the increment


@dataclass
class _State:
    """The mentions an increment has read, old and new, and what it decided of them."""

    sources: dict[str, str]  # doc_id -> copy group, where it changed
    read: dict[str, dt.date | None] = field(default_factory=dict)  # key -> new read date (moved, fresh)
    old: dict[str, Linked] = field(default_factory=dict)  # key -> as stored
    fresh: dict[str, Linked] = field(default_factory=dict)  # key -> not linked yet

    def current(self, linked: Linked) -> Mention:
        """A mention as this run reads it: its new source and read date."""
        mention = linked.mention
        if mention.doc_id in self.sources:
            mention = replace(mention, source=self.sources[mention.doc_id])
        if mention.key in self.read:
            mention = replace(mention, date=self.read[mention.key] or linked.date)
        return mention

    def note(self, linked: Linked) -> None:
        if linked.incident is None:
            self.fresh.setdefault(linked.mention.key, linked)
        else:
            self.old.setdefault(linked.mention.key, linked)


def _increment(store: Store, mark: tuple[int, int]) -> Increment:
    new_docs = fingerprint(store, recent=True)
    sources = copy_group_changes(store, new_docs) if new_docs else {}
    state = _State(sources)
    for linked in store.unlinked():
        if linked.why is not None:
            raise FullRelink("an event not linked has a decision: its document was extracted again")
        state.note(linked)
    resourced = [linked for linked in store.linked_of_documents(d for d in sources if d not in new_docs)]
    for linked in resourced:
        state.note(linked)
    if not state.fresh and not resourced:
        return Increment(Linking(), [], {}, sources, [], mark)
    overrides = store.overrides()
    moved = _judge_years(store, state, [*state.fresh.values(), *resourced])
    # where each block's pass must resume: the dates of the new, moved and re-sourced mentions
    dated_from: dict[tuple, dt.date] = {}
    undated_from: dict[tuple, dt.date] = {}
    loners = []
    for key in {*state.fresh, *moved, *(linked.mention.key for linked in resourced)}:
        linked = state.fresh.get(key) or state.old[key]
        for mention in (state.current(linked), linked.mention):
            block = (mention.event_type, mention.country)
            if mention.date is not None:
                dated_from[block] = min(dated_from.get(block, dt.date.max), mention.date)
            elif mention.published is not None:
                undated_from[block] = min(undated_from.get(block, dt.date.max), mention.published)
            elif key in state.fresh:
                loners.append(mention)
    apart = split_fences(overrides)
    new_groups: dict[str, list[Mention]] = {}  # opener -> members, the raw clusters that changed
    old_groups: dict[str, list[Mention]] = {}  # opener -> members as they were
    raw: dict[str, tuple[str, Why]] = {}
    _relink_blocks(store, state, dated_from, undated_from, apart, new_groups, old_groups, raw)
    for mention in loners:  # no date and no publication: linked to nothing
        new_groups[mention.key] = [mention]
        raw[mention.key] = (mention.key, (None, 0.0, ("opens the incident",)))
    closure = _join_closure(store, state, new_groups, old_groups, raw)
    return _finish(store, state, closure, old_groups, raw, overrides, apart, mark)


def _near_day(a: dt.date, b: dt.date, days: int) -> bool:
    """``a`` lies within ``days`` of ``b``'s month and day, in some year."""
    return any(abs((a - _in_year(b, year)).days) <= days for year in (a.year - 1, a.year, a.year + 1))


def _relevant(a: Mention, b: Mention) -> bool:
    """``b`` bears on whether ``a``'s year is suspect: another source, the same actors, the same named site."""
    if a.source == b.source or a.latitude is None or b.latitude is None or abs(a.latitude - b.latitude) > 0.5:
        return False  # no named site within reach (50 km, under half a degree of latitude)
    return _same_actors(a, b) and _same_named_place(a, b)


def _judge_years(store: Store, state: _State, touched: list[Linked]) -> set[str]:
    """Judge the year-suspects again around the new and re-sourced mentions; the keys of the
    stored mentions whose read date changed (``state.read`` gets every new read date).

    A mention's year can only be suspect if a report that bears on it (:func:`_relevant`)
    falls within a day of its month and day in another year. A new report can change that
    for itself and for the reports within two days of its month and day, and can stop a
    current suspect; a re-sourced one, for any report within a month (it may have been the
    other day nearby that kept one from being suspect). Each of those with such a report is
    judged on every report bearing on it within a month of its day, in every year."""
    for key in state.fresh:
        state.read[key] = None
    relevant = [t for t in touched if t.date is not None and (t.mention.geo_precision or 4) <= 2
                and t.mention.latitude is not None and t.mention.longitude is not None]  # fmt: skip
    by_block: dict[tuple, list[Linked]] = defaultdict(list)
    for linked in relevant:
        by_block[(linked.mention.event_type, linked.mention.country)].append(linked)
    moved: set[str] = set()
    years = store.event_years()
    if years is None:
        return moved
    all_suspects: dict[tuple, list[Linked]] = defaultdict(list)
    for linked in store.suspects():
        all_suspects[(linked.mention.event_type, linked.mention.country)].append(linked)
    resourced = {t.mention.key for t in relevant if t.incident is not None}
    nearby: dict[tuple, list[Linked]] = defaultdict(list)
    for event_type in sorted({block[0] for block in by_block}):
        blocks = sorted((b for b in by_block if b[0] == event_type), key=lambda b: b[1] or "")
        days = [(t.date, SLACK + 2 if t.mention.key in resourced else 3) for b in blocks for t in by_block[b]]
        for linked in store.linked_on_days(event_type, [b[1] for b in blocks], _day_spans(days, years)):  # type: ignore[arg-type]
            nearby[(event_type, linked.mention.country)].append(linked)
    fresh_in: dict[tuple, list[Linked]] = defaultdict(list)
    for linked in state.fresh.values():
        fresh_in[(linked.mention.event_type, linked.mention.country)].append(linked)
    for (event_type, country), around in sorted(by_block.items(), key=lambda item: (item[0][0], item[0][1] or "")):
        suspects = all_suspects[(event_type, country)]
        pool = {n.mention.key: n for n in [*nearby[(event_type, country)], *suspects, *around,
                                           *fresh_in[(event_type, country)]]}  # fmt: skip
        raw = {key: replace(state.current(n), date=n.date) for key, n in pool.items() if n.date is not None}
        candidates = {t.mention.key for t in around}
        for key, mention in raw.items():
            for t in around:
                near = SLACK + 1 if t.mention.key in resourced or pool[key].read_as is not None else 2
                if _relevant(mention, raw[t.mention.key]) and _near_day(mention.date, t.date, near):  # type: ignore[arg-type]
                    candidates.add(key)
        for key in sorted(candidates):
            linked, mention = pool[key], raw[key]
            read = None
            if (mention.time_precision or 1) == 1 and (mention.geo_precision or 4) <= 2 and (
                linked.read_as is not None or any(_other_year(mention, o) for o in raw.values())
            ):
                month = _day_spans([(linked.date, SLACK + 3)], years)  # type: ignore[list-item]
                judged = {n.mention.key: replace(state.current(n), date=n.date)
                          for n in store.linked_on_days(event_type, [country], month, like=linked.mention)}  # fmt: skip
                judged.update((k, raw[k]) for k in raw if k in state.fresh or k == key)
                found = year_suspects(judged.values())
                read = found[key][0] if key in found else None
            if linked.incident is None:
                state.read[key] = read
            elif read != linked.read_as:
                state.read[key] = read
                moved.add(key)
                state.note(linked)
    return moved


def _other_year(mention: Mention, other: Mention) -> bool:
    """``other`` tells of ``mention``'s month and day (give or take a day) in another year."""
    day: dt.date = mention.date  # type: ignore[assignment]
    return (
        (other.time_precision or 1) == 1 and abs((other.date - day).days) > 1  # type: ignore[operator]
        and abs((other.date - _in_year(day, other.date.year)).days) <= 1 and _relevant(mention, other)  # type: ignore[union-attr,operator]
    )


def _day_spans(days: list[tuple[dt.date, int]], years: tuple[int, int]) -> list[tuple[dt.date, dt.date]]:
    """Each day's month and day, give or take its width, in every year the store holds, merged."""
    spans = sorted(
        (_in_year(day, year) - dt.timedelta(days=width), _in_year(day, year) + dt.timedelta(days=width))
        for day, width in days
        for year in range(years[0] - 1, years[1] + 2)
        if dt.MINYEAR < year < dt.MAXYEAR
    )
    merged: list[tuple[dt.date, dt.date]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1] + dt.timedelta(days=1):
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def _relink_blocks(
    store: Store, state: _State, dated_from: dict[tuple, dt.date], undated_from: dict[tuple, dt.date],
    apart: dict[str, set[str]], new_groups: dict[str, list[Mention]], old_groups: dict[str, list[Mention]],
    raw: dict[str, tuple[str, Why]],
) -> None:
    """Resume each block's pass at its ``dated_from`` (and its undated tail at ``undated_from``),
    reading the blocks together: the mentions linked again, then the clusters in their reach."""
    plan: dict[tuple, tuple[dt.date | None, dt.date | None]] = {}
    for block in {*dated_from, *undated_from}:
        tail_from = undated_from.get(block)
        if block in dated_from:
            tail_from = min(tail_from or dt.date.max, dated_from[block] - dt.timedelta(days=REACH))
        plan[block] = (dated_from.get(block), tail_from)
    again = store.linked_in_blocks({b: (t or dt.date.max, u or dt.date.max) for b, (t, u) in plan.items()})
    fresh: dict[tuple, list[Linked]] = defaultdict(list)
    for linked in state.fresh.values():
        fresh[(linked.mention.event_type, linked.mention.country)].append(linked)
    deep, reaching = [], {}
    for block, (dated, tail_from) in plan.items():
        for linked in again[block]:
            state.note(linked)
        if any(x.mention.date is None and tail_from is not None and x.mention.published is not None
               and x.mention.published >= tail_from for x in [*again[block], *fresh[block]]):  # fmt: skip
            deep.append(block)  # the undated go again: the clusters they may join reach further back
        else:  # the clusters of the mentions linked again, and those still in reach of them
            current = [state.current(x) for x in [*again[block], *fresh[block]]]
            reach = max([_slack(m) for m in current if m.date is not None], default=1)
            reaching[block] = {p: dated - dt.timedelta(days=reach + DATE_SLACK_DAYS[p])  # type: ignore[operator]
                               for p in DATE_SLACK_DAYS}  # fmt: skip
    clusters = {x.cluster for block in reaching for x in again[block]} | store.clusters_reaching(reaching)
    loaded: dict[tuple, list[Linked]] = defaultdict(list)
    for linked in store.linked_of_clusters(c for c in clusters if c is not None):
        loaded[(linked.mention.event_type, linked.mention.country)].append(linked)
    for block in sorted(plan, key=lambda b: (b[0], b[1] or "")):
        dated, tail_from = plan[block]
        if block in deep:
            since = min((dated or dt.date.max) - dt.timedelta(days=REACH + SLACK),
                        tail_from - dt.timedelta(days=REACH + SLACK))  # type: ignore[operator]  # fmt: skip
            rows = store.linked_in_block(block[0], block[1], since, since - dt.timedelta(days=SLACK))
        else:
            rows, tail_from = loaded[block], None
        _relink_block(state, block, dated, tail_from, rows, fresh[block], apart, new_groups, old_groups, raw)


def _relink_block(
    state: _State, block: tuple, dated_from: dt.date | None, tail_from: dt.date | None, loaded: list[Linked],
    fresh: list[Linked], apart: dict[str, set[str]], new_groups: dict[str, list[Mention]],
    old_groups: dict[str, list[Mention]], raw: dict[str, tuple[str, Why]],
) -> None:
    """Resume one block's pass at ``dated_from`` (its undated tail at ``tail_from``), from the
    clusters ``loaded`` holds; a cluster whose first mention is not there lies out of reach."""
    for linked in loaded:
        state.note(linked)
    members: dict[str, list[Linked]] = defaultdict(list)
    for linked in loaded:
        members[linked.cluster].append(linked)  # type: ignore[index]
    here = {x.mention.key for x in loaded}

    def again(linked: Linked) -> bool:
        mention = state.current(linked)
        if mention.date is not None:
            return dated_from is not None and mention.date >= dated_from
        return tail_from is not None and mention.published is not None and mention.published >= tail_from

    clusters: list[_Cluster] = []
    index = _Index()
    redo: list[Mention] = [state.current(f) for f in fresh if _when(f.mention) is not None]
    for opener, found in members.items():
        if opener not in here:  # opened before the window: it cannot take any mention linked again
            if any(again(x) for x in found):
                raise FullRelink(f"{opener}: a cluster reaching back further than its window")
            continue
        old = sorted(found, key=lambda x: link_order(x.mention))
        old_groups[opener] = [x.mention for x in old]
        kept = [x for x in old if not again(x)]
        redo += [state.current(x) for x in old if again(x)]
        if kept:
            if kept[0].mention.key != opener:
                raise FullRelink(f"{opener}: its first mention is linked again but not its members")
            cluster = _Cluster([], set(), {})
            for x in kept:
                cluster.members.append(x.mention)
                cluster.docs.add(x.mention.doc_id)
                cluster.evidence[x.mention.key] = x.why  # type: ignore[assignment]
                index.file(cluster, x.mention)
            clusters.append(cluster)
    current = {m.key: m for m in (state.current(x) for x in loaded)}
    current.update((m.key, m) for m in redo)
    told: dict[str, list[Mention]] = defaultdict(list)
    for mention in current.values():
        told[mention.doc_id].append(mention)
    redo = sorted({m.key: m for m in redo}.values(), key=link_order)
    link_in_order(redo, apart, told, clusters, index)
    for cluster in clusters:
        opener = cluster.members[0].key
        keys = [m.key for m in cluster.members]
        before = old_groups.get(opener)
        if before is not None and [m.key for m in before] == keys and all(
            k in state.old and state.current(state.old[k]) == state.old[k].mention
            and cluster.evidence[k] == state.old[k].why
            for k in keys
        ):
            old_groups.pop(opener)  # as it was: no change to carry further
            continue
        new_groups[opener] = list(cluster.members)
        for mention in cluster.members:
            raw[mention.key] = (opener, cluster.evidence[mention.key])


def _loose(group: list[Mention]) -> bool:
    """Placed nowhere or only by a name the gazetteer did not find (join_unplaced's loose)."""
    return all(_unplaced(m) or _unresolved(m) for m in group)


def _compatible(a: list[Mention], b: list[Mention]) -> bool:
    """Every member of one agrees with every member of the other: only then can one join (or
    compete for) the other, however either grows."""
    return all(agreement(x, y) is not None for x in a for y in b)


def _spans(groups: list[list[Mention]]) -> dict[str, list[tuple[tuple[dt.date, dt.date], tuple[dt.date, dt.date]]]]:
    """Per event type, the merged ranges in which a mention that agrees with one of the groups'
    can lie: (dated, undated by publication). Dates agree within the widest slack; an undated
    mention meets one dated up to a window and a slack before its publication and a slack after."""
    day = dt.timedelta(days=1)
    found: dict[str, list[tuple[dt.date, dt.date]]] = defaultdict(list)
    for group in groups:
        dated = [m.date for m in group if m.date is not None]
        published = [m.published for m in group if m.date is None and m.published is not None]
        if dated:
            found[group[0].event_type].append((min(dated) - SLACK * day, max(dated) + SLACK * day))
        if published:
            found[group[0].event_type].append((min(published) - JOIN_REACH * day, max(published) + SLACK * day))
    merged_by_type = {}
    for event_type, spans in found.items():
        spans.sort()
        merged = [spans[0]]
        for start, end in spans[1:]:
            if start <= merged[-1][1]:
                merged[-1] = (merged[-1][0], max(merged[-1][1], end))
            else:
                merged.append((start, end))
        # an undated mention agrees with a dated one published up to a slack before it and a
        # window and a slack after it, and with an undated one published within the window
        merged_by_type[event_type] = [((a, b), (a - SLACK * day, b + JOIN_REACH * day)) for a, b in merged]
    return merged_by_type


def _join_closure(
    store: Store, state: _State, new_groups: dict[str, list[Mention]], old_groups: dict[str, list[Mention]],
    raw: dict[str, tuple[str, Why]],
) -> dict[str, list[Mention]]:
    """The raw clusters, as they are now, whose unplaced joins the changed ones can alter:
    those reached from a changed cluster (before or after) through clusters that could join
    or be joined by one another (:func:`_compatible`, one of the two loose)."""
    closure = dict(new_groups)
    gone = set(old_groups) - set(new_groups)
    frontier = [*new_groups.values(), *old_groups.values()]
    while frontier:
        wanted: set[str] = set()
        for loose_only, groups in ((False, [g for g in frontier if _loose(g)]),
                                   (True, [g for g in frontier if not _loose(g)])):  # fmt: skip
            for event_type, spans in _spans(groups).items():
                for dated, undated in spans:
                    for linked in store.linked_of_type(event_type, dated, undated, loose=loose_only):
                        key = linked.mention.key
                        wanted.add(raw[key][0] if key in raw else linked.cluster)  # type: ignore[arg-type]
        wanted -= set(closure) | gone
        found: dict[str, list[Mention]] = defaultdict(list)
        for linked in store.linked_of_clusters(wanted):
            state.note(linked)
            if linked.mention.key not in raw:
                found[linked.cluster].append(state.current(linked))  # type: ignore[index]
        reached = []
        for opener, members in sorted(found.items()):
            members.sort(key=link_order)
            if any((_loose(f) or _loose(members)) and f[0].event_type == members[0].event_type
                   and _compatible(f, members) for f in frontier):  # fmt: skip
                closure[opener] = members
                reached.append(members)
        frontier = reached
    return closure


def _by_key(store: Store, state: _State, groups: Iterable[list[Mention]]) -> dict[str, Mention]:
    """The groups' mentions and every other mention of their documents (what _told_apart reads)."""
    groups = list(groups)
    docs = {m.doc_id for group in groups for m in group}
    by_key = {x.mention.key: state.current(x) for x in store.linked_of_documents(docs)}
    by_key.update((f.mention.key, state.current(f)) for f in state.fresh.values() if f.mention.doc_id in docs)
    by_key.update((m.key, m) for group in groups for m in group)
    return by_key


def _finish(
    store: Store, state: _State, closure: dict[str, list[Mention]], old_groups: dict[str, list[Mention]],
    raw: dict[str, tuple[str, Why]], overrides: list[Override], apart: dict[str, set[str]], mark: tuple[int, int],
) -> Increment:
    """Redo the unplaced joins on the closure and the parted joins on their region, reconcile,
    find the relations near, and say which stored incidents the new ones replace."""
    keys = {m.key for group in closure.values() for m in group}
    before = {m.key for group in old_groups.values() for m in group}
    removed = {state.old[k].incident for k in keys | before if k in state.old}
    for key in keys - set(raw):
        linked = state.old[key]
        raw[key] = (linked.cluster, linked.why)  # type: ignore[assignment]
    by_key = _by_key(store, state, closure.values())
    evidence = {key: raw[key][1] for key in keys}
    unplaced = join_unplaced([[m.key for m in group] for group in closure.values()], by_key, evidence, apart)
    region = _parted_region(store, state, [[by_key[k] for k in g] for g in unplaced], keys, removed)
    reached = region.groups[len(unplaced):]
    for linked in region.linked:
        raw[linked.mention.key] = (linked.cluster, linked.why)  # type: ignore[assignment]
    evidence.update(region.evidence)
    keys |= set(region.evidence)
    removed = sorted(region.removed)  # type: ignore[arg-type]
    for override in overrides:
        if set(override.keys) & (keys | before):
            raise FullRelink("a person's merge or split names a mention the batch re-links")
    by_key.update(_by_key(store, state, reached))
    groups = join_parted([*unplaced, *([m.key for m in group] for group in reached)], by_key, evidence, apart)
    read_as = {}
    notes = {}
    for key in keys:
        linked = state.fresh.get(key) or state.old[key]
        read = state.read[key] if key in state.read else linked.read_as
        if read is not None:
            read_as[key] = read
            notes[key] = suspect_note(linked.date, read)  # type: ignore[arg-type]
    linking = Linking(raw={key: raw[key] for key in keys}, read_as=read_as)
    add_incidents(linking, groups, by_key, evidence, notes)
    linking.stale = [o for o in overrides if not store.events_by_key(list(o.keys))]
    dates = [i.date for i in linking.incidents if i.date is not None]
    dates += [d for d in store.incident_dates(removed) if d is not None]
    old_relations: list[Relation] = []
    if dates:
        linking.relations, old_relations = _relations_near(store, linking, removed, min(dates), max(dates))
    rows = {key: (state.fresh.get(key) or state.old[key]).row for key in keys}
    return Increment(linking, removed, rows, state.sources, old_relations, mark)


# --------------------------------------------------------------------------- parted joins


#: the note join_unplaced and join_parted add to the decision of the incident they join
UNPLACED_NOTE = "unplaced: placed by its incident"
PARTED_NOTE = "its incident joined one it fits"


@dataclass
class _Region:
    """The incidents (as join_parted sees them) whose parted joins an increment redoes."""

    groups: list[list[Mention]]  # the changed ones first (after the unplaced joins), then those reached
    removed: set[str]  # the stored incidents they replace
    linked: list[Linked]  # the stored mentions of the incidents reached
    evidence: dict[str, Why] = field(default_factory=dict)  # theirs as the unplaced joins left it

    def reach(self, found: list[Linked], parts: list[list[Mention]]) -> None:
        """Take in the parts of a stored incident, ``found`` holding their mentions."""
        wanted = {m.key for part in parts for m in part}
        for linked in found:
            if linked.mention.key in wanted:
                self.linked.append(linked)
                self.evidence[linked.mention.key] = _unplaced_evidence(linked)
        self.groups += parts


def _unplaced_evidence(linked: Linked) -> Why:
    """A stored mention's decision as the unplaced joins left it: the kept one of a cluster an
    unplaced join took in (without the notes after), else the block pass's."""
    kept = linked.kept
    if kept is not None and UNPLACED_NOTE in kept[2]:
        return (kept[0], kept[1], kept[2][: kept[2].index(UNPLACED_NOTE) + 1])
    return linked.why  # type: ignore[return-value]


def _parts(found: list[Linked], state: _State | None) -> list[list[Mention]]:
    """A stored incident split back into what join_parted saw: each raw cluster no unplaced
    join took in, with the loose ones it took (in the order join_unplaced adds them). A
    cluster's kept decision tells whether it was taken in, and by the incident of which member.
    The mentions as this run reads them, or as stored when ``state`` is None."""
    clusters: dict[str, list[Linked]] = defaultdict(list)
    for linked in found:
        clusters[linked.cluster].append(linked)  # type: ignore[index]
    cluster_of = {x.mention.key: x.cluster for x in found}
    kept = {x.mention.key: x.kept for x in found}

    def root(cluster: str) -> str:
        for _ in range(len(clusters) + 1):
            why = kept.get(cluster)
            if why is None or UNPLACED_NOTE not in why[2]:
                return cluster
            cluster = cluster_of.get(why[0])  # type: ignore[arg-type,assignment]
            if cluster is None:
                break
        raise FullRelink("an unplaced join whose incident lies elsewhere")

    parts: dict[str, list[str]] = defaultdict(list)
    for cluster in sorted(clusters):
        parts[root(cluster)].append(cluster)
    found_parts = []
    for first, taken in parts.items():
        order = [first, *sorted(c for c in taken if c != first)]
        found_parts.append([state.current(x) if state else x.mention for c in order
                            for x in sorted(clusters[c], key=lambda x: link_order(x.mention))])  # fmt: skip
    return found_parts


def _may_fit(a: list[Mention], b: list[Mention]) -> bool:
    """Whether ``a`` may fit ``b`` as join_parted asks (a pair's fences and other reports
    left out, which only ever forbid): a superset of its fits."""
    cluster = _Cluster(b, {m.doc_id for m in b})
    for m in a:
        found = _fit(m, cluster, {}, {})
        if found is None or found[0] < (MERGE_SCORE if m.date is not None else BACKREF_MERGE_SCORE):
            return False
    return bool(a)


def _kinds(mention: Mention) -> set[str]:
    """The event types of the incidents join_parted looks among for one with this member."""
    if _untyped(mention):
        return set(ATTACK_TYPES)
    return {mention.event_type, UNTYPED} if mention.event_type in ATTACK_TYPES else {mention.event_type}


def _near_mentions(store: Store, groups: list[list[Mention]], skip: set) -> list[Linked]:
    """The stored mentions, of incidents not in ``skip``, of a type and country a member of the
    groups looks among, within join_parted's reach of it in time (date, or publication): two
    days between two dated to the day, else its whole reach."""
    reach, day = dt.timedelta(days=JOIN_REACH), dt.timedelta(days=2)
    spans: dict[tuple[str, bool], list[tuple[dt.date, dt.date]]] = defaultdict(list)  # (kind, coarse only)
    countries: dict[str, set[str | None]] = defaultdict(set)
    for group in groups:
        for m in group:
            when = _when(m)
            if when is not None:
                for kind in _kinds(m):
                    countries[kind].add(m.country)
                    if _precise(m):
                        spans[(kind, False)].append((when - day, when + day))
                        spans[(kind, True)].append((when - reach, when + reach))
                    else:
                        spans[(kind, False)].append((when - reach, when + reach))
    found: dict[int, Linked] = {}
    for (kind, coarse), wanted in spans.items():
        wanted.sort()
        merged = [wanted[0]]
        for start, end in wanted[1:]:
            if start <= merged[-1][1]:
                merged[-1] = (merged[-1][0], max(merged[-1][1], end))
            else:
                merged.append((start, end))
        for span in merged:
            for linked in store.linked_of_type(kind, span, span, coarse=coarse):
                if linked.mention.country in countries[kind] and linked.incident not in skip:
                    found[linked.row] = linked
    return list(found.values())


class _Near:
    """The groups filed by country and time, to find those a mention is near as join_parted
    looks (two days between two day-precise ones, else its reach) and agrees with in full."""

    def __init__(self, groups: list[list[Mention]]) -> None:
        self.groups = groups
        self.precise: dict[str | None, list[tuple[dt.date, int]]] = defaultdict(list)
        self.coarse: dict[str | None, list[tuple[dt.date, int]]] = defaultdict(list)
        for number, group in enumerate(groups):
            for m in group:
                when = _when(m)
                if when is not None:
                    (self.precise if _precise(m) else self.coarse)[m.country].append((when, number))
        for filed in (*self.precise.values(), *self.coarse.values()):
            filed.sort()

    def of(self, mention: Mention) -> set[int]:
        """The groups near the mention every member of which it agrees with: only those can fit
        or be fitted by an incident that holds it."""
        when = _when(mention)
        if when is None:
            return set()
        reach = JOIN_REACH
        found: set[int] = set()
        for filed, days in ((self.precise, 2 if _precise(mention) else reach), (self.coarse, reach)):
            near = filed.get(mention.country, [])
            start = bisect_left(near, (when - dt.timedelta(days=days), -1))
            stop = bisect_right(near, (when + dt.timedelta(days=days), len(self.groups)))
            found.update(number for _, number in near[start:stop])
        return {n for n in found if all(agreement(mention, m) is not None for m in self.groups[n])}


def _parted_region(
    store: Store, state: _State, changed: list[list[Mention]], keys: set[str], removed: set
) -> _Region:
    """The incidents whose parted joins the changed ones can alter. join_parted decides each
    incident on the incidents it fits and those that fit the one it fits best, and one join
    bars the next: so its decisions fall apart by the links of fit (either way), and the
    region is the changed incidents (before and after) closed under them, each stored
    incident reached taken whole (split back into its parts)."""
    region = _Region(list(changed), set(removed), [])
    by_incident: dict[str, list[Linked]] = defaultdict(list)
    for linked in store.linked_of_incidents(removed):
        by_incident[linked.incident].append(linked)  # type: ignore[index]
    frontier = list(changed)
    for found in by_incident.values():
        for part, now in zip(_parts(found, None), _parts(found, state)):
            inside = {m.key in keys for m in part}
            if inside == {False}:  # a part the batch did not change, joined to one it did
                for linked in found:
                    state.note(linked)
                region.reach(found, [now])
            elif inside != {True}:
                raise FullRelink("an incident replaced holds a part linked again only in part")
            frontier.append(part)  # (as it was: those it fitted may decide otherwise now)
    while frontier:
        near = _Near(frontier)
        hits: dict[str, set[int]] = defaultdict(set)  # incident -> the frontier groups it may fit
        for linked in _near_mentions(store, frontier, region.removed):
            hits[linked.incident] |= near.of(state.current(linked))  # type: ignore[index]
        by_incident = defaultdict(list)
        for linked in store.linked_of_incidents(i for i, found in hits.items() if found):
            by_incident[linked.incident].append(linked)
        reached = []
        for incident, found in sorted(by_incident.items()):  # type: ignore[assignment]
            parts = _parts(found, state)
            if any(_may_fit(p, frontier[n]) or _may_fit(frontier[n], p) for p in parts for n in hits[incident]):
                for linked in found:
                    state.note(linked)
                region.removed.add(incident)
                region.reach(found, parts)
                reached += parts
        frontier = reached
    return region


def _relations_near(
    store: Store, linking: Linking, removed: list[str], first: dt.date, last: dt.date
) -> tuple[list[Relation], list[Relation]]:
    """The relations to add and the stored ones to drop. A mention states relations only with
    incidents within its text's reach (:func:`warlog.link.relation_reach`) of its own: those
    of the mentions whose reach meets a changed incident are found again; a pair two mentions
    state keeps the first one's words, so a pair none of them states any more is looked for
    among the other mentions of its two incidents."""
    gone = set(removed) | {i.incident_id for i in linking.incidents}
    made = {key: incident.date for incident in linking.incidents for key in incident.mentions}
    near = {k: v for k, v in store.relation_keys_near(first, last, RELATION_WINDOW_DAYS).items() if k not in made}
    spans = store.event_spans([*made, *near])
    reach = {key: near[key] if key in near else (made[key], relation_reach(spans[key][0])) for key in spans}
    if not reach:
        return [], []
    found = _relations_of(store, linking, gone, reach, spans)
    old = store.relation_keys(reach, removed)
    dropped = {(r.source, r.target) for r in old}
    kept = {(r.source, r.target) for r in store.relation_keys((), {r.source for r in found})} - dropped
    found = [r for r in found if (r.source, r.target) not in kept]
    lost = {(r.source, r.target) for r in old if r.source not in gone and r.target not in gone}
    lost -= {(r.source, r.target) for r in found}
    if lost:  # stated by a mention whose reach missed the change: look among their incidents' mentions
        ids = {incident_id for pair in lost for incident_id in pair}
        others = {x.mention.key: x for x in store.linked_of_incidents(ids)}
        spans = store.event_spans(others)
        reach = {key: (store.incident_dates([others[key].incident])[0], relation_reach(spans[key][0])) for key in spans}
        found += [r for r in _relations_of(store, linking, gone, reach, spans) if (r.source, r.target) in lost]  # type: ignore[arg-type]
    return found, old


def _relations_of(
    store: Store, linking: Linking, gone: set[str], reach: dict[str, tuple[dt.date | None, int]],
    spans: dict[str, tuple[str, int, int]],
) -> list[Relation]:
    """The relations these mentions state, among the incidents within their reach (as they are now)."""
    dated = [(day, days) for day, days in reach.values() if day is not None]
    if not dated:
        return []
    since = min(day - dt.timedelta(days=days + 1) for day, days in dated)
    until = max(day + dt.timedelta(days=days + 1) for day, days in dated)
    context = [i for i in store.incidents_dated(since, until) if i.incident_id not in gone] + linking.incidents
    return relations(context, {key: sentence_around(*spans[key]) for key in reach})
