"""The README's two screenshots, taken as a teacher sees the app: the Lecture page in teacher
mode at a decoder step, and the Decode page's decoder view (③), both at 1366x768 in Debian's
chromium. `full`: it writes them to tests/artifacts/, and with SEQ2SEQ_UPDATE_SCREENSHOTS=1
over docs/img/lecture.png and docs/img/decode.png, to be committed with the change that
altered the pages (a plain full run leaves the tracked images alone)."""

from __future__ import annotations

import os

import pytest

from tests.support.browser import BROWSER_MARKS, CHROMIUM, CHROMIUM_ARGS, sync_api
from tests.support.paths import ARTIFACTS, REPO_ROOT

pytestmark = [*BROWSER_MARKS, pytest.mark.full]
IMG = REPO_ROOT / "docs" / "img" if os.environ.get("SEQ2SEQ_UPDATE_SCREENSHOTS") else ARTIFACTS
VIEWPORT = {"width": 1366, "height": 768}


def _settled(page) -> None:
    page.locator("[data-role='story'] svg").first.wait_for()
    page.wait_for_timeout(2500)  # fonts, plotly and the player's first transition


def test_the_readme_screenshots(server):
    IMG.mkdir(parents=True, exist_ok=True)
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport=VIEWPORT)
        page.set_default_timeout(60_000)
        page.goto(f"{server}/lecture?teacher=1&lang=en&lecture=14")
        _settled(page)
        page.screenshot(path=str(IMG / "lecture.png"))
        page.goto(f"{server}/?lang=en&step=3")
        page.get_by_role("tab", name="③").first.click()
        _settled(page)
        # the player at the top of the screen: what a student sees after scrolling to it
        page.locator("[data-role='root']").first.evaluate("e => e.scrollIntoView({block: 'start'})")
        page.wait_for_timeout(800)
        page.screenshot(path=str(IMG / "decode.png"))
        browser.close()
    for name in ("lecture.png", "decode.png"):
        assert (IMG / name).stat().st_size > 20_000, name  # a drawn page, not a blank one
