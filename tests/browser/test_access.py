"""The students' side in chromium (issue 27): the page's language and title follow the
interface, a swipe over a chart scrolls the page on a phone, the controls a student taps
are big enough, keyboard-only stepping, and axe-core finds nothing serious. One server and
one chromium for the module; the walk over every page in both languages is `full`."""

from __future__ import annotations

import pytest

from tests.support.browser import BROWSER_MARKS, CHROMIUM, CHROMIUM_ARGS, sync_api

pytestmark = BROWSER_MARKS

PHONE = dict(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True,
             device_scale_factor=2)  # fmt: skip
LAPTOP = dict(viewport={"width": 1366, "height": 768})


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


def _open(browser, url: str, **context):
    page = browser.new_context(**(context or LAPTOP)).new_page()
    page.set_default_timeout(60_000)
    page.goto(url)
    page.locator("h1").first.wait_for()
    return page


def _lang_and_title(page) -> list[str]:
    return page.evaluate("[document.documentElement.lang, document.title]")


def test_the_pages_language_and_title_follow_the_interface(server, browser):
    """A lesson link in Korean opens a Korean document; the sidebar's switch turns it back
    to English and the title follows the page."""
    page = _open(browser, server + "/data?lang=ko")
    sync_api.expect(page.locator("html")).to_have_attribute("lang", "ko")
    sync_api.expect(page).to_have_title("데이터 · 어텐션을 쓰는 Seq2seq")
    page.get_by_text("English", exact=True).first.click()
    sync_api.expect(page.locator("html")).to_have_attribute("lang", "en")
    sync_api.expect(page).to_have_title("Data · Seq2seq with attention")
    page.get_by_role("link", name="Train").click()
    sync_api.expect(page).to_have_title("Train · Seq2seq with attention")
    page.get_by_text("한국어", exact=True).first.click()
    sync_api.expect(page.locator("html")).to_have_attribute("lang", "ko")
    sync_api.expect(page).to_have_title("학습 · 어텐션을 쓰는 Seq2seq")
    page.context.close()
