"""Time to the first useful screen of a lesson link on a phone (issue 27): `streamlit run
app.py`, then chromium at 390x844 with touch opens a Decode and a Lecture lesson link in a
fresh context, several rounds; seconds from the request until the page's heading, until the
step the link names is on screen (the decode player's root says its step), and until the
script run is over (Streamlit's running indicator gone).

    python -m bench.phone_first_screen --rounds 3
"""

from __future__ import annotations

import argparse
import os
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlencode

from bench.browser import CHROMIUM_ARGS

ROOT = Path(__file__).resolve().parent.parent
SENTENCE = "i have a meeting tomorrow"
LINKS = {
    "decode": "/?" + urlencode(dict(model="en-ko-attention", sentence=SENTENCE, step=3, lang="ko")),
    "lecture": "/lecture?"
    + urlencode(dict(model="en-ko-attention", sentence=SENTENCE, lecture=6, lang="ko")),
}
PHONE = dict(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True,
             device_scale_factor=2)  # fmt: skip
STEP_JS = (
    "() => [...document.querySelectorAll('[data-testid=stBidiComponentIsolated]')]"
    ".some(e => e.shadowRoot && e.shadowRoot.querySelector('[data-role=root][data-step]'))"
)


def _serve() -> tuple[str, subprocess.Popen]:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(port),
         "--server.headless", "true", "--server.address", "127.0.0.1"],
        cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=dict(os.environ),
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    for _ in range(240):
        try:
            urllib.request.urlopen(url + "/_stcore/health", timeout=1)
            return url, proc
        except OSError:
            time.sleep(0.25)
    proc.kill()
    raise SystemExit("streamlit did not start")


def one_visit(browser, url: str) -> dict[str, float]:
    """Seconds to the heading, to the player's step, to the end of the script run."""
    context = browser.new_context(**PHONE)
    page = context.new_page()
    page.set_default_timeout(120_000)
    start = time.perf_counter()
    page.goto(url)
    page.locator("h1").first.wait_for(state="attached")
    heading = time.perf_counter() - start
    page.wait_for_function(STEP_JS, polling=50)
    step = time.perf_counter() - start
    page.locator("[data-testid=stStatusWidget]").wait_for(state="detached")
    settled = time.perf_counter() - start
    context.close()
    return {"heading": heading, "step": step, "settled": settled}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    url, proc = _serve()
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
            one_visit(browser, url + LINKS["decode"])  # the server's first run loads models
            print(f"load average before: {os.getloadavg()}")
            for name, link in LINKS.items():
                runs = [one_visit(browser, url + link) for _ in range(args.rounds)]
                cells = {k: [r[k] for r in runs] for k in runs[0]}
                print(name, {k: f"median {statistics.median(v):.1f} s, max {max(v):.1f} s"
                             for k, v in cells.items()})  # fmt: skip
            print(f"load average after: {os.getloadavg()}")
            browser.close()
    finally:
        proc.terminate()
        proc.wait(60)


if __name__ == "__main__":
    main()
