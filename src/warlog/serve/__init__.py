"""Serve: the read-only HTTP API over a store, and the dashboard that uses it."""

from warlog.serve.api import create_app

__all__ = ["create_app"]
