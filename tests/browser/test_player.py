"""The decode player in chromium (issue 25). Most tests play the offline lesson file (the
same player and data, no server): keys and buttons, reduced motion, the address bar,
labels that do not overlap and text sizes at 1366x768 in large text in both languages,
every step of ten sentences with the network blocked, a hostile vocabulary drawn as text.
The app tests: no message to the server while stepping, the step in the address bar of a
reloaded page, the controls clear of Streamlit's header with the sidebar collapsed."""

from __future__ import annotations

import copy

import pytest

from seq2seq_core.checkpoints.pretrained import load_pretrained
from seq2seq_core.data.corpora import load_builtin
from tests.support.app_server import serve_app
from tests.support.browser import BROWSER_MARKS
from tests.support.injection import PAYLOADS, hostile_translator
from tests.support.paths import ARTIFACTS
from tests.support.player_browser import (
    OVERLAPS_JS,
    ROOT_JS,
    SHOWN_JS,
    SIZES_JS,
    shown_to_all,
    step_of,
)
from ui.player import offline

pytestmark = BROWSER_MARKS
LARGE = "document.documentElement.style.fontSize = '20px'"  # the app's large text


@pytest.fixture(scope="module")
def lesson_files(tmp_path_factory):
    """Lesson files of the shipped en-ko model: the ten longest test sentences (English and
    Korean pages)."""
    tr = load_pretrained("en-ko-attention")
    pairs = sorted(load_builtin("en-ko", "test"), key=lambda p: -len(p[0]))[:10]
    out = {}
    for lang in ("en", "ko"):
        path = tmp_path_factory.mktemp("lesson") / offline.file_name("en-ko-attention", lang)
        path.write_bytes(offline.lesson_html(tr, pairs, lang, "en-ko-attention"))
        out[lang] = path
    return out


def _offline_page(browser, path, query: str = "", reduced: bool = False):
    """The lesson file from disk, every request that is not the file itself refused."""
    motion = "reduce" if reduced else "no-preference"
    context = browser.new_context(viewport={"width": 1366, "height": 768}, reduced_motion=motion)
    requests: list[str] = []

    def block(route):
        requests.append(route.request.url)
        if route.request.url.split("?")[0] == path.as_uri():
            return route.continue_()
        return route.abort()

    context.route("**/*", block)
    page = context.new_page()
    page.goto(path.as_uri() + query)
    page.locator("[data-role='story'] svg").wait_for()
    return page, requests


def test_the_lesson_file_is_small_and_self_contained(lesson_files):
    for path in lesson_files.values():
        text = path.read_text(encoding="utf-8")
        assert path.stat().st_size < 2_000_000  # ten sentences of the shipped en-ko model
        text = text.replace('"http://www.w3.org/2000/svg"', "")  # a namespace, not fetched
        text = text.replace("url(#", "")  # an SVG marker of the same page
        for fetches in ("http://", "https://", "src=", "href=", "url(", "@import", "import("):
            assert fetches not in text, fetches


def test_keys_and_buttons_step_the_player(browser, lesson_files):
    page, _ = _offline_page(browser, lesson_files["en"])
    assert step_of(page) == 1
    for key, want in [("ArrowRight", 2), ("PageDown", 3), ("PageUp", 2), ("ArrowLeft", 1),
                      ("End", None), ("Home", 1)]:  # fmt: skip
        page.keyboard.press(key)
        if want is not None:
            assert step_of(page) == want, key
    page.locator("[data-role='next']").click()
    page.locator("[data-role='next']").click()
    assert step_of(page) == 3
    page.locator("[data-role='back']").click()
    assert step_of(page) == 2
    page.locator("[data-role='last']").click()
    n = step_of(page)
    assert page.locator("[data-role='next']").is_disabled() and n > 10
    page.get_by_text("end: the decoder chose <eos>").wait_for()
    page.locator("[data-role='first']").focus()
    assert page.evaluate(f"getComputedStyle({ROOT_JS}.querySelector(':focus')).outlineStyle")
    page.keyboard.press(" ")  # Space on a focused button presses that button
    assert step_of(page) == 1
    page.context.close()


# The story's name, the counter, and the tokens drawn in full (a cut label's title): the
# first source token, the current step's input and the last output shown.
NAME_JS = f"""() => {{
  const root = {ROOT_JS};
  const svg = root.querySelector('.pl-svg');
  const full = t => t ? (t.querySelector('title') || t).textContent : null;
  const outs = svg.querySelectorAll('text.pl-out');
  return [svg.getAttribute('aria-label'), root.querySelector('[data-role=count]').textContent,
          full(svg.querySelector('text.pl-label')),
          full(svg.querySelector('text.pl-label.pl-cur:not(.pl-out)')),
          full(outs[outs.length - 1])];
}}"""


@pytest.mark.parametrize(
    ("lang", "reads", "predicts"),
    [("en", "the encoder reads ‘{}’", "the decoder reads ‘{}’ and predicts ‘{}’ with p = "),
     ("ko", "인코더가 ‘{}’ 토큰을 읽고", "디코더의 입력은 ‘{}’, 예측한 토큰은 ‘{}’ (p = ")],
)  # fmt: skip
def test_the_story_image_says_what_the_step_shows(browser, lesson_files, lang, reads, predicts):
    """The story's SVG (role img) is named for a screen reader, step by step, in the page's
    language: the counter as on screen, then the token the encoder reads, or the decoder's
    input and the token it predicts with its probability."""
    page, _ = _offline_page(browser, lesson_files[lang])
    name, count, first, _inp, _out = page.evaluate(NAME_JS)
    assert name.startswith(f"{count}: " + reads.format(first)), name
    page.keyboard.press("End")
    page.keyboard.press("ArrowLeft")  # a decoder step before the last
    name, count, _first, inp, out = page.evaluate(NAME_JS)
    assert name.startswith(f"{count}: " + predicts.format(inp, out)), name
    assert page.get_by_role("img", name=name).count() == 1
    page.context.close()


FOCUS_JS = f"""() => {{
  const e = document.activeElement;
  return [e.tagName, e.dataset.role || null, {ROOT_JS}.contains(e)];
}}"""


def test_keyboard_focus_stays_in_the_player_at_the_last_step(browser, lesson_files):
    """Tab to "next" and press Enter to the end: "next" is disabled at the last step and
    the focus goes to "back" (not to <body>, where Tab would start the page over); Enter
    there steps back."""
    page, _ = _offline_page(browser, lesson_files["en"])
    for _ in range(15):
        page.keyboard.press("Tab")
        if page.evaluate(FOCUS_JS)[1] == "next":
            break
    assert page.evaluate(FOCUS_JS)[1] == "next"
    for _ in range(80):
        if page.locator("[data-role='next']").is_disabled():
            break
        page.keyboard.press("Enter")
    n = step_of(page)
    assert page.locator("[data-role='next']").is_disabled() and n > 10
    assert page.evaluate(FOCUS_JS) == ["BUTTON", "back", True]
    page.keyboard.press("Enter")
    assert step_of(page) == n - 1
    page.context.close()


def test_space_plays_and_a_press_finishes_the_transition(browser, lesson_files):
    page, _ = _offline_page(browser, lesson_files["en"])
    page.locator("body").click(position={"x": 5, "y": 5})
    page.keyboard.press("End")
    page.keyboard.press("Home")
    page.keyboard.press(" ")  # play: one step a second
    page.wait_for_timeout(2300)
    assert step_of(page) >= 3
    page.keyboard.press(" ")  # pause
    stopped = step_of(page)
    page.wait_for_timeout(1200)
    assert step_of(page) == stopped
    page.keyboard.press("ArrowRight")
    assert page.evaluate("document.getAnimations().length") > 0  # a transition runs
    page.keyboard.press("ArrowRight")  # the next press finishes it at once
    running = page.evaluate("document.getAnimations().filter(a => a.playState === 'running')")
    assert len(running) <= 3  # only the new step's
    page.context.close()


def test_no_animation_with_reduced_motion(browser, lesson_files):
    page, _ = _offline_page(browser, lesson_files["en"], reduced=True)
    for _ in range(25):
        page.keyboard.press("ArrowRight")
        assert page.evaluate("document.getAnimations().length") == 0
    page.context.close()


def test_the_ask_button_sends_the_step_and_stepping_sends_nothing(browser, tmp_path):
    """The ask hook (issue 29): with `ask_label` the button shows, and pressing it is the
    one message: the trigger `ask` with the step on screen; keys and buttons send none.
    Without a page that hears it (the offline file) the button stays hidden."""
    tr = load_pretrained("en-ko-attention")
    data = offline.lesson_data(tr, [("I am a student.", None)], "en")
    data["ask_label"] = "Ask the class <b>now</b>"
    html = offline.page_html(data, "en", "ask").decode("utf-8")
    path = tmp_path / "ask.html"
    path.write_text(html, encoding="utf-8")
    page, _ = _offline_page(browser, path)
    assert not page.locator("[data-role='ask']").is_visible()  # no trigger to send with
    page.context.close()
    recorder = (
        "setTriggerValue: (name, value) => (window.sent = window.sent || []).push([name, value])"
    )
    path.write_text(html.replace("setTriggerValue: null", recorder), encoding="utf-8")
    page, _ = _offline_page(browser, path)
    ask = page.locator("[data-role='ask']")
    assert ask.inner_text() == "Ask the class <b>now</b>"  # a label is text
    for key in ["ArrowRight"] * 4 + ["PageUp", "End", "Home", "PageDown"]:
        page.keyboard.press(key)
    page.locator("[data-role='next']").click()
    assert page.evaluate("window.sent || []") == []
    assert step_of(page) == 3
    ask.click()
    assert page.evaluate("window.sent") == [["ask", 3]]
    page.context.close()


def test_the_step_is_in_the_address_bar(browser, lesson_files):
    page, _ = _offline_page(browser, lesson_files["en"], "?lecture=5")
    assert step_of(page) == 5
    page.keyboard.press("ArrowRight")
    page.wait_for_url("**?lecture=6")  # once stepping pauses (PARAM_MS)
    page.reload()
    page.locator("[data-role='story'] svg").wait_for()
    assert step_of(page) == 6
    page.context.close()


def _play_every_step(page, sentences, least: tuple[float, float] = (15, 16)) -> None:
    for i in sentences:
        page.locator("[data-role='sentence']").select_option(str(i))
        for teacher in (False, True):
            page.locator("[data-role='teacher']").set_checked(teacher)
            page.keyboard.press("Home")
            steps = 1
            while not page.locator("[data-role='next']").is_disabled():
                page.keyboard.press("ArrowRight")
                steps += 1
                assert page.evaluate(OVERLAPS_JS) == [], (i, teacher, steps)
            assert steps == step_of(page) > 10
            sizes = page.evaluate(SIZES_JS)
            assert sizes["min"] >= least[0] and sizes["code"] >= least[1], sizes


@pytest.mark.parametrize(
    ("lang", "sentences"),
    [("en", [0]), ("ko", [0]),
     pytest.param("en", range(10), marks=pytest.mark.full),  # ~45 s each
     pytest.param("ko", range(10), marks=pytest.mark.full)],
)  # fmt: skip
def test_every_step_offline_at_1366x768_in_large_text(browser, lesson_files, lang, sentences):
    """The file from disk, the network blocked: every step of the longest sentence (of all
    ten with -m full), greedy and teacher-forced, plays; no label over another; text 15 px
    or more, code 16 px or more."""
    page, requests = _offline_page(browser, lesson_files[lang])
    page.evaluate(LARGE)
    assert page.locator("[data-role='sentence'] option").count() == 10
    _play_every_step(page, sentences)
    page.screenshot(path=str(ARTIFACTS / f"player_offline_{lang}.png"))
    assert all(u.startswith("file://") for u in requests), requests
    page.context.close()


PHONE = dict(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True,
             device_scale_factor=2)  # fmt: skip
CODE_JS = f"""() => {{
  const root = {ROOT_JS};
  const code = root.querySelector('[data-role=code]');
  return [code.getBoundingClientRect().width / root.getBoundingClientRect().width,
          document.documentElement.scrollWidth <= innerWidth];
}}"""


@pytest.mark.parametrize("lang", ["en", pytest.param("ko", marks=pytest.mark.full)])
def test_every_step_on_a_phone(browser, lesson_files, lang):
    """At 390x844 (touch) every step of the longest sentence, greedy and teacher-forced:
    no story label over another or cut off at the SVG's edge (the story scrolls sideways
    inside its box), the code panel as wide as the player under the detail, its text 14 px
    or more (the chips' 0.8 rem aside), and the page itself does not scroll sideways."""
    path = lesson_files[lang]
    page = browser.new_context(**PHONE).new_page()
    page.goto(path.as_uri())
    page.locator("[data-role='story'] svg").wait_for()
    _play_every_step(page, [0], least=(12, 14))
    width, no_sideways = page.evaluate(CODE_JS)
    assert width > 0.9 and no_sideways, (width, no_sideways)
    page.context.close()


def test_a_long_teacher_forced_sentence_keeps_its_numbers_in_their_boxes(browser, tmp_path):
    """Two test sentences as one (~20 decoder steps), teacher-forced over their joined
    references, large text: every -log p stays in its box (narrower than at 10 steps) and
    the attention weight's label clear of the other bars, at every step."""
    tr = load_pretrained("en-ko-attention")
    (a, ra), (b, rb) = sorted(load_builtin("en-ko", "test"), key=lambda p: -len(p[0]))[:2]
    path = tmp_path / "long.html"
    pairs = [(f"{a} {b}", f"{ra} {rb}"), (a, ra)]  # two: the sentence menu shows
    path.write_bytes(offline.lesson_html(tr, pairs, "en", "long"))
    page, _ = _offline_page(browser, path)
    page.evaluate(LARGE)
    page.locator("[data-role='teacher']").set_checked(True)
    page.keyboard.press("End")
    assert page.locator(".pl-nll").count() >= 18
    page.context.close()
    page, _ = _offline_page(browser, path)
    page.evaluate(LARGE)
    _play_every_step(page, [0])
    page.context.close()


def test_no_step_before_the_last_tells_the_outputs_length(browser, tmp_path):
    """Issue 25: nothing shown before the decoder's last step depends on how many decoder
    steps there are: the same sentence with a decode twice as long looks the same, text and
    attributes (slider's max) and what a screen reader hears (aria-valuemax), at every
    encoder step, the hand-over and the first decoder steps; the counter gives the total
    at the last step."""
    tr = load_pretrained("en-ko-attention")
    text, reference = sorted(load_builtin("en-ko", "test"), key=lambda p: -len(p[0]))[0]
    short = offline.lesson_data(tr, [(text, reference)], "en")
    longer = copy.deepcopy(short)
    greedy = longer["sentences"][0]["greedy"]
    steps = greedy["steps"]
    greedy["steps"] = steps[:-1] + copy.deepcopy(steps[1:-1]) + steps[-1:]
    greedy["out"] += " " + greedy["out"]
    S, T = len(greedy["src"]), len(steps)
    assert T >= 4 and len(greedy["steps"]) == 2 * T - 2
    seen = {}
    for name, data in (("short", short), ("longer", longer)):
        (tmp_path / name).mkdir()
        path = tmp_path / name / "lesson.html"  # the same address and title
        path.write_bytes(offline.page_html(data, "en", "lesson"))
        page, _ = _offline_page(browser, path)
        cdp = page.context.new_cdp_session(page)
        seen[name] = []
        for _ in range(S + 1 + 3):  # encoder, hand-over, three decoder steps
            seen[name].append([page.evaluate(SHOWN_JS), shown_to_all(cdp)])
            page.keyboard.press("ArrowRight")
        page.keyboard.press("End")
        count = page.locator("[data-role='count']").inner_text()
        assert count.endswith(f"/ {len(data['sentences'][0]['greedy']['steps'])}"), count
        page.context.close()
    for i, (a, b) in enumerate(zip(seen["short"], seen["longer"], strict=True), start=1):
        assert a == b, f"step {i} tells the decode's length"


def test_the_link_box_shows_the_localhost_warning(browser, tmp_path):
    """The link button opens the lesson link and, for a localhost address, the sidebar's
    warning under it (its `code` as code, as text)."""
    tr = load_pretrained("en-ko-attention")
    data = offline.lesson_data(tr, [("I am a student.", None)], "en")
    data["link"] = "http://localhost:8501/lecture?sentence=x"
    data["link_warning"] = "Students cannot open it: set `SEQ2SEQ_PUBLIC_URL=<b>x</b>`."
    path = tmp_path / "link.html"
    path.write_bytes(offline.page_html(data, "en", "link"))
    page, _ = _offline_page(browser, path)
    warning = page.locator("[data-role='link-warn']")
    assert not warning.is_visible()
    page.locator("[data-role='link-btn']").click()
    assert page.locator("[data-role='link']").input_value().endswith("sentence=x&lecture=1")
    assert warning.is_visible()
    assert warning.inner_text() == "Students cannot open it: set SEQ2SEQ_PUBLIC_URL=<b>x</b>."
    assert warning.locator("code").inner_text() == "SEQ2SEQ_PUBLIC_URL=<b>x</b>"
    page.keyboard.press("ArrowRight")  # stepping keeps the box and its warning
    assert warning.is_visible()
    page.locator("[data-role='link-btn']").click()
    assert not warning.is_visible()
    page.context.close()


def test_a_hostile_vocabulary_draws_as_text(browser, tmp_path):
    tr = hostile_translator()
    path = tmp_path / "hostile.html"
    path.write_bytes(offline.lesson_html(tr, [("go now", None)], "en", "<b>x</b>"))
    page, requests = _offline_page(browser, path)
    page.keyboard.press("End")
    drawn = page.evaluate(f"{ROOT_JS}.textContent")
    for payload in PAYLOADS:
        assert payload in drawn or all(w in drawn for w in payload.split(" ")), payload
    assert page.evaluate("document.querySelectorAll('img, a, b b').length") == 0
    assert page.title() == "seq2seq · <b>x</b>"
    assert all(u.startswith("file://") for u in requests), requests
    page.context.close()


@pytest.fixture(scope="module")
def server():
    with serve_app(max_runs=1) as (url, _proc):
        yield url


def test_stepping_in_the_app_sends_nothing_and_stays_in_the_address_bar(server, browser):
    page = browser.new_page(viewport={"width": 1366, "height": 768})
    page.set_default_timeout(40_000)
    sent: list[object] = []
    page.on("websocket", lambda ws: ws.on("framesent", lambda f: sent.append(f)))
    page.goto(server + "/lecture?lecture=3")
    page.locator("[data-role='story'] svg").wait_for()
    page.wait_for_timeout(1500)  # the page's own start-up messages
    assert step_of(page) == 3
    before = len(sent)
    for key in ["ArrowRight"] * 12 + ["PageUp"] * 3 + ["End", "Home", "PageDown"]:
        page.keyboard.press(key)
    page.wait_for_timeout(500)
    assert len(sent) == before  # no message to the server while stepping
    assert step_of(page) == 2 and "lecture=2" in page.url
    page.reload()
    page.locator("[data-role='story'] svg").wait_for()
    assert step_of(page) == 2  # a lesson link opens at its step
    page.close()


def test_decode_pages_softmax_rows_are_the_attention_rows_size(server, browser):
    """On Decode ③ the softmax rows are buttons (a click forces the token): the same text
    size as the attention rows beside them (a button's font was the panel's, larger)."""
    page = browser.new_page(viewport={"width": 1366, "height": 768})
    page.set_default_timeout(40_000)
    page.goto(f"{server}/?teacher=1&step=2")
    page.locator("[role='tab']").nth(2).click()
    page.locator("[data-role='detail'] button.pl-row").first.wait_for()
    size = "e => getComputedStyle(e).fontSize"
    buttons = page.locator("[data-role='detail'] button.pl-row").evaluate_all(
        f"es => es.map({size})"
    )
    rows = page.locator("[data-role='detail'] .pl-attn-box .pl-row").evaluate_all(
        f"es => es.map({size})"
    )
    assert rows and set(buttons) == set(rows) == {"16px"}, (buttons, rows)
    page.close()


@pytest.mark.parametrize("lang", ["en", pytest.param("ko", marks=pytest.mark.full)])
def test_app_controls_clear_of_the_header_with_the_sidebar_collapsed(server, browser, lang):
    page = browser.new_page(viewport={"width": 1366, "height": 768})
    page.set_default_timeout(40_000)
    page.goto(f"{server}/lecture?teacher=1&lang={lang}&lecture=16")
    page.locator("[data-role='story'] svg").wait_for()
    page.locator("[data-testid='stSidebar']").hover()
    page.locator("[data-testid='stSidebarCollapseButton'] button").click()
    page.wait_for_timeout(800)
    for role in ("back", "next", "play"):
        box = page.locator(f"[data-role='{role}']").bounding_box()
        at = page.evaluate(
            "([x, y]) => { let e = document.elementFromPoint(x, y);"
            " while (e && e.shadowRoot) { const n = e.shadowRoot.elementFromPoint(x, y);"
            " if (!n || n === e) break; e = n; }"
            " return e && e.dataset ? e.dataset.role : null; }",
            [box["x"] + box["width"] / 2, box["y"] + box["height"] / 2],
        )
        assert at == role, (role, at)  # on top: not covered by the header
    assert page.evaluate(OVERLAPS_JS) == []
    sizes = page.evaluate(SIZES_JS)
    assert sizes["min"] >= 15 and sizes["code"] >= 16, sizes
    page.screenshot(path=str(ARTIFACTS / f"player_lecture_{lang}.png"))
    page.close()


@pytest.mark.parametrize("lang", ["en", pytest.param("ko", marks=pytest.mark.full)])
def test_app_story_labels_stay_inside_the_svg_in_large_text(server, browser, lang):
    """At 1366x768 in the app's large text (its font, "Source Sans", wider than the canvas'
    default the labels were measured in), the first source token's label ("▁She") starts
    inside the SVG, not 4-5 px left of it where .pl-story cuts its "▁"; none over another."""
    page = browser.new_page(viewport={"width": 1366, "height": 768})
    page.set_default_timeout(40_000)
    page.goto(f"{server}/lecture?lang={lang}&lecture=1")
    page.locator("[data-role='story'] svg").wait_for()
    page.evaluate(LARGE)
    page.wait_for_function(
        f"{ROOT_JS}.querySelector('.pl-svg text').getAttribute('font-size') == 18"
    )
    for _ in range(3):
        assert page.evaluate(OVERLAPS_JS) == []
        page.keyboard.press("ArrowRight")
    page.close()
