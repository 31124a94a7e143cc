"""Shared fixtures: a real store on SQLite and on PostgreSQL, and the project's extractor.

PostgreSQL tests need the server at 127.0.0.1:5432 (trust auth, user postgres, database
``test``); each test gets a database of its own, dropped afterwards. Without a server
they are skipped with the reason. The news text the tests use is in news.py.

Property-based tests draw the same examples on every run (Hypothesis's "ci" profile), so
that CI judges the code and not the luck of a draw; ``WARLOG_FUZZ=explore`` draws new ones,
to look for failures (each one found becomes a plain regression test).
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator
from functools import cache
from pathlib import Path

import psycopg
import pytest
from hypothesis import settings
from psycopg import sql

from warlog.store import Store

settings.register_profile("ci", derandomize=True, database=None)
settings.register_profile("explore", derandomize=False)
settings.load_profile(os.environ.get("WARLOG_FUZZ", "ci"))

PG_ADMIN = "postgresql://postgres@127.0.0.1:5432/test"
PG_UNAVAILABLE = "no PostgreSQL server at 127.0.0.1:5432"


@cache
def postgres_available() -> bool:
    try:
        with psycopg.connect(PG_ADMIN, connect_timeout=3):
            return True
    except psycopg.OperationalError:
        return False


@pytest.fixture
def pg_url() -> Iterator[str]:
    """A fresh, empty PostgreSQL database of this test's own; dropped afterwards."""
    if not postgres_available():
        pytest.skip(PG_UNAVAILABLE)
    name = f"warlog_t_{secrets.token_hex(6)}"
    with psycopg.connect(PG_ADMIN, autocommit=True) as admin:
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    try:
        yield f"postgresql://postgres@127.0.0.1:5432/{name}"
    finally:
        with psycopg.connect(PG_ADMIN, autocommit=True) as admin:
            admin.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )


@pytest.fixture(
    params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)],
)
def db_url(request: pytest.FixtureRequest, tmp_path) -> str:
    """What a user passes as --db: a SQLite file path, or a PostgreSQL URL."""
    if request.param == "sqlite":
        return str(tmp_path / "warlog.db")
    return request.getfixturevalue("pg_url")


@pytest.fixture
def store(db_url: str) -> Iterator[Store]:
    opened = Store(db_url)
    try:
        yield opened
    finally:
        opened.close()  # before the database is dropped


@pytest.fixture(scope="session")
def extractor():
    """The project's extractor, built once: loading its language model takes seconds."""
    from warlog.extract import build_extractor

    return build_extractor()


@pytest.fixture
def one_extractor(monkeypatch: pytest.MonkeyPatch, extractor) -> None:
    """Commands run in-process use the session's extractor instead of loading their own."""
    from warlog import extract
    from warlog.extract import build_extractor

    def build_once(knowledge=None, **options):
        return extractor if knowledge is None and not options else build_extractor(knowledge, **options)

    monkeypatch.setattr(extract, "build_extractor", build_once)  # the CLI imports it when needed


HOSTILE = Path(__file__).parent / "data" / "hostile.txt"


@pytest.fixture(scope="session")
def demo_db(tmp_path_factory: pytest.TempPathFactory, extractor) -> str:
    """The database ``warlog demo`` makes, plus an article whose text carries markup and scripts."""
    from typer.testing import CliRunner

    from warlog import extract
    from warlog.cli import app

    path = str(tmp_path_factory.mktemp("demo") / "demo.db")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(extract, "build_extractor", lambda knowledge=None, **options: extractor)
        for args in (["demo", "--db", path], ["ingest", str(HOSTILE), "--db", path]):
            result = CliRunner().invoke(app, args)
            assert result.exit_code == 0, result.output
    return path
