"""What one clause is read into: the places it names and the event being assembled."""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Span, Token

from warlog import timex
from warlog.knowledge import Trigger


def in_order(*words: list[Token]) -> list[Token]:
    """The words of several clauses, each once, in the order of the text."""
    return sorted({t.i: t for part in words for t in part}.values(), key=lambda t: t.i)


@dataclass
class PlaceMention:
    """A place named in a clause, with what the knowledge base knows of it."""

    span: Span
    name: str
    country: str | None
    precision: int  # 1 site or town, 3 region, 4 country
    latitude: float | None = None
    longitude: float | None = None
    near: bool = False  # "near Erbil airport": precision 2
    hosts: tuple[str, ...] = ()  # forces stationed at the site
    admin1: str | None = None


@dataclass
class Candidate:
    """An event being assembled from one clause, before it becomes an EventMention."""

    trigger: Token
    rule: Trigger
    clause: list[Token]
    sentence_index: int
    places: list[PlaceMention] = field(default_factory=list)
    actor1: tuple[str, Span] | None = None
    actor2: tuple[str, Span] | None = None
    weapons: dict[str, Span | Token] = field(default_factory=dict)
    quantity: tuple[int, Token] | None = None
    date: timex.ResolvedDate | None = None
    date_span: Span | None = None
    outcome: str = "unknown"
    fatalities: tuple[int, Token | Span] | None = None
    injuries: tuple[int, Token | Span] | None = None
    claimed_by: tuple[str, Span] | None = None
    damage: Token | None = None  # the word that said it damaged something: it struck
    victims: list[Token] = field(default_factory=list)  # the nouns its toll counts ("20 people")
    target_carried: bool = False  # actor2 is the side the story's strikes are against, not its own words

    def absorb_clause(self, other: Candidate) -> None:
        """Take another clause's words into this one, in order: both tell one event."""
        self.clause = in_order(self.clause, other.clause)

    def names_weapon_at(self, i: int) -> bool:
        """Whether token ``i`` is one of the words that name this event's weapons."""
        return any(
            i in ({where.i} if isinstance(where, Token) else range(where.start, where.end))
            for where in self.weapons.values()
        )
