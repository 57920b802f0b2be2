"""The app as a class meets it: `streamlit run app.py` and a real browser (Debian's chromium
driven by Playwright). Used by bench/run.py; each function returns None where chromium or
Playwright is missing.

- first decode: seconds from `streamlit run` until the explorer shows its translation;
- step navigation: milliseconds from a click on "next" until the next step is on screen
  (server rerun of the step fragment + websocket + browser drawing), median over a decode;
- live training: the issue's classroom check, the everyday-phrases corpus trained with the
  default preset while the browser draws the curves: seconds to "Done" and the accuracy on
  the training phrases that the page reports.
"""

from __future__ import annotations

import re
import shutil
import statistics
import time
from contextlib import contextmanager

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]  # fmt: skip


@contextmanager
def browser_page():
    """A chromium page (1280×900), or None where the browser stack is missing."""
    chromium = shutil.which("chromium")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        chromium = None
    if chromium is None:
        yield None
        return
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.set_default_timeout(60_000)
        try:
            yield page
        finally:
            browser.close()


def first_decode(page, url: str, start: float) -> float:
    page.goto(url)
    page.get_by_text("Translation:").first.wait_for()
    return round(time.perf_counter() - start, 2)


def step_navigation(page, url: str) -> dict:
    """Click "next" through one decode in the decode player (issue 25: in the browser, no
    rerun); time each click until the player's counter says the new step."""
    page.goto(url)
    page.get_by_text("Translation:").first.wait_for()
    page.get_by_role("tab", name="③ Decoder, step by step").click()
    nxt = page.locator("[data-role='next']")
    nxt.wait_for()
    times = []
    for step in range(2, 40):
        if nxt.is_disabled():
            break
        start = time.perf_counter()
        nxt.click()
        page.wait_for_function(
            "s => [...document.querySelectorAll('[data-testid=stBidiComponentIsolated]')]"
            ".some(h => h.shadowRoot?.querySelector('[data-role=root]')?.dataset.step === s)",
            arg=str(step),
        )
        times.append(1000 * (time.perf_counter() - start))
    return {
        "steps": len(times),
        "median_ms": round(statistics.median(times), 1) if times else None,
        "max_ms": round(max(times), 1) if times else None,
    }


def live_training(page, url: str) -> dict:
    """The everyday phrases, default preset, trained while the browser draws every second."""
    page.goto(url + "/train")
    page.get_by_role("button", name="Use the everyday phrases (English → Korean)").click()
    page.get_by_role("button", name="Start training").wait_for()
    start = time.perf_counter()
    page.get_by_role("button", name="Start training").click()
    done = page.get_by_text("Done:").first
    done.wait_for(timeout=300_000)
    wall = round(time.perf_counter() - start, 1)
    learned = page.get_by_text(re.compile(r"of the training pairs")).first.inner_text()
    return {"seconds_click_to_done": wall, "page_says": done.inner_text(), "learned": learned}
