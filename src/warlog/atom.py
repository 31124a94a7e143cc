"""An alert as an Atom feed (RFC 4287), for the feed readers analysts already use.

Built with ElementTree, which escapes every text and attribute: an article's words (a
report's sentence may hold "<script>") reach a reader as text, never as markup. Entries are
the incidents the alert matches, the latest first; an entry's ``updated`` is when warlog
stored the latest report of it, so a reader sees an incident again when news of it comes.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any
from xml.etree import ElementTree as ET

ATOM = "http://www.w3.org/2005/Atom"
MEDIA_TYPE = "application/atom+xml"
#: characters XML 1.0 cannot hold at all, escaped or not (a control character pasted into an article)
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def feed(
    name: str,
    created: dt.datetime,
    incidents: list[dict[str, Any]],
    reported: dict[str, tuple[dt.datetime, list[str]]],
    base_url: str,
) -> bytes:
    """The Atom document of alert ``name``: one entry per incident, each linked to the API's detail."""
    ET.register_namespace("", ATOM)
    base = base_url.rstrip("/")
    root = ET.Element(f"{{{ATOM}}}feed")
    _text(root, "id", f"{base}/api/alerts/{name}.atom")
    _text(root, "title", f"warlog alert {name}")
    _text(root, "subtitle", "Incidents of armed conflict read from the news that match the alert's filters")
    entries_updated = [reported[i["id"]][0] for i in incidents if i["id"] in reported]
    _text(root, "updated", _stamp(max(entries_updated, default=created)))
    author = ET.SubElement(root, f"{{{ATOM}}}author")
    _text(author, "name", "warlog")
    ET.SubElement(root, f"{{{ATOM}}}link", rel="self", type=MEDIA_TYPE, href=f"{base}/api/alerts/{name}.atom")
    ET.SubElement(root, f"{{{ATOM}}}generator").text = "warlog"
    for incident in incidents:
        updated, sentences = reported.get(incident["id"], (created, []))
        entry = ET.SubElement(root, f"{{{ATOM}}}entry")
        _text(entry, "id", f"{base}/api/incidents/{incident['id']}")
        _text(entry, "title", title(incident))
        _text(entry, "updated", _stamp(updated))
        ET.SubElement(entry, f"{{{ATOM}}}link", rel="alternate", type="application/json",
                      href=f"{base}/api/incidents/{incident['id']}")  # fmt: skip
        if incident["event_type"]:
            ET.SubElement(entry, f"{{{ATOM}}}category", term=incident["sub_event_type"] or incident["event_type"])
        _text(entry, "summary", summary(incident))
        content = ET.SubElement(entry, f"{{{ATOM}}}content", type="text")
        content.text = _clean("\n\n".join([summary(incident), *(" ".join(s.split()) for s in sentences)]))
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


def title(incident: dict[str, Any]) -> str:
    what = incident["sub_event_type"] or incident["event_type"]
    where = ", ".join(part for part in (incident["location"], incident["country"]) if part) or "an unknown place"
    return f"{what} in {where}, {_day(incident['date'])}"


def summary(incident: dict[str, Any]) -> str:
    killed = "unknown" if incident["fatalities"] is None else incident["fatalities"]
    sides = f"{incident['actor1'] or 'unknown'} against {incident['actor2'] or 'unknown'}"
    sources = f"{incident['grade']}: {incident['sources']} independent sources, {incident['documents']} reports"
    return f"{sides} · killed: {killed} · {sources}"


def _text(parent: ET.Element, tag: str, text: str) -> None:
    ET.SubElement(parent, f"{{{ATOM}}}{tag}").text = _clean(text)


def _clean(text: str) -> str:
    return NOT_XML.sub("\ufffd", text)


def _day(value: dt.date | str | None) -> str:
    return "undated" if value is None else value if isinstance(value, str) else value.isoformat()


def _stamp(moment: dt.datetime) -> str:
    moment = moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
