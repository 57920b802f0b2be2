"""A real PostgreSQL server for tests: `postgres_server`, a session fixture.

It runs Debian's binaries (/usr/lib/postgresql/<version>/bin: initdb, pg_ctl) on a fresh
cluster in a temporary folder, listening on a free port of 127.0.0.1 only (its Unix socket
in that folder), with password authentication and fsync off (a test server: speed, not
durability). PostgreSQL refuses to run as root, so as root the cluster belongs to `nobody`
and its commands run through `runuser`. Each test gets an empty database of its own
(`PostgresServer.new_database`: a schema of its own); the server is stopped and its folder
removed at the end of the session. Where the binaries are missing the tests that need it
are skipped, saying why.
"""

from __future__ import annotations

import atexit
import glob
import itertools
import os
import pwd
import secrets
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

from tests.support.hall import free_port

USER = "classroom"
_names = itertools.count(1)


def pg_bin() -> Path | None:
    """The newest folder of PostgreSQL server binaries installed, or None."""
    for folder in sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True):
        if all((Path(folder) / tool).exists() for tool in ("initdb", "pg_ctl", "postgres")):
            return Path(folder)
    return None


class PostgresServer:
    """A running test cluster: `url(db)` for SQLAlchemy, `new_database()` for a test."""

    def __init__(self, folder: Path, port: int, password: str, run_as: str | None) -> None:
        self.folder, self.port, self.password, self.run_as = folder, port, password, run_as
        self.bin = pg_bin()

    def url(self, database: str = "postgres") -> str:
        return f"postgresql+psycopg://{USER}:{self.password}@127.0.0.1:{self.port}/{database}"

    def run(self, tool: str, *args: str, timeout: float = 60) -> None:
        command = [str(self.bin / tool), *args]
        if self.run_as:
            command = ["runuser", "-u", self.run_as, "--", *command]
        done = subprocess.run(command, capture_output=True, text=True, timeout=timeout)
        if done.returncode:
            log = self.folder / "server.log"
            tail = log.read_text(errors="replace")[-2000:] if log.exists() else ""
            raise RuntimeError(f"{tool} failed: {done.stderr or done.stdout}\n{tail}")

    def new_database(self) -> str:
        """The URL of a new, empty place to hold tables: a schema of its own, made the
        connections' search path (a CREATE DATABASE takes about a second, a schema a
        millisecond). To the store it is an empty database."""
        import psycopg
        from psycopg import sql

        name = f"t{os.getpid()}_{next(_names)}"
        dsn = f"host=127.0.0.1 port={self.port} user={USER} password={self.password}"
        with psycopg.connect(dsn + " dbname=postgres", autocommit=True) as conn:
            conn.execute(sql.SQL("CREATE SCHEMA {}").format(sql.Identifier(name)))
        return f"{self.url()}?options=-csearch_path%3D{name}"

    def stop(self) -> None:
        if (self.folder / "data" / "postmaster.pid").exists():
            self.run("pg_ctl", "-D", str(self.folder / "data"), "-m", "immediate", "-w", "stop")
        shutil.rmtree(self.folder, ignore_errors=True)


def _unprivileged() -> tuple[str | None, int, int]:
    """Who runs the server: (runuser's user or None for ourselves, uid, gid)."""
    if os.geteuid() != 0:
        return None, os.geteuid(), os.getegid()
    nobody = pwd.getpwnam("nobody")
    return "nobody", nobody.pw_uid, nobody.pw_gid


def start_postgres() -> PostgresServer:
    """Make a cluster in a new temporary folder and start it (a few seconds)."""
    run_as, uid, gid = _unprivileged()
    folder = Path(tempfile.mkdtemp(prefix="seq2seq-pg-"))  # 0700
    os.chown(folder, uid, gid)
    password = secrets.token_hex(16)
    pwfile = folder / "pw"
    pwfile.write_text(password)
    os.chown(pwfile, uid, gid)
    server = PostgresServer(folder, free_port(), password, run_as)
    data = str(folder / "data")
    server.run("initdb", "-D", data, "-U", USER, f"--pwfile={pwfile}", "-A", "scram-sha-256",
               "-E", "UTF8", "--locale=C", "--no-sync", "--no-instructions")  # fmt: skip
    options = (f"-c listen_addresses=127.0.0.1 -p {server.port} -k {folder} -c fsync=off "
               "-c synchronous_commit=off -c full_page_writes=off")  # fmt: skip
    server.run("pg_ctl", "-D", data, "-l", str(folder / "server.log"), "-w", "-t", "60",
               "-o", options, "start")  # fmt: skip
    atexit.register(server.stop)  # a session that ends without the fixture's teardown
    return server


@pytest.fixture(scope="session")
def postgres_server():
    """A PostgreSQL server for the session (each pytest-xdist worker starts its own); the
    tests using it are skipped, with the reason, where the binaries are not installed."""
    if pg_bin() is None:
        pytest.skip("PostgreSQL server binaries not found in /usr/lib/postgresql/*/bin")
    if os.geteuid() == 0 and shutil.which("runuser") is None:
        pytest.skip("running as root and runuser is missing: PostgreSQL refuses to run as root")
    server = start_postgres()
    yield server
    server.stop()
