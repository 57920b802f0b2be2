"""A real browser: `streamlit run app.py` headless, Debian's chromium driven by Playwright.

Skipped, with the reason, where chromium or Playwright is missing (`.ci/run` installs
both). Screenshots are saved in tests/artifacts/.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
sync_api = pytest.importorskip("playwright.sync_api", reason="Playwright is not installed")
pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        CHROMIUM is None, reason="chromium is not installed (apt-get install chromium)"
    ),
]
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]  # fmt: skip


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server():
    port = _free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(port),
         "--server.headless", "true", "--server.address", "127.0.0.1"],
        cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        env={**os.environ, "SEQ2SEQ_MAX_RUNS": "1"},
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(120):
            try:
                urllib.request.urlopen(url + "/_stcore/health", timeout=1)
                break
            except OSError:
                time.sleep(0.25)
        else:
            pytest.fail("streamlit did not start within 30 s")
        yield url
    finally:
        proc.terminate()
        proc.wait(10)


@pytest.fixture(scope="module")
def page(server):
    ARTIFACTS.mkdir(exist_ok=True)
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        pg = browser.new_page(viewport={"width": 1280, "height": 900})
        pg.set_default_timeout(30_000)
        yield pg
        browser.close()


def test_step_through_a_decode(server, page):
    page.goto(server)
    page.get_by_text("Translation:").first.wait_for()
    page.get_by_role("tab", name="③ Decoder, step by step").click()
    nxt = page.get_by_role("button", name="next ›")
    nxt.wait_for()
    steps = 0
    for _ in range(30):
        page.wait_for_timeout(400)  # let the fragment redraw
        if nxt.is_disabled():
            break
        try:
            nxt.click(timeout=5_000)
        except sync_api.TimeoutError:
            assert nxt.is_disabled()  # the last step was reached while we waited
            break
        steps += 1
    assert steps >= 3
    page.get_by_text("emitted").first.wait_for()
    page.screenshot(path=str(ARTIFACTS / "explorer_last_step.png"), full_page=True)
    assert page.locator("[data-testid='stException']").count() == 0


def test_upload_the_phrases_and_train_in_the_browser(server, page):
    """Issue 5's classroom check: upload the shipped phrases TSV, train with the default
    preset, watch the curves; the page reports how many training phrases it learned."""
    page.goto(server + "/data")
    page.get_by_text("one file (TSV or CSV)").click()
    tsv = ROOT / "seq2seq_core" / "corpora" / "data" / "en_ko_phrases.tsv"
    page.locator("input[type='file']").first.set_input_files(str(tsv))
    page.get_by_text("pairs read").first.wait_for()
    page.get_by_role("link", name="Train").click()  # in-app navigation keeps the session
    page.get_by_text("en_ko_phrases.tsv").first.wait_for()
    start = time.perf_counter()
    page.get_by_role("button", name="Start training").click()
    page.locator(".js-plotly-plot").first.wait_for()  # the curves, drawn while it trains
    page.get_by_text("Done:").first.wait_for(timeout=120_000)
    seconds = time.perf_counter() - start
    learned = page.get_by_text("of the training pairs").first.inner_text()
    page.screenshot(path=str(ARTIFACTS / "trained.png"), full_page=True)
    print(f"\nuploaded phrases, default preset: done in {seconds:.1f} s; {learned}")
    assert page.locator("[data-testid='stException']").count() == 0
    page.get_by_role("button", name="Open in the explorer").wait_for()
