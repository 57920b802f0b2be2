"""What a new browser's first visit costs the server in Streamlit's frontend files (issue 25).

Two servers, each started as the quick start starts: a one-line script under plain
`streamlit run` (Streamlit's own static serving: `FileResponse` per file, uncompressed) and
`streamlit run app.py` (app.py's `st.App` with ui/state/static_assets.py in front: from
memory, gzipped). On each, `--browsers` new browsers, `--parallel` at a time, fetch every
script and style the page names, as a browser asks (`Accept-Encoding: gzip`). Measured: the
server process's CPU (utime + stime from /proc) per browser, the bytes sent per browser and
the wall time; the first pass of each server warms it and is not counted.

    python -m bench.static_assets [--browsers 60] [--parallel 6] [--json out.json]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import tempfile
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from bench.lesson_link_load import cpu_seconds
from tests.support.app_server import serve_app

_ASSET = re.compile(r'(?:src|href)="\.?/?(static/[^"]+\.(?:js|css))"')


def _get(url: str) -> int:
    """Bytes received for `url`, asked as a browser asks."""
    req = urllib.request.Request(url, headers={"Accept-Encoding": "gzip"})
    with urllib.request.urlopen(req, timeout=60) as r:
        return len(r.read())


def measure(url: str, pid: int, browsers: int, parallel: int) -> dict:
    html = urllib.request.urlopen(url + "/", timeout=60).read().decode()
    names = sorted(set(_ASSET.findall(html)))
    with ThreadPoolExecutor(parallel) as pool:
        list(pool.map(_get, (f"{url}/{n}" for n in names)))  # warm: read, compressed once
        time.sleep(1.0)
        cpu, start = cpu_seconds(pid)[0], time.perf_counter()
        sent = sum(pool.map(_get, (f"{url}/{n}" for _ in range(browsers) for n in names)))
        wall, cpu = time.perf_counter() - start, cpu_seconds(pid)[0] - cpu
    return {
        "files": len(names),
        "cpu_ms_per_browser": round(1000 * cpu / browsers, 1),
        "kb_per_browser": round(sent / browsers / 1024, 1),
        "wall_s": round(wall, 2),
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--browsers", type=int, default=60)
    ap.add_argument("--parallel", type=int, default=6, help="browsers fetching at once")
    ap.add_argument("--json", type=Path)
    args = ap.parse_args()
    out = {"browsers": args.browsers, "parallel": args.parallel}
    with tempfile.TemporaryDirectory() as tmp:
        plain = Path(tmp) / "plain.py"
        plain.write_text("import streamlit as st\nst.write('plain')\n")
        for label, script in (("plain streamlit run", str(plain)), ("app.py", "app.py")):
            with serve_app(script=script) as (url, proc):
                out[label] = measure(url, proc.pid, args.browsers, args.parallel)
            print(label, out[label], flush=True)
    out.update(date=time.strftime("%Y-%m-%d %H:%M"), machine=platform.platform(),
               cpus=os.cpu_count(), load=os.getloadavg())  # fmt: skip
    print(json.dumps(out, indent=1))
    if args.json:
        args.json.write_text(json.dumps(out, indent=1))


if __name__ == "__main__":
    main()
