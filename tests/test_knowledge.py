"""The knowledge base is data: packaged YAML files a user can extend from a folder."""

from __future__ import annotations

import datetime as dt

import pytest
import yaml

from warlog.extract import build_extractor
from warlog.knowledge import PACKAGED, KnowledgeError, load_knowledge
from warlog.model import Document


def test_every_packaged_entry_names_its_source():
    kb = load_knowledge()
    assert all(actor.source for actor in kb.actors.values())
    assert all(place.source for place in kb.places.values())
    assert all(trigger.source for trigger in kb.triggers.values())


def test_the_kinds_of_struck_things_name_their_side_and_source():
    kb = load_knowledge()
    assert kb.target_words["oil processing facility"] == kb.target_words["hospital"] == "Civilians"
    entries = yaml.safe_load((PACKAGED / "actors.yaml").read_text(encoding="utf-8"))["targets"]
    assert entries and all(entry["source"] and entry["words"] for entry in entries)


def test_an_actor_is_part_of_known_umbrellas_followed_upwards():
    kb = load_knowledge()
    assert all(u in kb.actors for umbrellas in kb.actor_umbrellas.values() for u in umbrellas)
    assert "Coalition forces" in kb.actor_umbrellas["United States military"]
    assert {"Islamic Resistance in Iraq", "Iran-aligned militias"} <= kb.actor_umbrellas["Kataib Hezbollah"]


def test_the_canonical_actors_of_the_guidelines_are_known_by_their_aliases():
    kb = load_knowledge()
    assert kb.canonical_actor("Kata'ib Hizballah") == "Kataib Hezbollah"
    assert kb.canonical_actor("Islamic Resistance of Iraq") == "Islamic Resistance in Iraq"
    assert kb.canonical_actor("Ansar Allah") == "Houthis"
    assert kb.canonical_actor("Daesh") == "Islamic State"
    assert kb.canonical_actor("CENTCOM") == "United States military"


@pytest.mark.parametrize(
    ("alias", "canonical"),
    [
        ("Afghan National Defense and Security Forces", "Afghan military"),
        ("al-Shabab", "al-Shabaab"),
        ("AQAP", "al-Qaeda in the Arabian Peninsula"),
        ("ISIS-Somalia", "Islamic State Somalia"),
        ("ISWAP", "Islamic State West Africa Province"),
        ("U.S. Africa Command", "United States military"),
        ("the Taliban", "Taliban"),
        ("Izz ad-Din al-Qassam Brigades", "Hamas"),
        ("British military", "United Kingdom military"),
    ],
)
def test_the_other_theatres_canonical_names_are_known(alias, canonical):
    assert load_knowledge().canonical_actor(alias) == canonical


def test_a_states_forces_are_its_demonym_and_military_unless_an_entry_names_them():
    kb = load_knowledge()
    assert kb.canonical_actor("Ethiopian Air Force") == "Ethiopian military"
    assert kb.canonical_actor("Armenia's armed forces") == "Armenian military"
    assert kb.canonical_actor("Azeri forces") == "Azerbaijani military"
    assert kb.country_forces["PK"] == "Pakistani military"  # 'Pakistan struck ...'
    assert kb.country_forces["RU"] == "Russian military" and kb.country_forces["IL"] == "Israel Defense Forces"
    assert "Iraqi military" not in kb.actors  # Iraq's forces have their own entry
    assert kb.actors["Ethiopian military"].acled_type == 1 and kb.actors["Ethiopian military"].source


@pytest.mark.parametrize(
    ("spelling", "place"),
    [
        ("al-Shadadi", "al-Shaddadi"),
        ("Ash Shaddadah", "al-Shaddadi"),
        ("Al Asad", "Ain al-Asad air base"),
        ("Rmeilan", "Rumalyn landing zone"),
        ("the Al-Tanf garrison", "al-Tanf"),
    ],
)
def test_transliterations_of_a_base_meet(spelling, place):
    assert load_knowledge().place(spelling).name == place


def test_a_user_folder_adds_an_actor_and_a_place_without_code(tmp_path):
    (tmp_path / "actors.yaml").write_text(
        "actors:\n"
        "  - name: Saraya Awliya al-Dam\n"
        "    acled_type: 3\n"
        "    aliases: [Guardians of Blood Brigade]\n"
        "    source: https://en.wikipedia.org/wiki/2021_Erbil_rocket_attacks\n",
        encoding="utf-8",
    )
    (tmp_path / "places.yaml").write_text(
        "places:\n"
        "  - name: Camp Example\n"
        "    kind: military_base\n"
        "    country: IQ\n"
        "    latitude: 35.0\n"
        "    longitude: 44.0\n"
        "    source: test\n",
        encoding="utf-8",
    )
    extractor = build_extractor(tmp_path)
    text = "The Guardians of Blood Brigade fired rockets at Camp Example on Monday."
    [event] = extractor(Document("doc", text, published=dt.date(2021, 2, 16))).events
    assert event.actor1 == "Saraya Awliya al-Dam"
    assert (event.location, event.country, event.latitude) == ("Camp Example", "IQ", 35.0)
    assert extractor.kb.canonical_actor("Kataib Hezbollah") == "Kataib Hezbollah"  # packaged ones stay


def test_a_broken_knowledge_file_is_named_in_the_error(tmp_path):
    (tmp_path / "actors.yaml").write_text("actors: [name: [unclosed\n", encoding="utf-8")
    with pytest.raises(KnowledgeError, match="actors.yaml"):
        load_knowledge(tmp_path)


def test_the_trigger_words_hold_every_trigger_and_each_of_its_words():
    words = load_knowledge().trigger_words()
    assert {"drone strike", "drone", "strike", "shoot down", "shoot", "attack"} <= words
    assert not {"depot", "yesterday", "soldiers"} & words


def test_a_running_count_marker_is_a_whole_phrase():
    marker = load_knowledge().running_count_marker()
    assert marker.search(" the militia has struck the base 12 times so far, officials said ")
    assert marker.search(" since october, there have been 40 attacks ")
    assert not marker.search(" the convoy was hit at sincerely planned hours ")
    assert not marker.search(" they struck overall-clad workers ")
