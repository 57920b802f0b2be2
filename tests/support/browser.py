"""Debian's chromium through Playwright, for the browser tests: where it is, how it starts,
and the marks that skip a module, with the reason, where either is missing."""

from __future__ import annotations

import shutil
import time

import pytest

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


sync_api = pytest.importorskip("playwright.sync_api", reason="Playwright is not installed")


BROWSER_MARKS = [
    pytest.mark.browser,
    pytest.mark.skipif(
        CHROMIUM is None, reason="chromium is not installed (apt-get install chromium)"
    ),
]


CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]  # fmt: skip

# Until the app has finished a run: Streamlit's "running" widget is gone, no chart is still
# being drawn (plotly replaces its placeholder with an svg), no element is a placeholder.
SETTLED = """() => !document.querySelector("[data-testid='stStatusWidget']")
  && [...document.querySelectorAll('.stPlotlyChart')].every(c => c.querySelector('.main-svg'))
  && !document.querySelector("[data-testid='stSkeleton']")"""


def settle(page, calm_ms: int = 600) -> None:
    """Wait until the page has been settled for `calm_ms` in a row, as a person waits for
    a page to stop changing before pressing a button: a page's first runs follow each other
    (a component's first message is a run), and a click in the first second of a new page
    was seen lost in chromium under load."""
    quiet, deadline = 0, time.monotonic() + 60
    while quiet < calm_ms and time.monotonic() < deadline:
        page.wait_for_function(SETTLED, timeout=max(deadline - time.monotonic(), 0.1) * 1000)
        page.wait_for_timeout(100)
        quiet = quiet + 100 if page.evaluate(SETTLED) else 0
