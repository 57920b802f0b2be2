"""A real browser keeps the session's language: st.switch_page ("Open in the explorer" after
training) reruns without the browser's widget values, which AppTest imitates only in part.
Needs chromium and Playwright like tests/browser/test_app.py."""

from __future__ import annotations

import pytest

from tests.support.browser import BROWSER_MARKS, CHROMIUM_ARGS, sync_api
from tests.support.browser import CHROMIUM as BROWSER
from tests.support.paths import ARTIFACTS

pytestmark = BROWSER_MARKS


@pytest.mark.full  # long: `python -m pytest -m full`
def test_korean_survives_the_explorer_button_and_the_page_links(server):
    ARTIFACTS.mkdir(exist_ok=True)
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=BROWSER, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1366, "height": 768})
        page.set_default_timeout(60_000)
        page.goto(server)
        page.get_by_text("한국어").first.click(no_wait_after=True)  # the sidebar's language switch
        page.get_by_role("heading", name="토큰 하나씩 디코딩하기").wait_for()
        page.get_by_role("link", name="학습").click(no_wait_after=True)  # a sidebar page link
        page.get_by_role("button", name="생활 표현 사용 (영어 → 한국어)").click(no_wait_after=True)
        page.get_by_text("작고 빠르게", exact=True).click(no_wait_after=True)  # the tiny preset
        page.get_by_role("button", name="학습 시작").click(no_wait_after=True)
        page.get_by_role("button", name="탐색기에서 열기").click(
            timeout=180_000, no_wait_after=True
        )
        page.get_by_role("heading", name="토큰 하나씩 디코딩하기").wait_for()  # switched, Korean
        page.get_by_text("번역 결과").first.wait_for()
        page.screenshot(path=str(ARTIFACTS / "explorer_after_training_ko.png"), full_page=True)
        page.get_by_role("link", name="데이터").click(no_wait_after=True)
        page.get_by_role("heading", name="데이터").wait_for()
        assert page.locator("[data-testid='stException']").count() == 0
        browser.close()
