"""Knowledge-base mentions in a parsed sentence, shared by the event and tally readers."""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Span

from warlog.knowledge import Knowledge


def actor_mentions(kb: Knowledge, sentence: Span) -> Iterator[tuple[str, Span]]:
    """Actors named ('Kataib Hezbollah', by the entity ruler) or described ('US base')."""
    for ent in sentence.ents:
        if ent.ent_id_.startswith("actor:"):
            yield ent.ent_id_.removeprefix("actor:"), ent
    for token in sentence:
        word, lemma = token.lower_, token.lemma_.lower()
        for actor, heads in kb.actor_heads.items():
            if word not in heads and lemma not in heads:
                continue
            modifiers = kb.actor_modifiers[actor]
            for child in token.lefts:
                if child.lower_ in modifiers or any(t.lower_ in modifiers for t in child.subtree):
                    yield actor, token.doc[child.left_edge.i : token.i + 1]
                    break
