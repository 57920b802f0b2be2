"""The class store on both backends: `store_url` is a new SQLite file or a new PostgreSQL
schema (tests/support/postgres.py starts the server once per session; skipped where the
binaries are missing). `store` is a store on either: a new SQLite file per test, one
PostgreSQL store for the session (tests keep apart by each making its own classes, as
classes in one database do; a PostgreSQL schema's migration takes most of a second under
load). `klass` is a new class in `store` with its teacher key."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from tests.support.postgres import postgres_server  # noqa: F401  (a fixture)
from ui.services.classroom import ClassInfo, ClassStore, QuestionSpec, open_store

BACKENDS = ["sqlite", "postgresql"]
CANDIDATES = ("책을", "신문을", "편지를", "<eos>")
PROBS = (0.55, 0.25, 0.15, 0.05)


def spec(step: int = 2, src: str = "She reads a book.", reference: str | None = "책을",
         candidates: tuple[str, ...] = CANDIDATES, probs: tuple[float, ...] = PROBS,
         ) -> QuestionSpec:  # fmt: skip
    """A question at decoder step `step`, the fed tokens as long as the step."""
    fed = ("<sos>", "그녀는", "매일", "아침")[: max(step, 1)]
    return QuestionSpec(step, src, fed, candidates, probs, candidates[0], reference)


@pytest.fixture(params=BACKENDS)
def store_url(request, tmp_path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path}/classroom.db"
    return request.getfixturevalue("postgres_server").new_database()


@pytest.fixture(scope="session")
def pg_store(postgres_server):  # noqa: F811
    opened = open_store(postgres_server.new_database())
    yield opened
    opened.dispose()


@pytest.fixture(params=BACKENDS)
def store(request, tmp_path):
    if request.param == "postgresql":
        yield request.getfixturevalue("pg_store")
        return
    opened = open_store(f"sqlite:///{tmp_path}/classroom.db")
    yield opened
    opened.dispose()


@dataclass
class Klass:
    store: ClassStore
    info: ClassInfo
    key: str

    @property
    def code(self) -> str:
        return self.info.code


@pytest.fixture
def klass(store) -> Klass:
    info, key = store.create_class("Lesson 3: attention")
    return Klass(store, info, key)
