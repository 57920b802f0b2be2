"""The versioned schema: an older database is migrated on open with its data kept, a newer
one is refused untouched, and stores opening one new database at once agree. On SQLite and
PostgreSQL."""

from __future__ import annotations

import threading

import pytest
import sqlalchemy as sa

from tests.ui.services.classroom.conftest import spec
from ui.services.classroom import ClassError, open_store
from ui.services.classroom.checks import secret_hash
from ui.services.classroom.database import make_engine
from ui.services.classroom.schema import LATEST, MIGRATIONS, VERSION, migrate, version


def test_the_migrations_are_numbered_in_order():
    numbers = [n for n, _ in MIGRATIONS]
    assert numbers == list(range(1, len(numbers) + 1)) and LATEST == numbers[-1] >= 2


def test_a_version_1_database_is_migrated_on_open_and_keeps_its_class(store_url):
    engine = make_engine(store_url)
    assert migrate(engine, upto=1) == 1
    with engine.begin() as conn:  # a class of the old app, written with version 1's tables
        assert not sa.inspect(conn).has_table("publications")
        old = {"code": "ABCDEF", "lesson": "old", "hash": secret_hash("old-key")}
        conn.execute(sa.text("INSERT INTO classes (code, lesson, teacher_hash, created_at) "
                             "VALUES (:code, :lesson, :hash, 0)"), old)  # fmt: skip
    engine.dispose()
    store = open_store(store_url)
    try:
        assert store.check_teacher("ABCDEF", "old-key").lesson == "old"
        token = store.join("ABCDEF", "Ara").token
        store.ask("ABCDEF", "old-key", spec())
        store.publish("ABCDEF", token, b"model", 0.5, 10.0, "new table")
        assert [e.nickname for e in store.board("ABCDEF")] == ["Ara"]
        with store._db.read() as conn:
            assert version(conn) == LATEST
            assert conn.execute(sa.select(sa.func.count()).select_from(VERSION)).scalar() == 1
    finally:
        store.dispose()


def test_a_database_newer_than_the_app_is_refused_untouched(store_url):
    open_store(store_url).dispose()
    engine = make_engine(store_url)
    with engine.begin() as conn:
        conn.execute(sa.update(VERSION).values(version=LATEST + 1))
    with pytest.raises(ClassError) as err:
        open_store(store_url)
    assert err.value.code == "unavailable"
    with engine.begin() as conn:
        assert version(conn) == LATEST + 1
    engine.dispose()


def test_stores_opening_a_new_database_at_once_migrate_it_once(store_url):
    stores, errors = [], []

    def open_one():
        try:
            stores.append(open_store(store_url))
        except Exception as err:  # reported below
            errors.append(err)

    threads = [threading.Thread(target=open_one) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == [] and len(stores) == 4
    info, key = stores[0].create_class("x")
    assert stores[3].check_teacher(info.code, key).code == info.code
    with stores[1]._db.read() as conn:
        assert conn.execute(sa.select(VERSION.c.version)).scalars().all() == [LATEST]
    for store in stores:
        store.dispose()
