"""Fixtures of the page tests."""

from __future__ import annotations

import pytest


@pytest.fixture
def class_db(tmp_path, monkeypatch):
    """The class pages' database: a SQLite file of the test's own, no PostgreSQL, no public
    address (ui/state/classroom.py reads them from the environment)."""
    monkeypatch.setenv("SEQ2SEQ_DATA_DIR", str(tmp_path))
    monkeypatch.delenv("SEQ2SEQ_DATABASE_URL", raising=False)
    monkeypatch.delenv("SEQ2SEQ_PUBLIC_URL", raising=False)
    yield tmp_path
