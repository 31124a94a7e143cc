"""Store: documents, their events and tallies, and the ingest log, in SQLite or PostgreSQL.

Each document is written with everything extracted from it in one transaction, so a
crash or kill leaves either the whole document or none of it; re-running an ingest then
finishes the job without duplicates (content hashes are unique).
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections import defaultdict
from dataclasses import replace
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from warlog.ledger import ATTACK_TYPES, scope
from warlog.increment import Increment, Linked
from warlog.link import Decision, Linking, Mention, Override, Relation, Why
from warlog.model import Document, EventMention, Evidence, Extraction, Filters, Incident, IngestProblem, Tally
from warlog.store.browse import rebuild_overview, update_overview
from warlog.store.schema import (
    document_bands,
    document_signatures,
    documents,
    events,
    incident_decisions,
    incident_overrides,
    incident_relations,
    incidents,
    ingest_log,
    link_state,
    metadata,
    tallies,
)

__all__ = ["Filters", "Store", "database_url", "metadata"]

MIGRATIONS = Path(__file__).parent / "migrations"


def database_url(db: str) -> str:
    """A SQLAlchemy URL from what a user types: a file path or a database URL."""
    if db.startswith(("postgresql://", "postgres://")):
        return "postgresql+psycopg://" + db.split("://", 1)[1]
    if "://" in db:
        return db
    return f"sqlite:///{Path(db).expanduser().resolve()}"


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()


#: how many rows before the last signed document may still be unsigned: PostgreSQL numbers
#: rows when they are inserted, and concurrent ingests may commit them out of that order
UNSIGNED_MARGIN = 1000

#: The newest revision under migrations/versions: a store already there opens without Alembic,
#: which would cost a third of a second of imports on every listing.
SCHEMA_REVISION = "0006_incremental"


def _stored_revision(connection: Connection) -> str | None:
    if not sa.inspect(connection).has_table("alembic_version"):
        return None
    return connection.execute(sa.text("SELECT version_num FROM alembic_version")).scalar()


def migrate(engine: Engine, revision: str = "head") -> None:
    """Bring the schema up to ``revision``; a no-op when it is already there."""
    from alembic import command
    from alembic.config import Config

    with engine.begin() as connection:
        config = Config()
        config.set_main_option("script_location", str(MIGRATIONS))
        config.attributes["connection"] = connection
        command.upgrade(config, revision)


def _migrate_if_behind(engine: Engine) -> None:
    with engine.connect() as connection:
        if _stored_revision(connection) == SCHEMA_REVISION:
            return
    migrate(engine)


class Store:
    """The database behind warlog; opening it applies any pending migrations."""

    def __init__(self, db: str = "warlog.db", *, echo: bool = False):
        self.url = database_url(db)
        self.engine = sa.create_engine(self.url, echo=echo)
        if self.engine.dialect.name == "sqlite":
            sa.event.listen(self.engine, "connect", _sqlite_pragmas)
        self.run_id = uuid.uuid4().hex
        _migrate_if_behind(self.engine)

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- writing ---------------------------------------------------------------

    def find_by_hash(self, content_hash: str) -> str | None:
        """The doc_id of a stored document with this content, if any."""
        query = sa.select(documents.c.doc_id).where(documents.c.content_hash == content_hash)
        with self.engine.connect() as connection:
            return connection.execute(query).scalar_one_or_none()

    def add(self, document: Document, extraction: Extraction, extractor_version: str) -> str:
        """Store a new document with its extraction; returns its (possibly suffixed) doc_id."""
        with self.engine.begin() as connection:
            doc_id = self._free_doc_id(connection, document)
            row = connection.execute(
                documents.insert()
                .values(
                    doc_id=doc_id,
                    content_hash=document.content_hash,
                    text=document.text,
                    published=document.published,
                    title=document.title,
                    url=document.url,
                    source=document.source,
                    origin=document.origin,
                    language=document.language,
                    extractor_version=extractor_version,
                    ingested_at=_now(),
                )
                .returning(documents.c.id)
            ).scalar_one()
            self._insert_extraction(connection, row, doc_id, extraction)
            self._log(connection, document.origin or "", None, "stored", None, doc_id)
        return doc_id

    def replace_extraction(self, doc_id: str, extraction: Extraction, extractor_version: str) -> None:
        """Swap a stored document's events and tallies for a new extraction, atomically."""
        with self.engine.begin() as connection:
            row = connection.execute(
                sa.select(documents.c.id, documents.c.origin).where(documents.c.doc_id == doc_id)
            ).one()
            for table in (events, tallies):
                connection.execute(table.delete().where(table.c.document_id == row.id))
            self._insert_extraction(connection, row.id, doc_id, extraction)
            connection.execute(
                documents.update()
                .where(documents.c.id == row.id)
                .values(extractor_version=extractor_version)
            )
            self._log(connection, row.origin or "", None, "reprocessed", None, doc_id)

    def log_duplicate(self, document: Document, doc_id: str) -> None:
        with self.engine.begin() as connection:
            self._log(connection, document.origin or "", None, "duplicate", None, doc_id)

    def log_problem(self, problem: IngestProblem) -> None:
        with self.engine.begin() as connection:
            self._log(connection, problem.origin, problem.line, "failed", problem.reason, None)

    def _free_doc_id(self, connection: Connection, document: Document) -> str:
        taken = sa.select(documents.c.id).where(documents.c.doc_id == document.doc_id)
        if connection.execute(taken).first() is None:
            return document.doc_id
        return f"{document.doc_id}-{document.content_hash[:10]}"

    def _insert_extraction(
        self, connection: Connection, document_row: int, doc_id: str, extraction: Extraction
    ) -> None:
        if extraction.events:
            connection.execute(
                events.insert(),
                [_event_row(document_row, n, e) for n, e in enumerate(extraction.events)],
            )
        if extraction.tallies:
            connection.execute(
                tallies.insert(),
                [_tally_row(document_row, n, t) for n, t in enumerate(extraction.tallies)],
            )

    def _log(
        self,
        connection: Connection,
        origin: str,
        line: int | None,
        status: str,
        reason: str | None,
        doc_id: str | None,
    ) -> None:
        connection.execute(
            ingest_log.insert().values(
                run_id=self.run_id,
                at=_now(),
                origin=origin,
                line=line,
                status=status,
                reason=reason,
                doc_id=doc_id,
            )
        )

    # -- reading ---------------------------------------------------------------

    def document(self, doc_id: str) -> Document | None:
        with self.engine.connect() as connection:
            row = connection.execute(
                sa.select(documents).where(documents.c.doc_id == doc_id)
            ).first()
        return _document(row) if row else None

    def documents(self, filters: Filters = Filters()) -> list[Document]:
        query = sa.select(documents).order_by(documents.c.published.asc().nulls_last(), documents.c.doc_id)
        if filters.since:
            query = query.where(documents.c.published >= filters.since)
        if filters.until:
            query = query.where(documents.c.published <= filters.until)
        if filters.country or filters.type:
            having = sa.select(events.c.document_id).where(*_event_conditions(filters, dates=False))
            query = query.where(documents.c.id.in_(having))
        if filters.limit:
            query = query.limit(filters.limit)
        with self.engine.connect() as connection:
            return [_document(row) for row in connection.execute(query)]

    def doc_ids(self) -> list[str]:
        """Every stored document's id, oldest first."""
        query = sa.select(documents.c.doc_id).order_by(documents.c.id)
        with self.engine.connect() as connection:
            return list(connection.execute(query).scalars())

    def events(self, filters: Filters = Filters()) -> list[EventMention]:
        query = (
            sa.select(events, documents.c.doc_id)
            .join(documents, events.c.document_id == documents.c.id)
            .where(*_event_conditions(filters))
            .order_by(events.c.date.asc().nulls_last(), documents.c.doc_id, events.c.ordinal)
        )
        if filters.limit:
            query = query.limit(filters.limit)
        if filters.offset:
            query = query.offset(filters.offset)
        with self.engine.connect() as connection:
            return [_event(row) for row in connection.execute(query)]

    def count_events(self, filters: Filters = Filters()) -> int:
        query = sa.select(sa.func.count()).select_from(events).where(*_event_conditions(filters))
        with self.engine.connect() as connection:
            return connection.execute(query).scalar_one()

    def events_by_key(self, keys: list[str]) -> dict[str, EventMention]:
        """Events by their key, "doc_id#ordinal" (how incidents name their mentions)."""
        doc_ids = {key.rpartition("#")[0] for key in keys}
        query = (
            sa.select(events, documents.c.doc_id)
            .join(documents, events.c.document_id == documents.c.id)
            .where(documents.c.doc_id.in_(doc_ids))
        )
        found = {f"{row.doc_id}#{row.ordinal}": _event(row) for row in self._rows(query)}
        return {key: found[key] for key in keys if key in found}

    def document_events(self, doc_id: str) -> dict[str, EventMention]:
        """A document's events by key, in the order it tells them."""
        query = (
            sa.select(events, documents.c.doc_id)
            .join(documents, events.c.document_id == documents.c.id)
            .where(documents.c.doc_id == doc_id)
            .order_by(events.c.ordinal)
        )
        return {f"{row.doc_id}#{row.ordinal}": _event(row) for row in self._rows(query)}

    def document_tallies(self, doc_id: str) -> list[Tally]:
        query = (
            sa.select(tallies, documents.c.doc_id)
            .join(documents, tallies.c.document_id == documents.c.id)
            .where(documents.c.doc_id == doc_id)
            .order_by(tallies.c.ordinal)
        )
        return [_tally(row) for row in self._rows(query)]

    def copy_groups(self) -> dict[str, str]:
        """doc_id -> the doc_id of the first of its near-copies (its source, for counting)."""
        query = sa.select(documents.c.doc_id, document_signatures.c.copy_group).join(
            documents, documents.c.id == document_signatures.c.document_id
        )
        return {row.doc_id: row.copy_group or row.doc_id for row in self._rows(query)}

    def tallies(self, filters: Filters = Filters()) -> list[Tally]:
        query = (
            sa.select(tallies, documents.c.doc_id)
            .join(documents, tallies.c.document_id == documents.c.id)
            .order_by(tallies.c.as_of.asc().nulls_last(), documents.c.doc_id, tallies.c.ordinal)
        )
        if filters.since:
            query = query.where(tallies.c.as_of >= filters.since)
        if filters.until:
            query = query.where(tallies.c.as_of <= filters.until)
        found = [_tally(row) for row in self._rows(query)]
        if filters.country:  # a JSON list: filtered here, the same way on every database
            found = [t for t in found if filters.country.upper() in t.countries]
        return found[: filters.limit] if filters.limit else found

    def ingest_log(self, run_id: str | None = None) -> list[dict[str, Any]]:
        query = sa.select(ingest_log).order_by(ingest_log.c.id)
        if run_id:
            query = query.where(ingest_log.c.run_id == run_id)
        return [dict(row._mapping) for row in self._rows(query)]

    def counts(self) -> dict[str, int]:
        with self.engine.connect() as connection:
            return {
                table.name: connection.execute(sa.select(sa.func.count()).select_from(table)).scalar_one()
                for table in (documents, events, tallies, incidents)
            }

    # -- incidents -------------------------------------------------------------

    def unsigned_documents(self, recent: bool = False) -> list[tuple[int, str, str]]:
        """(row id, doc_id, text) of the documents whose fingerprint (near-copy signature, its
        LSH bands, whether it states relations) is not computed yet; with ``recent``, only
        among those stored after the last one signed (less :data:`UNSIGNED_MARGIN` rows), as
        in a store every run of which signed all it held."""
        done = sa.select(document_signatures.c.document_id).where(
            document_signatures.c.document_id == documents.c.id, document_signatures.c.relation_days.is_not(None)
        )
        query = sa.select(documents.c.id, documents.c.doc_id, documents.c.text).where(~sa.exists(done))
        if recent:  # rows are numbered as documents are stored; a few may commit out of order
            last = sa.select(sa.func.coalesce(sa.func.max(document_signatures.c.document_id), 0)).scalar_subquery()
            query = query.where(documents.c.id > last - UNSIGNED_MARGIN)
        return [(row.id, row.doc_id, row.text) for row in self._rows(query)]

    def save_fingerprints(self, fingerprints: list[tuple[int, bytes, list[int], bool]]) -> None:
        """(row id, MinHash bytes, band hashes, relation reach in days) of documents; replaces what they had."""
        if not fingerprints:
            return
        rows = [row for row, *_ in fingerprints]
        with self.engine.begin() as connection:
            for start in range(0, len(rows), 500):
                chunk = rows[start : start + 500]
                connection.execute(document_bands.delete().where(document_bands.c.document_id.in_(chunk)))
                connection.execute(document_signatures.delete().where(document_signatures.c.document_id.in_(chunk)))
            connection.execute(
                document_signatures.insert(),
                [{"document_id": row, "minhash": data, "relation_days": days} for row, data, _, days in fingerprints],
            )
            connection.execute(
                document_bands.insert(),
                [{"document_id": row, "band": band} for row, _, bands, _ in fingerprints for band in bands],
            )

    def signatures(self) -> dict[str, bytes]:
        """doc_id -> its stored MinHash bytes."""
        query = sa.select(documents.c.doc_id, document_signatures.c.minhash).join(
            documents, documents.c.id == document_signatures.c.document_id
        )
        return {row.doc_id: row.minhash for row in self._rows(query)}

    def mentions(self, copy_group: dict[str, str]) -> list[Mention]:
        """Every stored event as linking sees it; ``copy_group`` names each document's source."""
        query = sa.select(events, documents.c.doc_id, documents.c.published).join(
            documents, events.c.document_id == documents.c.id
        )
        with self.engine.connect() as connection:
            return [_mention(row, copy_group.get(row.doc_id, row.doc_id)) for row in connection.execute(query)]

    def event_spans(self, keys: Iterable[str] | None = None) -> dict[str, tuple[str, int, int]]:
        """Event key -> (document text, evidence start, end), for the documents whose text
        states relations (``relation_days`` when fingerprinted); all of them, or those of ``keys``."""
        query = (
            sa.select(documents.c.doc_id, documents.c.text, events.c.ordinal, events.c.evidence_start,
                      events.c.evidence_end)
            .join(events, events.c.document_id == documents.c.id)
            .join(document_signatures, document_signatures.c.document_id == documents.c.id)
            .where(document_signatures.c.relation_days > 0)
        )  # fmt: skip
        wanted = None if keys is None else set(keys)
        spans = {}
        with self.engine.connect() as connection:
            if wanted is None:
                rows: Iterable[sa.Row] = connection.execute(query)
            else:
                doc_ids = sorted({key.rpartition("#")[0] for key in wanted})
                chunks = (doc_ids[start : start + 500] for start in range(0, len(doc_ids), 500))
                rows = [r for chunk in chunks for r in connection.execute(query.where(documents.c.doc_id.in_(chunk)))]
            for row in rows:
                key = f"{row.doc_id}#{row.ordinal}"
                if wanted is None or key in wanted:
                    spans[key] = (row.text, row.evidence_start, row.evidence_end)
        return spans

    def save_linking(self, linking: Linking, copy_group: dict[str, str], mark: tuple[int, int] = (0, 0)) -> None:
        """Replace the incidents, their decisions and the events' incident ids, atomically;
        ``mark`` (the ingest log and override ids the run read up to) becomes the link state."""
        incident_of = linking.incident_of()
        with self.engine.begin() as connection:
            for table in (incident_relations, incident_decisions, incidents):
                connection.execute(table.delete())
            self._insert_relations(connection, linking.relations)
            self._insert_incidents(connection, linking)
            rows = connection.execute(
                sa.select(events.c.id, events.c.ordinal, documents.c.doc_id).join(
                    documents, events.c.document_id == documents.c.id
                )
            ).all()
            self._update_events(
                connection,
                [(r.id, key, incident_of.get(key)) for r in rows for key in (f"{r.doc_id}#{r.ordinal}",)],
                linking,
            )
            self._save_copy_groups(connection, copy_group)
            self._save_mark(connection, mark)
            refresh_browsing(connection)

    def _insert_relations(self, connection: Connection, relations: list[Relation]) -> None:
        if relations:
            connection.execute(
                incident_relations.insert(),
                [{"source": r.source, "target": r.target, "kind": r.kind, "event_key": r.key, "cue": r.cue}
                 for r in relations],
            )  # fmt: skip

    def _insert_incidents(self, connection: Connection, linking: Linking) -> None:
        """The incidents with their search text, and the decisions with the raw ones that differ."""
        if linking.incidents:
            keys = [key for incident in linking.incidents for key in incident.mentions]
            sentences = self._sentences(connection, keys)
            connection.execute(
                incidents.insert(), [_incident_row(i, search_text(i, sentences)) for i in linking.incidents]
            )
        if linking.decisions:
            connection.execute(
                incident_decisions.insert(),
                [
                    {"event_key": d.key, "incident_id": d.incident_id, "matched": d.matched, "score": d.score,
                     "reasons": list(d.reasons), "raw": _raw_row(linking.raw.get(d.key), d)}
                    for d in linking.decisions
                ],
            )  # fmt: skip

    def _sentences(self, connection: Connection, keys: list[str]) -> dict[str, str]:
        query = sa.select(documents.c.doc_id, events.c.ordinal, events.c.evidence).join(
            documents, events.c.document_id == documents.c.id
        )
        doc_ids = sorted({key.rpartition("#")[0] for key in keys})
        if len(doc_ids) > 5000:  # most of the store: one pass
            rows = list(connection.execute(query))
        else:
            chunks = (doc_ids[start : start + 500] for start in range(0, len(doc_ids), 500))
            rows = [r for chunk in chunks for r in connection.execute(query.where(documents.c.doc_id.in_(chunk)))]
        return {f"{r.doc_id}#{r.ordinal}": r.evidence for r in rows}

    def _update_events(
        self, connection: Connection, rows: list[tuple[int, str, str | None]], linking: Linking
    ) -> None:
        """Each event's incident, raw cluster and read date: (row id, key, incident id)."""
        updates = [
            {"row": row, "incident": incident, "cluster": (linking.raw.get(key) or (None,))[0],
             "read_as": linking.read_as.get(key)}
            for row, key, incident in rows
        ]  # fmt: skip
        if updates:
            connection.execute(
                events.update()
                .where(events.c.id == sa.bindparam("row"))
                .values(incident=sa.bindparam("incident"), cluster=sa.bindparam("cluster"),
                        read_as=sa.bindparam("read_as")),
                updates,
            )  # fmt: skip

    def _save_copy_groups(self, connection: Connection, copy_group: dict[str, str]) -> None:
        groups = [{"doc": doc_id, "group": group} for doc_id, group in copy_group.items()]
        if groups:
            signed = sa.select(documents.c.id).where(documents.c.doc_id == sa.bindparam("doc")).scalar_subquery()
            connection.execute(
                document_signatures.update()
                .where(document_signatures.c.document_id == signed)
                .values(copy_group=sa.bindparam("group")),
                groups,
            )

    def _save_mark(self, connection: Connection, mark: tuple[int, int]) -> None:
        connection.execute(link_state.delete())
        connection.execute(
            link_state.insert().values(id=1, ingest_log_id=mark[0], override_id=mark[1], linked_at=_now())
        )

    # -- incremental linking (warlog.increment) ---------------------------------

    def link_mark(self) -> tuple[int, int]:
        """The newest ingest log and override ids: what a linking run starting now has seen."""
        with self.engine.connect() as connection:
            log = connection.execute(sa.select(sa.func.max(ingest_log.c.id))).scalar() or 0
            override = connection.execute(sa.select(sa.func.max(incident_overrides.c.id))).scalar() or 0
        return log, override

    def link_state(self) -> tuple[int, int] | None:
        """The mark the last linking run left, None if none did (or it predates migration 0004)."""
        row = next(iter(self._rows(sa.select(link_state.c.ingest_log_id, link_state.c.override_id))), None)
        return (row.ingest_log_id, row.override_id) if row else None

    def reprocessed_since(self, log_id: int) -> bool:
        """A stored document was extracted again after that ingest log entry (its old events are gone)."""
        query = sa.select(ingest_log.c.id).where(ingest_log.c.id > log_id, ingest_log.c.status == "reprocessed")
        return bool(self._rows(query.limit(1)))

    def band_neighbours(self, bands: Iterable[int]) -> tuple[dict[int, list[str]], dict[str, bytes]]:
        """The documents that share any of these LSH band hashes: band -> doc_ids, and doc_id ->
        MinHash bytes."""
        wanted = sorted(set(bands))
        holders: dict[int, list[str]] = defaultdict(list)
        found: dict[str, bytes] = {}
        for start in range(0, len(wanted), 500):
            query = (
                sa.select(document_bands.c.band, documents.c.doc_id, document_signatures.c.minhash)
                .join(documents, documents.c.id == document_bands.c.document_id)
                .join(document_signatures, document_signatures.c.document_id == document_bands.c.document_id)
                .where(document_bands.c.band.in_(wanted[start : start + 500]))
            )
            for row in self._rows(query):
                holders[row.band].append(row.doc_id)
                found[row.doc_id] = row.minhash
        return holders, found

    def stored_copy_groups(self, doc_ids: Iterable[str]) -> dict[str, str | None]:
        """doc_id -> the copy group the last linking run gave it (None: not linked yet)."""
        wanted = sorted(set(doc_ids))
        found: dict[str, str | None] = {}
        for start in range(0, len(wanted), 500):
            query = (
                sa.select(documents.c.doc_id, document_signatures.c.copy_group)
                .join(document_signatures, documents.c.id == document_signatures.c.document_id, isouter=True)
                .where(documents.c.doc_id.in_(wanted[start : start + 500]))
            )
            found.update((row.doc_id, row.copy_group) for row in self._rows(query))
        return found

    def unlinked(self) -> list[Linked]:
        """The events no linking run has placed in an incident yet (the batches since the last)."""
        return self._linked([events.c.incident.is_(None)])

    def linked_of_documents(self, doc_ids: Iterable[str]) -> list[Linked]:
        """Every event of these documents."""
        wanted = sorted(set(doc_ids))
        return [
            found
            for start in range(0, len(wanted), 500)
            for found in self._linked([documents.c.doc_id.in_(wanted[start : start + 500])])
        ]

    def linked_of_clusters(self, clusters: Iterable[str]) -> list[Linked]:
        """Every event of these raw clusters (named by their first mention)."""
        wanted = sorted(set(clusters))
        return [
            found
            for start in range(0, len(wanted), 500)
            for found in self._linked([events.c.cluster.in_(wanted[start : start + 500])])
        ]

    def linked_in_block(
        self, event_type: str, country: str | None, since: dt.date, undated_since: dt.date | None = None
    ) -> list[Linked]:
        """A block's linked events whose date as read is ``since`` or later, and its undated
        events published on ``undated_since`` (default ``since``) or later."""
        return self.linked_in_blocks({(event_type, country): (since, undated_since or since)})[(event_type, country)]

    def linked_in_blocks(
        self, since: dict[tuple[str, str | None], tuple[dt.date, dt.date]]
    ) -> dict[tuple, list[Linked]]:
        """For each block (event type, country), :meth:`linked_in_block` from its (dated, undated)
        dates; blocks of one type whose dates are near are read by one query."""
        found: dict[tuple, list[Linked]] = {block: [] for block in since}
        for event_type, countries, first in _block_groups({b: s[0] for b, s in since.items()}):
            undated = min(since[(event_type, c)][1] for c in countries)
            block = [events.c.event_type == event_type, _in_countries(countries), events.c.incident.is_not(None)]
            # (no test of read_as there: SQLite would take its index for the IS NULL of nearly every row)
            rows = self._linked([*block, events.c.date >= first])
            rows += [r for r in self._read_as_from(first) if r.mention.event_type == event_type]
            rows += self._linked([*block, events.c.date.is_(None), documents.c.published >= undated])
            for row in {row.row: row for row in rows}.values():
                key = (row.mention.event_type, row.mention.country)
                dated, undated_from = since[key]
                when = row.mention.date if row.mention.date is not None else row.mention.published
                if when is not None and when >= (dated if row.mention.date is not None else undated_from):
                    found[key].append(row)
        return found

    def clusters_reaching(self, since: dict[tuple[str, str | None], dict[int, dt.date]]) -> set[str]:
        """The raw clusters of each block's dated events on or after ``since[block][p]`` for
        their time precision p (1 for none or another), read dates counting as day-precise."""
        precision = sa.func.coalesce(events.c.time_precision, 1)
        day = precision.not_in([2, 3])
        found: set[str] = set()
        for event_type, countries, first in _block_groups({b: min(s.values()) for b, s in since.items()}):
            block = [events.c.event_type == event_type, _in_countries(countries), events.c.incident.is_not(None)]
            reach = {p: min(since[(event_type, c)][p] for c in countries) for p in (1, 2, 3)}
            query = sa.select(events.c.cluster, events.c.event_type, events.c.country, events.c.date,
                              events.c.time_precision, events.c.read_as)  # fmt: skip
            suspects = query.where(events.c.read_as >= reach[1], events.c.incident.is_not(None))
            for where in ([*block, events.c.date >= reach[1], day], [*block, events.c.date >= reach[2], precision == 2],
                          [*block, events.c.date >= reach[3], precision == 3], []):  # fmt: skip
                for row in self._rows(query.where(*where) if where else suspects):
                    if (row.event_type, row.country) not in since:
                        continue
                    p = 1 if row.read_as is not None or row.time_precision not in (2, 3) else row.time_precision
                    if (row.read_as or row.date) >= since[(row.event_type, row.country)][p]:
                        found.add(row.cluster)
        return found

    def linked_of_type(
        self, event_type: str, dated: tuple[dt.date, dt.date], undated: tuple[dt.date, dt.date], loose: bool = False,
        coarse: bool = False,
    ) -> list[Linked]:
        """An event type's linked events whose date as read lies in ``dated`` (first, last), or,
        undated, whose publication lies in ``undated``; only the unplaced or unresolved ones
        (see warlog.link) when ``loose``, only those not dated to the day when ``coarse``."""
        extra: list[sa.ColumnElement[bool]] = []
        precision = [events.c.time_precision.in_([2, 3])] if coarse else []
        if loose:
            extra.append(
                sa.or_(
                    sa.and_(events.c.country.is_(None), events.c.location.is_(None), events.c.latitude.is_(None)),
                    sa.and_(events.c.location.is_not(None), sa.func.coalesce(events.c.geo_precision, 4) == 4),
                )
            )
        kind = events.c.event_type == event_type
        found = self._linked([kind, events.c.date.between(*dated), *precision, *extra])
        found += [r for r in self._read_as_from(dated[0]) if r.mention.event_type == event_type
                  and (not coarse or r.mention.time_precision in (2, 3))]  # fmt: skip
        found += self._linked([kind, events.c.date.is_(None), documents.c.published.between(*undated), *extra])
        inside = {f.row: f for f in found if f.incident is not None}
        return [f for f in inside.values()
                if (dated if f.mention.date else undated)[0] <= (f.mention.date or f.mention.published)  # type: ignore[operator]
                <= (dated if f.mention.date else undated)[1] and (not loose or _loose_mention(f.mention))]  # fmt: skip

    def _read_as_from(self, since: dt.date) -> list[Linked]:
        """The year-suspects read on ``since`` or later (by the read_as index alone: a few)."""
        return self._linked([events.c.read_as >= since])

    def suspects(self) -> list[Linked]:
        """The year-suspects: events whose date linking read in another year (a few)."""
        return [f for f in self._linked([events.c.read_as.is_not(None)]) if f.incident is not None]

    def linked_on_days(
        self, event_type: str, countries: list[str | None], spans: list[tuple[dt.date, dt.date]],
        like: Mention | None = None,
    ) -> list[Linked]:
        """The blocks' (one event type, these countries) linked events placed at a named site
        (geo precision 1 or 2) whose own date falls in one of ``spans``: what a year-suspect is
        judged against. With ``like``, only those within half a degree of latitude of it that
        share an actor in its role."""
        block = [events.c.event_type == event_type, _in_countries(countries), events.c.geo_precision <= 2]
        if like is not None:
            if like.latitude is None or not (like.actor1 or like.actor2):
                return []
            block.append(events.c.latitude.between(like.latitude - 0.5, like.latitude + 0.5))
            block.append(sa.or_(*(events.c[role] == getattr(like, role) for role in ("actor1", "actor2")
                                  if getattr(like, role))))  # fmt: skip
        found: dict[int, Linked] = {}
        for start, end in spans:  # one range each, so that the (type, country, date) index serves it
            found.update((f.row, f) for f in self._linked([*block, events.c.date.between(start, end)]))
        return [f for f in found.values() if f.incident is not None]

    def _linked(self, where: list[sa.ColumnElement[bool]]) -> list[Linked]:
        key = documents.c.doc_id + "#" + sa.cast(events.c.ordinal, sa.String)
        d = incident_decisions.c
        query = (
            sa.select(
                events.c.id, events.c.ordinal, events.c.event_type, events.c.sub_event_type, events.c.date,
                events.c.time_precision, events.c.country, events.c.location, events.c.admin1, events.c.latitude,
                events.c.longitude, events.c.geo_precision, events.c.actor1, events.c.actor2, events.c.claimed_by,
                events.c.weapons, events.c.fatalities, events.c.injuries, events.c.incident, events.c.cluster,
                events.c.read_as, documents.c.doc_id, documents.c.published, document_signatures.c.copy_group,
                d.matched, d.score, d.reasons, d.raw,
            )
            .select_from(events)
            .join(documents, events.c.document_id == documents.c.id)
            .join(document_signatures, document_signatures.c.document_id == documents.c.id, isouter=True)
            .join(incident_decisions, incident_decisions.c.event_key == key, isouter=True)
            .where(*where)
        )  # fmt: skip
        found = []
        for row in self._rows(query):
            mention = _mention(row, row.copy_group or row.doc_id)
            if row.read_as is not None:
                mention = replace(mention, date=row.read_as)
            if row.raw is not None:
                why: Why | None = (row.raw[0], row.raw[1], tuple(row.raw[2]))
            elif row.reasons is not None:
                why = (row.matched, row.score, tuple(row.reasons))
            else:
                why = None
            kept = (row.matched, row.score, tuple(row.reasons)) if row.reasons is not None else None
            found.append(Linked(row.id, mention, row.date, row.read_as, row.cluster, row.incident, why, kept))
        return found

    def linked_of_incidents(self, incident_ids: Iterable[str]) -> list[Linked]:
        """Every event of these incidents."""
        wanted = sorted(set(incident_ids))
        return [
            found
            for start in range(0, len(wanted), 500)
            for found in self._linked([events.c.incident.in_(wanted[start : start + 500])])
        ]

    def event_years(self) -> tuple[int, int] | None:
        """The first and last year of the events' dates (and read dates)."""
        with self.engine.connect() as connection:
            first, last = connection.execute(sa.select(sa.func.min(events.c.date), sa.func.max(events.c.date))).one()
            read = connection.execute(sa.select(sa.func.min(events.c.read_as), sa.func.max(events.c.read_as))).one()
        days = [d for d in (first, last, *read) if d is not None]
        return (min(days).year, max(days).year) if days else None

    def incident_dates(self, incident_ids: Iterable[str]) -> list[dt.date | None]:
        wanted = sorted(set(incident_ids))
        return [
            row.date
            for start in range(0, len(wanted), 500)
            for row in self._rows(sa.select(incidents.c.date).where(incidents.c.id.in_(wanted[start : start + 500])))
        ]

    def relation_keys_near(self, first: dt.date, last: dt.date, days: int) -> dict[str, tuple[dt.date, int]]:
        """The events of documents that state relations whose incident is dated within their
        reach of [first, last] -> (the incident's date, the reach): those within ``days`` (the
        usual reach) read by date, those of the few texts that reach further read by text."""
        query = (
            sa.select(documents.c.doc_id, events.c.ordinal, incidents.c.date, document_signatures.c.relation_days)
            .select_from(incidents)
            .join(events, events.c.incident == incidents.c.id)
            .join(documents, events.c.document_id == documents.c.id)
            .join(document_signatures, document_signatures.c.document_id == documents.c.id)
        )
        window = incidents.c.date.between(first - dt.timedelta(days=days), last + dt.timedelta(days=days))
        rows = self._rows(query.where(window, document_signatures.c.relation_days > 0))
        rows += self._rows(query.where(document_signatures.c.relation_days > days))
        return {
            f"{row.doc_id}#{row.ordinal}": (row.date, row.relation_days)
            for row in rows
            if first - dt.timedelta(days=row.relation_days) <= row.date <= last + dt.timedelta(days=row.relation_days)
        }

    def incidents_dated(self, since: dt.date, until: dt.date) -> list[Incident]:
        """The incidents dated in [since, until], with their mentions (for relations)."""
        found = {i.incident_id: i for i in map(_incident, self._rows(sa.select(incidents).where(
            incidents.c.date.between(since, until))))}  # fmt: skip
        members = sa.select(incident_decisions.c.incident_id, incident_decisions.c.event_key).where(
            incident_decisions.c.incident_id.in_(
                sa.select(incidents.c.id).where(incidents.c.date.between(since, until))
            )
        )
        for row in self._rows(members.order_by(incident_decisions.c.event_key)):
            found[row.incident_id].mentions.append(row.event_key)
        return list(found.values())

    def relation_keys(self, keys: Iterable[str], incident_ids: Iterable[str]) -> list[Relation]:
        """The stored relations stated by these mentions or naming these incidents."""
        keys, ids = sorted(set(keys)), sorted(set(incident_ids))
        found: dict[int, Relation] = {}
        r = incident_relations.c
        for column, values in ((r.event_key, keys), (r.source, ids), (r.target, ids)):
            for start in range(0, len(values), 500):
                query = sa.select(incident_relations).where(column.in_(values[start : start + 500]))
                found.update((row.id, Relation(row.source, row.target, row.kind, row.event_key, row.cue))
                             for row in self._rows(query))  # fmt: skip
        return list(found.values())

    def save_increment(self, increment: Increment) -> None:
        """Swap the incidents an increment re-linked for the ones it made, atomically: their
        decisions, relations, the events' incident, cluster and read date, the copy groups,
        the full-text index and the overview, and the mark."""
        linking = increment.linking
        with self.engine.begin() as connection:
            removed = self._delete_incidents(connection, increment.removed)
            self._insert_incidents(connection, linking)
            stale = sorted({(r.source, r.target) for r in increment.old_relations})
            for source, target in stale:
                connection.execute(incident_relations.delete().where(
                    incident_relations.c.source == source, incident_relations.c.target == target))  # fmt: skip
            self._insert_relations(connection, linking.relations)
            incident_of = linking.incident_of()
            self._update_events(connection, [(row, key, incident_of[key]) for key, row in increment.rows.items()],
                                linking)  # fmt: skip
            self._save_copy_groups(connection, increment.copy_groups)
            self._save_mark(connection, increment.mark)
            added = self._incident_rows(connection, [i.incident_id for i in linking.incidents])
            if added and connection.dialect.name == "sqlite":
                connection.execute(
                    sa.text("INSERT INTO incidents_fts(rowid, search_text) VALUES (:rowid, :search_text)"),
                    [{"rowid": row["rowid"], "search_text": row["search_text"]} for row in added],
                )
            update_overview(connection, removed, added)

    def _incident_rows(self, connection: Connection, ids: list[str]) -> list[dict[str, Any]]:
        rowid = sa.literal_column("rowid") if connection.dialect.name == "sqlite" else sa.literal(0)
        found = []
        for start in range(0, len(ids), 500):
            query = sa.select(incidents, rowid.label("rowid")).where(incidents.c.id.in_(ids[start : start + 500]))
            found += [dict(row._mapping) for row in connection.execute(query)]
        return found

    def _delete_incidents(self, connection: Connection, ids: list[str]) -> list[dict[str, Any]]:
        """Delete incidents with their decisions, from the full-text index too; their rows as they were."""
        rows = self._incident_rows(connection, ids)
        if rows and connection.dialect.name == "sqlite":
            connection.execute(
                sa.text("INSERT INTO incidents_fts(incidents_fts, rowid, search_text) "
                        "VALUES ('delete', :rowid, :text)"),
                [{"rowid": row["rowid"], "text": row["search_text"]} for row in rows],
            )
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            connection.execute(incident_decisions.delete().where(incident_decisions.c.incident_id.in_(chunk)))
            connection.execute(incidents.delete().where(incidents.c.id.in_(chunk)))
        return rows

    def refresh_browsing(self) -> None:
        """Rebuild what browsing reads besides the incidents (after writing them directly)."""
        with self.engine.begin() as connection:
            refresh_browsing(connection)

    def incidents(self, filters: Filters = Filters(), grade: str | None = None) -> list[Incident]:
        query = sa.select(incidents).order_by(incidents.c.date.asc().nulls_last(), incidents.c.id)
        if filters.since:
            query = query.where(incidents.c.date >= filters.since)
        if filters.until:
            query = query.where(incidents.c.date <= filters.until)
        if filters.country:
            query = query.where(incidents.c.country == filters.country.upper())
        if filters.type:
            wanted = filters.type.lower()
            query = query.where(
                sa.or_(sa.func.lower(incidents.c.event_type) == wanted, sa.func.lower(incidents.c.sub_event_type) == wanted)
            )
        if grade:
            query = query.where(incidents.c.grade == grade)
        if filters.limit:
            query = query.limit(filters.limit)
        found = [_incident(row) for row in self._rows(query)]
        members: dict[str, list[str]] = {i.incident_id: [] for i in found}
        decided = sa.select(incident_decisions.c.incident_id, incident_decisions.c.event_key).order_by(
            incident_decisions.c.event_key
        )
        for row in self._rows(decided):
            if row.incident_id in members:
                members[row.incident_id].append(row.event_key)
        for incident in found:
            incident.mentions = members[incident.incident_id]
        return found

    def held(self, tally: Tally) -> int | None:
        """What the incidents table holds for a tally's scope (see :func:`warlog.ledger.scope`)."""
        counted = scope(tally)
        if counted is None:
            return None
        conditions = [incidents.c.date.is_not(None), incidents.c.date <= counted.until]
        if counted.since is not None:
            conditions.append(incidents.c.date >= counted.since)
        if counted.countries:
            conditions.append(incidents.c.country.in_(counted.countries))
        if counted.target is not None:
            conditions.append(incidents.c[counted.side] == counted.target)
        fatalities = sa.func.coalesce(incidents.c.fatalities, 0)
        injuries = sa.func.coalesce(incidents.c.injuries, 0)
        value = {
            "incidents": sa.func.count(),
            "attacks": sa.func.count().filter(incidents.c.event_type.in_(ATTACK_TYPES)),
            "fatalities": sa.func.sum(fatalities),
            "injuries": sa.func.sum(injuries),
            "casualties": sa.func.sum(fatalities + injuries),
        }[counted.measure]
        with self.engine.connect() as connection:
            return int(connection.execute(sa.select(value).where(*conditions)).scalar_one() or 0)

    def decisions(self, incident_id: str) -> list[Decision]:
        query = (
            sa.select(incident_decisions)
            .where(incident_decisions.c.incident_id == incident_id)
            .order_by(incident_decisions.c.event_key)
        )
        return [Decision(r.event_key, r.incident_id, r.matched, r.score, tuple(r.reasons)) for r in self._rows(query)]

    def relations(self, incident_id: str) -> list[Relation]:
        """The links of an incident to others, either way round."""
        query = sa.select(incident_relations).where(
            sa.or_(incident_relations.c.source == incident_id, incident_relations.c.target == incident_id)
        )
        return [Relation(r.source, r.target, r.kind, r.event_key, r.cue) for r in self._rows(query)]

    def add_override(self, override: Override) -> None:
        with self.engine.begin() as connection:
            connection.execute(
                incident_overrides.insert().values(
                    action=override.action, keys=list(override.keys), apart_from=list(override.apart_from), created_at=_now()
                )
            )

    def overrides(self) -> list[Override]:
        query = sa.select(incident_overrides).order_by(incident_overrides.c.id)
        return [Override(r.action, tuple(r.keys), tuple(r.apart_from)) for r in self._rows(query)]

    def _rows(self, query: sa.Select) -> list[sa.Row]:
        with self.engine.connect() as connection:
            return list(connection.execute(query))


def refresh_browsing(connection: Connection) -> None:
    """The full-text index (SQLite), the map's cells and the facets, from the incidents table."""
    if connection.dialect.name == "sqlite":  # the full-text index reads incidents.search_text
        connection.execute(sa.text("INSERT INTO incidents_fts(incidents_fts) VALUES ('rebuild')"))
    rebuild_overview(connection)


def _mention(row: sa.Row, source: str) -> Mention:
    """An events row (with its document's doc_id and publication) as linking sees it."""
    return Mention(
        key=f"{row.doc_id}#{row.ordinal}",
        doc_id=row.doc_id,
        source=source,
        event_type=row.event_type,
        sub_event_type=row.sub_event_type,
        date=row.date,
        time_precision=row.time_precision,
        country=row.country,
        location=row.location,
        admin1=row.admin1,
        latitude=row.latitude,
        longitude=row.longitude,
        geo_precision=row.geo_precision,
        actor1=row.actor1,
        actor2=row.actor2,
        claimed_by=row.claimed_by,
        weapons=tuple(row.weapons),
        fatalities=row.fatalities,
        injuries=row.injuries,
        published=row.published,
    )


def _block_groups(since: dict[tuple[str, str | None], dt.date]) -> list[tuple[str, list[str | None], dt.date]]:
    """Blocks of one event type whose dates lie within a week of each other, with the first date."""
    groups: list[tuple[str, list[str | None], dt.date]] = []
    for (event_type, country), day in sorted(since.items(), key=lambda item: (item[0][0], item[1], item[0][1] or "")):
        if groups and groups[-1][0] == event_type and (day - groups[-1][2]).days <= 7:
            groups[-1][1].append(country)
        else:
            groups.append((event_type, [country], day))
    return groups


def _in_countries(countries: list[str | None]) -> sa.ColumnElement[bool]:
    named = [c for c in countries if c is not None]
    found = [events.c.country.in_(named)] if named else []
    if None in countries:
        found.append(events.c.country.is_(None))
    return sa.or_(*found)


def _loose_mention(mention: Mention) -> bool:
    """Placed nowhere, or only by a name the gazetteer did not find (as warlog.link tells)."""
    unplaced = mention.country is None and mention.location is None and mention.latitude is None
    return unplaced or (mention.location is not None and (mention.geo_precision or 4) == 4)


def _same(column: sa.Column, value: object) -> sa.ColumnElement[bool]:
    return column.is_(None) if value is None else column == value


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _event_conditions(filters: Filters, dates: bool = True) -> list[sa.ColumnElement[bool]]:
    conditions: list[sa.ColumnElement[bool]] = []
    if dates and filters.since:
        conditions.append(events.c.date >= filters.since)
    if dates and filters.until:
        conditions.append(events.c.date <= filters.until)
    if filters.country:
        conditions.append(events.c.country == filters.country.upper())
    if filters.type:
        wanted = filters.type.lower()
        conditions.append(
            sa.or_(
                sa.func.lower(events.c.event_type) == wanted,
                sa.func.lower(events.c.sub_event_type) == wanted,
            )
        )
    return conditions


def _spans_json(spans: dict[str, Evidence]) -> dict[str, list[int]]:
    return {name: [span.start, span.end] for name, span in spans.items()}


def _spans(doc_id: str, stored: dict[str, list[int]]) -> dict[str, Evidence]:
    return {name: Evidence(doc_id, start, end) for name, (start, end) in stored.items()}


def _evidence_row(evidence: Evidence, spans: dict[str, Evidence], quote: str) -> dict[str, Any]:
    return {
        "evidence_start": evidence.start,
        "evidence_end": evidence.end,
        "evidence": quote,
        "spans": _spans_json(spans),
    }


def _event_row(document_row: int, ordinal: int, event: EventMention) -> dict[str, Any]:
    return {
        "document_id": document_row,
        "ordinal": ordinal,
        "event_type": event.event_type,
        "sub_event_type": event.sub_event_type,
        "date": event.date,
        "time_precision": event.time_precision,
        "actor1": event.actor1,
        "actor2": event.actor2,
        "claimed_by": event.claimed_by,
        "country": event.country,
        "location": event.location,
        "admin1": event.admin1,
        "latitude": event.latitude,
        "longitude": event.longitude,
        "geo_precision": event.geo_precision,
        "weapons": list(event.weapons),
        "quantity": event.quantity,
        "outcome": event.outcome,
        "fatalities": event.fatalities,
        "injuries": event.injuries,
        "incident": event.incident,
        **_evidence_row(event.evidence, event.spans, event.evidence_text),
    }


def _tally_row(document_row: int, ordinal: int, tally: Tally) -> dict[str, Any]:
    return {
        "document_id": document_row,
        "ordinal": ordinal,
        "count": tally.count,
        "qualifier": tally.qualifier,
        "unit": tally.unit,
        "target": tally.target,
        "countries": list(tally.countries),
        "since": tally.since,
        "as_of": tally.as_of,
        "speaker": tally.speaker,
        **_evidence_row(tally.evidence, tally.spans, tally.evidence_text),
    }


def _document(row: sa.Row) -> Document:
    return Document(
        doc_id=row.doc_id,
        text=row.text,
        published=row.published,
        title=row.title,
        url=row.url,
        source=row.source,
        origin=row.origin,
        language=row.language,
        content_hash=row.content_hash,
    )


def _event(row: sa.Row) -> EventMention:
    evidence = Evidence(row.doc_id, row.evidence_start, row.evidence_end)
    return EventMention(
        doc_id=row.doc_id,
        event_type=row.event_type,
        sub_event_type=row.sub_event_type,
        evidence=evidence,
        evidence_text=row.evidence,
        date=row.date,
        time_precision=row.time_precision,
        actor1=row.actor1,
        actor2=row.actor2,
        claimed_by=row.claimed_by,
        country=row.country,
        location=row.location,
        admin1=row.admin1,
        latitude=row.latitude,
        longitude=row.longitude,
        geo_precision=row.geo_precision,
        weapons=tuple(row.weapons),
        quantity=row.quantity,
        outcome=row.outcome,
        fatalities=row.fatalities,
        injuries=row.injuries,
        spans=_spans(row.doc_id, row.spans),
        incident=row.incident,
    )


_INCIDENT_FIELDS = (
    "event_type", "sub_event_type", "date", "time_precision", "country", "location", "admin1", "latitude",
    "longitude", "geo_precision", "actor1", "actor2", "fatalities", "fatalities_low", "fatalities_best",
    "fatalities_high", "injuries", "documents", "sources", "grade",
)  # fmt: skip


def _incident_row(incident: Incident, search: str) -> dict[str, Any]:
    row = {name: getattr(incident, name) for name in _INCIDENT_FIELDS}
    return {**row, "id": incident.incident_id, "mentions": len(incident.mentions), "search_text": search}


def search_text(incident: Incident, sentences: dict[str, str]) -> str:
    """What a text search over incidents reads: the coded names and the reports' own sentences."""
    names = (incident.event_type, incident.sub_event_type, incident.location, incident.admin1, incident.actor1,
             incident.actor2, incident.country)  # fmt: skip
    words = [name for name in names if name] + [sentences[key] for key in incident.mentions if key in sentences]
    return " ".join(words).lower()


def _incident(row: sa.Row) -> Incident:
    return Incident(incident_id=row.id, **{name: getattr(row, name) for name in _INCIDENT_FIELDS})


def _tally(row: sa.Row) -> Tally:
    return Tally(
        doc_id=row.doc_id,
        count=row.count,
        qualifier=row.qualifier,
        unit=row.unit,
        evidence=Evidence(row.doc_id, row.evidence_start, row.evidence_end),
        evidence_text=row.evidence,
        target=row.target,
        countries=tuple(row.countries),
        since=row.since,
        as_of=row.as_of,
        speaker=row.speaker,
        spans=_spans(row.doc_id, row.spans),
    )


def _raw_row(raw: tuple[str, Why] | None, decision: Decision) -> list | None:
    """The block pass's decision when it is not the one kept (an unplaced join or a year note changed it)."""
    if raw is None:
        return None
    matched, score, reasons = raw[1]
    if (matched, score, tuple(reasons)) == (decision.matched, decision.score, decision.reasons):
        return None
    return [matched, score, list(reasons)]
