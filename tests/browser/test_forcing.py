"""Issue 18, "force from the tree", in a real browser: a click on a softmax bar that is not
the argmax forces that token at the step, and the forced translation appears beside the
original. AppTest cannot click the player's bars; chromium can."""

from __future__ import annotations

import pytest

from tests.support.app_server import serve_app
from tests.support.browser import BROWSER_MARKS, CHROMIUM, CHROMIUM_ARGS, sync_api
from tests.support.paths import ARTIFACTS

pytestmark = BROWSER_MARKS


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


@pytest.mark.full  # its own server and chromium: ~25-40 s
def test_clicking_a_softmax_bar_that_is_not_the_argmax_forces_it(page):
    """The decode player's softmax rows are buttons (issue 25): a click sends the token to
    the server, which decodes again with it forced; the player shows both decodes."""
    page.get_by_text("Translation:").first.wait_for()
    original = page.get_by_role("heading", name="Translation:").first.inner_text()
    page.get_by_role("tab", name="③ Decoder, step by step").click()
    rows = page.locator("[data-role='detail'] .pl-topk button.pl-row")
    rows.first.wait_for()
    page.get_by_text("Click a bar to force that token").first.wait_for()
    rows.nth(1).click()
    block = page.locator("[data-role='forced']")
    block.locator(".pl-cmp").first.wait_for()
    text = block.inner_text()
    assert "Forced" in text and "at step 1" in text and text.count("log p =") == 2
    forced_line = next(line for line in text.splitlines() if line.startswith("forced"))
    print(f"\n{original}\n{text}")
    assert original.split(":", 1)[1].strip() not in forced_line or "does not change" in text
    # the forced token is marked in the softmax and in the story
    assert page.locator(".pl-topk button.pl-row.pl-forced").count() == 1
    assert page.locator("[data-role='story'] text.pl-forced").count() == 1
    page.screenshot(path=str(ARTIFACTS / "forced_from_softmax.png"), full_page=True)
    assert page.locator("[data-testid='stException']").count() == 0
