"""The class keys component's script (ui/state/class_keys.js) in chromium, without a server:
what a page load does with the browser's localStorage. A fresh browser sends nothing (no
second script run at each page load, no run racing a student's first click); keys an
earlier page load kept are sent once and not written over until the session has them; a
page that reconnects to a new session (a replica restarted) sends them again; and
ending a class forgets the keys. Each case imports a fresh copy of the module."""

from __future__ import annotations

import pytest

from tests.support.browser import BROWSER_MARKS, CHROMIUM, CHROMIUM_ARGS, sync_api
from tests.support.paths import REPO_ROOT

pytestmark = BROWSER_MARKS
SOURCE = (REPO_ROOT / "ui" / "state" / "class_keys.js").read_text(encoding="utf-8")
ORIGIN = "http://keys.test/"
NAME = "seq2seq.classroom"
JOINED = {"joined": {"code": "ABCDEF", "token": "t"}, "server": {"boot": "b", "work": ""}}

# Mount the module's default export once per `calls` item ({data}); return what it sent
# with setStateValue and what localStorage holds after each call.
RUN_JS = """async ([source, stored, calls]) => {
  if (stored === null) localStorage.clear(); else localStorage.setItem(NAME, stored);
  const url = URL.createObjectURL(new Blob([source], {type: 'text/javascript'}));
  const mount = (await import(url)).default;
  const out = [];
  for (const data of calls) {
    const sent = [];
    mount({data, setStateValue: (k, v) => sent.push([k, v])});
    out.push({sent, stored: JSON.parse(localStorage.getItem(NAME) || 'null')});
  }
  return out;
}""".replace("NAME", repr(NAME))


@pytest.fixture(scope="module")
def page():
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page()
        page.route(ORIGIN, lambda r: r.fulfill(body="<html></html>", content_type="text/html"))
        page.goto(ORIGIN)
        yield page
        browser.close()


def _run(page, stored, calls):
    import json

    return page.evaluate(RUN_JS, [SOURCE, None if stored is None else json.dumps(stored), calls])


def test_a_fresh_browser_sends_nothing_and_keeps_what_the_session_puts(page):
    put = {"server": {"boot": "b", "work": ""}}
    joined = {**put, "joined": {"code": "ABCDEF", "token": "t"}}
    out = _run(page, None, [{"put": put, "read": False, "session": "s1"},
                            {"put": joined, "read": False, "session": "s1"},
                            {"put": put, "read": False, "session": "s1"}])  # fmt: skip
    assert [o["sent"] for o in out] == [[], [], []]
    assert out[0]["stored"] == put and out[1]["stored"] == joined  # the join is kept
    assert out[2]["stored"] == put  # leaving the class forgets the token


def test_keys_of_an_earlier_load_are_sent_once_and_kept_until_read(page):
    empty = {"put": {"server": {"boot": "b2", "work": ""}}, "read": False, "session": "s2"}
    out = _run(page, JOINED, [empty, empty, {**empty, "read": True}])
    assert out[0]["sent"] == [["kept", JOINED]] and out[1]["sent"] == []  # once
    assert out[0]["stored"] == JOINED and out[1]["stored"] == JOINED  # not written over
    assert out[2]["stored"] == empty["put"]  # the session has had them: the session's now


def test_a_new_session_after_a_reconnect_hears_the_keys_again(page):
    joined = {"put": JOINED, "read": True, "session": "s1"}
    restarted = {"put": {"server": {"boot": "b3", "work": ""}}, "read": False, "session": "s9"}
    out = _run(page, None, [joined, restarted])
    assert out[0]["sent"] == [] and out[1]["sent"] == [["kept", JOINED]]
    assert out[1]["stored"] == JOINED


def test_nothing_worth_telling_is_replaced_and_lost_work_is_told(page):
    idle = {"server": {"boot": "old", "work": ""}}
    lost = {"server": {"boot": "old", "work": "run", "since": 1}}
    put = {"put": {"server": {"boot": "new", "work": ""}}, "read": False, "session": "s"}
    assert _run(page, idle, [put])[0] == {"sent": [], "stored": put["put"]}
    assert _run(page, lost, [put])[0]["sent"] == [["kept", lost]]
