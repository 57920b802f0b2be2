"""HAProxy for the lecture hall: find the binary and fill the configuration template."""

from __future__ import annotations

import os
import shutil
import subprocess
import tomllib
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


def render_config(address: str, port: int, backend_ports: list[int], maxconn: int = 2000) -> str:
    """The HAProxy configuration: a frontend on address:port, one server per replica on
    127.0.0.1, sticky by cookie, health-checked on Streamlit's /_stcore/health; upload PUTs
    over the replicas' size cap or past UPLOAD_PARALLEL_* or UPLOAD_RATE_* are refused."""
    servers = "\n".join(
        f"    server {replica_name(i)} 127.0.0.1:{p} check cookie {replica_name(i)}"
        for i, p in enumerate(backend_ports)
    )
    return Template(TEMPLATE.read_text()).substitute(
        address=address, port=port, maxconn=maxconn, cookie=COOKIE, servers=servers,
        upload_body_bytes=upload_body_bytes(), upload_rate_session=UPLOAD_RATE_SESSION,
        upload_rate_client=UPLOAD_RATE_CLIENT, upload_parallel_session=UPLOAD_PARALLEL_SESSION,
        upload_parallel_client=UPLOAD_PARALLEL_CLIENT,
    )  # fmt: skip


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
