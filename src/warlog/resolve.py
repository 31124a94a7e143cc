"""Resolve: which place on Earth each place name of a document means.

The extractor finds *where* an event happened as words ("near Erbil airport", "Tripoli",
"northeastern Syria"); this stage turns those words into a :class:`~warlog.model.Place`
with coordinates, first-level region, country and precision, using the offline gazetteer
of :mod:`warlog.geocode`. A document's place names are read together: the others decide
between homonyms (Tripoli beside Benghazi is in Libya, beside Beirut in Lebanon).
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache

from warlog.geocode import Entry, Resolver, gazetteer, name_key
from warlog.knowledge import Knowledge
from warlog.model import Place

#: a name the parser may have mistyped (a person, an organisation) is a place only if it
#: names a town at least this large: small villages share names with people
MISTYPED_TOWN_POPULATION = 15_000


def build_resolver(kb: Knowledge | None = None) -> Resolver:
    """The geocoder over the packaged gazetteer, or over one extended by ``kb``'s places."""
    return Resolver(gazetteer(kb))


@lru_cache(maxsize=8192)
def country_code(resolver: Resolver, name: str) -> str | None:
    """ISO code of a country named exactly ('Iraq', 'the US', 'Syrian Arab Republic');
    remembered, since every clause of every document asks for the same few names."""
    entry, how = resolver.best(_clean(name))
    return entry.country if entry is not None and how == "exact" and entry.kind == "country" else None


@lru_cache(maxsize=8192)
def place_country(resolver: Resolver, name: str) -> str | None:
    """ISO code of the country a place named exactly lies in ('Kabul' -> 'AF', 'Camp Taji'
    -> 'IQ'): a curated place, a region, or a town large enough not to be a person's name."""
    entry, how = resolver.best(_clean(name))
    if entry is None or how != "exact" or entry.country is None:
        return None
    return entry.country if entry.curated or entry.population >= MISTYPED_TOWN_POPULATION else None


def country_entry(resolver: Resolver, code: str | None) -> Entry | None:
    """The gazetteer's record of a country: its point stands for an event placed no closer."""
    return resolver.gaz.country(code) if code else None


class DocumentPlaces:
    """The place names of one document, resolved with one another as context."""

    def __init__(self, resolver: Resolver, names: Iterable[str]):
        self.resolver = resolver
        self.context = resolver.context_of([_clean(n) for n in names])
        self._resolved: dict[str, Place | None] = {}
        self._best: dict[str, tuple[Entry | None, str]] = {}

    def place(self, name: str) -> Place | None:
        """The place a name means in this document, or None when the gazetteer lacks it."""
        key = _clean(name)
        if key not in self._resolved:
            self._resolved[key] = self.resolver.resolve(key, self.context)
        return self._resolved[key]

    def best(self, name: str) -> tuple[Entry | None, str]:
        """The gazetteer's best entry for a name in this document's context, and how it matched."""
        if name not in self._best:
            self._best[name] = self.resolver.best(name, self.context)
        return self._best[name]

    def others_in(self, name: str, country: str | None) -> float:
        """How much the document's other place names place it in a country (a name's own
        readings do not count for itself)."""
        own = self.context.own.get(name_key(_clean(name)), {})
        return self.context.countries[country] - own.get(country, 0)

    def is_sizeable_town(self, name: str) -> bool:
        """Whether a name means a town large enough to trust when the parser typed it otherwise."""
        entry, _ = self.best(_clean(name))
        return entry is not None and (entry.curated or entry.population >= MISTYPED_TOWN_POPULATION)


def _clean(name: str) -> str:
    return " ".join(name.split()).strip(" .,;:")

