"""Lab mode's guard (issue 28), against a real Dask scheduler run in this process with TLS and
the hall's preload, as serve.py starts it: the class CA and certificates are made with
openssl (hall/tls.py); a worker without a certificate, or with one from another authority,
is refused at the TLS handshake and never registers; a worker with the lab PC's certificate
registers and computes; a worker that sends no fingerprint, or another code's, or lacks a
package, is refused at registration with the reason (hall/join.py). ~10 s."""

from __future__ import annotations

import asyncio
import contextlib
import shutil
import subprocess
from pathlib import Path

import pytest

from hall import join, tls

pytestmark = pytest.mark.skipif(shutil.which("openssl") is None, reason="no openssl command")


@pytest.fixture(scope="module")
def files(tmp_path_factory) -> tuple[tls.TlsFiles, tls.TlsFiles]:
    return tls.class_files(tmp_path_factory.mktemp("tls") / "class")


def _security(files: tls.TlsFiles | None, ca: Path, role: str):
    from distributed.security import Security

    kw = {f"tls_{role}_cert": str(files.cert), f"tls_{role}_key": str(files.key)} if files else {}
    return Security(tls_ca_file=str(ca), require_encryption=True, **kw)


async def _join(files, ca, worker_files, wait: float = 20.0) -> tuple[int, str]:
    """Start a TLS scheduler with the preload; a worker with `worker_files` (None: plain
    TCP, no certificate at all) tries to join for up to `wait` s. (workers registered, what
    the worker's start raised or '')."""
    from distributed import Client, Scheduler, Worker

    async with Scheduler(
        protocol="tls",
        host="127.0.0.1",
        port=0,
        dashboard=False,
        security=_security(files, files.ca, "scheduler"),
        preload=["hall.join"],
    ) as s:
        if worker_files is None:  # the README's old `dask worker tcp://...`
            worker = Worker(
                s.address.replace("tls://", "tcp://"),
                nthreads=1,
                dashboard=False,
                preload=["hall.join"],
            )
        else:
            worker = Worker(
                s.address,
                nthreads=1,
                dashboard=False,
                preload=["hall.join"],
                security=_security(worker_files, ca, "worker"),
            )
        error = ""
        try:
            await asyncio.wait_for(worker.start(), wait)
        except TimeoutError:
            error = "timeout"
        except Exception as e:  # refused: Dask wraps the scheduler's answer
            error = f"{type(e).__name__}: {e} {e.__cause__!r}"
        count = len(s.workers)
        if count:
            async with Client(
                s.address, asynchronous=True, security=_security(files, files.ca, "client")
            ) as c:
                assert await c.submit(sum, [1, 2, 3]) == 6
        with contextlib.suppress(Exception):
            await asyncio.wait_for(worker.close(), 10)
        return count, error


def test_the_class_files_are_made_once_and_the_keys_are_private(files, tmp_path):
    hall, lab = files
    assert hall.ca == lab.ca and hall.cert != lab.cert
    for cert in (hall.cert, lab.cert):
        done = subprocess.run(
            ["openssl", "verify", "-CAfile", str(hall.ca), str(cert)],
            capture_output=True,
            text=True,
        )
        assert done.returncode == 0, done.stderr
    for key in (hall.key, lab.key, hall.ca.with_name("ca-key.pem")):
        assert key.stat().st_mode & 0o077 == 0, key
    assert hall.ca.parent.stat().st_mode & 0o077 == 0
    before = hall.cert.read_bytes()
    assert tls.class_files(hall.ca.parent)[0].cert.read_bytes() == before  # kept, not remade


def test_the_schools_files_must_all_be_given(files, tmp_path):
    hall, _ = files
    assert tls.given_files(None, None, None) is None
    with pytest.raises(tls.TlsError, match="all three"):
        tls.given_files(str(hall.ca), str(hall.cert), None)
    with pytest.raises(tls.TlsError, match="cannot read"):
        tls.given_files(str(hall.ca), str(hall.cert), str(tmp_path / "none.pem"))
    assert tls.given_files(str(hall.ca), str(hall.cert), str(hall.key)) == hall


def test_a_worker_with_the_lab_certificate_joins_and_computes(files):
    hall, lab = files
    assert asyncio.run(_join(hall, hall.ca, lab)) == (1, "")


def test_a_worker_without_a_certificate_is_refused(files):
    hall, _ = files
    count, error = asyncio.run(_join(hall, hall.ca, None, wait=6))
    assert count == 0 and error == "timeout"  # it waits at the handshake, never registers


def test_a_worker_with_another_authoritys_certificate_is_refused(files, tmp_path):
    hall, _ = files
    _, stranger = tls.class_files(tmp_path / "other")  # a CA of its own, not the class's
    count, error = asyncio.run(_join(hall, stranger.ca, stranger, wait=6))
    assert count == 0 and error == "timeout"


def test_a_worker_without_the_fingerprint_is_refused_with_the_reason(files, monkeypatch):
    hall, lab = files
    monkeypatch.setattr(join, "dask_setup", _no_fingerprint(join.dask_setup))
    count, error = asyncio.run(_join(hall, hall.ca, lab))
    assert count == 0 and "refused by the lecture hall" in error and "--preload" in error


def _no_fingerprint(setup):
    def only_scheduler(server):
        if type(server).__name__ == "Scheduler":
            setup(server)

    return only_scheduler


def test_a_worker_with_other_code_is_refused_with_the_reason(files, monkeypatch):
    hall, lab = files
    mine = join.fingerprint()
    # the scheduler takes its fingerprint at start, the worker when it registers (later)
    real_setup = join.dask_setup

    def setup(server):
        real_setup(server)
        if type(server).__name__ == "Scheduler":
            other = {**mine, "code": "0" * 16, "commit": "0123456789ab"}
            monkeypatch.setattr(join, "fingerprint", lambda: other)

    monkeypatch.setattr(join, "dask_setup", setup)
    count, error = asyncio.run(_join(hall, hall.ca, lab))
    assert count == 0 and "its code differs from the server" in error
    assert "this PC at 0123456789ab" in error


def test_the_code_digest_sees_a_changed_engine_file(tmp_path):
    shutil.copytree(
        join.ROOT / "seq2seq_core",
        tmp_path / "seq2seq_core",
        ignore=shutil.ignore_patterns("__pycache__"),
    )
    assert join.code_digest(tmp_path) == join.code_digest()
    with open(tmp_path / "seq2seq_core" / "config.py", "a") as f:
        f.write("# one more line\n")
    assert join.code_digest(tmp_path) != join.code_digest()


def test_a_missing_or_other_package_is_named(monkeypatch, tmp_path):
    (tmp_path / "not_installed_here.py").write_text("raise ImportError('no such wheel')\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.setattr(
        join, "WORKER_PACKAGES", (("not_installed_here", "nothere"), ("dask", "dask"))
    )
    theirs = {"code": "c", "commit": "", "packages": join.packages()}
    assert theirs["packages"]["nothere"].startswith("missing (ImportError: no such wheel")
    mine = {"code": "c", "commit": "", "packages": {"nothere": "1.0", "dask": "0.1"}}
    reason = join.mismatch(mine, theirs)
    assert "nothere missing (ImportError: no such wheel) here, 1.0 on the server" in reason
    assert f"dask {theirs['packages']['dask']} here, 0.1 on the server" in reason
    assert join.mismatch(theirs, theirs) == ""


def test_the_worker_packages_are_the_locked_ones():
    lock = (join.ROOT / "requirements.lock").read_text().lower()
    for _, dist in join.WORKER_PACKAGES:
        assert f"\n{dist}==" in lock, dist
