"""The lecture page in chromium (issue 18): the presenter's clicker keys step it, and at
1366x768 with large text it fits without a scroll bar, in English and in Korean. Since issue
25 the decode player steps it in the browser (tests/browser/test_player.py tests the player
itself). Screenshots: tests/artifacts/lecture_en.png and lecture_ko.png."""

from __future__ import annotations

import pytest

from tests.support.app_server import serve_app
from tests.support.browser import BROWSER_MARKS
from tests.support.paths import ARTIFACTS
from tests.support.player_browser import step_of

pytestmark = BROWSER_MARKS
# Every box that could scroll: the document and Streamlit's own scrolling containers.
OVERFLOW_JS = """() => {
  const boxes = [document.documentElement, document.body,
    ...document.querySelectorAll("[data-testid='stMain'], [data-testid='stAppViewContainer'],"
      + " [data-testid='stAppScrollToBottomContainer'], section.main")];
  return boxes.map(b => b.scrollHeight - b.clientHeight).filter(d => d > 1);
}"""


@pytest.fixture(scope="module")
def server():
    with serve_app(max_runs=1) as (url, _proc):
        yield url


def _open(browser, url: str):
    page = browser.new_page(viewport={"width": 1366, "height": 768})
    page.set_default_timeout(40_000)
    page.goto(url)
    page.locator("[data-role='story'] svg").wait_for()
    return page


def _wait_step(page, want: int) -> None:
    for _ in range(60):
        if step_of(page) == want:
            return
        page.wait_for_timeout(50)
    assert step_of(page) == want


@pytest.mark.full  # ~25 s; the player's keys are stepped in the default run by
# tests/browser/test_player.py (the lesson file, and the app's own page sending nothing)
def test_clicker_keys_step_the_lecture(server, browser):
    page = _open(browser, server + "/lecture")
    assert step_of(page) == 1
    page.keyboard.press("ArrowRight")
    _wait_step(page, 2)
    page.keyboard.press("PageDown")
    _wait_step(page, 3)
    page.keyboard.press("PageUp")
    _wait_step(page, 2)
    page.keyboard.press("ArrowLeft")
    _wait_step(page, 1)
    assert page.locator("[data-testid='stException']").count() == 0
    page.close()


@pytest.mark.parametrize("lang", ["en", pytest.param("ko", marks=pytest.mark.full)])
def test_one_screen_at_1366x768_in_large_text(server, browser, lang):
    """At a decoder step of the attention model (the tallest view), teacher mode's large
    text, no box scrolls."""
    page = _open(browser, f"{server}/lecture?teacher=1&lang={lang}&lecture=14")
    page.locator("[data-role='detail'] .pl-topk").wait_for()
    page.wait_for_timeout(1000)  # let fonts settle
    page.screenshot(path=str(ARTIFACTS / f"lecture_{lang}.png"))
    assert page.evaluate("getComputedStyle(document.documentElement).fontSize") == "20px"
    assert page.evaluate(OVERFLOW_JS) == []
    assert page.locator("[data-testid='stException']").count() == 0
    # the download button's label whole beside the open sidebar (it was cut to "Download this l…")
    cut = page.locator("[data-testid='stMain'] [data-testid='stPopoverButton']").evaluate(
        "b => [b, ...b.querySelectorAll('*')].filter(e => e.scrollWidth > e.clientWidth + 1)"
        ".map(e => e.textContent)"
    )
    assert cut == [], cut
    page.close()
