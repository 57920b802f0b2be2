"""serve.py's refusals, its service unit and its lab PC command (issue 28), without starting a
hall: a busy scheduler port says "Address already in use" and starts nothing; lab mode
without certificates refuses to listen beyond loopback; a missing --certificate is named;
SIGINT stops a serve.py started in the background from a script (which starts it with
SIGINT ignored); the systemd unit passes `systemd-analyze verify` (where systemd is), caps
memory by the sizing formula and is the one in deploy/; the README gives the lab PC the
command serve.py prints. ~10 s."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

import serve
from hall import join, service
from tests.hall.test_serve import ENV, Launch
from tests.support.paths import REPO_ROOT

ROOT = REPO_ROOT


def _serve(*args: str, env: dict[str, str] | None = None, tmp: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [
            sys.executable,
            "serve.py",
            "--address",
            "127.0.0.1",
            "--log-dir",
            str(tmp / "logs"),
            "--tls-dir",
            str(tmp / "tls"),
            *args,
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        env=env or ENV,
    )


def test_a_busy_scheduler_port_is_refused_clearly_at_once(tmp_path):
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        done = _serve("--port", str(_free()), "--scheduler-port", str(port), tmp=tmp_path)
    assert done.returncode == 2, done.stdout + done.stderr
    assert done.stdout.strip() == (
        f"serve: the scheduler cannot listen on 127.0.0.1:{port} (Address already in use): "
        "choose another --scheduler-port"
    )
    assert "Traceback" not in done.stderr and not (tmp_path / "logs").exists()


def _free() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_lab_mode_without_certificates_refuses_to_listen_beyond_loopback(tmp_path):
    no_openssl = {**ENV, "PATH": str(tmp_path / "empty")}  # nothing to make them with
    done = _serve(
        "--port", str(_free()), "--scheduler-host", "0.0.0.0", env=no_openssl, tmp=tmp_path
    )
    assert done.returncode == 2, done.stdout + done.stderr
    assert "lab mode (--scheduler-host 0.0.0.0) needs TLS" in done.stdout
    assert "--tls-ca-file, --tls-cert and --tls-key" in done.stdout
    assert not (tmp_path / "logs").exists()  # nothing started


def test_the_schools_files_are_checked_before_anything_starts(tmp_path):
    done = _serve(
        "--port",
        str(_free()),
        "--scheduler-host",
        "0.0.0.0",
        "--tls-ca-file",
        str(tmp_path / "ca.pem"),
        tmp=tmp_path,
    )
    assert done.returncode == 2 and "give all three of --tls-ca-file" in done.stdout
    done = _serve("--port", str(_free()), "--certificate", str(tmp_path / "x.pem"), tmp=tmp_path)
    assert done.returncode == 2 and f"--certificate {tmp_path / 'x.pem'}: no such" in done.stdout


def test_sigint_stops_a_serve_started_in_the_background_by_a_script(tmp_path):
    """A non-interactive shell starts a background job with SIGINT ignored, and Python then
    installs no handler of its own: serve.py went on after `kill -INT`."""
    script = (
        f"{sys.executable} serve.py --port {_free()} --address 127.0.0.1 --workers 0 "
        f"--replicas 1 --haproxy /nonexistent --log-dir {tmp_path / 'logs'} &\n"
        "echo $!\nwait"
    )
    sh = subprocess.Popen(
        ["sh", "-c", script],
        cwd=ROOT,
        env=ENV,
        text=True,
        stdout=subprocess.PIPE,
        start_new_session=True,
    )
    try:
        pid = int(sh.stdout.readline())
        deadline = time.monotonic() + 120
        # interrupted once it is up: an interrupt during the start is another question (a
        # run of the default suite in two processes once saw serve.py not stop within 60 s
        # when it came right after "starting"; noted, not covered here)
        while not sh.stdout.readline().startswith("serve: ready"):
            assert time.monotonic() < deadline and sh.poll() is None
        ignored = Path(f"/proc/{pid}/status").read_text().split("SigIgn:")[1].split()[0]
        assert int(ignored, 16) & (1 << (signal.SIGINT - 1)) == 0  # serve.py took it back
        os.kill(pid, signal.SIGINT)
        out = sh.communicate(timeout=60)[0]
        assert "serve: stopping" in out and "serve: stopped" in out
    finally:
        if sh.poll() is None:
            os.killpg(sh.pid, signal.SIGKILL)
            sh.wait(10)


def _unit_args(*argv: str) -> tuple[list[str], object]:
    return list(argv), serve.parse_args(list(argv))


def test_the_shipped_unit_is_the_rendered_one():
    argv, args = _unit_args("--replicas", "4", "--workers", "4")
    text = service.unit(
        argv, args, root=Path("/opt/seq2seq"), python="/opt/seq2seq/.venv/bin/python"
    )
    assert (ROOT / "deploy" / "seq2seq-hall.service").read_text() == text
    for line in [
        "User=seq2seq",
        "Restart=on-failure",
        "KillSignal=SIGTERM",
        "LogsDirectory=seq2seq-hall",
        "--log-dir /var/log/seq2seq-hall",
    ]:
        assert line in text, line
    # 4 x 1.41 + 4 x 1.98 + 0.1 GB = 13.66 GB
    assert f"MemoryMax={int(13.66e9 / 2**20) + 1}M" in text


def test_the_sizing_formula_is_the_documented_one():
    assert round(service.hall_memory_gb(2, 2), 1) == 6.9  # docs/lecture-hall.md's example
    doc = (ROOT / "docs" / "lecture-hall.md").read_text()
    assert "R × 1.41 GB + W × 1.98 GB + 0.1 GB" in doc


@pytest.mark.skipif(shutil.which("systemd-analyze") is None, reason="no systemd-analyze here")
def test_the_unit_passes_systemd_analyze_verify(tmp_path):
    done = subprocess.run(
        [
            sys.executable,
            "serve.py",
            "--replicas",
            "2",
            "--workers",
            "2",
            "--port",
            "443",
            "--http-port",
            "80",
            "--certificate",
            "/etc/ssl/school.pem",
            "--systemd-unit",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    unit = tmp_path / "seq2seq-hall.service"
    unit.write_text(done.stdout)
    checked = subprocess.run(
        ["systemd-analyze", "verify", str(unit)], capture_output=True, text=True, timeout=60
    )
    # it reports what it ignores (a bad value, an unknown key) on stderr with exit code 0
    assert checked.returncode == 0 and not checked.stderr.strip(), checked.stderr
    assert "--certificate /etc/ssl/school.pem" in done.stdout
    assert "--systemd-unit" not in done.stdout.split("ExecStart=")[1].split("\n")[0]


def test_the_readme_gives_the_lab_pc_the_command_serve_prints():
    readme = (ROOT / "README.md").read_text() + (ROOT / "docs" / "lecture-hall.md").read_text()
    assert join.join_command("tls://TEACHER-PC:8786") in readme
    assert "dask worker tcp://" not in readme  # the old command without TLS or PYTHONPATH


@pytest.mark.full  # ~60 s: a hall in lab mode and a lab PC's worker from the printed command
def test_a_lab_pc_joins_with_the_printed_command_and_trains(tmp_path):
    launch = Launch("--replicas", "1", "--workers", "1", "--scheduler-host", "0.0.0.0")
    worker = None
    try:
        launch.wait_for("serve: ready", 180)
        command = launch.wait_for("PYTHONPATH=. ", 1).split("serve:   ", 1)[1]
        address = command.split("dask worker ")[1].split()[0]
        assert address.startswith("tls://") and "127.0.0.1" not in address
        lab = tmp_path / "home" / "seq2seq-lab-tls"  # the lab PC's copies of the files
        lab.mkdir(parents=True)
        for name in ("ca.pem", "lab.pem", "lab-key.pem"):
            shutil.copy(launch.state / "tls" / name, lab / name)
        # as typed on the lab PC, in its clone, with this interpreter's environment
        local = command.replace(".venv/bin/dask", str(Path(sys.executable).with_name("dask")))
        log = open(tmp_path / "lab-worker.log", "w")  # noqa: SIM115 (closed below)
        worker = subprocess.Popen(
            ["sh", "-c", local], cwd=ROOT, start_new_session=True, stdout=log,
            stderr=subprocess.STDOUT, env={**ENV, "HOME": str(tmp_path / "home")},
        )  # fmt: skip
        trained = subprocess.run(
            [
                sys.executable,
                "-c",
                _TRAIN_ON_LAB,
                launch.wait_for("scheduler tls://", 1).split("scheduler ")[1].split(";")[0],
            ],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=240,
            env={
                **ENV,
                **{
                    f"SEQ2SEQ_TLS_{k}": str(launch.state / "tls" / f)
                    for k, f in [
                        ("CA_FILE", "ca.pem"),
                        ("CERT", "hall.pem"),
                        ("KEY", "hall-key.pem"),
                    ]
                },
            },
        )
        assert trained.returncode == 0, trained.stdout + trained.stderr
        assert "trained on the lab PC" in trained.stdout, trained.stdout
        joined = (tmp_path / "lab-worker.log").read_text()
        assert "Registered to:" in joined and "refused" not in joined, joined
    finally:
        if worker is not None:
            _stop_group(worker)
            log.close()
        launch.stop()


def _stop_group(proc: subprocess.Popen) -> None:
    """SIGTERM the process group `proc` leads; SIGKILL what is left after 60 s."""
    os.killpg(proc.pid, signal.SIGTERM)
    try:
        proc.wait(60)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(10)


# a client of the hall's scheduler (the replicas' TLS files): waits for the lab PC's worker
# (named by its address, not hall-worker-N) and trains one epoch of a tiny model there
_TRAIN_ON_LAB = """
import sys, time
from distributed import Client
from ui.services import engine

def one_epoch():
    from seq2seq_core.config import TrainConfig
    from seq2seq_core.training.trainer import Trainer
    from tests.support.models import tiny_translator, toy_pairs
    t = Trainer(tiny_translator(), toy_pairs(20), toy_pairs(4, seed=4), TrainConfig(epochs=1))
    return [type(ev).__name__ for ev in t.run()][-1]

c = Client(sys.argv[1], security=engine.security(), timeout=30)
deadline = time.monotonic() + 180
while True:
    lab = [a for a, w in c.scheduler_info()["workers"].items()
           if not str(w.get("name", "")).startswith("hall-worker")]
    if lab or time.monotonic() > deadline:
        break
    time.sleep(0.5)
assert lab, "the lab PC's worker did not join"
done = c.submit(one_epoch, workers=lab, allow_other_workers=False).result(120)
print("trained on the lab PC:", done)
"""


def test_every_environment_variable_is_documented():
    import re

    code = [p for p in ROOT.rglob("*.py") if not {"tests", ".venv", "venv"} & set(p.parts)]
    names = {m for p in code for m in re.findall(r"SEQ2SEQ_[A-Z_]+[A-Z]", p.read_text())}
    names -= {"SEQ2SEQ_REPLICA", "SEQ2SEQ_TLS"}  # HAProxy's cookie; the prefix of three
    assert {"SEQ2SEQ_CACHE_DIR", "SEQ2SEQ_TLS_CERT", "SEQ2SEQ_LOG_DIR"} <= names
    doc = (ROOT / "docs" / "operations.md").read_text()
    assert sorted(n for n in names if f"`{n}`" not in doc) == []
    assert "[docs/operations.md](docs/operations.md)" in (ROOT / "README.md").read_text()


@pytest.mark.full  # ~40 s: a hall behind HTTPS
@pytest.mark.skipif(shutil.which("openssl") is None, reason="no openssl command")
def test_serve_speaks_https_with_the_given_certificate(tmp_path):
    import ssl
    import urllib.request

    from tests.hall.test_haproxy_front import _get

    key, cert, pem = tmp_path / "key.pem", tmp_path / "cert.pem", tmp_path / "school.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
         "-nodes", "-keyout", str(key), "-out", str(cert), "-days", "2", "-subj", "/CN=localhost",
         "-addext", "subjectAltName=IP:127.0.0.1"],
        check=True, capture_output=True,
    )  # fmt: skip
    pem.write_bytes(cert.read_bytes() + key.read_bytes())
    http_port = _free()
    launch = Launch("--replicas", "2", "--workers", "0", "--certificate", str(pem),
                    "--http-port", str(http_port))  # fmt: skip
    try:
        launch.wait_for("serve: ready", 180)
        https = f"https://127.0.0.1:{launch.port}"
        assert f"students open {https}" in launch.output()
        assert f"health for monitoring: {https}/_hall/health" in launch.output()
        school = ssl.create_default_context(cafile=str(cert))
        assert _get(https + "/_hall/health", school)[:2] == (200, "ok: replicas 2/2")
        status, _, headers = _get(f"http://127.0.0.1:{http_port}/train")
        assert (status, headers["location"]) == (301, f"{https}/train")
        with pytest.raises(OSError):
            urllib.request.urlopen(f"http://127.0.0.1:{launch.port}/", timeout=5)
    finally:
        launch.stop()


def test_https_puts_haproxy_even_before_one_replica(tmp_path):
    from hall.launcher import Hall, Plan

    def plan(certificate):
        return Plan(1, 0, 8501, "127.0.0.1", None, "127.0.0.1", 0, "/usr/sbin/haproxy",
                    log_dir=tmp_path, certificate=certificate)  # fmt: skip

    assert not Hall(plan(None), print).proxied  # one replica answers students itself
    https = Hall(plan(tmp_path / "school.pem"), print)
    assert https.proxied and https.front_url() == "https://127.0.0.1:8501"
