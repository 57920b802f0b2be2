"""HAProxy for the lecture hall: find the binary and fill the configuration template."""

from __future__ import annotations

import os
import shutil
import subprocess
import tomllib
from dataclasses import dataclass
from pathlib import Path
from string import Template

TEMPLATE = Path(__file__).with_name("haproxy.cfg.template")
# The sticky-session cookie HAProxy inserts; its value names the replica (r1, r2, ...).
COOKIE = "SEQ2SEQ_REPLICA"
# Upload PUTs allowed at once and in 10 s. To one session: the app's uploaders take at most
# 4 files (a corpus file, a source and a target file, a model), one at a time from a student's
# hand. From one client address (a class behind one NAT address shares it): 30 students each
# uploading a corpus pair in the same 10 s; at once, 4 bodies of at most 56 MiB each, which a
# replica reads whole into memory before it can refuse or store them.
UPLOAD_PARALLEL_SESSION = 2
UPLOAD_RATE_SESSION = 8
UPLOAD_PARALLEL_CLIENT = 4
UPLOAD_RATE_CLIENT = 60
STREAMLIT_CONFIG = Path(__file__).resolve().parent.parent / ".streamlit" / "config.toml"
# Debian installs haproxy in /usr/sbin, which is not on a normal user's PATH.
_SBIN = ("/usr/sbin/haproxy", "/usr/local/sbin/haproxy")
INSTALL_HINT = "sudo apt-get install haproxy (Debian, Ubuntu) or brew install haproxy (macOS)"


def find_haproxy(explicit: str | None = None) -> str | None:
    """The haproxy binary to use: `explicit` (a path or a command name) if given, else
    haproxy on PATH, else Debian's /usr/sbin/haproxy; None when there is none."""
    if explicit is not None:
        if os.sep in explicit:
            return explicit if os.access(explicit, os.X_OK) and Path(explicit).is_file() else None
        return shutil.which(explicit)
    found = shutil.which("haproxy")
    if found:
        return found
    return next((p for p in _SBIN if os.access(p, os.X_OK)), None)


def replica_name(index: int) -> str:
    """The name (and sticky-cookie value) of replica `index` (0-based): r1, r2, ..."""
    return f"r{index + 1}"


def upload_body_bytes(config: Path = STREAMLIT_CONFIG) -> int:
    """The largest upload request body a replica accepts: Streamlit's server.maxUploadSize
    (MiB, in the app's .streamlit/config.toml) plus the 1 MiB it allows for multipart framing."""
    mib = tomllib.loads(config.read_text())["server"]["maxUploadSize"]
    return (mib + 1) * 2**20


HEALTH_PATH = "/_hall/health"  # the hall's health for monitoring, answered by HAProxy


@dataclass(frozen=True)
class Front:
    """What the frontend serves besides the replicas: HTTPS from `certificate` (one PEM
    holding the certificate chain and its key) with plain HTTP on `http_port` redirected to
    it; the health of the scheduler's and the workers' HTTP routes (Dask's /health) on these
    loopback ports, for HEALTH_PATH."""

    certificate: Path | None = None
    http_port: int | None = None
    scheduler_http: int | None = None
    worker_http: tuple[int, ...] = ()


def render_config(
    address: str, port: int, backend_ports: list[int], maxconn: int = 2000,
    front: Front = Front(),
) -> str:  # fmt: skip
    """The HAProxy configuration: a frontend on address:port, one server per replica on
    127.0.0.1, sticky by cookie, health-checked on Streamlit's /_stcore/health; upload PUTs
    over the replicas' size cap or past UPLOAD_PARALLEL_* or UPLOAD_RATE_* are refused;
    HEALTH_PATH answered from the servers' states (_health)."""
    servers = "\n".join(
        f"    server {replica_name(i)} 127.0.0.1:{p} check cookie {replica_name(i)}"
        for i, p in enumerate(backend_ports)
    )
    return Template(TEMPLATE.read_text()).substitute(
        address=address, port=port, maxconn=maxconn, cookie=COOKIE, servers=servers,
        upload_body_bytes=upload_body_bytes(), upload_rate_session=UPLOAD_RATE_SESSION,
        upload_rate_client=UPLOAD_RATE_CLIENT, upload_parallel_session=UPLOAD_PARALLEL_SESSION,
        upload_parallel_client=UPLOAD_PARALLEL_CLIENT,
        tls=f" ssl crt {front.certificate}" if front.certificate else "",
        redirect=_redirect(address, port, front), health=_health(len(backend_ports), front),
        engine=_engine_backends(front),
    )  # fmt: skip


def _redirect(address: str, port: int, front: Front) -> str:
    """A frontend on http_port sending every request to the same place over HTTPS."""
    if not (front.certificate and front.http_port):
        return ""
    target = "https://%[req.hdr(host),field(1,:)]" + ("" if port == 443 else f":{port}")
    return (f"\nfrontend plain_http\n    bind {address}:{front.http_port}\n"
            f"    http-request redirect location {target}%[capture.req.uri] code 301")  # fmt: skip


def _health(replicas: int, front: Front) -> str:
    """The frontend's rules answering HEALTH_PATH: 200 "ok: ..." or 503 "down: ..."."""
    parts = [("replicas", replicas)]
    if front.scheduler_http:
        parts.append(("scheduler", 1))
    if front.worker_http:
        parts.append(("workers", len(front.worker_http)))
    counts = ", ".join(f"{name} %[nbsrv({name})]/{n}" for name, n in parts)
    up = " ".join(f"{{ nbsrv({name}) gt 0 }}" for name, _ in parts)
    return (f"    acl hall_health path {HEALTH_PATH}\n"
            f'    http-request return status 200 content-type text/plain lf-string '
            f'"ok: {counts}" if hall_health {up}\n'
            f'    http-request return status 503 content-type text/plain lf-string '
            f'"down: {counts}" if hall_health')  # fmt: skip


def _engine_backends(front: Front) -> str:
    """Backends that only count: the scheduler's and each worker's Dask /health route."""
    blocks = []
    for name, ports in (("scheduler", [front.scheduler_http] if front.scheduler_http else []),
                        ("workers", list(front.worker_http))):  # fmt: skip
        if not ports:
            continue
        lines = [f"backend {name}", "    option httpchk",
                 "    http-check send meth GET uri /health", "    http-check expect status 200",
                 "    default-server inter 1s fall 2 rise 1"]  # fmt: skip
        lines += [f"    server {name[0]}{i + 1} 127.0.0.1:{p} check" for i, p in enumerate(ports)]
        blocks.append("\n".join(lines))
    return "".join("\n" + b for b in blocks)


def check_config(haproxy: str, path: Path) -> str | None:
    """HAProxy's own check of a configuration file: None when valid, else its message."""
    done = subprocess.run(
        [haproxy, "-c", "-f", str(path)], capture_output=True, text=True, timeout=30
    )
    if done.returncode == 0:
        return None
    return (done.stdout + done.stderr).strip() or f"haproxy -c exited {done.returncode}"


def command(haproxy: str, path: Path) -> list[str]:
    """Run haproxy in the foreground (-db) so that the launcher supervises it."""
    return [haproxy, "-db", "-f", str(path)]
