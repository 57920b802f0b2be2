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


@pytest.mark.full  # its own server and chromium: ~20-40 s
def test_the_file_uploader_speaks_korean_in_chromium(server):
    """Streamlit's drop zone writes "Upload" and "5MB per file • TSV, TXT, CSV" in English:
    in Korean the line is hidden, the button reads 파일 올리기 and a caption gives the limit."""
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=BROWSER, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1366, "height": 768})
        page.set_default_timeout(90_000)
        page.goto(server + "/data?lang=ko")
        page.get_by_text("파일 하나 (TSV", exact=False).first.click(no_wait_after=True)
        zone = page.locator('[data-testid="stFileUploaderDropzone"]').first
        zone.wait_for()
        shown = zone.inner_text()  # the icon's ligature ("upload") is the only Latin text
        assert "Upload" not in shown and "per file" not in shown, shown
        label = zone.locator('button [data-testid="stMarkdownContainer"] p').first
        word = label.evaluate("p => getComputedStyle(p, '::after').content")
        assert word == '"파일 올리기"', word
        page.get_by_text("파일 하나에 최대 5MB까지 올릴 수 있습니다.").wait_for()
        browser.close()
