"""The HTTP API (FastAPI) over one store, and the dashboard's files, from one app.

Read-only: every route is a GET. Parameters are parsed here into the store's typed
:class:`~warlog.store.browse.Query`; a bad one is answered with a 4xx and a one-line
``{"error": ...}`` that names it, never a 500. The OpenAPI schema describes every answer with the
models of :mod:`warlog.serve.responses`, and the patterns and enums each parameter must match
(tests/test_serve_fuzz.py fuzzes the API against it). Every response carries a
Content-Security-Policy that lets the page run only its own scripts, so article text that
reached the page as markup could not run either (the page inserts it as text anyway).
``/api/stream`` tells open pages what linking adds to the store (:mod:`warlog.serve.live`).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from dataclasses import replace
from importlib.resources import files
from pathlib import Path
from typing import Annotated, Any

from fastapi import Depends, FastAPI, Header, HTTPException, Request
from fastapi import Path as PathParam
from fastapi import Query as Param
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, JSONResponse, Response, StreamingResponse
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from warlog import alerts, atom
from warlog.export import acled_records, event_record, iso, tally_record
from warlog.queries import checked_box, incident_detail, known_grades, split_types
from warlog.knowledge import Vocabulary, load_vocabulary
from warlog.ledger import ledger, series_record
from warlog.model import EventMention
from warlog.serve import responses as schema
from warlog.serve.live import HEARTBEAT_SECONDS, POLL_SECONDS, Feed
from warlog.store import Filters, Store
from warlog.store.alerts import AlertBook
from warlog.store.browse import COLUMNS, SORTS, Browser, Query, search_words

STATIC = Path(str(files("warlog") / "serve" / "static"))
#: the dashboard's own files only; article text can never bring a script, a frame or a form target
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
    "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
EXPORT_FORMATS = ("csv", "geojson", "jsonl", "acled")
VOCABULARY = load_vocabulary()
MEDIA_TYPES = {"csv": "text/csv", "geojson": "application/geo+json", "jsonl": "application/x-ndjson",
               "acled": "text/csv"}  # fmt: skip
FILE_NAMES = {"csv": "incidents.csv", "geojson": "incidents.geojson", "jsonl": "incidents.jsonl",
              "acled": "incidents-acled.csv"}  # fmt: skip
#: what a day and a list of countries look like; the OpenAPI schema states the same patterns
DAY = r"^([0-9]{4}-[0-9]{2}-[0-9]{2})?$"
COUNTRY_CODES = r"^([A-Za-z]{2}(,[A-Za-z]{2})*)?$"
SORT_ORDERS = [order for name in SORTS for order in (name, f"-{name}")]
#: past this an offset overflows the databases' integers; no store holds that many incidents
MOST_OFFSET = 1_000_000_000
#: the 4xx answers, each a :class:`~warlog.serve.responses.Problem`
PROBLEMS = {400: "a parameter the API cannot read", 404: "no such id",
            422: "a parameter of the wrong type or out of range"}  # fmt: skip
SCHEMA_REF = "#/components/schemas/{model}"
#: a page is JSON; the exports are files of other types
EXPORT_CONTENT = {
    "application/json": {"schema": {"$ref": SCHEMA_REF.format(model="IncidentPage")}},
    "text/csv": {"schema": {"type": "string"}},
    "application/geo+json": {"schema": {"$ref": SCHEMA_REF.format(model="FeatureCollection")}},
    "application/x-ndjson": {"schema": {"type": "string", "description": "one Incident as JSON a line"}},
}
#: the incidents an alert's Atom feed carries at most, the latest first
FEED_SIZE = 200
ATOM_CONTENT = {atom.MEDIA_TYPE: {"schema": {"type": "string", "description": "an Atom feed (RFC 4287)"}}}
STREAM_DESCRIPTION = (
    "An endless text/event-stream. First `ready` (data `{\"mark\": N}`, id N); then, for each batch of "
    "reports linked since, `incidents` (data `{\"new\": [ids], \"changed\": [ids], \"reports\": n, "
    "\"mark\": N}`, id N); a comment line when quiet. Send the last id back as `Last-Event-ID` on reconnecting."
)
STREAM_ANSWERS: dict[int | str, Any] = {
    200: {"content": {"text/event-stream": {"schema": {"type": "string"}}}, "description": STREAM_DESCRIPTION},
    **{code: {"model": schema.Problem, "description": PROBLEMS[code]} for code in (400, 422)},
}
Since = Annotated[str | None, Param(description="first day, YYYY-MM-DD", json_schema_extra={"pattern": DAY})]
Until = Annotated[str | None, Param(description="last day, YYYY-MM-DD", json_schema_extra={"pattern": DAY})]


class BadParameter(HTTPException):
    """A parameter the API cannot read: 400 with the parameter's name and the reason."""

    def __init__(self, name: str, reason: str):
        super().__init__(400, f"{name}: {reason}")


def create_app(db: str, poll_seconds: float = POLL_SECONDS, heartbeat_seconds: float = HEARTBEAT_SECONDS) -> FastAPI:
    """The API and the dashboard over the store at ``db`` (a file path or a database URL).

    The live stream reads the store every ``poll_seconds`` while a page listens, and says it
    is still there after ``heartbeat_seconds`` of quiet.
    """
    store = Store(db)
    browser = Browser(store.engine)
    vocabulary = VOCABULARY
    feed = Feed(store.engine, poll_seconds, heartbeat_seconds)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        yield
        feed.close()
        store.close()

    app = FastAPI(
        lifespan=lifespan,
        title="warlog",
        summary="Incidents of armed conflict read from the news, with the evidence behind every field.",
        version="0.1.0",
        docs_url=None,
        redoc_url=None,
    )
    app.state.store = store
    app.state.feed = feed

    @app.middleware("http")
    async def security_headers(request: Request, call_next: Any) -> Any:
        response = await call_next(request)
        response.headers["Content-Security-Policy"] = CONTENT_SECURITY_POLICY
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "no-referrer"
        return response

    @app.exception_handler(StarletteHTTPException)
    async def http_error(_request: Request, error: StarletteHTTPException) -> JSONResponse:
        # its headers too: a 405 says in Allow which methods the path takes
        return JSONResponse({"error": str(error.detail)}, status_code=error.status_code, headers=error.headers)

    @app.exception_handler(RequestValidationError)
    async def validation_error(_request: Request, error: RequestValidationError) -> JSONResponse:
        return JSONResponse({"error": _validation_message(error)}, status_code=422)

    @app.get("/api/incidents", tags=["incidents"], response_model=None,
             responses=_answers(schema.IncidentPage, 400, 422, content=EXPORT_CONTENT))  # fmt: skip
    def list_incidents(
        query: Filtered,
        sort: Annotated[str, Param(description="date, fatalities, sources or mentions; '-' first for descending",
                                   json_schema_extra={"enum": SORT_ORDERS})] = "-date",  # fmt: skip
        limit: Annotated[int, Param(ge=1, le=1000, description="incidents per page")] = 50,
        offset: Annotated[int, Param(ge=0, le=MOST_OFFSET, description="incidents to skip")] = 0,
        format: Annotated[str | None, Param(description="csv, geojson, jsonl or acled (ACLED's columns): "
                                                        "the whole filtered set as a file",
                                            json_schema_extra={"enum": [*EXPORT_FORMATS, None]})] = None,  # fmt: skip
    ) -> Any:
        """Incidents that match the filters, a page at a time, or all of them as a file."""
        if sort not in SORT_ORDERS:
            raise BadParameter("sort", f"not one of {', '.join(SORTS)} (with '-' for descending): {sort!r}")
        if format is not None:
            if format not in EXPORT_FORMATS:
                raise BadParameter("format", f"not one of {', '.join(EXPORT_FORMATS)}: {format!r}")
            rows = browser.all(query, sort)
            lines = _acled(store, rows) if format == "acled" else _EXPORTERS[format](rows)
            return StreamingResponse(
                lines,
                media_type=MEDIA_TYPES[format],
                headers={"Content-Disposition": f'attachment; filename="{FILE_NAMES[format]}"'},
            )
        total, rows = browser.page(query, sort, limit, offset)
        return {"total": total, "limit": limit, "offset": offset, "items": [_plain(row) for row in rows]}

    @app.get("/api/incidents/{incident_id}", tags=["incidents"], response_model=None,
             responses=_answers(schema.IncidentDetail, 400, 404, 422))  # fmt: skip
    def incident(incident_id: str) -> dict[str, Any]:
        """One incident with every report of it: the sentence, each field's words, the linking decision."""
        row = browser.one(_text("incident_id", incident_id))
        if row is None:
            raise HTTPException(404, f"no incident {incident_id!r}")
        return incident_detail(store, vocabulary, _plain(row))

    @app.get("/api/events", tags=["events"], response_model=None, responses=_answers(schema.EventPage, 400, 422))
    def list_events(
        since: Since = None,
        until: Until = None,
        country: Annotated[str | None, Param(description="an ISO 3166-1 alpha-2 code",
                                             json_schema_extra={"pattern": "^([A-Za-z]{2})?$"})] = None,  # fmt: skip
        type: Annotated[str | None, Param(description="an ACLED event type or sub-event type")] = None,
        limit: Annotated[int, Param(ge=1, le=1000)] = 100,
        offset: Annotated[int, Param(ge=0, le=MOST_OFFSET)] = 0,
    ) -> dict[str, Any]:
        """Event mentions as each document reported them, before linking."""
        query = _parse(vocabulary, since, until, country, type, None, None, None, None)
        if len(query.countries) > 1 or len(query.event_types + query.sub_event_types) > 1:
            raise BadParameter("country" if len(query.countries) > 1 else "type", "events take one value here")
        wanted = (query.event_types or query.sub_event_types or (None,))[0]
        filters = Filters(query.since, query.until, (query.countries or (None,))[0], wanted)
        page = store.events(replace(filters, limit=limit, offset=offset))
        return {"total": store.count_events(filters), "limit": limit, "offset": offset,
                "items": [_event_item(event) for event in page]}  # fmt: skip

    @app.get("/api/tallies", tags=["tallies"], response_model=None, responses=_answers(schema.Tallies))
    def list_tallies() -> dict[str, Any]:
        """Official running counts, and the ledger: each figure beside what the database holds."""
        tallies = store.tallies()
        series = ledger(tallies, store.held)
        return {
            "items": [{"doc_id": t.doc_id, **tally_record(t)} for t in tallies],
            "series": [series_record(s) for s in series],
        }

    @app.get("/api/stats", tags=["incidents"], response_model=None, responses=_answers(schema.Stats, 400, 422))
    def stats(
        query: Filtered,
        interval: Annotated[str, Param(pattern="^(day|week)$", description="day or week (from Monday)")] = "day",
        by: Annotated[str, Param(pattern="^(type|country)$", description="type or country")] = "type",
    ) -> dict[str, Any]:
        """Incidents per day or week, split by event type or country (for the timeline)."""
        return browser.stats(query, interval, by)

    @app.get("/api/map", tags=["incidents"], response_model=None, responses=_answers(schema.Clusters, 400, 422))
    def clusters(
        query: Filtered,
        zoom: Annotated[int, Param(ge=0, le=18, description="the map's zoom: clusters get finer as it grows")] = 4,
    ) -> dict[str, Any]:
        """Incidents grouped into clusters on a grid that fits the zoom; a cluster of one has its id."""
        return browser.clusters(query, zoom)

    @app.get("/api/facets", tags=["incidents"], response_model=None, responses=_answers(schema.Facets, 400, 422))
    def facets(query: Filtered) -> dict[str, Any]:
        """What each filter can be set to among the matching incidents, with counts."""
        found = browser.facets(query)
        found["event_types"] = {name: list(subs) for name, subs in vocabulary.event_types.items()}
        found["grade_notes"] = vocabulary.grades
        return found

    @app.get("/api/documents/{doc_id:path}", tags=["documents"], response_model=None,
             responses=_answers(schema.StoredDocument, 400, 404, 422))  # fmt: skip
    def document(doc_id: str) -> dict[str, Any]:
        """A stored report: its text, and where in it each event and tally was read."""
        found = store.document(_text("doc_id", doc_id))
        if found is None:
            raise HTTPException(404, f"no document {doc_id!r}")
        events = store.document_events(doc_id)
        return {
            "doc_id": found.doc_id, "title": found.title, "source": found.source, "url": found.url,
            "published": iso(found.published), "language": found.language, "text": found.text,
            "events": [
                {"ordinal": int(key.rpartition("#")[2]), "incident": e.incident, "event_type": e.event_type,
                 "sub_event_type": e.sub_event_type, "start": e.evidence.start, "end": e.evidence.end,
                 "spans": [{"field": name, "start": s.start, "end": s.end} for name, s in sorted(e.spans.items())]}
                for key, e in events.items()
            ],
            "tallies": [tally_record(t) for t in store.document_tallies(doc_id)],
        }  # fmt: skip

    @app.get("/api/alerts/{name}.atom", tags=["alerts"], response_class=Response,
             responses={200: {"description": "the alert's incidents as an Atom feed", "content": ATOM_CONTENT},
                        **{status: {"model": schema.Problem, "description": PROBLEMS[status]}
                           for status in (400, 404, 422)}})  # fmt: skip
    def alert_feed(
        name: Annotated[str, PathParam(description="the alert's name (warlog alerts add NAME ...)",
                                       pattern=f"^{alerts.NAME.pattern}$")],  # fmt: skip
        request: Request,
    ) -> Response:
        """A saved alert as an Atom feed: the incidents it matches now, the latest first (at most 200)."""
        found = alerts.find(store, _text("name", name) or "")
        if found is None:
            raise HTTPException(404, f"no alert {name!r}")
        rows = alerts.matching(store, found, FEED_SIZE)
        reported = AlertBook(store.engine).reported([row["id"] for row in rows])
        body = atom.feed(found.name, found.created_at or dt.datetime.now(dt.UTC), rows, reported, str(request.base_url))
        return Response(body, media_type=atom.MEDIA_TYPE)

    @app.get("/api/stream", tags=["live"], response_class=StreamingResponse, responses=STREAM_ANSWERS)
    async def stream(
        last_event_id: Annotated[
            str | None,
            Header(alias="Last-Event-ID", pattern="^[0-9]*$",
                   description="the id of the last event received: what was linked since is sent first"),
        ] = None,  # fmt: skip
    ) -> StreamingResponse:
        """Server-Sent Events: an ``incidents`` event each time linking adds reports to the store."""
        resume = _mark("Last-Event-ID", last_event_id)
        return StreamingResponse(
            feed.follow(resume),
            media_type="text/event-stream",
            headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"},
        )

    @app.get("/", include_in_schema=False)
    def dashboard() -> FileResponse:
        return FileResponse(STATIC / "index.html")

    @app.get("/docs", include_in_schema=False)
    def docs() -> FileResponse:
        return FileResponse(STATIC / "swagger" / "docs.html")

    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    app.openapi = _with_models(app.openapi, schema.FeatureCollection)  # type: ignore[method-assign]
    return app


def _with_models(build: Any, *models: type[schema.Closed]) -> Any:
    """FastAPI's OpenAPI document, plus models that only a ``$ref`` in a response names."""

    def document() -> dict[str, Any]:
        found = build()
        for model in models:
            described = model.model_json_schema(ref_template=SCHEMA_REF)
            found["components"]["schemas"].update(described.pop("$defs", {}), **{model.__name__: described})
        return found

    return document


# -- parameters --------------------------------------------------------------------------


def incident_filters(
    since: Since = None,
    until: Until = None,
    country: Annotated[str | None, Param(description="ISO 3166-1 alpha-2 codes, comma-separated",
                                         json_schema_extra={"pattern": COUNTRY_CODES})] = None,  # fmt: skip
    type: Annotated[str | None, Param(description="ACLED event types or sub-event types, comma-separated")] = None,
    actor: Annotated[str | None, Param(description="actor names (either side), comma-separated")] = None,
    grade: Annotated[str | None, Param(description="confirmed, multiple, single, contested")] = None,
    bbox: Annotated[str | None, Param(description="west,south,east,north in degrees")] = None,
    q: Annotated[str | None, Param(description="words that must all appear (place, actors, sentences)")] = None,
) -> Query:
    """The filters every incident route shares, read into the store's query."""
    return _parse(VOCABULARY, since, until, country, type, actor, grade, bbox, q)


Filtered = Annotated[Query, Depends(incident_filters)]


def _parse(
    vocabulary: Vocabulary,
    since: str | None,
    until: str | None,
    country: str | None,
    type: str | None,
    actor: str | None,
    grade: str | None,
    bbox: str | None,
    q: str | None,
) -> Query:
    for name, value in {"type": type, "actor": actor, "grade": grade, "bbox": bbox, "q": q}.items():
        _text(name, value)
    first, last = _day("since", since), _day("until", until)
    if first and last and first > last:
        raise BadParameter("since", f"{first} is after until {last}")
    if country and not re.fullmatch(COUNTRY_CODES, country):
        raise BadParameter("country", f"not ISO 3166-1 alpha-2 codes, comma-separated (like IQ,SY): {country!r}")
    countries = tuple(code.upper() for code in _list(country))
    try:
        event_types, sub_event_types = split_types(vocabulary, _list(type))
        grades = known_grades(vocabulary, _list(grade))
        box = _bbox(bbox)
    except ValueError as error:  # the Python API's checks, whose messages name the parameter
        raise HTTPException(400, str(error)) from None
    return Query(
        since=first,
        until=last,
        countries=countries,
        event_types=event_types,
        sub_event_types=sub_event_types,
        actors=_list(actor),
        grades=grades,
        bbox=box,
        words=search_words(q or ""),
    )


def _list(value: str | None) -> tuple[str, ...]:
    return tuple(part.strip() for part in (value or "").split(",") if part.strip())


def _text(name: str, value: str | None) -> str | None:
    """The value, unless it holds a NUL, which no stored text has and PostgreSQL cannot be asked for."""
    if value and "\x00" in value:
        raise BadParameter(name, f"holds a NUL character: {value!r}")
    return value


def _day(name: str, value: str | None) -> dt.date | None:
    if not value:
        return None
    try:
        if not re.fullmatch(DAY, value):
            raise ValueError
        return dt.date.fromisoformat(value)
    except ValueError:
        raise BadParameter(name, f"not a day written YYYY-MM-DD: {value!r}") from None


def _bbox(value: str | None) -> tuple[float, float, float, float] | None:
    if not value:
        return None
    try:
        west, south, east, north = (float(part) for part in value.split(","))
    except ValueError:
        raise ValueError(f"bbox: not four numbers west,south,east,north: {value!r}") from None
    return checked_box(west, south, east, north, value)


def _mark(name: str, value: str | None) -> int | None:
    """An event id as the stream wrote it: a whole number (an empty one means none)."""
    if not value:
        return None
    if not value.isascii() or not value.isdigit() or len(value) > 18:
        raise BadParameter(name, f"not an event id of this stream: {value!r}")
    return int(value)


def _validation_message(error: RequestValidationError) -> str:
    """FastAPI's list of problems as one line: 'limit: Input should be less than or equal to 1000'."""
    parts = []
    for problem in error.errors():
        where = ".".join(str(part) for part in problem.get("loc", ()) if part not in ("query", "path"))
        parts.append(f"{where}: {problem.get('msg', 'invalid')}" if where else problem.get("msg", "invalid"))
    return "; ".join(parts) or "invalid request"


# -- responses -----------------------------------------------------------------------------


def _answers(model: type[schema.Closed], *problems: int, content: dict[str, Any] | None = None) -> dict[int | str, Any]:
    """A route's OpenAPI responses: ``model`` (or another ``content``) on success, a Problem for each 4xx."""
    success: dict[str, Any] = {"model": model, "content": content} if content else {"model": model}
    return {200: success, **{status: {"model": schema.Problem, "description": PROBLEMS[status]} for status in problems}}


def _plain(row: dict[str, Any]) -> dict[str, Any]:
    return {name: iso(value) if isinstance(value, dt.date) else value for name, value in row.items()}


def _event_item(event: EventMention) -> dict[str, Any]:
    return {"doc_id": event.doc_id, **event_record(event)}


# -- exports -------------------------------------------------------------------------------

_EXPORT_COLUMNS = [column.name for column in COLUMNS]


def _csv(rows: Iterator[dict[str, Any]]) -> Iterator[str]:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=_EXPORT_COLUMNS)
    writer.writeheader()
    for n, row in enumerate(rows, 1):
        writer.writerow(_plain(row))
        if n % 1000 == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def _acled(store: Store, rows: Iterator[dict[str, Any]]) -> Iterator[str]:
    """The incidents the query selects, in its order, in ACLED's columns (docs/acled.md)."""
    from warlog.acled import ACLED_FIELDS

    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=ACLED_FIELDS)
    writer.writeheader()
    for record in acled_records(store, ids=[row["id"] for row in rows]):
        writer.writerow(record)
    yield buffer.getvalue()


def _geojson(rows: Iterator[dict[str, Any]]) -> Iterator[str]:
    yield '{"type": "FeatureCollection", "features": ['
    for n, row in enumerate(rows):
        placed = row["latitude"] is not None and row["longitude"] is not None
        geometry = {"type": "Point", "coordinates": [row["longitude"], row["latitude"]]} if placed else None
        feature = {"type": "Feature", "id": row["id"], "geometry": geometry, "properties": _plain(row)}
        yield ("," if n else "") + json.dumps(feature, ensure_ascii=False)
    yield "]}\n"


def _jsonl(rows: Iterator[dict[str, Any]]) -> Iterator[str]:
    for row in rows:
        yield json.dumps(_plain(row), ensure_ascii=False) + "\n"


_EXPORTERS = {"csv": _csv, "geojson": _geojson, "jsonl": _jsonl}
