"""The ``warlog`` command line: a thin layer of Typer commands over the Python API.

Each command imports the stages it uses when it runs (SQLAlchemy for a listing, spaCy and the
gazetteer for an ingest), so that ``--help`` and a listing answer at once.
"""

from __future__ import annotations

import datetime as dt
import json
import shlex
import sys
from enum import Enum
from importlib.resources import files
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from warlog.export import FORMATS
from warlog.listing import Column
from warlog.model import Document, Filters, Incident, IngestProblem

if TYPE_CHECKING:
    from collections.abc import Callable

    from warlog.extract import Extractor
    from warlog.ingest import Reader
    from warlog.pipeline import IngestReport, Pipeline
    from warlog.queries import Queries
    from warlog.store import Store

app = typer.Typer(
    help="Turn news reports of armed conflict into a sourced, geocoded event database.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)
out = Console()
err = Console(stderr=True)

DbOption = Annotated[
    str,
    typer.Option(
        "--db",
        envvar="WARLOG_DB",
        help="SQLite file path or database URL (postgresql://user@host/db).",
    ),
]
SinceOption = Annotated[
    dt.datetime | None, typer.Option(formats=["%Y-%m-%d"], help="From this day (YYYY-MM-DD).")
]
UntilOption = Annotated[
    dt.datetime | None, typer.Option(formats=["%Y-%m-%d"], help="Up to this day (YYYY-MM-DD).")
]
CountryOption = Annotated[str | None, typer.Option(help="ISO 3166-1 alpha-2 code, e.g. SY.")]
TypeOption = Annotated[
    str | None, typer.Option("--type", help="Event type or sub-event type, e.g. 'Air/drone strike'.")
]
LimitOption = Annotated[int | None, typer.Option(help="Show at most this many rows.")]


class ListingFormat(str, Enum):
    table = "table"
    json = "json"
    csv = "csv"


FormatOption = Annotated[
    ListingFormat,
    typer.Option("--format", help="table (fits the terminal), or json or csv: every field of every row, uncut."),
]
KnowledgeOption = Annotated[
    Path | None,
    typer.Option(help="A folder of knowledge files (actors.yaml, places.yaml ...) adding to the packaged ones."),
]


def _filters(
    since: dt.datetime | None,
    until: dt.datetime | None,
    country: str | None,
    type_: str | None,
    limit: int | None = None,
) -> Filters:
    return Filters(
        since=since.date() if since else None,
        until=until.date() if until else None,
        country=country,
        type=type_,
        limit=limit,
    )


def _open_store(db: str) -> Store:
    from warlog.store import Store

    try:
        return Store(db)
    except Exception as error:  # any driver or file error: one clear line, no traceback
        err.print(f"[red]error:[/] cannot open database {escape(db)}: {escape(str(error).splitlines()[0])}")
        raise typer.Exit(2) from None


def _run_ingest(pipeline: Pipeline, reader: Reader, inputs: list[str], reprocess: bool) -> IngestReport:
    from rich.progress import MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    with Progress(
        SpinnerColumn(),
        TextColumn("[progress.description]{task.description}"),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err,
        transient=True,
        disable=not err.is_terminal,
    ) as progress:
        task = progress.add_task("ingesting", total=None)

        def advance(status: str, item: Document | IngestProblem) -> None:
            if isinstance(item, IngestProblem):
                err.print(f"[red]failed:[/] {escape(str(item))}")
            progress.advance(task)

        if reprocess and not inputs:
            return pipeline.reprocess_stored(progress=advance)
        return pipeline.ingest(reader.read(inputs), reprocess=reprocess, progress=advance)


def _print_report(report: IngestReport, store: Store) -> None:
    for note in report.notes:
        err.print(f"[yellow]note:[/] {escape(note)}")
    counts = store.counts()
    out.print(
        f"stored {report.stored}, duplicates {report.duplicates}, reprocessed {report.reprocessed}, "
        f"failed {report.failed} · the store holds {counts['documents']} documents, "
        f"{counts['events']} events in {counts['incidents']} incidents, {counts['tallies']} tallies"
    )


@app.command()
def ingest(
    inputs: Annotated[
        list[str] | None,
        typer.Argument(help="Files, directories, globs, feed or page URLs, or - for stdin."),
    ] = None,
    db: DbOption = "warlog.db",
    reprocess: Annotated[
        bool,
        typer.Option(help="Re-run extraction on stored documents (all of them when no input)."),
    ] = False,
    max_bytes: Annotated[int, typer.Option(help="Refuse inputs larger than this.")] = 5_000_000,
    language: Annotated[
        list[str], typer.Option(help="Accepted text languages (ISO 639-1); repeat for more.")
    ] = ["en"],  # noqa: B006 (Typer reads the default)
    knowledge: KnowledgeOption = None,
    workers: Annotated[
        int, typer.Option(min=1, help="Extraction processes (use one per core).")
    ] = 1,
    link: Annotated[bool, typer.Option(help="Link the stored events into incidents afterwards.")] = True,
    cluster: Annotated[
        str | None,
        typer.Option(help="Run extraction and linking on a Dask cluster: its scheduler address, or local:N."),
    ] = None,
) -> None:
    """Read news into the store: .txt, .jsonl, .html, RSS/Atom files and URLs, stdin."""
    if not inputs and not reprocess:
        err.print("[red]error:[/] nothing to ingest: give files, directories, URLs or -")
        raise typer.Exit(2)
    from warlog.ingest import IngestLimits, Reader
    from warlog.link import link as link_mentions
    from warlog.link import relink
    from warlog.pipeline import Pipeline

    store = _open_store(db)
    extractor = _cluster_extractor(cluster, knowledge) if cluster else _extractor(knowledge, workers)
    pipeline = Pipeline(store, extractor, languages=language)
    try:
        with Reader(IngestLimits(max_bytes=max_bytes)) as reader:
            report = _run_ingest(pipeline, reader, inputs or [], reprocess)
        if link:
            relink(store, getattr(extractor, "link", None) or link_mentions)
            fired = _run_alerts(store, None)
    finally:
        close = getattr(extractor, "close", None)
        if close is not None:
            close()
        store.close()
    _print_report(report, store)
    if link:
        _print_alerts(fired)
    if report.failed:
        raise typer.Exit(1)


def _cluster_extractor(address: str, knowledge: Path | None) -> Extractor:
    from warlog.cluster import ClusterError, ClusterExtractor  # Dask loads only when needed
    from warlog.knowledge import KnowledgeError, load_knowledge

    try:
        load_knowledge(knowledge)  # a bad folder fails here, with its name, not on a worker
        return ClusterExtractor(address, knowledge)
    except (ClusterError, KnowledgeError) as error:
        err.print(f"[red]error:[/] {escape(str(error))}")
        raise typer.Exit(2) from None


def _extractor(knowledge: Path | None, workers: int = 1) -> Extractor:
    from warlog.extract import ParallelExtractor, build_extractor  # spaCy loads only when needed
    from warlog.knowledge import KnowledgeError, load_knowledge

    _prepare_place_index()
    try:
        if workers > 1:
            load_knowledge(knowledge)  # a bad folder fails here, with its name, not in a worker
            return ParallelExtractor(workers, knowledge)
        return build_extractor(knowledge)
    except KnowledgeError as error:
        err.print(f"[red]error:[/] {escape(str(error))}")
        raise typer.Exit(2) from None


def _prepare_place_index() -> None:
    """On the first run, build the gazetteer's place index in view, not behind a silent pause."""
    from warlog import geocode

    if geocode.place_index_cached():
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    err.print("Building the place index from GeoNames, once; later runs read it from the cache.")
    with Progress(
        TextColumn("[progress.description]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err,
        disable=not err.is_terminal,
    ) as progress:
        task = progress.add_task("place index", total=len(geocode.INDEX_STEPS))

        def step(name: str) -> None:
            done = geocode.INDEX_STEPS.index(name)
            progress.update(task, completed=done, description=f"place index: {name}")

        geocode.build_place_index(step)
        progress.update(task, completed=len(geocode.INDEX_STEPS), description="place index")


@app.command()
def demo(db: DbOption = "warlog.db", knowledge: KnowledgeOption = None) -> None:
    """Ingest the bundled example articles and show what warlog found in them."""
    from warlog.ingest import Reader
    from warlog.link import relink
    from warlog.pipeline import Pipeline

    examples = files("warlog") / "examples"
    store = _open_store(db)
    pipeline = Pipeline(store, _extractor(knowledge))
    with Reader() as reader:
        # reprocess: a second demo shows what the current extractor finds, not the old rows
        report = _run_ingest(pipeline, reader, [str(examples)], reprocess=True)
    relink(store)
    out.rule(f"warlog demo · {escape(store.url)}")
    from warlog.queries import Queries

    queries = Queries(store)
    _show("Documents", DOCUMENT_COLUMNS, queries.documents())
    _show("Events", EVENT_COLUMNS, queries.events())
    _show("Incidents", INCIDENT_COLUMNS, queries.incidents())
    _show("Tallies", TALLY_COLUMNS, queries.tallies())
    _print_report(report, store)
    db_argument = "" if db == "warlog.db" else f" --db {shlex.quote(db)}"
    out.print(
        f"\nOpen the dashboard: run [bold]warlog serve{escape(db_argument)}[/] "
        f"(or [bold]uv run warlog serve{escape(db_argument)}[/]), then visit http://127.0.0.1:8000/"
    )
    if report.failed:
        raise typer.Exit(1)


@app.command()
def serve(
    db: DbOption = "warlog.db",
    host: Annotated[str, typer.Option(help="Address to listen on; 0.0.0.0 opens it to the network.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
    poll: Annotated[
        float, typer.Option(min=0.1, help="Seconds between reads of the store for newly linked incidents.")
    ] = 2.0,
) -> None:
    """Serve the dashboard and the read-only HTTP API (OpenAPI at /docs) over a store."""
    from warlog.serve import create_app
    from warlog.serve.live import server

    _open_store(db).close()  # a database that cannot be opened: one line, before the server starts
    out.print(f"warlog dashboard: http://{host}:{port}/ · API documentation: http://{host}:{port}/docs")
    app = create_app(db, poll_seconds=poll)
    server(app, app.state.feed, host, port).run()


@app.command()
def watch(
    feeds: Annotated[Path, typer.Argument(help="YAML: feeds: a list of {name, url, interval, language, source}.")],
    db: DbOption = "warlog.db",
    once: Annotated[bool, typer.Option("--once", help="Poll every feed once and exit (for cron and tests).")] = False,
    max_bytes: Annotated[int, typer.Option(help="Refuse feeds and articles larger than this.")] = 5_000_000,
    language: Annotated[
        list[str], typer.Option(help="Accepted text languages (ISO 639-1) of feeds that name none; repeat for more.")
    ] = ["en"],  # noqa: B006 (Typer reads the default)
    knowledge: KnowledgeOption = None,
    link: Annotated[bool, typer.Option(help="Link each round that stored something into incidents.")] = True,
) -> None:
    """Follow news feeds: poll each at its interval, ingest each new article once, link; log lines on stderr."""
    from warlog.ingest import IngestLimits, Reader
    from warlog.watch import Watcher, WatchConfigError, load_feeds, stop_on_signals

    try:
        config = load_feeds(feeds)
    except WatchConfigError as error:
        err.print(f"[red]error:[/] {escape(str(error))}", soft_wrap=True)  # one line, however narrow the terminal
        raise typer.Exit(2) from None
    store = _open_store(db)
    extractor = _extractor(knowledge)
    try:
        with Reader(IngestLimits(max_bytes=max_bytes)) as reader:
            watcher = Watcher(store, extractor, reader, config, languages=language, link=link)
            if once:
                results = watcher.run_once()
                if any(result.status == "failed" or result.failed for result in results):
                    raise typer.Exit(1)
                return
            stop_on_signals(watcher.stop)
            watcher.run_forever()
    finally:
        store.close()


FEED_COLUMNS = (
    Column("feed", "name"),
    Column("status", "status", whole=True),
    Column("errors", "errors", whole=True),
    Column("last success", "last_success", whole=True),
    Column("next poll", "next_poll", whole=True),
    Column("items", "items_seen", whole=True),
    Column("stored", "documents_stored", whole=True),
    Column("last error", "last_error", gives_way=True),
)


@app.command("feeds")
def feeds_(db: DbOption = "warlog.db", format_: FormatOption = ListingFormat.table) -> None:
    """Each watched feed's health: its last poll and success, errors in a row, next poll, items and documents."""
    from warlog.watch import feed_health

    with _open_store(db) as store:
        _show("Feeds", FEED_COLUMNS, feed_health(store), format_)


DOCUMENT_COLUMNS = (
    Column("doc_id", "doc_id", whole=True),
    Column("published", "published", whole=True),
    Column("title", "title", gives_way=True),
    Column("source", "source"),
    Column("words", "words", whole=True),
)
EVENT_COLUMNS = (
    Column("date", "date", whole=True),
    Column("type", "sub_event_type"),
    Column("actor1", "actor1"),
    Column("actor2", "actor2"),
    Column("country", "country", whole=True),
    Column("location", "location"),
    Column("weapons", "weapons"),
    Column("killed", "fatalities", whole=True),
    Column("evidence", "evidence", gives_way=True),
)
TALLY_COLUMNS = (
    Column("as of", "as_of", whole=True),
    Column("count", "figure", whole=True),
    Column("unit", "unit"),
    Column("target", "target"),
    Column("countries", "countries"),
    Column("since", "since", whole=True),
    Column("speaker", "speaker"),
    Column("evidence", "evidence", gives_way=True),
)
INCIDENT_COLUMNS = (
    Column("id", "id", whole=True),
    Column("date", "date", whole=True),
    Column("type", "sub_event_type"),
    Column("actor1", "actor1"),
    Column("actor2", "actor2"),
    Column("country", "country", whole=True),
    Column("location", "location"),
    Column("killed", "killed", whole=True),
    Column("reports", "reports", gives_way=True),
    Column("grade", "grade", whole=True),
)
LEDGER_COLUMNS = (
    Column("as of", "as_of", whole=True),
    Column("count", "figure", whole=True),
    Column("warlog holds", "held", whole=True),
    Column("since", "since", whole=True),
    Column("speaker", "speaker"),
    Column("check", "check", whole=True),
    Column("evidence", "evidence", gives_way=True),
)
MENTION_COLUMNS = (
    Column("event", "event", whole=True),
    Column("date", "date", whole=True),
    Column("location", "location"),
    Column("matched", "matched"),
    Column("score", "score", whole=True),
    Column("reasons", "reasons", gives_way=True),
    Column("evidence", "evidence", gives_way=True),
)
QUALIFIER_SIGNS = {"exact": "", "at_least": "≥ ", "about": "~", "more_than": "> "}


def _show(
    title: str,
    columns: tuple[Column, ...],
    records: list[dict[str, Any]],
    format_: ListingFormat = ListingFormat.table,
) -> None:
    """Records as a table fitted to the terminal, or whole, as the queries give them, as JSON or CSV."""
    from warlog import listing

    if format_ is ListingFormat.json:
        listing.write_json(records, sys.stdout)
    elif format_ is ListingFormat.csv:
        listing.write_csv(records, sys.stdout)
    elif records:
        out.print(listing.table(title, columns, [_shown(record) for record in records], out.width))
    else:
        out.print(f"[dim]{escape(title)}: none found.[/]")


def _shown(record: dict[str, Any]) -> dict[str, Any]:
    """A record as a table reads it: a count with its sign, the type at its finest, a title or the first words."""
    shown = dict(record)
    if "qualifier" in record:
        shown["figure"] = f"{QUALIFIER_SIGNS[record['qualifier']]}{record['count']}"
    if "event_type" in record:
        shown["sub_event_type"] = record["sub_event_type"] or record["event_type"]
    if "fatalities_low" in record:
        low, high = record["fatalities_low"], record["fatalities_high"]
        shown["killed"] = None if low is None else str(low) if low == high else f"{low}–{high}"
        shown["reports"] = f"{record['mentions']} in {record['documents']} docs, {record['sources']} sources"
    if "text" in record:
        shown["title"] = record["title"] or " ".join(record["text"][:80].split())
        shown["words"] = len(record["text"].split())
    if "flag" in record:
        shown["check"] = record["flag"] or ("sum" if record["sum"] else "placed" if record["placed"] else "ok")
    if "next_poll" in record:  # a feed's times to the minute, in UTC like the rest
        for name in ("last_success", "next_poll"):
            shown[name] = record[name] and record[name][5:16].replace("T", " ")
    return shown


def _listed(db: str, query: Callable[[Queries], list[dict[str, Any]]]) -> list[dict[str, Any]]:
    """The records a listing's query gives, or one line saying which filter is wrong."""
    from warlog.queries import Queries

    with _open_store(db) as store:
        try:
            return query(Queries(store))
        except ValueError as error:
            err.print(f"[red]error:[/] {escape(str(error))}")
            raise typer.Exit(2) from None


@app.command()
def docs(
    db: DbOption = "warlog.db",
    since: SinceOption = None,
    until: UntilOption = None,
    country: CountryOption = None,
    type_: TypeOption = None,
    limit: LimitOption = None,
    format_: FormatOption = ListingFormat.table,
) -> None:
    """List stored documents (by publication date; country/type: those reporting such events)."""
    _show("Documents", DOCUMENT_COLUMNS, _listed(db, lambda q: q.documents(since, until, country, type_, limit)), format_)


@app.command()
def events(
    db: DbOption = "warlog.db",
    since: SinceOption = None,
    until: UntilOption = None,
    country: CountryOption = None,
    type_: TypeOption = None,
    limit: LimitOption = None,
    format_: FormatOption = ListingFormat.table,
) -> None:
    """List stored events with the words behind them."""
    _show("Events", EVENT_COLUMNS, _listed(db, lambda q: q.events(since, until, country, type_, limit)), format_)


@app.command()
def tallies(
    db: DbOption = "warlog.db",
    since: SinceOption = None,
    until: UntilOption = None,
    country: CountryOption = None,
    limit: LimitOption = None,
    ledger: Annotated[
        bool, typer.Option("--ledger", help="As series over time, each figure beside what the store holds.")
    ] = False,
    format_: FormatOption = ListingFormat.table,
) -> None:
    """List the running counts officials stated (filtered by their as-of date)."""
    if not ledger:
        _show("Tallies", TALLY_COLUMNS, _listed(db, lambda q: q.tallies(since, until, country, limit)), format_)
        return
    rows = _listed(db, lambda q: q.ledger(since, until, country, limit))
    if format_ is not ListingFormat.table or not rows:
        _show("Tallies", LEDGER_COLUMNS, rows, format_)
        return
    for series in dict.fromkeys(row["series"] for row in rows):  # a table per series, in order
        _show(series, LEDGER_COLUMNS, [row for row in rows if row["series"] == series])


@app.command("link")
def link_(
    db: DbOption = "warlog.db",
    full: Annotated[
        bool, typer.Option("--full", help="Link every stored event again, not only those stored since the last run.")
    ] = False,
) -> None:
    """Link the events stored since the last run into incidents (overrides are replayed)."""
    from warlog.link import relink

    with _open_store(db) as store:
        linking = relink(store, full=full)
        counts = store.counts()
        _print_alerts(_run_alerts(store, None))
    mentions = sum(len(i.mentions) for i in linking.incidents)
    out.print(
        f"linked {mentions} event mentions into {len(linking.incidents)} incidents · the store holds "
        f"{counts['events']} events in {counts['incidents']} incidents"
    )
    for override in linking.stale:
        err.print(f"[yellow]note:[/] a {override.action} names events no longer stored: {escape(', '.join(override.keys))}")


incidents_app = typer.Typer(help="Incidents: one record per real attack, however many reports.", no_args_is_help=False)
app.add_typer(incidents_app, name="incidents")
GradeOption = Annotated[str | None, typer.Option(help="confirmed, multiple, single or contested.")]


@incidents_app.callback(invoke_without_command=True)
def incidents(
    context: typer.Context,
    db: DbOption = "warlog.db",
    since: SinceOption = None,
    until: UntilOption = None,
    country: CountryOption = None,
    type_: TypeOption = None,
    grade: GradeOption = None,
    limit: LimitOption = None,
    format_: FormatOption = ListingFormat.table,
) -> None:
    """List incidents with their sources and grade (subcommands: show, merge, split)."""
    if context.invoked_subcommand is not None:
        return
    found = _listed(db, lambda q: q.incidents(since, until, country, type_, grade=grade, limit=limit))
    _show("Incidents", INCIDENT_COLUMNS, found, format_)


def _incident_or_exit(store: Store, incident_id: str) -> Incident:
    found = next((i for i in store.incidents() if i.incident_id == incident_id), None)
    if found is None:
        err.print(f"[red]error:[/] no incident {escape(incident_id)} in {escape(store.url)}")
        raise typer.Exit(2)
    return found


@incidents_app.command("show")
def incidents_show(incident_id: str, db: DbOption = "warlog.db") -> None:
    """One incident: each mention, the words behind it, and why it was linked."""
    from warlog.export import plain
    from warlog.store.browse import Browser

    with _open_store(db) as store:
        incident = _incident_or_exit(store, incident_id)
        _show("Incidents", INCIDENT_COLUMNS, [plain(Browser(store.engine).one(incident_id) or {})])
        events = store.events_by_key(incident.mentions)
        rows = []
        for decision in store.decisions(incident_id):
            event = events.get(decision.key)
            rows.append(
                {
                    "event": decision.key,
                    "date": str(event.date) if event and event.date else None,
                    "location": event.location if event else None,
                    "matched": decision.matched,
                    "score": f"{decision.score:g}",
                    "reasons": "; ".join(decision.reasons),
                    "evidence": event.evidence_text if event else None,
                }
            )
        _show("Mentions", MENTION_COLUMNS, rows)
        for relation in store.relations(incident_id):
            words = "follows" if relation.kind == "after" else "answers"
            out.print(
                f"{relation.source} {words} {relation.target} · “{escape(relation.cue)}” in {escape(relation.key)}"
            )


@incidents_app.command("merge")
def incidents_merge(first: str, second: str, db: DbOption = "warlog.db") -> None:
    """Make two incidents one; the decision is stored and survives re-linking."""
    from warlog.link import Override, relink

    with _open_store(db) as store:
        keys = [*_incident_or_exit(store, first).mentions, *_incident_or_exit(store, second).mentions]
        store.add_override(Override("merge", tuple(keys)))
        relink(store)
        _print_alerts(_run_alerts(store, None))
    out.print(f"merged {first} and {second} ({len(keys)} event mentions)")


@incidents_app.command("split")
def incidents_split(
    incident_id: str,
    events: Annotated[list[str], typer.Argument(help="Event keys (doc_id#n, see 'incidents show') to take out.")],
    db: DbOption = "warlog.db",
) -> None:
    """Take event mentions out of an incident into their own; stored, survives re-linking."""
    from warlog.link import Override, relink

    with _open_store(db) as store:
        members = _incident_or_exit(store, incident_id).mentions
        unknown = [key for key in events if key not in members]
        if unknown:
            err.print(f"[red]error:[/] not in {escape(incident_id)}: {escape(', '.join(unknown))}")
            raise typer.Exit(2)
        rest = tuple(key for key in members if key not in events)
        store.add_override(Override("split", tuple(events), rest))
        relink(store)
        _print_alerts(_run_alerts(store, None))
    out.print(f"split {len(events)} event mentions out of {incident_id}")


alerts_app = typer.Typer(help="Saved filters that send a webhook or an e-mail when what they match happens.")
app.add_typer(alerts_app, name="alerts")
ListOption = Annotated[list[str] | None, typer.Option(help="Repeat, or separate values by commas.")]
SmtpOption = Annotated[
    str | None,
    typer.Option(envvar="WARLOG_SMTP", help="Mail server: smtp://user:pass@host:port, smtp+starttls://, smtps://; "
                                             "?from=address sets the sender."),  # fmt: skip
]
ALERT_COLUMNS = (
    Column("alert", "name", whole=True),
    Column("filters", "filters"),
    Column("tallies", "tallies", whole=True),
    Column("sends to", "channels"),
)
DELIVERY_COLUMNS = (
    Column("queued", "created_at", whole=True),
    Column("alert", "alert", whole=True),
    Column("to", "channel", whole=True),
    Column("status", "status", whole=True),
    Column("attempts", "log", whole=True),
    Column("why", "why"),
    Column("about", "subject", gives_way=True),
)


@alerts_app.callback(invoke_without_command=True)
def alerts_(
    context: typer.Context,
    db: DbOption = "warlog.db",
    limit: Annotated[int, typer.Option(help="Show this many of the latest deliveries.")] = 20,
    format_: FormatOption = ListingFormat.table,
) -> None:
    """List the alerts and their delivery log (subcommands: add, remove, run)."""
    if context.invoked_subcommand is not None:
        return
    from warlog import alerts

    with _open_store(db) as store:
        saved = [alert_record(a) for a in alerts.saved(store)]
        log = [delivery_record(d) for d in alerts.log(store, limit)]
    if format_ is ListingFormat.json:
        sys.stdout.write(json.dumps({"alerts": saved, "deliveries": log}, indent=2, ensure_ascii=False) + "\n")
        return
    _show("Alerts", ALERT_COLUMNS, [{**a, "filters": _described(a["filters"]), "channels": ", ".join(
        f"{c} {a[c]}" for c in ("webhook", "email") if a[c]) or "its Atom feed only"} for a in saved], format_)
    if format_ is ListingFormat.table:
        _show("Deliveries", DELIVERY_COLUMNS, [{**d, "why": "; ".join(d["reasons"]), "log": (
            f"{len(d['tries'])}, last {d['tries'][-1]['detail']}" if d["tries"] else "none yet")} for d in log])


def alert_record(alert: Any) -> dict[str, Any]:
    """An alert as listed: its filters and where it sends, never its secret."""
    return {"name": alert.name, "filters": alert.filter.record(), "tallies": alert.tallies, "webhook": alert.webhook,
            "email": alert.email, "created_at": alert.created_at.isoformat() if alert.created_at else None}  # fmt: skip


def delivery_record(row: dict[str, Any]) -> dict[str, Any]:
    return {"id": row["id"], "alert": row["alert"], "channel": row["channel"], "subject": row["subject"],
            "reasons": row["reasons"], "status": row["status"], "attempts": row["attempts"],
            "created_at": row["created_at"].strftime("%Y-%m-%d %H:%M:%S"), "tries": row["tries"]}  # fmt: skip


def _described(filters: dict[str, Any]) -> str:
    parts = [f"{name} {', '.join(value) if isinstance(value, list) else value}"
             for name, value in filters.items() if value not in (None, [])]  # fmt: skip
    return "; ".join(parts) or "every incident"


@alerts_app.command("add")
def alerts_add(
    name: Annotated[str, typer.Argument(help="Letters, digits, - and _: it names the Atom feed too.")],
    db: DbOption = "warlog.db",
    country: ListOption = None,
    type_: Annotated[list[str] | None, typer.Option("--type", help="Event types or sub-event types.")] = None,
    actor: Annotated[list[str] | None, typer.Option(help="Actor names (either side).")] = None,
    grade: Annotated[list[str] | None, typer.Option(help="confirmed, multiple, single or contested.")] = None,
    q: Annotated[str | None, typer.Option(help="Words that must all appear (place, actors, sentences).")] = None,
    min_fatalities: Annotated[int | None, typer.Option(help="Only incidents with at least this many killed.")] = None,
    webhook: Annotated[str | None, typer.Option(help="POST each firing here as JSON, signed.")] = None,
    secret: Annotated[str | None, typer.Option(help="The webhook's HMAC secret (default: a new random one).")] = None,
    email: Annotated[str | None, typer.Option(help="Mail each firing to this address (needs --smtp or $WARLOG_SMTP).")]
    = None,
    tallies: Annotated[bool, typer.Option(help="Also fire when an official count the filters fit rises.")] = True,
) -> None:
    """Save a filter as an alert: it fires for incidents that appear or change from now on."""
    from warlog import alerts

    try:
        alert = alerts.new_alert(name, country, type_, actor, grade, q, min_fatalities, webhook, secret, email, tallies)
    except ValueError as error:
        err.print(f"[red]error:[/] {escape(str(error))}")
        raise typer.Exit(2) from None
    with _open_store(db) as store:
        try:
            alerts.add(store, alert)
        except ValueError as error:
            err.print(f"[red]error:[/] {escape(str(error))}")
            raise typer.Exit(2) from None
    out.print(f"alert {escape(name)} saved: {escape(_described(alert.filter.record()))}; "
              f"its Atom feed is /api/alerts/{escape(name)}.atom")  # fmt: skip
    if webhook and not secret:
        out.print(f"webhook secret (keep it; receivers check X-Warlog-Signature with it): {alert.secret}")


@alerts_app.command("remove")
def alerts_remove(name: str, db: DbOption = "warlog.db") -> None:
    """Delete an alert with what it remembers and its delivery log."""
    from warlog import alerts

    with _open_store(db) as store:
        if not alerts.remove(store, name):
            err.print(f"[red]error:[/] no alert {escape(name)} in {escape(store.url)}")
            raise typer.Exit(2)
    out.print(f"alert {escape(name)} removed")


@alerts_app.command("run")
def alerts_run(db: DbOption = "warlog.db", smtp: SmtpOption = None) -> None:
    """Fire the alerts for what changed and deliver what is due (ingest does this after linking)."""
    with _open_store(db) as store:
        out.print(escape(str(_run_alerts(store, smtp))))


def _print_alerts(report: Any) -> None:
    """After linking: what the alerts did, when they did anything."""
    if report.fired or report.retrying or report.failed:
        err.print(escape(str(report)))


def _run_alerts(store: Store, smtp: str | None) -> Any:
    from warlog import alerts
    from warlog.deliver import smtp_server

    if smtp:
        try:
            smtp_server(smtp)
        except ValueError as error:
            err.print(f"[red]error:[/] {escape(str(error))}")
            raise typer.Exit(2) from None
    return alerts.run(store, smtp)


@app.command()
def export(
    format_: Annotated[
        str, typer.Option("--format", help=f"One of {', '.join(FORMATS)}.")
    ] = "jsonl",
    output: Annotated[Path | None, typer.Option("--output", "-o", help="File (default stdout).")] = None,
    db: DbOption = "warlog.db",
    since: SinceOption = None,
    until: UntilOption = None,
    country: CountryOption = None,
    type_: TypeOption = None,
) -> None:
    """Write events: jsonl (gold format, a line per document), csv or geojson; or incidents: as JSON Lines
    (incidents) or ACLED's CSV columns (acled)."""
    from warlog.export import WRITERS

    if format_ not in WRITERS:
        err.print(f"[red]error:[/] unknown format {escape(format_)!r}; use one of {', '.join(FORMATS)}")
        raise typer.Exit(2)
    with _open_store(db) as store:
        filters = _filters(since, until, country, type_)
        if output is None:
            WRITERS[format_](store, sys.stdout, filters)
            return
        with output.open("w", encoding="utf-8", newline="") as handle:
            written = WRITERS[format_](store, handle, filters)
        err.print(f"wrote {written} records to {escape(str(output))}")


@app.command("eval")
def eval_(
    gold: Annotated[list[Path], typer.Argument(help="Gold JSON Lines files (shared/eval/FORMAT.md).")],
    split: Annotated[
        Path | None,
        typer.Option(help="A split file (doc_id<TAB>tune|check): score each part; misses listed for tune only."),
    ] = None,
    json_: Annotated[bool, typer.Option("--json", help="Print the scores as JSON.")] = False,
    knowledge: KnowledgeOption = None,
) -> None:
    """Run the extractor on gold documents and score it: P/R/F1, field accuracy, misses."""
    from warlog import evaluate  # SciPy's matching loads only for scoring
    from warlog.knowledge import KnowledgeError, load_knowledge

    try:
        gold_docs = evaluate.load_gold_files(gold)
        parts = evaluate.split_documents(gold_docs, evaluate.read_split(split)) if split else None
        kb = load_knowledge(knowledge)
    except (evaluate.GoldError, KnowledgeError) as error:
        err.print(f"[red]error:[/] {escape(str(error))}")
        raise typer.Exit(2) from None
    extractor = _extractor(knowledge)
    try:
        predictions = evaluate.predict(gold_docs, extractor)
    except evaluate.GoldError as error:
        err.print(f"[red]error:[/] {escape(str(error))}")
        raise typer.Exit(2) from None
    if parts is None:
        result = evaluate.score(gold_docs, predictions, kb)
        result["incidents_linking_only"] = evaluate.linking_on_gold(gold_docs)
        if json_:
            sys.stdout.write(json.dumps(result, indent=2, ensure_ascii=False) + "\n")
            return
        _print_scores(result)
        return
    results = {}
    for name, docs in parts.items():
        results[name] = evaluate.score(docs, predictions, kb)
        results[name]["incidents_linking_only"] = evaluate.linking_on_gold(docs)
        results[name]["documents_scored"] = len(docs)
    if json_:
        for name in evaluate.PARTS[1:]:  # check: figures only, never its texts' misses
            results[name]["documents"] = []
        sys.stdout.write(json.dumps({"parts": results, "gap": evaluate.gap(results)}, indent=2, ensure_ascii=False) + "\n")
        return
    _print_parts(results, evaluate.gap(results))


def _figure(value: float | None) -> str:
    return "—" if value is None else f"{value:.3f}"


def _print_scores(result: dict) -> None:
    table = Table(title="Detection")
    for column in ("", "precision", "recall", "F1", "tp", "fp", "fn"):
        table.add_column(column, justify="left" if not column else "right")
    for name in ("events", "tallies", "incidents", "incidents_linking_only"):
        row = result.get(name)
        if row is None:
            table.add_row(name, "—", "—", "—", "", "", "")
            continue
        table.add_row(
            name, _figure(row["precision"]), _figure(row["recall"]), _figure(row["f1"]),
            str(row["tp"]), str(row["fp"]), str(row["fn"]),
        )  # fmt: skip
    out.print(table)
    fields = Table(title="Fields on matched pairs")
    fields.add_column("field")
    fields.add_column("accuracy", justify="right")
    for name, value in result["fields"].items():
        fields.add_row("weapons (set F1)" if name == "weapons_f1" else name, _figure(value))
    for name, value in result["tally_fields"].items():
        fields.add_row(f"tally {name}", _figure(value))
    out.print(fields)
    _print_scored_documents(result["documents"])


def _print_scored_documents(documents: list[dict]) -> None:
    for document in documents:
        if not (document["misses"] or document["false_alarms"] or document["field_errors"]):
            continue
        out.print(f"[bold]{escape(document['doc_id'])}[/]")
        for evidence in document["misses"]:
            out.print(f"  [red]missed[/]      {escape(evidence)}")
        for evidence in document["false_alarms"]:
            out.print(f"  [yellow]false alarm[/] {escape(evidence)}")
        for error in document["field_errors"]:
            out.print(
                f"  [magenta]{escape(error['field'])}[/] gold {escape(repr(error['gold']))}, "
                f"predicted {escape(repr(error['predicted']))} · {escape(str(error['evidence']))}"
            )



def _print_parts(results: dict[str, dict], gap: dict[str, float | None]) -> None:
    """tune and check side by side, the gap between them, then tune's misses only."""
    names = list(results)
    table = Table(title="Detection: F1 (precision/recall)")
    for column in ("", *names, "gap"):
        table.add_column(column, justify="left" if not column else "right")
    table.add_row("documents", *(str(results[n]["documents_scored"]) for n in names), "")
    for row in ("events", "tallies", "incidents", "incidents_linking_only"):
        cells = []
        for n in names:
            figures = results[n].get(row)
            cells.append(
                "—" if figures is None
                else f"{_figure(figures['f1'])} ({figures['precision']:.2f}/{figures['recall']:.2f})"
            )
        table.add_row(row, *cells, _figure(gap.get(row)))
    out.print(table)
    fields = Table(title="Fields on matched pairs")
    fields.add_column("field")
    for column in (*names, "gap"):
        fields.add_column(column, justify="right")
    for key in results[names[0]]["fields"]:
        label = "weapons (set F1)" if key == "weapons_f1" else key
        fields.add_row(label, *(_figure(results[n]["fields"].get(key)) for n in names), _figure(gap.get(key)))
    for key in results[names[0]]["tally_fields"]:
        fields.add_row(f"tally {key}", *(_figure(results[n]["tally_fields"].get(key)) for n in names), "")
    out.print(fields)
    out.print(f"[bold]{names[0]}: misses, false alarms and field errors[/] ({names[-1]}'s are not shown: it is only scored)")
    _print_scored_documents(results[names[0]]["documents"])


bench_app = typer.Typer(help="Benchmarks against public evaluation sets.", no_args_is_help=True)
app.add_typer(bench_app, name="bench")


@bench_app.command("geo")
def bench_geo(
    file: Annotated[Path, typer.Argument(help="A toponym set: GWN.xml, lgl.xml or TR-News.xml.")],
    mode: Annotated[str, typer.Option(help="gold-spans (resolution only) or end-to-end (own NER).")] = "gold-spans",
    json_: Annotated[bool, typer.Option("--json", help="Print the scores as JSON.")] = False,
    limit: Annotated[int | None, typer.Option(min=1, help="Score only the first N articles.")] = None,
    focus: Annotated[
        bool, typer.Option(help="Place names the gazetteer lacks at the document's main town (precision 3).")
    ] = True,
) -> None:
    """Score the geocoder: Acc@161km, mean/median error, AUC, beside Mordecai3's published figure."""
    from warlog import bench_geo as bench  # the gazetteer loads only for this command

    if not file.is_file():
        err.print(f"[red]error:[/] {escape(str(file))}: no such file")
        raise typer.Exit(2)
    try:
        result = bench.run(file, mode=mode, limit=limit, focus_fallback=focus)
    except bench.BenchError as error:
        err.print(f"[red]error:[/] {escape(str(error))}")
        raise typer.Exit(2) from None
    if json_:
        sys.stdout.write(json.dumps(result, indent=2) + "\n")
        return
    table = Table(title=f"Geocoding · {escape(result['set'])} · {result['mode']} · {result['articles']} articles")
    for column in ("", "warlog", "Mordecai3 (published)"):
        table.add_column(column, justify="left" if not column else "right")
    acc = result["acc161"]
    reference = result["mordecai3_acc161"]
    table.add_row(
        "Acc@161km", "—" if acc is None else f"{100 * acc:.1f}", "—" if reference is None else f"{reference:.1f}"
    )
    table.add_row("mean error km*", "—" if result["mean_km"] is None else f"{result['mean_km']:.0f}", "")
    table.add_row("median error km*", "—" if result["median_km"] is None else f"{result['median_km']:.0f}", "")
    table.add_row("AUC (lower is better)", "—" if result["auc"] is None else f"{result['auc']:.3f}", "")
    table.add_row("toponyms scored", str(result["n"]), "")
    table.add_row("resolved", str(result["resolved"]), "")
    table.add_row("unresolved", str(result["n"] - result["resolved"]), "")
    table.add_row("guessed at document focus", str(result["focus_guesses"]), "")
    out.print(table)
    out.print(
        "[dim]* over resolved toponyms only; Acc@161km and AUC count an unresolved toponym as a miss "
        "(AUC at the maximum error); guessed: placed at the document's main town (--no-focus to turn off). "
        "Mordecai3: its published Acc@161km, on its own held-out split, with gold names.[/]"
    )


if __name__ == "__main__":
    app()
