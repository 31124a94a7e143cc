"""Reading one document: sentence by sentence, the triggers that state events, each
trigger's clause filled in (weapons, places, actors, numbers, date), then what the
sentence adds to its neighbours (the running date, deaths, a claim). Each rule lives in
the module named for what it decides; this module only calls them in order."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import replace

from spacy.tokens import Doc, Span, Token

from warlog import timex
from warlog.extract import casualties, clutter, context, dates, roles, triggers
from warlog.extract.candidate import Candidate
from warlog.extract.clauses import clauses, fought_on_the_ground, merge_same_clause
from warlog.extract.events import code_events
from warlog.extract.interceptions import fold_interceptions, fold_remainders, repulse_on_the_ground
from warlog.extract.places import PLACE_LABELS, clause_places, doer_places
from warlog.extract.weapons import NEEDS_WEAPON, WeaponsAt, bombing_weapon, carry_strike_weapons, clause_weapons
from warlog.geocode import Resolver
from warlog.knowledge import Knowledge, Trigger
from warlog.mentions import actor_mentions, evidence_of
from warlog.model import Document, EventMention
from warlog.nlp import text_of, word_forms
from warlog.resolve import DocumentPlaces, country_code, country_entry


#: weapons fired from afar: a place told of their users is where they were launched from
REMOTE_WEAPONS = {"drone", "aircraft", "missile", "rocket", "artillery"}


class EventReader:
    """The state of reading one document: the running date of the story, events so far."""

    def __init__(
        self,
        kb: Knowledge,
        resolver: Resolver,
        document: Document,
        doc: Doc,
        anchor: dt.date,
        tally_tokens: set[int],
        weapon_at: WeaponsAt,
    ):
        self.kb = kb
        self.resolver = resolver
        self.tally_tokens = tally_tokens
        self.document = document
        self.doc = doc
        self.anchor = anchor
        self.context_date: tuple[timex.ResolvedDate, Span] | None = None
        self.doer: roles.Actor | None = None  # the side the report's strikes are by
        self.target: roles.Actor | None = None  # and the side they are against
        self.candidates: list[Candidate] = []
        #: sentence index -> the act that sentence only told again ('The strike occurred near ...')
        self.retold: dict[int, Candidate | None] = {}
        self.summaries: list[Candidate] = []  # what they say of all strikes may hold for each
        self.counted: list[Candidate] = []  # strikes a tally counts, placed: events unless told one by one
        self._rules: dict[int, Trigger | None] = {}
        self.weapon_at = weapon_at
        #: nouns of people: whom 'neutralised' or 'eliminated' can have killed
        self.people = frozenset(kb.tally_people | kb.armed_words)
        #: infobox rows and headings: a trigger word there is never an event
        self.clutter = clutter.clutter_tokens(doc)
        #: countries the document names: they decide between towns of the same name
        ents = doc.ents  # (each access builds the spans anew)
        named = [code for ent in ents if ent.label_ == "GPE" and (code := country_code(resolver, ent.text))]
        #: the document's place names, resolved together so that they decide between homonyms
        homes = [
            entry.name
            for ent in ents
            if ent.ent_id_.startswith("actor:")
            and (actor := kb.actors.get(ent.ent_id_.removeprefix("actor:"))) is not None
            and actor.acled_type not in roles.STATE_ACTOR_TYPES  # a state's forces fight abroad
            and (entry := country_entry(resolver, actor.country)) is not None
        ]  # "Al-Shabaab fighters attacked a base near Jilib": the armed groups' home countries
        self.places = DocumentPlaces(resolver, [ent.text for ent in ents if ent.label_ in PLACE_LABELS] + homes)
        self.main_country = Counter(named).most_common(1)[0][0] if named else None

    def read(self) -> list[EventMention]:
        sentences = list(self.doc.sents)
        self.sentences = sentences
        for index, sentence in enumerate(sentences):
            self.read_sentence(index, sentence)
        self.candidates = context.series_members(self.kb, self.candidates, self.summaries)
        summing = context.detailed_later(self.candidates) + context.told_one_by_one(self.counted, self.candidates)
        context.lend_to_details(summing, self.candidates)
        self.summaries.extend(summing)
        self.candidates = [c for c in self.candidates if all(c is not s for s in summing)]
        carry_strike_weapons(self.candidates + self.summaries)
        events = [
            event
            for c in self.candidates
            for event in code_events(
                self.kb, self.resolver, self.doc, self.document.doc_id, self.main_country, self.candidates, c
            )
        ]
        # "targeted coalition forces" where the text names US forces: the US military
        holders = {u: roles.named_holder(self.kb, self.doc, u) for u in self.kb.site_holders}
        for event in events:
            holder = holders.get(event.actor2 or "")
            if holder is not None and holder != event.actor1:
                event.actor2 = holder
        events = context.merge_retellings(events, self.document.text, self.kb.actor_umbrellas)
        self.date_lead(events)
        context.place_story_events(events, self.kb.actor_umbrellas)
        return events

    def rule_of(self, token: Token) -> Trigger | None:
        """The trigger rule of a word, read once per token."""
        if token.i not in self._rules:
            self._rules[token.i] = triggers.read_trigger(self.kb, self.weapon_at, token)
        return self._rules[token.i]

    def trigger_words(self, sentence: Span) -> list[Token]:
        """The words of a sentence that are (part of) a trigger, the first test of
        :func:`triggers.read_trigger`: every other word matches no rule, and is passed over
        without building its Token."""
        lowers, lemmas = word_forms(self.doc)
        words = self.kb.trigger_words()
        return [
            self.doc[i] for i in range(sentence.start, sentence.end)
            if lemmas[i] in words or lowers[i] in words or lowers[i].removesuffix("s") in words
        ]

    def read_sentence(self, index: int, sentence: Span) -> None:
        if context.starts_with_break(sentence):
            self.doer = self.target = None
        if context.breaks_time(sentence):
            self.context_date = None
        before = len(self.candidates)
        ruled = [t for t in self.trigger_words(sentence) if self.rule_of(t) is not None]
        found = [t for t in ruled if t.i not in self.clutter]
        claimed = roles.claim(self.kb, sentence, ruled, self.rule_of)
        event_triggers = [t for t in found if self.rule_of(t).kind in triggers.EVENT_KINDS]
        primary = [t for t in event_triggers if not self.rule_of(t).secondary]
        if primary:
            event_triggers = primary
        clause_of = {
            i: [t for t in clause if t.i not in self.clutter] or clause
            for i, clause in clauses(event_triggers, sentence).items()
        }
        new: list[Candidate] = []
        references: list[Candidate] = []
        retold: list[Candidate] = []
        unarmed: list[Candidate] = []
        said_doer: roles.Actor | None = None
        said_target: roles.Actor | None = None
        for trigger in event_triggers:
            rule = self.rule_of(trigger)
            clause = clause_of[trigger.i]
            if rule.secondary and trigger.dep_ == "advcl" and self.rule_of(trigger.head) is None:
                # "A suicide bomber blew himself up at a checkpoint, killing four officers": the
                # verb the toll hangs on, no trigger itself, tells the act with it
                clause = [t for t in trigger.head.subtree if sentence.start <= t.i < sentence.end]
            candidate = Candidate(trigger, rule, clause, index)
            counting = self.tally_tokens
            if triggers.counted_by_tally(self.tally_tokens, trigger) and trigger.tag_ == "NNS":
                # "43 attacks on checkpoints in Helmand": a count that sums up attacks, no event
                # itself; "More than 20 strikes targeted AQAP in the governorates of Abyan, Al
                # Bayda and Shabwah": one event per place, unless the text tells them one by one
                self.fill(candidate, sentence)
                if len({p.name for p in candidate.places if p.precision < 4}) < 2:
                    self.summaries.append(candidate)
                    continue
                self.counted.append(candidate)
                counting = set()  # its count is no reason to take it for a tally only
            placed_one_by_one = False
            if (triggers.times_told(trigger) or 0) > 1:
                # "came under attack four times on Tuesday, at al-Asad, al-Tanf, the Green Village
                # and Rumalyn": one event at each place named
                self.fill(candidate, sentence)
                placed_one_by_one = len({p.name for p in candidate.places if p.precision < 4}) > 1
            if not triggers.states_an_event(self.kb, self.rule_of, counting, trigger, placed_one_by_one):
                # "US forces continued to strike ISIS": no event, but the doer of those listed
                clause_ids = {t.i for t in candidate.clause}
                doer, target = roles.actors(self.kb, self.resolver, candidate, sentence, clause_ids)
                said_doer = doer or said_doer
                said_target = target or said_target
                continue
            self.fill(candidate, sentence)
            if candidate.actor1 is None and rule.kind == "attack":
                candidate.actor1 = self.blamed_for(index, sentence)  # "... Police blamed Boko Haram."
            armed = candidate.weapons or candidate.actor1 or triggers.described_as_armed(self.kb, trigger)
            if rule.secondary and candidate.places and not armed:
                armed = context.another_place_of(candidate, context.previous(self.candidates, index))
            if rule.secondary and not (candidate.places and armed) and not triggers.kills_a_named_person(candidate):
                continue  # "Then 8 people were killed": a number for the event told before
            if rule.lemma in NEEDS_WEAPON and not candidate.weapons:
                continue  # "launched an investigation"
            if rule.territory and not triggers.takes_a_place(candidate):
                continue  # "seized weapons", "captured three fighters"
            if triggers.is_summary_or_reference(self.rule_of, candidate, self.candidates):
                dates.date_back_reference(candidate, self.candidates)
                self.summaries.append(candidate)
                references.append(candidate)
                continue
            if not triggers.is_armed(self.kb, candidate, self.candidates, self.summaries):
                if rule.kind == "intercept":  # "but all were shot down": what the attack told launched
                    unarmed.append(candidate)
                retold.append(candidate)  # "The strike occurred near Kismayo": the place of one told
                continue  # "a legal battle", "intercepted a pass", "attacked the budget"
            new.append(candidate)
        if not event_triggers:  # "Yesterday there were four attacks. Two were in Iraq, at Al-Asad and at Erbil ..."
            for copula, summary in context.parts_of_summary(sentence, self.summaries, index):
                part = Candidate(copula, summary.rule, list(sentence), index)
                self.fill(part, sentence)
                part.weapons = dict(summary.weapons)
                if part.places:
                    new.append(part)
        new = merge_same_clause(new)
        new = context.fold_gunfire(new)
        new = fold_interceptions(new, unarmed, context.previous(self.candidates, index))
        new = fold_remainders(new, context.previous(self.candidates, index))
        new = repulse_on_the_ground(new, unarmed, context.previous(self.candidates, index))
        for candidate in new:
            if triggers.fights_struck_forces(self.kb, candidate, new):
                candidate.rule = replace(candidate.rule, kind="clash")
                candidate.weapons = {"small_arms": candidate.trigger}  # GUIDELINES: a ground fight
                candidate.outcome = "unknown"
        if any(c.places for c in new):  # "bases were attacked: drones struck al-Tanf ..."
            kept = [c for c in new if c.places or c.quantity or context.another_doer(c, new)]
            for fight in (c for c in new if c not in kept):
                for attack in (k for k in kept if fight.trigger in k.trigger.subtree):
                    fought_on_the_ground(attack, fight)
            context.lend_target(kept, [c for c in new if c not in kept])
            new = kept
        self.doer = context.carry_doer(self.doer, new + references, said_doer, self.kb.actor_umbrellas)
        self.target = context.carry_target(self.target, new + references, said_target, self.kb.actor_umbrellas)
        context.carry_told_doer(new, self.candidates)
        context.part_of_wide_attack(new, self.candidates)
        context.lend_told_weapon([r for r in references if triggers.told_weapon(r)], self.candidates)
        context.lend_told_doer([r for r in references if triggers.told_act(r)], self.candidates)
        placed = context.lend_told_place(references + retold, self.candidates)
        self.retold[index] = None if new else placed
        self.candidates.extend(new)
        sentence_date = dates.explicit_date(self.kb, self.anchor, sentence, self.context_date)
        for candidate in new:
            day = sentence_date
            if day is not None and not dates.same_line(day[1], candidate.trigger):
                # "... an initial response.[2]\n\nOn 8 January, an Israeli strike ...", parsed as one sentence
                day = dates.explicit_date(self.kb, self.anchor, sentence, self.context_date, candidate.trigger)
            dates.carry_date(candidate, day, self.context_date, self.anchor)
        date_before = self.context_date
        if sentence_date is not None:
            self.context_date = sentence_date
        told = self.candidates[before:] or context.told_before(self.candidates, index, self.retold.get(index - 1))
        told = told or casualties.referred(references, self.candidates[:before], sentence)
        casualties.numbers_and_outcomes(
            sentence, told, self.tally_tokens, frozenset(self.kb.killing_verbs), self.people,
            lambda span: {name for name, _ in actor_mentions(self.kb, span)},
            self.candidates,
        )
        if claimed is not None:
            roles.apply_claim(
                claimed,
                new or context.same_story(
                    self.candidates, index, self.context_date, date_before, context.claims_several(sentence)
                ),
                self.kb.actor_umbrellas,
            )
        elif not new and roles.blames_for_told(self.rule_of, sentence):
            # "U.S. officials blamed Kataib Hezbollah for the attack", paragraphs after it
            blamed = roles.blamed(self.kb, sentence)
            told = next((c for c in reversed(self.candidates) if c.rule.kind == "attack"), None)
            if blamed is not None and told is not None and told.actor1 is None and (told.actor2 or ("",))[0] != blamed[0]:
                told.actor1 = blamed

    def date_lead(self, events: list[EventMention]) -> None:
        """An act the lead tells in the present perfect with no day, nor one from a later telling
        merged into it, happened on the report's day ('a car bomb has killed at least two
        people in central Baghdad'): dated only now, so that it never keeps a later telling's
        day ('The strike occurred Sunday') from merging into it."""
        if self.anchor is None:
            return
        for event in events:
            where = event.spans.get("event_type")
            trigger = self.doc.char_span(where.start, where.end) if where is not None and event.date is None else None
            told = dates.just_done_in_lead(trigger.root) if trigger is not None else None
            if told is not None:
                event.date, event.time_precision = self.anchor, 1
                event.spans["date"] = evidence_of(self.document.doc_id, told)

    def blamed_for(self, index: int, sentence: Span) -> roles.Actor | None:
        """The group its own sentence or the next one, in the same paragraph, blames for what
        the sentence tells: 'Two explosions ripped through a market. Police blamed Boko Haram.'"""
        found = roles.blamed(self.kb, sentence)
        following = self.sentences[index + 1] if index + 1 < len(self.sentences) else None
        if found is None and following is not None and not context.starts_with_break(following):
            if "\n\n" not in text_of(self.doc)[sentence.end_char : following.start_char + 1]:
                found = roles.blamed(self.kb, following)
        return found

    def fill(self, candidate: Candidate, sentence: Span) -> None:
        """A trigger's clause read: weapons, places, actors, claim, quantity, outcome, date."""
        clause_ids = {t.i for t in candidate.clause}
        candidate.outcome = candidate.rule.outcome
        clause_weapons(candidate, self.weapon_at)
        candidate.places = clause_places(
            self.kb, self.places, self.main_country, sentence, clause_ids, candidate.trigger
        )
        if not candidate.places and not set(candidate.weapons) & REMOTE_WEAPONS:
            candidate.places = doer_places(self.kb, self.places, self.main_country, sentence, candidate.trigger)
        candidate.actor1, candidate.actor2 = roles.actors(self.kb, self.resolver, candidate, sentence, clause_ids)
        bombing_weapon(self.kb, candidate)
        claimant = roles.speaking_claimant(self.kb, candidate)
        if claimant is not None:
            candidate.claimed_by = claimant  # a group saying it struck is claiming the attack
        candidate.quantity = casualties.quantity(candidate)
        if casualties.is_attempted(candidate.trigger):
            candidate.outcome = "attempted"
        dates.clause_date(self.kb, self.anchor, self.context_date, candidate, sentence, clause_ids)
