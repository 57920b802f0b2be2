"""The class in chromium (issue 29): the teacher starts a class and the page shows its QR code
and link; after a reload the teacher's tab is still the class's teacher (the key kept in
localStorage, never in the link); a phone (390×844) opens the link, joins with a nickname and
waits; the teacher presses the Lecture page player's *Ask the class*; the phone sees the
question within seconds, its answer buttons full width and at least 44 px tall, answers;
the teacher's panel counts it and reveals; the phone sees the model's answer. Nothing wider
than the screen. Needs chromium and Playwright like
tests/browser/test_app.py."""

from __future__ import annotations

import json

import pytest

from tests.support.app_server import serve_app
from tests.support.browser import BROWSER_MARKS, CHROMIUM_ARGS, settle, sync_api
from tests.support.browser import CHROMIUM as BROWSER
from tests.support.paths import ARTIFACTS

pytestmark = BROWSER_MARKS
PHONE = {"width": 390, "height": 844}


@pytest.fixture(scope="module")
def class_server(tmp_path_factory):
    data = tmp_path_factory.mktemp("classdb")
    with serve_app(max_runs=1, env={"SEQ2SEQ_DATA_DIR": str(data)}) as (url, _proc):
        yield url


def _no_exception(page) -> None:
    assert page.locator("[data-testid='stException']").count() == 0


@pytest.mark.full  # long (a server and two browser pages): `python -m pytest -m full`
def test_qr_code_then_a_phone_joins_and_answers(class_server):
    url = class_server
    ARTIFACTS.mkdir(exist_ok=True)
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=BROWSER, args=CHROMIUM_ARGS)
        teacher = browser.new_page(viewport={"width": 1366, "height": 768})
        teacher.set_default_timeout(60_000)
        teacher.goto(url + "/classroom")
        teacher.get_by_role("button", name="Start a class").click(no_wait_after=True)
        code_box = teacher.get_by_test_id("cls-code")
        code = code_box.inner_text(timeout=60_000).strip()
        qr = teacher.get_by_test_id("stMain").locator(".cls-qr img")
        box = qr.bounding_box()
        assert box is not None and box["width"] >= 200  # big enough to scan from a desk
        link = teacher.get_by_text(f"/classroom?class={code}").first.inner_text().strip()
        assert link.endswith(f"/classroom?class={code}")
        teacher.reload()  # the key kept in this browser: still the teacher after a reload
        teacher.get_by_test_id("cls-code").wait_for()
        assert "key" not in teacher.url
        _no_exception(teacher)
        kept = json.loads(teacher.evaluate("localStorage.getItem('seq2seq.classroom')"))
        assert kept["teach"]["code"] == code and kept["teach"]["key"] not in link

        phone = browser.new_context(viewport=PHONE, is_mobile=True).new_page()
        phone.set_default_timeout(60_000)
        phone.goto(url + f"/classroom?class={code}")
        settle(phone)
        phone.get_by_label("Nickname (optional)").fill("owl")
        phone.get_by_role("button", name="Join").click(no_wait_after=True)
        phone.get_by_text("Waiting for the teacher").wait_for()
        teacher.goto(url + "/lecture")  # a new page load: the kept key makes it the teacher's
        settle(teacher)
        teacher.get_by_role("button", name="Ask the class").click(no_wait_after=True)
        choices = phone.locator(".st-key-cls_choices button")
        choices.first.wait_for(timeout=30_000)  # the student's view polls once a second
        assert choices.count() >= 2
        for i in range(choices.count()):
            box = choices.nth(i).bounding_box()
            assert box["height"] >= 44 and box["width"] >= 300  # a thumb's, full width
        choices.first.click(no_wait_after=True)
        phone.get_by_text("Your answer").wait_for()
        teacher.get_by_text("1 answer so far").wait_for(timeout=30_000)  # under the player
        teacher.get_by_role("button", name="Reveal").click(no_wait_after=True)
        phone.get_by_text("The model's argmax").wait_for(timeout=30_000)
        _no_exception(teacher)
        assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        phone.screenshot(path=str(ARTIFACTS / "class_phone_joined.png"), full_page=True)
        _no_exception(phone)
        browser.close()
