"""The HTTP API fuzzed from its own OpenAPI schema (Schemathesis) over the demo database.

Each operation gets Schemathesis's coverage cases (bounds, enum values, other HTTP methods) and a
bounded, derandomized run of generated requests: positive ones, which the schema allows, and
negative ones, which it refuses. Every answer must be no 5xx, with a status
code and a content type the schema documents and a body its response model describes (the
models forbid undocumented fields). A request the schema allows may still be refused with a
documented 400 when only the server can tell (a 30 February, since after until, an unknown
type) but never with a 422; a request the schema refuses must get a 4xx. Then every incident
and document stored, and every value the facets offer, is asked for and checked the same way,
so the detail pages are checked on real data too. A failure prints the request to replay.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
import schemathesis
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis import GenerationMode
from schemathesis.config import SchemathesisConfig
from schemathesis.schemas import BaseSchema

from warlog.serve import create_app

#: generated requests per operation and mode: enough to reach every parameter, small enough for CI
EXAMPLES = 25
OPERATIONS = [
    "GET /api/incidents",
    "GET /api/incidents/{incident_id}",
    "GET /api/events",
    "GET /api/tallies",
    "GET /api/stats",
    "GET /api/map",
    "GET /api/facets",
    "GET /api/documents/{doc_id}",
    "GET /api/alerts/{name}.atom",
]
#: an endless stream, which a generated request would wait on for ever: tests/test_live.py reads it
#: from a real server instead
NOT_FUZZED = ["GET /api/stream"]
#: the operations with query parameters: the others have no request the schema refuses
WITH_QUERY = ["GET /api/incidents", "GET /api/events", "GET /api/stats", "GET /api/map", "GET /api/facets"]
#: what a request the schema allows may get: a page, a 400 the server alone can tell, an unknown id
ALLOWED_ANSWERS = ["2xx", 400, 404]


@pytest.fixture(scope="module")
def app(demo_db: str):
    return create_app(demo_db)


@pytest.fixture(scope="module")
def api(app) -> BaseSchema:
    config = SchemathesisConfig.from_dict(
        {"checks": {"positive_data_acceptance": {"expected-statuses": ALLOWED_ANSWERS}}}
    )
    return schemathesis.openapi.from_asgi("/openapi.json", app, config=config)


@pytest.fixture(scope="module")
def client(app) -> Iterator[TestClient]:
    with TestClient(app) as opened:
        yield opened


def test_every_operation_of_the_schema_is_fuzzed(api: BaseSchema) -> None:
    operations = [result.ok() for result in api.get_all_operations()]
    assert sorted(op.label for op in operations) == sorted(OPERATIONS + NOT_FUZZED)
    assert sorted(op.label for op in operations if len(op.query)) == sorted(WITH_QUERY)


def fuzz(api: BaseSchema, label: str, mode: GenerationMode) -> None:
    """Run ``EXAMPLES`` generated requests against one operation (its only one, if it takes no parameter)."""
    operation = api.find_operation_by_label(label)
    assert operation is not None, label
    ran = []

    @given(case=operation.as_strategy(generation_mode=mode))
    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        derandomize=True,
        database=None,
        phases=[Phase.explicit, Phase.generate, Phase.shrink],
        suppress_health_check=[HealthCheck.too_slow],  # generating from patterns is slow on a busy machine
    )
    def check(case) -> None:
        ran.append(case)
        case.call_and_validate()

    check()
    assert len(ran) == (EXAMPLES if len(operation.query) + len(operation.path_parameters) else 1)


@pytest.mark.parametrize("label", OPERATIONS)
def test_requests_the_schema_allows_get_documented_answers(api: BaseSchema, label: str) -> None:
    fuzz(api, label, GenerationMode.POSITIVE)


@pytest.mark.parametrize("label", WITH_QUERY)
def test_requests_the_schema_refuses_get_a_documented_4xx(api: BaseSchema, label: str) -> None:
    fuzz(api, label, GenerationMode.NEGATIVE)


@pytest.mark.parametrize("label", OPERATIONS)
def test_boundary_values_and_other_methods_get_documented_answers(api: BaseSchema, label: str) -> None:
    """Schemathesis's coverage cases: each bound and its neighbour, each enum value, empty and missing
    values, and every other HTTP method (a 405 that names the allowed ones)."""
    operation = api.find_operation_by_label(label)
    assert operation is not None, label
    generation = api.config.generation_for(operation=operation)
    cases = api.iter_coverage_cases(operation, generation_modes=list(GenerationMode), generation_config=generation)
    methods = set()
    for case in cases:
        case.call_and_validate()
        methods.add(case.method.upper())
    assert {"GET", "POST", "DELETE"} <= methods


def validate(api: BaseSchema, label: str) -> Callable[..., int]:
    operation = api.find_operation_by_label(label)
    assert operation is not None, label

    def call(**parts) -> int:
        return operation.Case(**parts).call_and_validate().status_code

    return call


def test_every_stored_incident_and_document_answers_as_documented(api: BaseSchema, client: TestClient) -> None:
    incident, document = validate(api, "GET /api/incidents/{incident_id}"), validate(api, "GET /api/documents/{doc_id}")
    items = client.get("/api/incidents", params={"limit": 1000}).json()["items"]
    documents = set()
    for item in items:
        assert incident(path_parameters={"incident_id": item["id"]}) == 200
        for report in client.get(f"/api/incidents/{item['id']}").json()["reports"]:
            documents.add(report["doc_id"])
    assert len(items) > 5 and len(documents) > 2
    for doc_id in sorted(documents):
        assert document(path_parameters={"doc_id": doc_id}) == 200


def test_every_value_the_facets_offer_answers_as_documented(api: BaseSchema, client: TestClient) -> None:
    facets = client.get("/api/facets").json()
    queries = [{"format": name} for name in ("csv", "geojson", "jsonl")] + [
        {parameter: entry["value"]}
        for parameter, facet in (("country", "countries"), ("type", "types"), ("type", "sub_event_types"),
                                 ("grade", "grades"), ("actor", "actors"))  # fmt: skip
        for entry in facets[facet]
    ]
    assert len(queries) > 10
    for label in ("GET /api/incidents", "GET /api/stats", "GET /api/map", "GET /api/facets"):
        call = validate(api, label)
        for query in queries:
            if "format" not in query or label == "GET /api/incidents":
                assert call(query=query) == 200, (label, query)
    events = validate(api, "GET /api/events")
    for query in queries:
        if {"country", "type"} & set(query):
            assert events(query=query) == 200, query


def test_a_saved_alerts_feed_answers_as_documented(api: BaseSchema, demo_db: str) -> None:
    from warlog import alerts
    from warlog.store import Store

    feed = validate(api, "GET /api/alerts/{name}.atom")
    with Store(demo_db) as store:
        alerts.add(store, alerts.new_alert("fuzz-iq", country=["IQ"]))
        try:
            assert feed(path_parameters={"name": "fuzz-iq"}) == 200
            assert feed(path_parameters={"name": "fuzz-none"}) == 404
        finally:
            alerts.remove(store, "fuzz-iq")  # the demo database is shared by the session's tests
