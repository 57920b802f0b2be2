"""Issue 18, "force from the tree", in a real browser: a click on a softmax bar that is not
the argmax forces that token at the step, and the forced translation appears beside the
original. AppTest cannot click a chart's points; chromium can."""

from __future__ import annotations

import pytest
from app_server import serve_app
from test_browser import ARTIFACTS, CHROMIUM, CHROMIUM_ARGS, sync_api

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        CHROMIUM is None, reason="chromium is not installed (apt-get install chromium)"
    ),
]


@pytest.fixture(scope="module")
def page():
    ARTIFACTS.mkdir(exist_ok=True)
    with serve_app(max_runs=1) as (url, _proc), sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        pg = browser.new_page(viewport={"width": 1280, "height": 900})
        pg.set_default_timeout(30_000)
        pg.goto(url)
        yield pg
        browser.close()


def _click_bar(page, chart, rank: int) -> None:
    """Click the row of the `rank`-th most probable token (0: the argmax), in the middle of
    the chart: the bars are drawn bottom-up (the argmax on top), and a bar of a tiny
    probability is a one-pixel sliver, so the row must take the click."""
    chart.scroll_into_view_if_needed()
    bars = chart.locator("g.trace.bars").first.locator("path")
    boxes = sorted((bars.nth(i).bounding_box() for i in range(bars.count())), key=lambda b: b["y"])
    box = boxes[rank]
    assert box["width"] < 30  # a sliver: the click goes beside it, in its row
    plot = chart.locator("rect.nsewdrag").first.bounding_box()
    page.mouse.move(plot["x"] + plot["width"] / 2, box["y"] + box["height"] / 2)
    page.mouse.click(plot["x"] + plot["width"] / 2, box["y"] + box["height"] / 2)


@pytest.mark.full  # its own server and chromium: ~25-40 s
def test_clicking_a_softmax_bar_that_is_not_the_argmax_forces_it(page):
    page.get_by_text("Translation:").first.wait_for()
    original = page.get_by_role("heading", name="Translation:").first.inner_text()
    page.get_by_role("tab", name="③ Decoder, step by step").click()
    chart = page.locator(".js-plotly-plot", has_text="greedy choice").first  # "argmax →" may wrap
    chart.wait_for()
    page.get_by_text("Click a bar to force that token").first.wait_for()
    _click_bar(page, chart, 1)
    result = page.get_by_text("original (greedy)").first
    result.wait_for()
    block = result.locator("xpath=ancestor::*[@data-testid='stMarkdownContainer']").first
    text = block.inner_text()
    assert "Forced" in text and "at step 1" in text and text.count("log p =") == 2
    forced_line = next(line for line in text.splitlines() if line.startswith("forced"))
    print(f"\n{original}\n{text}")
    assert original.split(":", 1)[1].strip() not in forced_line or "does not change" in text
    # the chart now marks the forced token in its own colour, with its own label
    page.screenshot(path=str(ARTIFACTS / "forced_from_softmax.png"), full_page=True)
    assert page.locator("[data-testid='stException']").count() == 0
