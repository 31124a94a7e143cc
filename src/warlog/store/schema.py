"""The store's tables, in SQLAlchemy Core. Alembic migrations (``migrations/``) build them."""

from __future__ import annotations

import sqlalchemy as sa

metadata = sa.MetaData(
    naming_convention={
        "ix": "ix_%(table_name)s_%(column_0_N_name)s",
        "uq": "uq_%(table_name)s_%(column_0_N_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)

documents = sa.Table(
    "documents",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("doc_id", sa.String(200), nullable=False, unique=True),
    sa.Column("content_hash", sa.String(64), nullable=False, unique=True),
    sa.Column("text", sa.Text, nullable=False),
    sa.Column("published", sa.Date),
    sa.Column("title", sa.Text),
    sa.Column("url", sa.Text),
    sa.Column("source", sa.Text),
    sa.Column("origin", sa.Text),
    sa.Column("language", sa.String(16)),
    sa.Column("extractor_version", sa.String(64)),
    sa.Column("ingested_at", sa.DateTime(timezone=True), nullable=False),
)

# Columns shared by what a document states: where in its text it says so.
def _evidence_columns() -> list[sa.Column]:
    return [
        sa.Column("evidence_start", sa.Integer, nullable=False),
        sa.Column("evidence_end", sa.Integer, nullable=False),
        sa.Column("evidence", sa.Text, nullable=False),
        sa.Column("spans", sa.JSON, nullable=False),  # field -> [start, end]
    ]


events = sa.Table(
    "events",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column(
        "document_id",
        sa.Integer,
        sa.ForeignKey("documents.id", ondelete="CASCADE"),
        nullable=False,
        index=True,
    ),
    sa.Column("ordinal", sa.Integer, nullable=False),
    sa.Column("event_type", sa.String(64), nullable=False),
    sa.Column("sub_event_type", sa.String(64)),
    sa.Column("date", sa.Date, index=True),
    sa.Column("time_precision", sa.SmallInteger),
    sa.Column("actor1", sa.String(200)),
    sa.Column("actor2", sa.String(200)),
    sa.Column("claimed_by", sa.String(200)),
    sa.Column("country", sa.String(2), index=True),
    sa.Column("location", sa.String(200)),
    sa.Column("admin1", sa.String(200)),
    sa.Column("latitude", sa.Float),
    sa.Column("longitude", sa.Float),
    sa.Column("geo_precision", sa.SmallInteger),
    sa.Column("weapons", sa.JSON, nullable=False),
    sa.Column("quantity", sa.Integer),
    sa.Column("outcome", sa.String(16), nullable=False),
    sa.Column("fatalities", sa.Integer),
    sa.Column("injuries", sa.Integer),
    sa.Column("incident", sa.String(200), index=True),
    *_evidence_columns(),
    # migration 0004: what incremental linking reads of the last run (see warlog.increment)
    sa.Column("cluster", sa.String(220), index=True),  # the first mention of its raw cluster
    sa.Column("read_as", sa.Date, index=True),  # a year-suspect's date as linking read it
    sa.Index("ix_events_block_date", "event_type", "country", "date"),
    sa.Index("ix_events_type_date", "event_type", "date"),
)

tallies = sa.Table(
    "tallies",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column(
        "document_id",
        sa.Integer,
        sa.ForeignKey("documents.id", ondelete="CASCADE"),
        nullable=False,
        index=True,
    ),
    sa.Column("ordinal", sa.Integer, nullable=False),
    sa.Column("count", sa.Integer, nullable=False),
    sa.Column("qualifier", sa.String(16), nullable=False),
    sa.Column("unit", sa.String(16), nullable=False),
    sa.Column("target", sa.String(200)),
    sa.Column("countries", sa.JSON, nullable=False),
    sa.Column("since", sa.Date),
    sa.Column("as_of", sa.Date, index=True),
    sa.Column("speaker", sa.String(200)),
    *_evidence_columns(),
)

ingest_log = sa.Table(
    "ingest_log",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("run_id", sa.String(32), nullable=False, index=True),
    sa.Column("at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("origin", sa.Text, nullable=False),
    sa.Column("line", sa.Integer),
    sa.Column("status", sa.String(16), nullable=False),  # stored, duplicate, reprocessed, failed
    sa.Column("reason", sa.Text),
    sa.Column("doc_id", sa.String(200)),
)

# -- linking: incidents across documents ------------------------------------------------

#: a document's MinHash over word shingles, kept so that linking hashes each text once
document_signatures = sa.Table(
    "document_signatures",
    metadata,
    sa.Column(
        "document_id",
        sa.Integer,
        sa.ForeignKey("documents.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    sa.Column("minhash", sa.LargeBinary, nullable=False),
    sa.Column("copy_group", sa.String(200)),  # doc_id of the first of its near-copies
    #: how far (days) a relation its text states can reach from its events' incidents (0: it
    #: states none), see warlog.link.relation_reach (migration 0004)
    sa.Column("relation_days", sa.Integer, index=True),
)

#: a document's MinHash cut into LSH bands, each hashed: the documents that share a band
#: are the candidates for near-copies, found without loading every signature (migration 0004)
document_bands = sa.Table(
    "document_bands",
    metadata,
    sa.Column("document_id", sa.Integer, sa.ForeignKey("documents.id", ondelete="CASCADE"), nullable=False,
              index=True),
    sa.Column("band", sa.BigInteger, nullable=False, index=True),
)

#: where the last linking run stopped: the ingest log and overrides it saw (one row)
link_state = sa.Table(
    "link_state",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("ingest_log_id", sa.Integer, nullable=False),
    sa.Column("override_id", sa.Integer, nullable=False),
    sa.Column("linked_at", sa.DateTime(timezone=True), nullable=False),
)

#: what the browsing aggregates read besides the filtered column (migration 0003)
COVERED = ["date", "event_type", "country", "latitude", "longitude", "fatalities", "id"]
#: the columns the API filters on, each with an index that covers COVERED
FILTERED = ["country", "event_type", "sub_event_type", "grade", "actor1", "actor2"]

incidents = sa.Table(
    "incidents",
    metadata,
    sa.Column("id", sa.String(32), primary_key=True),
    sa.Column("event_type", sa.String(64), nullable=False),
    sa.Column("sub_event_type", sa.String(64)),
    sa.Column("date", sa.Date, index=True),
    sa.Column("time_precision", sa.SmallInteger),
    sa.Column("country", sa.String(2)),
    sa.Column("location", sa.String(200)),
    sa.Column("admin1", sa.String(200)),
    sa.Column("latitude", sa.Float),
    sa.Column("longitude", sa.Float),
    sa.Column("geo_precision", sa.SmallInteger),
    sa.Column("actor1", sa.String(200)),
    sa.Column("actor2", sa.String(200)),
    sa.Column("fatalities", sa.Integer),
    sa.Column("fatalities_low", sa.Integer),
    sa.Column("fatalities_best", sa.Integer),
    sa.Column("fatalities_high", sa.Integer),
    sa.Column("injuries", sa.Integer),
    sa.Column("mentions", sa.Integer, nullable=False),
    sa.Column("documents", sa.Integer, nullable=False),
    sa.Column("sources", sa.Integer, nullable=False),
    sa.Column("grade", sa.String(16), nullable=False),
    #: place, actors, types and the reports' sentences, lower-cased: what a text search reads
    sa.Column("search_text", sa.Text),
    # migration 0003: an index per filter of the API, covering what its aggregates read
    *(sa.Index(f"ix_incidents_{column}_date", column, *(c for c in COVERED if c != column)) for column in FILTERED),
    sa.Index("ix_incidents_date_covered", *COVERED),
    sa.Index("ix_incidents_latitude_longitude", "latitude", "longitude"),
)

#: the map's clusters over all incidents at the far zooms (0 to 7), rebuilt by each linking
#: run, so that the first view of a million incidents reads a few thousand rows
incident_cells = sa.Table(
    "incident_cells",
    metadata,
    sa.Column("zoom", sa.SmallInteger, primary_key=True),
    sa.Column("row_cell", sa.Integer, primary_key=True),
    sa.Column("column_cell", sa.Integer, primary_key=True),
    sa.Column("event_type", sa.String(64), primary_key=True),
    sa.Column("count", sa.Integer, nullable=False),
    sa.Column("fatalities", sa.Integer, nullable=False),
    sa.Column("latitudes", sa.Float, nullable=False),  # sums, for the cluster's mean point
    sa.Column("longitudes", sa.Float, nullable=False),
    sa.Column("south", sa.Float, nullable=False),
    sa.Column("west", sa.Float, nullable=False),
    sa.Column("north", sa.Float, nullable=False),
    sa.Column("east", sa.Float, nullable=False),
    sa.Column("first", sa.String(32), nullable=False),  # the least incident id in the cell
    sa.Column("since", sa.Date),  # the first and last day of its incidents
    sa.Column("until", sa.Date),
)

#: each filter's values over all incidents with their counts, rebuilt by each linking run
incident_facets = sa.Table(
    "incident_facets",
    metadata,
    sa.Column("facet", sa.String(16), primary_key=True),
    sa.Column("value", sa.String(200), primary_key=True),
    sa.Column("count", sa.Integer, nullable=False),
)

#: why each event mention is in its incident: the mention it matched, the score, the reasons
incident_decisions = sa.Table(
    "incident_decisions",
    metadata,
    sa.Column("event_key", sa.String(220), primary_key=True),
    sa.Column("incident_id", sa.String(32), nullable=False, index=True),
    sa.Column("matched", sa.String(220)),
    sa.Column("score", sa.Float, nullable=False),
    sa.Column("reasons", sa.JSON, nullable=False),
    #: the block pass's own decision, when joining an unplaced incident changed it (migration 0004)
    sa.Column("raw", sa.JSON(none_as_null=True)),
)

#: a person's merges and splits, replayed in order on every linking run
incident_overrides = sa.Table(
    "incident_overrides",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("action", sa.String(8), nullable=False),  # merge, split
    sa.Column("keys", sa.JSON, nullable=False),
    sa.Column("apart_from", sa.JSON, nullable=False),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
)

#: "the attacks came a day after US strikes": one incident follows or answers another
incident_relations = sa.Table(
    "incident_relations",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("source", sa.String(32), nullable=False, index=True),
    sa.Column("target", sa.String(32), nullable=False, index=True),
    sa.Column("kind", sa.String(16), nullable=False),  # after, in_response_to
    sa.Column("event_key", sa.String(220), nullable=False),
    sa.Column("cue", sa.Text, nullable=False),
)

# -- watch: the feeds `warlog watch` follows (migration 0004_watch) ----------------------

#: each feed's health and where its polling stands, so that a restart resumes it
feed_state = sa.Table(
    "feed_state",
    metadata,
    sa.Column("name", sa.String(200), primary_key=True),
    sa.Column("url", sa.Text, nullable=False),
    sa.Column("last_poll", sa.DateTime(timezone=True)),
    sa.Column("last_success", sa.DateTime(timezone=True)),
    sa.Column("last_status", sa.String(16)),  # ok, not_modified, failed
    sa.Column("consecutive_errors", sa.Integer, nullable=False),
    sa.Column("last_error", sa.Text),
    sa.Column("next_poll", sa.DateTime(timezone=True)),
    sa.Column("etag", sa.Text),  # the validators of the last copy read whole, for a conditional GET
    sa.Column("last_modified", sa.Text),
    sa.Column("items_seen", sa.Integer, nullable=False),
    sa.Column("documents_stored", sa.Integer, nullable=False),
)

#: every feed item met, by its link (or the feed's id for it): what became of it
feed_items = sa.Table(
    "feed_items",
    metadata,
    sa.Column("key_hash", sa.String(64), primary_key=True),  # SHA-256 of key: links outgrow an index
    sa.Column("key", sa.Text, nullable=False),
    sa.Column("feed", sa.String(200), nullable=False),  # the feed that met it first
    sa.Column("status", sa.String(16), nullable=False),  # stored, duplicate, failed; retry: not done
    sa.Column("attempts", sa.Integer, nullable=False),
    sa.Column("doc_id", sa.String(200)),
    sa.Column("reason", sa.Text),
    sa.Column("seen_at", sa.DateTime(timezone=True), nullable=False),
)

# -- alerts (migration 0005_alerts): saved filters, what each has fired for, its deliveries --

#: a saved filter of incidents with where to send what it finds
alerts = sa.Table(
    "alerts",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("name", sa.String(64), nullable=False, unique=True),
    sa.Column("filters", sa.JSON, nullable=False),  # country, type, actor, grade, q, min_fatalities
    sa.Column("tallies", sa.Boolean, nullable=False),  # also fire when an official count it fits rises
    sa.Column("webhook", sa.Text),
    sa.Column("secret", sa.Text),
    sa.Column("email", sa.Text),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
)

#: what an alert last told of each incident or tally series: it fires again only when this changes as it matters
alert_states = sa.Table(
    "alert_states",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("alert_id", sa.Integer, sa.ForeignKey("alerts.id", ondelete="CASCADE"), nullable=False, index=True),
    sa.Column("kind", sa.String(16), nullable=False),  # incident, series
    sa.Column("subject", sa.String(400), nullable=False),  # the incident id, or the series' name
    sa.Column("keys", sa.JSON, nullable=False),  # an incident's event keys: it is found again if its id changes
    sa.Column("state", sa.JSON, nullable=False),  # what matters, as last told
    sa.Column("fired_at", sa.DateTime(timezone=True), nullable=False),
)

#: each message an alert sends, kept until delivered or given up (an outbox)
alert_deliveries = sa.Table(
    "alert_deliveries",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("alert_id", sa.Integer, sa.ForeignKey("alerts.id", ondelete="CASCADE"), nullable=False, index=True),
    sa.Column("channel", sa.String(16), nullable=False),  # webhook, email
    sa.Column("subject", sa.String(400), nullable=False),
    sa.Column("reasons", sa.JSON, nullable=False),
    sa.Column("body", sa.Text, nullable=False),  # the exact JSON sent (and signed)
    sa.Column("status", sa.String(16), nullable=False, index=True),  # pending, delivered, failed
    sa.Column("attempts", sa.Integer, nullable=False),
    sa.Column("next_attempt_at", sa.DateTime(timezone=True)),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
)

#: every attempt at a delivery and how it went
alert_attempts = sa.Table(
    "alert_attempts",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column(
        "delivery_id", sa.Integer, sa.ForeignKey("alert_deliveries.id", ondelete="CASCADE"), nullable=False, index=True
    ),
    sa.Column("at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("ok", sa.Boolean, nullable=False),
    sa.Column("detail", sa.Text, nullable=False),  # "HTTP 200", "HTTP 503", "connection refused" ...
)
