"""The ACLED event type and sub-type: from what happened (the trigger's kind) and with what
(the weapon categories), as GUIDELINES.md's table has it."""

from __future__ import annotations

from warlog.model import EventMention

#: ACLED's type and sub-type of an armed side's direct attack on civilians
CIVILIAN_VIOLENCE = ("Violence against civilians", "Attack")


def event_types(kind: str, weapons: set[str], suicide: bool = False) -> tuple[str, str | None]:
    """ACLED type and sub-type from what happened and with what (GUIDELINES.md's table);
    ``suicide``: the text calls the bombing a suicide attack (ACLED's own sub-type)."""
    if kind == "intercept":
        return "Strategic developments", "Disrupted weapons use"
    if kind == "clash":
        return "Battles", "Armed clash"
    if suicide and "ied" in weapons:
        return "Explosions/Remote violence", "Suicide bomb"
    if weapons & {"drone", "aircraft"}:
        return "Explosions/Remote violence", "Air/drone strike"
    if weapons & {"missile", "rocket", "artillery"}:
        return "Explosions/Remote violence", "Shelling/artillery/missile attack"
    if "ied" in weapons:
        return "Explosions/Remote violence", "Remote explosive/landmine/IED"
    if weapons == {"small_arms"}:
        return "Battles", "Armed clash"
    return "Explosions/Remote violence", None


def against_civilians(kind: str, weapons: set[str], armed_group: bool) -> bool:
    """'Gunmen attacked a village, killing 12 people', 'Boko Haram militants attacked the town,
    killing 20 villagers': an attack on civilians (the target no armed side shares) with guns
    or, by a non-state armed group (``armed_group``), with no weapon named, is ACLED's
    'Violence against civilians' / 'Attack'; with a bomb, shells or an air strike it stays
    'Explosions/Remote violence' (ACLED codebook: remote violence against civilians is coded
    by its means)."""
    if kind not in {"attack", "clash"} or weapons - {"small_arms", "unspecified"}:
        return False
    return "small_arms" in weapons or armed_group
def territory_type(taker_is_state: bool | None) -> str:
    """ACLED's Battles sub-type when a side takes a place: a state's forces regain territory, a
    non-state group overtakes it; a taker the text does not name fought for it (Armed clash)."""
    if taker_is_state is None:
        return "Armed clash"
    return "Government regains territory" if taker_is_state else "Non-state actor overtakes territory"


def types_of(event: EventMention) -> tuple[str, str | None]:
    """The types of a coded event again, after a retelling added weapons to it."""
    if event.event_type == "Strategic developments":
        return event.event_type, event.sub_event_type
    if event.event_type == CIVILIAN_VIOLENCE[0] and not set(event.weapons) - {"small_arms", "unspecified"}:
        return event.event_type, event.sub_event_type
    if event.event_type == "Battles" and "small_arms" not in event.weapons:
        return event.event_type, event.sub_event_type
    suicide = event.sub_event_type == "Suicide bomb"
    return event_types("attack", set(event.weapons) - {"unspecified"}, suicide)
