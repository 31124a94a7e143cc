"""The scorer (warlog.evaluate) against a small gold written here from real sentences.

Predictions are made by hand from the gold, so these tests say how scoring works and do not
depend on how well the extractor does.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from warlog import evaluate
from warlog.evaluate import GoldDocument, GoldError, load_gold, predict, score
from warlog.knowledge import load_knowledge
from warlog.model import Document, EventMention, Evidence, Extraction, Tally

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
SEEDS_GOLD = SHARED / "eval" / "seeds.gold.jsonl"

TEXT = (
    "American and international forces suffered four attacks from Iraq and Syria on Thursday, November 23.\n\n"
    "It is noted that the troops of the Arab countries launched missiles and drones at the locations of the "
    "US forces in northeastern Syria. There were no casualties or damage to the infrastructure.\n\n"
    "The attacks came a day after US strikes against the Iran-aligned Kataib Hezbollah militant group. "
    "Then 8 people were killed.\n\n"
    "US officials say that as of November 23, there have been 36 attacks on international and US forces "
    "in Iraq and 37 in Syria.\n\n"
    "Meanwhile, the media spread information that on October 26, US military bases in the Middle East were "
    "attacked: drones struck the US base in Al-Tanf in Syria and a missile strike took place at another US "
    "base in Syria - Conoco; in Iraq, the US also intercepted three attack drones."
)


def event(**fields) -> dict:
    base = {
        "event_type": "Explosions/Remote violence",
        "sub_event_type": "Air/drone strike",
        "date": None,
        "time_precision": None,
        "actor1": None,
        "actor2": None,
        "claimed_by": None,
        "country": None,
        "location": None,
        "latitude": None,
        "longitude": None,
        "geo_precision": None,
        "weapons": [],
        "quantity": None,
        "outcome": "unknown",
        "fatalities": None,
        "injuries": None,
    }
    return {**base, **fields}


NORTHEAST = event(
    date="2023-11-23", actor1="Islamic Resistance in Iraq", actor2="United States military",
    country="SY", location="northeastern Syria", latitude=36.6, longitude=40.8, geo_precision=3,
    weapons=["drone", "missile"], outcome="no_damage", fatalities=0, injuries=0,
    evidence="launched missiles and drones at the locations of the US forces in northeastern Syria",
)  # fmt: skip
KH_STRIKE = event(
    date="2023-11-22", actor1="United States military", actor2="Kataib Hezbollah", country="IQ",
    latitude=33.0, longitude=44.0, geo_precision=4, weapons=["aircraft"], outcome="hit", fatalities=8,
    evidence="The attacks came a day after US strikes against the Iran-aligned Kataib Hezbollah militant group",
)  # fmt: skip
TANF = event(
    date="2023-10-26", actor2="United States military", country="SY", location="al-Tanf",
    latitude=33.4959, longitude=38.6173, geo_precision=1, weapons=["drone"], outcome="hit",
    evidence="drones struck the US base in Al-Tanf in Syria",
)  # fmt: skip
CONOCO = event(
    sub_event_type="Shelling/artillery/missile attack", date="2023-10-26", actor2="United States military",
    country="SY", location="Conoco gas field", latitude=35.31, longitude=40.26, geo_precision=1,
    weapons=["missile"], outcome="hit",
    evidence="a missile strike took place at another US base in Syria - Conoco",
)  # fmt: skip
INTERCEPT = event(
    event_type="Strategic developments", sub_event_type="Disrupted weapons use", date="2023-10-26",
    actor1="United States military", country="IQ", latitude=33.0, longitude=44.0, geo_precision=4,
    weapons=["drone"], quantity=3, outcome="intercepted",
    evidence="in Iraq, the US also intercepted three attack drones",
)  # fmt: skip
TALLY_IQ = {
    "count": 36, "qualifier": "exact", "unit": "attacks", "target": "United States military",
    "countries": ["IQ"], "since": None, "as_of": "2023-11-23", "speaker": "US officials",
    "evidence": "as of November 23, there have been 36 attacks on international and US forces in Iraq",
}  # fmt: skip
TALLY_SY = {**TALLY_IQ, "count": 37, "countries": ["SY"], "evidence": "and 37 in Syria"}


@pytest.fixture(scope="module")
def kb():
    return load_knowledge()


def gold_doc(events=None, tallies=None, doc_id="003", text=TEXT) -> GoldDocument:
    return GoldDocument(
        doc_id=doc_id,
        text_file=None,
        published=None,
        events=copy.deepcopy([NORTHEAST, KH_STRIKE, TANF, CONOCO, INTERCEPT] if events is None else events),
        tallies=copy.deepcopy([TALLY_IQ, TALLY_SY] if tallies is None else tallies),
        text=text,
    )


def as_predictions(*docs: GoldDocument) -> dict:
    return {d.doc_id: {"events": copy.deepcopy(d.events), "tallies": copy.deepcopy(d.tallies)} for d in docs}


def test_a_perfect_prediction_scores_one_everywhere(kb):
    gold = gold_doc()
    result = score([gold], as_predictions(gold), kb)
    assert set(result) == {"events", "tallies", "fields", "tally_fields", "incidents", "documents"}
    for part in ("events", "tallies"):
        assert result[part] == {"precision": 1.0, "recall": 1.0, "f1": 1.0, "tp": len(getattr(gold, part)), "fp": 0, "fn": 0}
    assert set(result["fields"]) == set(evaluate.EVENT_FIELDS) | {"weapons_f1"}
    assert all(value == 1.0 for value in result["fields"].values())
    assert result["tally_fields"] == {"as_of": 1.0, "since": 1.0, "countries": 1.0, "speaker": 1.0}
    assert result["incidents"] is None  # no incident id shared across documents
    assert result["documents"] == [{"doc_id": "003", "misses": [], "false_alarms": [], "field_errors": []}]
    json.dumps(result)  # what --json prints


def test_a_missing_event_lowers_recall_and_is_listed(kb):
    gold = gold_doc()
    predictions = as_predictions(gold)
    del predictions["003"]["events"][1]  # the Kataib Hezbollah strike
    result = score([gold], predictions, kb)
    assert result["events"]["tp"] == 4 and result["events"]["fn"] == 1 and result["events"]["fp"] == 0
    assert result["events"]["recall"] == pytest.approx(0.8)
    assert result["events"]["precision"] == 1.0
    assert result["documents"][0]["misses"] == [KH_STRIKE["evidence"]]


def test_an_extra_event_lowers_precision_and_is_listed(kb):
    gold = gold_doc()
    predictions = as_predictions(gold)
    extra = event(country="LB", evidence="There were no casualties or damage to the infrastructure")
    predictions["003"]["events"].append(extra)
    result = score([gold], predictions, kb)
    assert result["events"]["fp"] == 1 and result["events"]["tp"] == 5
    assert result["events"]["precision"] == pytest.approx(5 / 6)
    assert result["events"]["recall"] == 1.0
    assert result["documents"][0]["false_alarms"] == [extra["evidence"]]


def test_a_pair_needs_the_gold_sentence_or_the_same_country_and_a_compatible_date(kb):
    gold = gold_doc(events=[KH_STRIKE], tallies=[])
    elsewhere = {**KH_STRIKE, "evidence": "Then 8 people were killed"}  # the next sentence
    # same country, same date: paired, though the evidence is another sentence
    assert score([gold], {"003": {"events": [elsewhere]}}, kb)["events"]["tp"] == 1
    # the same country with no date is compatible too
    assert score([gold], {"003": {"events": [{**elsewhere, "date": None}]}}, kb)["events"]["tp"] == 1
    # another date and another sentence: no pair
    other_day = {**elsewhere, "date": "2023-11-20"}
    assert score([gold], {"003": {"events": [other_day]}}, kb)["events"] == {
        "precision": 0.0, "recall": 0.0, "f1": 0.0, "tp": 0, "fp": 1, "fn": 1,
    }  # fmt: skip
    # any overlap with the gold fragment's sentence is enough, whatever the fields say
    wrong_fields = {**other_day, "country": "YE", "evidence": "Iran-aligned Kataib Hezbollah"}
    assert score([gold], {"003": {"events": [wrong_fields]}}, kb)["events"]["tp"] == 1
    # ... also when only the prediction's spans say where its evidence is
    by_span = {**other_day, "country": "YE", "evidence": "", "spans": {"actor2": [TEXT.index("Kataib"), TEXT.index("Kataib") + 16]}}
    assert score([gold], {"003": {"events": [by_span]}}, kb)["events"]["tp"] == 1


def test_the_best_agreeing_pairing_wins_in_a_sentence_of_three_events(kb):
    gold = gold_doc(events=[TANF, CONOCO, INTERCEPT], tallies=[])
    sentence = TEXT[TEXT.index("Meanwhile") :]
    predictions = {"003": {"events": [{**e, "evidence": sentence} for e in (INTERCEPT, TANF, CONOCO)]}}
    result = score([gold], predictions, kb)
    assert result["events"]["tp"] == 3
    assert all(value == 1.0 for value in result["fields"].values())


def test_a_wrong_date_counts_against_the_date_only(kb):
    gold = gold_doc(events=[KH_STRIKE], tallies=[])
    predictions = {"003": {"events": [{**KH_STRIKE, "date": "2023-11-23"}]}}
    result = score([gold], predictions, kb)
    assert result["events"]["f1"] == 1.0  # the evidence overlaps: still a pair
    assert result["fields"]["date"] == 0.0
    assert result["fields"]["actor1"] == 1.0
    assert result["documents"][0]["field_errors"] == [
        {"field": "date", "gold": "2023-11-22", "predicted": "2023-11-23", "evidence": KH_STRIKE["evidence"]}
    ]


def test_actors_are_compared_through_the_alias_table(kb):
    gold = gold_doc(events=[KH_STRIKE], tallies=[])
    alias = {"003": {"events": [{**KH_STRIKE, "actor1": "US forces", "actor2": "kataib hezbollah"}]}}
    fields = score([gold], alias, kb)["fields"]
    assert fields["actor1"] == 1.0 and fields["actor2"] == 1.0
    wrong = {"003": {"events": [{**KH_STRIKE, "actor2": "Houthis"}]}}
    assert score([gold], wrong, kb)["fields"]["actor2"] == 0.0


def test_a_gold_null_actor_is_right_only_for_a_null_prediction(kb):
    gold = gold_doc(events=[TANF], tallies=[])
    guessed = {"003": {"events": [{**TANF, "actor1": "Islamic Resistance in Iraq"}]}}
    assert score([gold], guessed, kb)["fields"]["actor1"] == 0.0
    missing = {"003": {"events": [{**NORTHEAST, "actor1": None}]}}
    assert score([gold_doc(events=[NORTHEAST], tallies=[])], missing, kb)["fields"]["actor1"] == 0.0


def test_a_location_within_25_km_is_right_and_100_km_away_wrong(kb):
    gold = gold_doc(events=[TANF], tallies=[])
    # names no knowledge base knows, so that only the coordinates decide
    near = {**TANF, "location": "an outpost north of the base", "latitude": 33.5959, "longitude": 38.6173}  # ~11 km
    far = {**TANF, "location": "an outpost north of the base", "latitude": 34.3959, "longitude": 38.6173}  # ~100 km
    assert evaluate.haversine_km(33.4959, 38.6173, 34.3959, 38.6173) == pytest.approx(100, abs=1)
    assert score([gold], {"003": {"events": [near]}}, kb)["fields"]["location"] == 1.0
    assert score([gold], {"003": {"events": [far]}}, kb)["fields"]["location"] == 0.0
    # the same name (case, hyphens) is the same place, coordinates or not
    spelled = {**TANF, "location": "Al Tanf", "latitude": None, "longitude": None}
    assert score([gold], {"003": {"events": [spelled]}}, kb)["fields"]["location"] == 1.0
    # a place where gold names none is wrong; both null is right
    kh = gold_doc(events=[KH_STRIKE], tallies=[])
    assert score([kh], {"003": {"events": [{**KH_STRIKE, "location": "Baghdad"}]}}, kb)["fields"]["location"] == 0.0
    assert score([kh], {"003": {"events": [KH_STRIKE]}}, kb)["fields"]["location"] == 1.0


def test_a_location_is_right_when_it_is_the_same_canonical_place(tmp_path):
    (tmp_path / "places.yaml").write_text(
        "places:\n"
        "  - name: Qwerty base\n    kind: base\n    country: SY\n"
        "    latitude: 33.4959\n    longitude: 38.6173\n    aliases: [Qwerty garrison, Camp Qwerty]\n",
        encoding="utf-8",
    )
    kb = load_knowledge(tmp_path)
    gold = gold_doc(events=[{**TANF, "location": "Qwerty garrison"}], tallies=[])
    alias = {**TANF, "location": "Camp Qwerty", "latitude": None, "longitude": None}
    assert score([gold], {"003": {"events": [alias]}}, kb)["fields"]["location"] == 1.0
    other = {**alias, "location": "Camp Asdf"}
    assert score([gold], {"003": {"events": [other]}}, kb)["fields"]["location"] == 0.0


def test_sub_event_type_is_scored_only_where_gold_gives_it(kb):
    untyped = {**TANF, "sub_event_type": None}
    gold = gold_doc(events=[untyped, CONOCO], tallies=[])
    predictions = {"003": {"events": [{**untyped, "sub_event_type": "Air/drone strike"}, {**CONOCO, "sub_event_type": "Air/drone strike"}]}}
    assert score([gold], predictions, kb)["fields"]["sub_event_type"] == 0.0  # 0 of 1 scored


def test_weapons_are_scored_by_set_f1_averaged_over_pairs(kb):
    gold = gold_doc(events=[NORTHEAST, TANF], tallies=[])
    predictions = {"003": {"events": [{**NORTHEAST, "weapons": ["drone"]}, {**TANF, "weapons": ["drone"]}]}}
    assert score([gold], predictions, kb)["fields"]["weapons_f1"] == pytest.approx((2 / 3 + 1) / 2)


def test_fields_are_null_when_nothing_is_paired(kb):
    gold = gold_doc(events=[KH_STRIKE], tallies=[])
    result = score([gold], {}, kb)
    assert result["events"]["recall"] == 0.0
    assert all(value is None for value in result["fields"].values())
    assert all(value is None for value in result["tally_fields"].values())


def test_tallies_pair_only_with_equal_count_and_unit(kb):
    gold = gold_doc(events=[], tallies=[TALLY_IQ])
    for wrong in ({**TALLY_IQ, "count": 37}, {**TALLY_IQ, "unit": "casualties"}):
        result = score([gold], {"003": {"tallies": [wrong]}}, kb)
        assert result["tallies"] == {"precision": 0.0, "recall": 0.0, "f1": 0.0, "tp": 0, "fp": 1, "fn": 1}
    # equal count and unit pair even when the other fields are wrong
    other = {**TALLY_IQ, "countries": ["SY"], "as_of": None, "speaker": "the Pentagon"}
    result = score([gold], {"003": {"tallies": [other]}}, kb)
    assert result["tallies"]["f1"] == 1.0
    assert result["tally_fields"] == {"as_of": 0.0, "since": 1.0, "countries": 0.0, "speaker": 0.0}


def test_the_36_37_split_is_two_tallies_one_per_country(kb):
    gold = gold_doc(events=[], tallies=[TALLY_IQ, TALLY_SY])
    # both found, given in the other order, with the countries as sets
    both = {"003": {"tallies": [{**TALLY_SY}, {**TALLY_IQ, "countries": ["iq"]}]}}
    result = score([gold], both, kb)
    assert result["tallies"]["f1"] == 1.0 and result["tally_fields"]["countries"] == 1.0
    # one tally of 73 (or of 36 for both countries) is not the split
    summed = {"003": {"tallies": [{**TALLY_IQ, "count": 73, "countries": ["IQ", "SY"]}]}}
    assert score([gold], summed, kb)["tallies"]["tp"] == 0
    merged = {"003": {"tallies": [{**TALLY_IQ, "countries": ["IQ", "SY"]}]}}
    result = score([gold], merged, kb)
    assert result["tallies"]["tp"] == 1 and result["tallies"]["fn"] == 1
    assert result["tally_fields"]["countries"] == 0.0
    assert result["documents"][0]["misses"] == ["and 37 in Syria"]


def test_a_speaker_is_right_when_one_name_contains_the_other(kb):
    gold = gold_doc(events=[], tallies=[{**TALLY_IQ, "speaker": "Sabrina Singh"}])
    longer = {**TALLY_IQ, "speaker": "Pentagon Deputy Press Secretary SABRINA SINGH"}
    assert score([gold], {"003": {"tallies": [longer]}}, kb)["tally_fields"]["speaker"] == 1.0
    assert score([gold], {"003": {"tallies": [{**TALLY_IQ, "speaker": None}]}}, kb)["tally_fields"]["speaker"] == 0.0


def test_incidents_are_scored_pairwise_across_documents(kb):
    a = gold_doc(events=[{**TANF, "incident": "tanf-1026"}, {**KH_STRIKE, "incident": "kh-1122"}], tallies=[], doc_id="a")
    b = gold_doc(events=[{**TANF, "incident": "tanf-1026"}, {**CONOCO, "incident": "conoco-1026"}], tallies=[], doc_id="b")
    # four matched mentions: 6 pairs, one of them (a.tanf, b.tanf) the same incident
    right = as_predictions(a, b)
    assert score([a, b], right, kb)["incidents"] == {"precision": 1.0, "recall": 1.0, "f1": 1.0, "tp": 1, "fp": 0, "fn": 0}
    # the system merges everything on 10-26 into one incident and leaves the strike alone
    merged = as_predictions(a, b)
    merged["a"]["events"][0]["incident"] = "x"
    merged["a"]["events"][1]["incident"] = None
    merged["b"]["events"][0]["incident"] = "x"
    merged["b"]["events"][1]["incident"] = "x"
    result = score([a, b], merged, kb)["incidents"]
    assert (result["tp"], result["fp"], result["fn"]) == (1, 2, 0)
    assert result["precision"] == pytest.approx(1 / 3) and result["recall"] == 1.0
    # the system links nothing
    for doc in merged.values():
        for e in doc["events"]:
            e["incident"] = None
    result = score([a, b], merged, kb)["incidents"]
    assert (result["tp"], result["fp"], result["fn"], result["recall"], result["f1"]) == (0, 0, 1, 0.0, 0.0)
    # a mention never extracted makes its pair a missed pair, not one left out
    missed = as_predictions(a, b)
    del missed["b"]["events"][0]
    result = score([a, b], missed, kb)["incidents"]
    assert (result["tp"], result["fp"], result["fn"]) == (0, 0, 1)
    # a false alarm linked into a real incident is a wrong pair
    extra = as_predictions(a, b)
    extra["b"]["events"].append({**CONOCO, "evidence": "Meanwhile", "incident": "tanf-1026", "country": "IQ", "date": None})
    extra["a"]["events"][0]["incident"] = extra["b"]["events"][0]["incident"] = "tanf-1026"
    result = score([a, b], extra, kb)["incidents"]
    assert (result["tp"], result["fn"]) == (1, 0) and result["fp"] == 2


def write_gold(tmp_path: Path, lines: list[str]) -> Path:
    (tmp_path / "texts").mkdir(exist_ok=True)
    (tmp_path / "texts" / "003.txt").write_text("date 2023-11-23\n" + TEXT + "\n", encoding="utf-8")
    path = tmp_path / "gold.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def gold_line(**fields) -> str:
    record = {"doc_id": "003", "text_file": "texts/003.txt", "published": "2023-11-23", "events": [KH_STRIKE], "tallies": [TALLY_IQ]}
    return json.dumps({**record, **fields})


def test_load_gold_resolves_the_text_file_and_reads_the_text(tmp_path):
    [gold] = load_gold(write_gold(tmp_path, [gold_line(), ""]))
    assert gold.doc_id == "003" and gold.text_file == (tmp_path / "texts" / "003.txt").resolve()
    assert gold.published.isoformat() == "2023-11-23"
    assert gold.text == TEXT  # the header line is not part of the text
    assert gold.events == [KH_STRIKE] and gold.tallies == [TALLY_IQ]


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("{not json", "malformed JSON"),
        ('["a list"]', "not a JSON object"),
        (gold_line(doc_id=None), '"doc_id"'),
        (gold_line(published="23 November"), "published"),
        (gold_line(events=[{"event_type": "Battles"}]), "evidence"),
        (gold_line(tallies=[{**TALLY_IQ, "count": "36"}]), "count"),
        (gold_line(text_file="texts/nowhere.txt"), "nowhere.txt"),
    ],
)
def test_a_bad_gold_line_is_one_clear_error_naming_file_and_line(tmp_path, line, reason):
    path = write_gold(tmp_path, [gold_line(doc_id="other", text_file="texts/003.txt"), line])
    with pytest.raises(GoldError) as raised:
        load_gold(path)
    message = str(raised.value)
    assert message.startswith(f"{path}:2: ") and reason in message and "\n" not in message


def test_a_missing_gold_file_is_an_error(tmp_path):
    with pytest.raises(GoldError, match="cannot read the gold file"):
        load_gold(tmp_path / "absent.jsonl")


class EchoExtractor:
    """Finds the Kataib Hezbollah strike wherever the sentence is, and records what it saw."""

    def __init__(self):
        self.seen: list[Document] = []

    def __call__(self, document: Document) -> Extraction:
        self.seen.append(document)
        start = document.text.index("The attacks came")
        end = document.text.index("militant group") + len("militant group")
        mention = EventMention(
            doc_id=document.doc_id, event_type="Explosions/Remote violence", sub_event_type="Air/drone strike",
            evidence=Evidence(document.doc_id, start, end), date=document.published,
            actor1="US forces", actor2="Kataib Hezbollah", country="IQ", weapons=("aircraft",), outcome="hit",
        )  # fmt: skip
        count = document.text.index("36")
        tally = Tally(
            doc_id=document.doc_id, count=36, qualifier="exact", unit="attacks",
            evidence=Evidence(document.doc_id, count, count + 10), evidence_text="36 attacks",
        )  # fmt: skip
        return Extraction(events=[mention], tallies=[tally])


class BatchExtractor(EchoExtractor):
    def __init__(self):
        super().__init__()
        self.batches = 0

    def extract_many(self, documents):
        self.batches += 1
        return [self(d) for d in documents]


def test_predict_runs_the_extractor_on_the_gold_texts_with_the_gold_date(tmp_path, kb):
    gold = load_gold(write_gold(tmp_path, [gold_line(published="2023-11-22")]))
    extractor = EchoExtractor()
    predictions = predict(gold, extractor)
    [document] = extractor.seen
    assert document.doc_id == "003" and document.text == TEXT
    assert document.published.isoformat() == "2023-11-22"  # the gold line's date, not the header's
    assert document.origin == str(tmp_path / "texts" / "003.txt")
    [record] = predictions["003"]["events"]
    assert record["evidence"] == KH_STRIKE["evidence"]  # filled from the span
    assert record["spans"]["evidence"] == [TEXT.index("The attacks"), TEXT.index("The attacks") + len(KH_STRIKE["evidence"])]
    result = score(gold, predictions, kb)
    assert result["events"]["f1"] == 1.0 and result["tallies"]["f1"] == 1.0
    assert result["fields"]["actor1"] == 1.0 and result["fields"]["date"] == 1.0


def test_predict_uses_extract_many_when_the_extractor_has_it(tmp_path):
    gold = load_gold(write_gold(tmp_path, [gold_line()]))
    extractor = BatchExtractor()
    assert len(predict(gold, extractor)["003"]["events"]) == 1
    assert extractor.batches == 1


def test_the_eval_command_prints_json_and_a_table(tmp_path, monkeypatch):
    from warlog import cli, extract

    monkeypatch.setattr(extract, "build_extractor", lambda *args, **kwargs: EchoExtractor())
    path = write_gold(tmp_path, [gold_line(published="2023-11-22")])
    runner = CliRunner()
    result = runner.invoke(cli.app, ["eval", str(path), "--json"])
    assert result.exit_code == 0, result.output
    scores = json.loads(result.stdout)
    assert scores["events"]["f1"] == 1.0 and scores["documents"][0]["doc_id"] == "003"
    result = runner.invoke(cli.app, ["eval", str(path)])
    assert result.exit_code == 0 and "events" in result.stdout and "precision" in result.stdout


def test_the_eval_command_refuses_a_missing_or_bad_gold_file(tmp_path):
    from warlog import cli

    runner = CliRunner()
    result = runner.invoke(cli.app, ["eval", str(tmp_path / "absent.jsonl")])
    assert result.exit_code == 2 and "absent.jsonl" in result.output
    bad = write_gold(tmp_path, ["{not json"])
    result = runner.invoke(cli.app, ["eval", str(bad), "--json"])
    assert result.exit_code == 2 and f"{bad}:1" in result.output


@pytest.mark.skipif(not SEEDS_GOLD.is_file(), reason=f"the shared gold is absent: no {SEEDS_GOLD}")
def test_the_seeds_gold_scored_against_itself_is_perfect(kb):
    gold = load_gold(SEEDS_GOLD)
    result = score(gold, evaluate.gold_as_predictions(gold), kb)
    assert result["events"]["f1"] == 1.0 and result["events"]["tp"] == sum(len(g.events) for g in gold)
    assert result["tallies"]["f1"] == 1.0 and result["tallies"]["tp"] == sum(len(g.tallies) for g in gold)
    assert all(value == 1.0 for value in result["fields"].values())
    assert all(value == 1.0 for value in result["tally_fields"].values())
    assert all(not (d["misses"] or d["false_alarms"] or d["field_errors"]) for d in result["documents"])


# --------------------------------------------------------------------------- tune and check


def test_documents_that_share_an_incident_stay_on_one_side_of_the_split():
    a = gold_doc(events=[{**TANF, "incident": "tanf-1026"}], tallies=[], doc_id="a")
    b = gold_doc(events=[{**TANF, "incident": "tanf-1026"}, {**KH_STRIKE, "incident": "kh-1122"}], tallies=[], doc_id="b")
    c = gold_doc(events=[{**KH_STRIKE, "incident": "kh-1122"}], tallies=[], doc_id="c")
    alone = [gold_doc(events=[TANF], tallies=[], doc_id=f"x{n}") for n in range(7)]
    docs = [a, b, c, *alone]
    assert sorted(map(sorted, evaluate.incident_groups(docs)))[0] == ["a", "b", "c"]
    for seed in range(20):
        parts = evaluate.assign_split(docs, {}, seed)
        assert parts["a"] == parts["b"] == parts["c"]
        assert set(parts.values()) <= {"tune", "check"} and len(parts) == 10
    # a document added later keeps the known parts and joins its incident's side
    parts = evaluate.assign_split(docs, {"a": "check", "x0": "tune"}, seed=1)
    assert parts["a"] == parts["b"] == parts["c"] == "check" and parts["x0"] == "tune"


def test_a_split_file_names_each_documents_part_and_refuses_other_parts(tmp_path):
    split = tmp_path / "split.tsv"
    split.write_text("# comment\na\ttune\nb\tcheck\n", encoding="utf-8")
    assert evaluate.read_split(split) == {"a": "tune", "b": "check"}
    parts = evaluate.split_documents([gold_doc(doc_id="a"), gold_doc(doc_id="b")], evaluate.read_split(split))
    assert [g.doc_id for g in parts["tune"]] == ["a"] and [g.doc_id for g in parts["check"]] == ["b"]
    with pytest.raises(GoldError, match="no part for 'c'"):
        evaluate.split_documents([gold_doc(doc_id="c")], {"a": "tune"})
    split.write_text("a\ttest\n", encoding="utf-8")
    with pytest.raises(GoldError, match=r"split.tsv:1: not 'doc_id<TAB>tune\|check'"):
        evaluate.read_split(split)


def test_the_gap_is_tune_minus_check(kb):
    gold = gold_doc()
    perfect = score([gold], as_predictions(gold), kb)
    half = as_predictions(gold)
    half["003"]["events"] = half["003"]["events"][:2]
    partial = score([gold], half, kb)
    gap = evaluate.gap({"tune": perfect, "check": partial})
    assert gap["events"] == pytest.approx(1.0 - partial["events"]["f1"], abs=1e-3) and gap["events"] > 0
    assert gap["actor1"] == 0.0 and gap["incidents"] is None


def test_the_eval_command_scores_tune_and_check_and_lists_only_tunes_misses(tmp_path, monkeypatch):
    from warlog import cli, extract

    monkeypatch.setattr(extract, "build_extractor", lambda *args, **kwargs: EchoExtractor())
    first = write_gold(tmp_path, [gold_line(published="2023-11-22")])
    second_dir = tmp_path / "more"
    second_dir.mkdir()
    second = write_gold(second_dir, [gold_line(published="2023-11-22").replace('"003"', '"004"')])
    split = tmp_path / "split.tsv"
    split.write_text("003\ttune\n004\tcheck\n", encoding="utf-8")
    runner = CliRunner()
    result = runner.invoke(cli.app, ["eval", str(first), str(second), "--split", str(split), "--json"])
    assert result.exit_code == 0, result.output
    scores = json.loads(result.stdout)
    assert scores["parts"]["tune"]["documents_scored"] == scores["parts"]["check"]["documents_scored"] == 1
    assert scores["parts"]["check"]["documents"] == [] and scores["gap"]["events"] == 0.0
    result = runner.invoke(cli.app, ["eval", str(first), str(first)])
    assert result.exit_code == 2 and "'003' is also in" in result.output
