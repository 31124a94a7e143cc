"""Evaluation: score extracted events and tallies against gold annotations.

The gold format and the scoring rules are those of ``shared/eval/FORMAT.md``. The module
keeps input and output apart from scoring:

- :func:`load_gold` reads a gold JSON Lines file (and the texts it points to);
- :func:`predict` runs an extractor over the gold documents and gives gold-format dicts;
- :func:`score` compares predictions with gold and does no I/O at all.

Scoring, per document:

- Predicted events are paired one-to-one with gold events by maximum-weight matching. A
  pair is allowed only when the predicted evidence overlaps the *sentence* that holds the
  gold evidence fragment, or when both name the same country and their dates are
  compatible (equal, or either null). The weight of an allowed pair is
  ``1 + agreeing fields + weapons F1 + evidence bonus``, the bonus (0.5 for overlapping
  the gold sentence, 0.25 more for overlapping the gold fragment itself) being less than one
  field, so that the pairing with the most agreeing fields wins and evidence only breaks ties.
- Tallies pair only when ``count`` and ``unit`` are equal (maximum matching again, the
  weight being 1 + agreeing tally fields + the same evidence bonus).
- Precision and recall with an empty denominator are 1.0 (nothing predicted: no false
  alarm; nothing to find: nothing missed); F1 is ``2tp / (2tp + fp + fn)``, 1.0 when all
  three counts are 0.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import combinations
from pathlib import Path
from typing import Any, Protocol

import numpy as np
from scipy.optimize import linear_sum_assignment

from warlog.export import event_record, tally_record
from warlog.ingest import IngestError, parse_text
from warlog.link import Mention, copy_groups, link, signature
from warlog.model import Document, Extraction

#: Event fields scored by accuracy on matched pairs, in the order they are reported.
EVENT_FIELDS = (
    "sub_event_type",
    "event_type",
    "date",
    "actor1",
    "actor2",
    "claimed_by",
    "country",
    "location",
    "fatalities",
    "injuries",
    "outcome",
)
ACTOR_FIELDS = ("actor1", "actor2", "claimed_by")
TALLY_FIELDS = ("as_of", "since", "countries", "speaker")
#: A predicted place this close to the gold coordinates is the right place.
LOCATION_KM = 25.0
EARTH_RADIUS_KM = 6371.0088

SENTENCE_BONUS = 0.5
FRAGMENT_BONUS = 0.25


class GoldError(Exception):
    """A gold file that cannot be read: one line naming the file (and line) and the reason."""


class ActorsAndPlaces(Protocol):
    """What the scorer needs of the knowledge base (:class:`warlog.knowledge.Knowledge`)."""

    def canonical_actor(self, name: str | None) -> str | None: ...

    def place(self, name: str) -> Any: ...


@dataclass
class GoldDocument:
    """One line of a gold file: a document and its annotated events and tallies.

    ``text`` is the document's text as the system sees it (``ingest.parse_text`` of
    ``text_file``, header and headline removed), so that evidence offsets agree with the
    spans the extractor reports; :func:`load_gold` fills it in.
    """

    doc_id: str
    text_file: Path | None
    published: dt.date | None
    events: list[dict[str, Any]] = field(default_factory=list)
    tallies: list[dict[str, Any]] = field(default_factory=list)
    text: str | None = None


# --------------------------------------------------------------------------- reading gold


def read_document(gold: GoldDocument) -> Document:
    """The gold document's text file as a Document, dated with the gold ``published``."""
    if gold.text_file is None:
        raise GoldError(f"{gold.doc_id}: no text_file")
    try:
        raw = gold.text_file.read_text(encoding="utf-8")
        document = parse_text(raw, doc_id=gold.doc_id, origin=str(gold.text_file))
    except (OSError, UnicodeDecodeError, IngestError) as error:
        reason = error.strerror if isinstance(error, OSError) and error.strerror else str(error)
        raise GoldError(f"{gold.text_file}: cannot read the text ({reason})") from None
    document.published = gold.published  # the scorer passes the gold date to the system
    return document


def load_gold(path: str | Path) -> list[GoldDocument]:
    """The documents of a gold JSON Lines file, with their texts read.

    Raises :class:`GoldError` with a one-line message naming the file and line of the
    first problem (unreadable file, malformed JSON, a missing or mistyped field, a text
    file that cannot be read).
    """
    path = Path(path)
    try:
        raw = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        reason = error.strerror if isinstance(error, OSError) and error.strerror else str(error)
        raise GoldError(f"{path}: cannot read the gold file ({reason})") from None
    documents: list[GoldDocument] = []
    seen: set[str] = set()
    for number, line in enumerate(raw.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            gold = _gold_line(line, path.parent)
            if gold.doc_id in seen:
                raise ValueError(f"doc_id {gold.doc_id!r} appears twice")
            seen.add(gold.doc_id)
            gold.text = read_document(gold).text
        except (ValueError, TypeError, GoldError) as error:
            raise GoldError(f"{path}:{number}: {error}") from None
        documents.append(gold)
    if not documents:
        raise GoldError(f"{path}: no gold documents in the file")
    return documents


def _gold_line(line: str, base: Path) -> GoldDocument:
    try:
        record = json.loads(line)
    except json.JSONDecodeError as error:
        raise ValueError(f"malformed JSON ({error.msg}, column {error.colno})") from None
    if not isinstance(record, dict):
        raise TypeError("the line is not a JSON object")
    doc_id = record.get("doc_id")
    if not isinstance(doc_id, str) or not doc_id.strip():
        raise ValueError('no "doc_id" string')
    text_file = record.get("text_file")
    if not isinstance(text_file, str) or not text_file.strip():
        raise ValueError(f'{doc_id}: no "text_file" string')
    published = _date_field(record.get("published"), "published", doc_id)
    events = record.get("events", [])
    tallies = record.get("tallies", [])
    if not isinstance(events, list) or not isinstance(tallies, list):
        raise TypeError(f'{doc_id}: "events" and "tallies" must be lists')
    for number, event in enumerate(events, start=1):
        _check_item(event, f"{doc_id}: event {number}", required={"event_type": str, "evidence": str})
        _date_field(event.get("date"), f"event {number} date", doc_id)
    for number, tally in enumerate(tallies, start=1):
        _check_item(
            tally, f"{doc_id}: tally {number}", required={"count": int, "unit": str, "evidence": str}
        )
    return GoldDocument(
        doc_id=doc_id,
        text_file=(base / text_file).resolve(),
        published=published,
        events=events,
        tallies=tallies,
    )


def _check_item(item: object, where: str, required: dict[str, type]) -> None:
    if not isinstance(item, dict):
        raise TypeError(f"{where} is not an object")
    for key, kind in required.items():
        value = item.get(key)
        if not isinstance(value, kind) or isinstance(value, bool) or value == "":
            raise ValueError(f'{where} has no {kind.__name__} "{key}"')


def _date_field(value: object, name: str, doc_id: str) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise ValueError(f"{doc_id}: {name} {value!r} is not YYYY-MM-DD") from None


def load_gold_files(paths: Iterable[str | Path]) -> list[GoldDocument]:
    """The documents of several gold files, in order; a doc_id may appear only once."""
    documents: list[GoldDocument] = []
    seen: dict[str, Path] = {}
    for path in paths:
        for gold in load_gold(path):
            if gold.doc_id in seen:
                raise GoldError(f"{path}: doc_id {gold.doc_id!r} is also in {seen[gold.doc_id]}")
            seen[gold.doc_id] = Path(path)
            documents.append(gold)
    return documents


# --------------------------------------------------------------------------- tune and check

#: The parts of a development set: rules are written against ``tune``; ``check`` is only scored.
PARTS = ("tune", "check")


def read_split(path: str | Path) -> dict[str, str]:
    """A split file: ``doc_id<TAB>part`` lines (``#`` comments allowed), part tune or check."""
    path = Path(path)
    try:
        raw = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        reason = error.strerror if isinstance(error, OSError) and error.strerror else str(error)
        raise GoldError(f"{path}: cannot read the split file ({reason})") from None
    parts: dict[str, str] = {}
    for number, line in enumerate(raw.splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        fields = line.split("\t")
        if len(fields) != 2 or fields[1].strip() not in PARTS:
            raise GoldError(f"{path}:{number}: not 'doc_id<TAB>tune|check': {line[:60]!r}")
        parts[fields[0].strip()] = fields[1].strip()
    return parts


def incident_groups(gold_docs: Sequence[GoldDocument]) -> list[list[str]]:
    """Documents that share a gold incident id, transitively, as groups of doc_ids.

    A split keeps each group on one side, so that no incident (and no syndicated copy of a
    text) is read in ``tune`` and scored again in ``check``.
    """
    parent = {g.doc_id: g.doc_id for g in gold_docs}

    def root(doc_id: str) -> str:
        while parent[doc_id] != doc_id:
            parent[doc_id] = parent[parent[doc_id]]
            doc_id = parent[doc_id]
        return doc_id

    first_of: dict[str, str] = {}
    for gold in gold_docs:
        for event in gold.events:
            incident = event.get("incident")
            if incident is None:
                continue
            other = first_of.setdefault(str(incident), gold.doc_id)
            parent[root(gold.doc_id)] = root(other)
    groups: dict[str, list[str]] = {}
    for gold in gold_docs:
        groups.setdefault(root(gold.doc_id), []).append(gold.doc_id)
    return list(groups.values())


def assign_split(
    gold_docs: Sequence[GoldDocument], known: Mapping[str, str], seed: int, check_share: float = 0.3
) -> dict[str, str]:
    """Every document's part: the known ones keep theirs, a new one joins its incident
    group's part if a member has one, else groups are drawn at random (``seed``) into
    ``check`` while it holds less than ``check_share`` of the documents."""
    import random

    parts = {doc_id: part for doc_id, part in known.items()}
    rng = random.Random(seed)
    new_groups = []
    for group in incident_groups(gold_docs):
        placed = [parts[d] for d in group if d in parts]
        if placed:
            for doc_id in group:
                parts.setdefault(doc_id, placed[0])
        else:
            new_groups.append(sorted(group))
    rng.shuffle(new_groups)
    total = len(parts) + sum(len(g) for g in new_groups)
    for group in new_groups:
        in_check = sum(1 for p in parts.values() if p == "check")
        part = "check" if in_check + len(group) / 2 <= check_share * total else "tune"
        for doc_id in group:
            parts[doc_id] = part
    return parts


def split_documents(
    gold_docs: Sequence[GoldDocument], parts: Mapping[str, str]
) -> dict[str, list[GoldDocument]]:
    """The gold documents of each part; a document the split does not name is an error."""
    unnamed = [g.doc_id for g in gold_docs if g.doc_id not in parts]
    if unnamed:
        raise GoldError(f"the split names no part for {unnamed[0]!r} ({len(unnamed)} documents unnamed)")
    return {part: [g for g in gold_docs if parts[g.doc_id] == part] for part in PARTS}


def gap(results: Mapping[str, Mapping[str, Any]]) -> dict[str, float | None]:
    """tune minus check, for every F1 and field figure both parts have: the figure that
    says whether a change generalises (a large gap means rules fit texts, not language)."""
    tune, check = (results[part] for part in PARTS)
    figures: dict[str, float | None] = {}
    for row in ("events", "tallies", "incidents", "incidents_linking_only"):
        a, b = tune.get(row), check.get(row)
        figures[row] = None if a is None or b is None else round(a["f1"] - b["f1"], 3)
    for key, value in tune["fields"].items():
        other = check["fields"].get(key)
        figures[key] = None if value is None or other is None else round(value - other, 3)
    return figures


# --------------------------------------------------------------------------- predicting


Extractor = Callable[[Document], Extraction]


def predict(gold_docs: Sequence[GoldDocument], extractor: Extractor) -> dict[str, dict[str, Any]]:
    """Run the extractor on each gold document; gold-format dicts keyed by doc_id.

    Each record's ``spans`` gets an ``evidence`` entry (the item's evidence span) when the
    extractor did not give one, so the scorer can place the evidence without searching,
    and an empty ``evidence`` string is filled with the words of that span.
    """
    documents = [read_document(gold) for gold in gold_docs]
    extract_many = getattr(extractor, "extract_many", None)
    if callable(extract_many):
        extractions: Iterable[Extraction] = extract_many(documents)
    else:
        extractions = (extractor(document) for document in documents)
    predictions: dict[str, dict[str, Any]] = {}
    for document, extraction in zip(documents, extractions, strict=True):
        events = []
        for event in extraction.events:
            record = event_record(event)
            _complete_evidence(record, document.text, event.evidence.start, event.evidence.end)
            events.append(record)
        tallies = []
        for tally in extraction.tallies:
            record = tally_record(tally)
            _complete_evidence(record, document.text, tally.evidence.start, tally.evidence.end)
            tallies.append(record)
        predictions[document.doc_id] = {
            "doc_id": document.doc_id,
            "published": document.published.isoformat() if document.published else None,
            "events": events,
            "tallies": tallies,
        }
    link_predictions(predictions, {d.doc_id: d.text for d in documents})
    return predictions


def link_predictions(predictions: dict[str, dict[str, Any]], texts: dict[str, str]) -> None:
    """Give each predicted event its incident across documents, as the link stage would."""
    groups = copy_groups({doc_id: signature(text) for doc_id, text in texts.items()})
    mentions = []
    for doc_id, prediction in predictions.items():
        for ordinal, record in enumerate(prediction["events"]):
            key, source = f"{doc_id}#{ordinal}", groups.get(doc_id, doc_id)
            mentions.append(_mention(key, doc_id, source, record, prediction.get("published")))
    incident_of = link(mentions).incident_of()
    for doc_id, prediction in predictions.items():
        for ordinal, record in enumerate(prediction["events"]):
            record["incident"] = incident_of.get(f"{doc_id}#{ordinal}")


def _mention(key: str, doc_id: str, source: str, record: dict[str, Any], published: Any = None) -> Mention:
    date = record.get("date")
    return Mention(
        key=key,
        doc_id=doc_id,
        source=source,
        event_type=record["event_type"],
        sub_event_type=record.get("sub_event_type"),
        date=_iso_date(date),
        time_precision=record.get("time_precision"),
        country=record.get("country"),
        location=record.get("location"),
        admin1=record.get("admin1"),
        latitude=record.get("latitude"),
        longitude=record.get("longitude"),
        geo_precision=record.get("geo_precision"),
        actor1=record.get("actor1"),
        actor2=record.get("actor2"),
        claimed_by=record.get("claimed_by"),
        weapons=tuple(record.get("weapons") or ()),
        fatalities=record.get("fatalities"),
        injuries=record.get("injuries"),
        published=_iso_date(published),
    )


def _iso_date(value: Any) -> dt.date | None:
    return dt.date.fromisoformat(value) if isinstance(value, str) else value


def _complete_evidence(record: dict[str, Any], text: str, start: int, end: int) -> None:
    """Give the record its evidence span, and its evidence words when the extractor left
    them empty."""
    record["spans"].setdefault("evidence", [start, end])
    if not record.get("evidence") and 0 <= start < end <= len(text):
        record["evidence"] = text[start:end]


# --------------------------------------------------------------------------- text positions

# A sentence ends at . ! or ? followed by whitespace, or at a line break.
_SENTENCE_END = re.compile(r"[.!?](?=\s)|\n")

Range = tuple[int, int]


def find_text(text: str, fragment: str) -> Range | None:
    """Where ``fragment`` first occurs in ``text``: exactly, else ignoring case and spacing."""
    fragment = fragment.strip()
    if not fragment:
        return None
    start = text.find(fragment)
    if start >= 0:
        return start, start + len(fragment)
    words = [re.escape(word) for word in fragment.split()]
    match = re.search(r"\s+".join(words), text, re.IGNORECASE)
    return (match.start(), match.end()) if match else None


def sentence_range(text: str, where: Range) -> Range:
    """The sentence(s) holding ``where``: from the boundary before it to the one after it."""
    start, end = where
    begin = 0
    for match in _SENTENCE_END.finditer(text, 0, start):
        begin = match.end()
    finish = len(text)
    if match := _SENTENCE_END.search(text, max(end, start + 1) - 1):
        finish = match.end()
    return begin, max(finish, end)


def _overlaps(a: Range, b: Range) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def _predicted_ranges(text: str | None, record: Mapping[str, Any]) -> list[Range]:
    """Where the predicted evidence lies: its span, else its string found in the text,
    else (neither available) every span the prediction reports."""
    spans = record.get("spans") or {}
    ranges: list[Range] = []
    evidence_span = spans.get("evidence")
    if _is_span(evidence_span):
        ranges.append((int(evidence_span[0]), int(evidence_span[1])))
    elif (
        text is not None
        and isinstance(record.get("evidence"), str)
        and (found := find_text(text, record["evidence"]))
    ):
        ranges.append(found)
    if not ranges:
        ranges = [(int(s[0]), int(s[1])) for s in spans.values() if _is_span(s)]
    return ranges


def _is_span(value: object) -> bool:
    return (
        isinstance(value, (list, tuple))
        and len(value) == 2
        and all(isinstance(v, int) and not isinstance(v, bool) for v in value)
        and value[0] < value[1]
    )


@dataclass
class _Evidence:
    """How a predicted item's evidence relates to a gold item's."""

    sentence: bool
    fragment: bool


def _evidence_relation(
    text: str | None, gold: Mapping[str, Any], predicted: Mapping[str, Any],
    predicted_ranges: list[Range],
) -> _Evidence:
    gold_evidence = str(gold.get("evidence") or "")
    predicted_evidence = str(predicted.get("evidence") or "")
    where = find_text(text, gold_evidence) if text is not None else None
    if where is None:
        # No text, or the gold fragment is not in it: compare the strings themselves.
        a, b = gold_evidence.strip().lower(), predicted_evidence.strip().lower()
        same = bool(a and b and (a in b or b in a))
        return _Evidence(sentence=same, fragment=same)
    assert text is not None
    sentence = sentence_range(text, where)
    return _Evidence(
        sentence=any(_overlaps(sentence, r) for r in predicted_ranges),
        fragment=any(_overlaps(where, r) for r in predicted_ranges),
    )


# --------------------------------------------------------------------------- comparing fields


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


def _norm(value: object) -> object:
    return value.strip().lower() if isinstance(value, str) else value


def same_actor(gold: str | None, predicted: str | None, kb: ActorsAndPlaces) -> bool:
    """Names compared through the alias table, case-insensitive; a gold null needs a null."""
    if gold is None or predicted is None:
        return gold is None and predicted is None
    return _norm(kb.canonical_actor(gold)) == _norm(kb.canonical_actor(predicted))


def same_location(gold: Mapping[str, Any], predicted: Mapping[str, Any], kb: ActorsAndPlaces) -> bool:
    """Right when both are null, or within 25 km of the gold coordinates, or the same place
    (the same canonical place of the knowledge base, or the same name)."""
    gold_name, predicted_name = gold.get("location"), predicted.get("location")
    if gold_name is None or predicted_name is None:
        return gold_name is None and predicted_name is None
    if _near(gold, predicted):
        return True
    if _place_key(gold_name) == _place_key(predicted_name):
        return True
    gold_place, predicted_place = kb.place(gold_name), kb.place(predicted_name)
    return gold_place is not None and predicted_place is not None and gold_place.name == predicted_place.name


def _near(gold: Mapping[str, Any], predicted: Mapping[str, Any]) -> bool:
    coordinates = [gold.get("latitude"), gold.get("longitude"), predicted.get("latitude"), predicted.get("longitude")]
    if not all(isinstance(c, (int, float)) and not isinstance(c, bool) for c in coordinates):
        return False
    return haversine_km(*coordinates) <= LOCATION_KM


def _place_key(name: str) -> str:
    key = re.sub(r"^the\s+", "", name.lower().strip())
    return re.sub(r"[\s\-'’`]+", " ", key).strip()


def same_speaker(gold: str | None, predicted: str | None) -> bool:
    """Case-insensitive, and right when one name contains the other: "Sabrina Singh" and
    "Pentagon Deputy Press Secretary Sabrina Singh" are the same speaker. Null needs null."""
    if gold is None or predicted is None:
        return gold is None and predicted is None
    a, b = " ".join(gold.lower().split()), " ".join(predicted.lower().split())
    return bool(a and b) and (a in b or b in a)


def weapons_f1(gold: Iterable[str] | None, predicted: Iterable[str] | None) -> float:
    """Set F1 of two weapon lists; two empty lists agree fully."""
    g = {str(w).lower() for w in gold or ()}
    p = {str(w).lower() for w in predicted or ()}
    if not g and not p:
        return 1.0
    return 2 * len(g & p) / (len(g) + len(p))


def event_field_right(name: str, gold: Mapping[str, Any], predicted: Mapping[str, Any], kb: ActorsAndPlaces) -> bool:
    if name in ACTOR_FIELDS:
        return same_actor(gold.get(name), predicted.get(name), kb)
    if name == "location":
        return same_location(gold, predicted, kb)
    if name in ("country", "outcome", "event_type", "sub_event_type"):
        return _norm(gold.get(name)) == _norm(predicted.get(name))
    return gold.get(name) == predicted.get(name)  # date (ISO text), fatalities, injuries


def tally_field_right(name: str, gold: Mapping[str, Any], predicted: Mapping[str, Any]) -> bool:
    if name == "speaker":
        return same_speaker(gold.get("speaker"), predicted.get("speaker"))
    if name == "countries":
        return {_norm(c) for c in gold.get("countries") or ()} == {
            _norm(c) for c in predicted.get("countries") or ()
        }
    return gold.get(name) == predicted.get(name)  # as_of, since


def _dates_compatible(a: object, b: object) -> bool:
    return a is None or b is None or a == b


# --------------------------------------------------------------------------- matching


def _match(weights: list[list[float | None]]) -> list[tuple[int, int]]:
    """A maximum-weight one-to-one matching; ``None`` marks a pair that is not allowed."""
    if not weights or not weights[0]:
        return []
    matrix = np.array([[w if w is not None else 0.0 for w in row] for row in weights], dtype=float)
    rows, columns = linear_sum_assignment(matrix, maximize=True)
    return [(r, c) for r, c in zip(rows.tolist(), columns.tolist()) if weights[r][c] is not None]


def _event_weight(
    gold: Mapping[str, Any], predicted: Mapping[str, Any], relation: _Evidence, kb: ActorsAndPlaces
) -> float | None:
    same_place_and_day = (
        gold.get("country") is not None
        and _norm(gold.get("country")) == _norm(predicted.get("country"))
        and _dates_compatible(gold.get("date"), predicted.get("date"))
    )
    if not (relation.sentence or same_place_and_day):
        return None
    agreeing = sum(
        event_field_right(name, gold, predicted, kb)
        for name in EVENT_FIELDS
        if not (name == "sub_event_type" and gold.get(name) is None)
    )
    agreeing += weapons_f1(gold.get("weapons"), predicted.get("weapons"))
    bonus = SENTENCE_BONUS * relation.sentence + FRAGMENT_BONUS * relation.fragment
    return 1.0 + agreeing + bonus


def _tally_weight(gold: Mapping[str, Any], predicted: Mapping[str, Any], relation: _Evidence) -> float | None:
    if gold.get("count") != predicted.get("count") or _norm(gold.get("unit")) != _norm(predicted.get("unit")):
        return None
    agreeing = sum(tally_field_right(name, gold, predicted) for name in TALLY_FIELDS)
    bonus = SENTENCE_BONUS * relation.sentence + FRAGMENT_BONUS * relation.fragment
    return 1.0 + agreeing + bonus


def _pairs(
    text: str | None,
    gold_items: list[dict[str, Any]],
    predicted_items: list[dict[str, Any]],
    weight: Callable[[dict[str, Any], dict[str, Any], _Evidence], float | None],
) -> list[tuple[int, int]]:
    """(gold index, predicted index) pairs of the best matching."""
    predicted_ranges = [_predicted_ranges(text, p) for p in predicted_items]
    weights = [
        [weight(g, p, _evidence_relation(text, g, p, ranges)) for p, ranges in zip(predicted_items, predicted_ranges)]
        for g in gold_items
    ]
    return _match(weights)


# --------------------------------------------------------------------------- scoring


def prf(tp: int, fp: int, fn: int) -> dict[str, Any]:
    """Precision, recall and F1; an empty denominator gives 1.0 (see the module doc)."""
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    f1 = 2 * tp / (2 * tp + fp + fn) if tp + fp + fn else 1.0
    return {"precision": precision, "recall": recall, "f1": f1, "tp": tp, "fp": fp, "fn": fn}


class _Tally:
    """Right / scored counts per field."""

    def __init__(self, names: Iterable[str]):
        self.right = dict.fromkeys(names, 0)
        self.scored = dict.fromkeys(names, 0)

    def add(self, name: str, right: bool) -> None:
        self.scored[name] += 1
        self.right[name] += int(right)

    def accuracies(self) -> dict[str, float | None]:
        return {n: (self.right[n] / self.scored[n] if self.scored[n] else None) for n in self.right}


def score(
    gold_docs: Sequence[GoldDocument],
    predictions: Mapping[str, Mapping[str, Any]],
    kb: ActorsAndPlaces,
) -> dict[str, Any]:
    """Score predictions (gold-format dicts keyed by doc_id) against gold, per FORMAT.md.

    Only gold documents are scored: a prediction for a document that is not in the gold
    is ignored, and a gold document with no prediction has all its items missed. The
    per-document ``misses`` and ``false_alarms`` list events and tallies alike (by their
    evidence strings); ``field_errors`` list event and tally fields wrong on matched pairs.
    """
    event_counts = [0, 0, 0]
    tally_counts = [0, 0, 0]
    fields = _Tally(EVENT_FIELDS)
    weapon_scores: list[float] = []
    tally_fields = _Tally(TALLY_FIELDS)
    matched_events: list[tuple[dict[str, Any], dict[str, Any]]] = []  # (gold, predicted), all docs
    documents = []

    all_predicted: list[dict[str, Any]] = []
    for gold in gold_docs:
        predicted = predictions.get(gold.doc_id) or {}
        predicted_events = list(predicted.get("events") or [])
        all_predicted.extend(predicted_events)
        predicted_tallies = list(predicted.get("tallies") or [])
        misses: list[str] = []
        false_alarms: list[str] = []
        errors: list[dict[str, Any]] = []

        pairs = _pairs(
            gold.text, gold.events, predicted_events,
            lambda g, p, relation: _event_weight(g, p, relation, kb),
        )
        _count(pairs, gold.events, predicted_events, event_counts, misses, false_alarms)
        for gi, pi in pairs:
            g, p = gold.events[gi], predicted_events[pi]
            matched_events.append((g, p))
            for name in EVENT_FIELDS:
                if name == "sub_event_type" and g.get(name) is None:
                    continue
                right = event_field_right(name, g, p, kb)
                fields.add(name, right)
                if not right:
                    errors.append(_field_error(name, g, p))
            f1 = weapons_f1(g.get("weapons"), p.get("weapons"))
            weapon_scores.append(f1)
            if f1 < 1.0:
                errors.append(_field_error("weapons", g, p))

        pairs = _pairs(gold.text, gold.tallies, predicted_tallies, _tally_weight)
        _count(pairs, gold.tallies, predicted_tallies, tally_counts, misses, false_alarms)
        for gi, pi in pairs:
            g, p = gold.tallies[gi], predicted_tallies[pi]
            for name in TALLY_FIELDS:
                right = tally_field_right(name, g, p)
                tally_fields.add(name, right)
                if not right:
                    errors.append(_field_error(name, g, p))

        documents.append(
            {"doc_id": gold.doc_id, "misses": misses, "false_alarms": false_alarms, "field_errors": errors}
        )

    field_scores: dict[str, Any] = fields.accuracies()
    field_scores["weapons_f1"] = sum(weapon_scores) / len(weapon_scores) if weapon_scores else None
    return {
        "events": prf(*event_counts),
        "tallies": prf(*tally_counts),
        "fields": field_scores,
        "tally_fields": tally_fields.accuracies(),
        "incidents": _incidents(gold_docs, matched_events, all_predicted),
        "documents": documents,
    }


def _count(
    pairs: list[tuple[int, int]],
    gold_items: list[dict[str, Any]],
    predicted_items: list[dict[str, Any]],
    counts: list[int],
    misses: list[str],
    false_alarms: list[str],
) -> None:
    matched_gold = {gi for gi, _ in pairs}
    matched_predicted = {pi for _, pi in pairs}
    counts[0] += len(pairs)
    counts[1] += len(predicted_items) - len(matched_predicted)
    counts[2] += len(gold_items) - len(matched_gold)
    misses.extend(str(g.get("evidence") or "") for i, g in enumerate(gold_items) if i not in matched_gold)
    false_alarms.extend(
        str(p.get("evidence") or "") for i, p in enumerate(predicted_items) if i not in matched_predicted
    )


def _field_error(name: str, gold: Mapping[str, Any], predicted: Mapping[str, Any]) -> dict[str, Any]:
    return {
        "field": name,
        "gold": gold.get(name),
        "predicted": predicted.get(name),
        "evidence": gold.get("evidence"),
    }


def _incidents(
    gold_docs: Sequence[GoldDocument], matched: list[tuple[dict[str, Any], dict[str, Any]]],
    predicted: Sequence[dict[str, Any]] | None = None,
) -> dict[str, Any] | None:
    """Pairwise same-incident P/R/F1, end to end, or None when no gold ``incident`` id is
    shared by events of two or more documents.

    Every pair of gold events with one incident id is a pair to find: one whose either side
    was never extracted is a missed pair, not a pair left out. Every pair of predicted events
    put in one incident is a claim: it is right only when both sides matched gold events of
    one incident. ``predicted`` is every predicted event (matched or not); without it only
    the matched ones are known, which is what :func:`linking_on_gold` needs.
    """
    documents_of: dict[str, set[str]] = {}
    for gold in gold_docs:
        for event in gold.events:
            if event.get("incident") is not None:
                documents_of.setdefault(str(event["incident"]), set()).add(gold.doc_id)
    if not any(len(docs) > 1 for docs in documents_of.values()):
        return None
    gold_of = {id(p): g for g, p in matched}
    members: dict[str, int] = {}
    for gold in gold_docs:
        for event in gold.events:
            if event.get("incident") is not None:
                members[str(event["incident"])] = members.get(str(event["incident"]), 0) + 1
    gold_pairs = sum(n * (n - 1) // 2 for n in members.values())
    by_incident: dict[str, list[dict[str, Any]]] = {}
    for record in predicted if predicted is not None else [p for _, p in matched]:
        if record.get("incident") is not None:
            by_incident.setdefault(str(record["incident"]), []).append(record)
    tp = fp = 0
    for records in by_incident.values():
        for a, b in combinations(records, 2):
            gold_a, gold_b = gold_of.get(id(a)), gold_of.get(id(b))
            same = (
                gold_a is not None and gold_b is not None and gold_a.get("incident") is not None
                and gold_a.get("incident") == gold_b.get("incident") and gold_a is not gold_b
            )
            tp += same
            fp += not same
    return prf(tp, fp, gold_pairs - tp)


def linking_on_gold(gold_docs: Sequence[GoldDocument]) -> dict[str, Any] | None:
    """Pairwise same-incident P/R/F1 of the link stage alone: the gold events themselves,
    their ``incident`` ids hidden, linked as the link stage would link extracted ones."""
    predictions = {
        g.doc_id: {
            "doc_id": g.doc_id,
            "published": g.published,
            "events": [{k: v for k, v in e.items() if k != "incident"} for e in g.events],
        }
        for g in gold_docs
    }
    link_predictions(predictions, {g.doc_id: g.text or "" for g in gold_docs})
    pairs = [(e, p) for g in gold_docs for e, p in zip(g.events, predictions[g.doc_id]["events"])]
    return _incidents(gold_docs, pairs)


def gold_as_predictions(gold_docs: Sequence[GoldDocument]) -> dict[str, dict[str, Any]]:
    """The gold itself in the shape :func:`score` takes as predictions (a sanity check)."""
    return {g.doc_id: {"doc_id": g.doc_id, "events": g.events, "tallies": g.tallies} for g in gold_docs}
