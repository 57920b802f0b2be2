"""The students' side in chromium (issue 27): the page's language and title follow the
interface, a swipe over a chart scrolls the page on a phone, the controls a student taps
are big enough, keyboard-only focus and training, and axe-core finds nothing serious. One
server and one chromium for the module; the walk over every page in both languages and
the training run are `full`."""

from __future__ import annotations

import itertools

import pytest

from tests.support.browser import BROWSER_MARKS, CHROMIUM, CHROMIUM_ARGS, settle, sync_api

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


def _swipe(page, x: float, y: float, dy: float = -250, steps: int = 10) -> None:
    """A finger's vertical swipe from (x, y), as the phone's touch screen sends it."""
    cdp = page.context.new_cdp_session(page)
    touch = "Input.dispatchTouchEvent"
    cdp.send(touch, {"type": "touchStart", "touchPoints": [{"x": x, "y": y}]})
    for i in range(1, steps + 1):
        cdp.send(touch, {"type": "touchMove", "touchPoints": [{"x": x, "y": y + dy * i / steps}]})
        page.wait_for_timeout(16)
    cdp.send(touch, {"type": "touchEnd", "touchPoints": []})
    page.wait_for_timeout(600)
    cdp.detach()


def _moved_by_a_swipe_over(page, chart) -> float:
    """How far a swipe that starts in the middle of `chart` moves it up the screen, in px."""
    chart.scroll_into_view_if_needed()
    page.wait_for_timeout(300)
    box = chart.bounding_box()
    y = min(box["y"] + box["height"] / 2, 700)
    _swipe(page, box["x"] + box["width"] / 2, y)
    return box["y"] - chart.bounding_box()["y"]


def test_a_swipe_over_any_chart_scrolls_the_page_and_a_tap_still_picks(server, browser):
    """At 390x844 with touch, a swipe that starts over a chart (the attention maps, the
    beam tree that selects) moves the page; a tap on a beam tree node still forces it."""
    page = _open(browser, server + "/compare", **PHONE)
    charts = page.locator(".js-plotly-plot")
    charts.first.wait_for()
    visible = [c for c in charts.all() if c.is_visible()]
    assert len(visible) >= 2
    for chart in visible:
        assert _moved_by_a_swipe_over(page, chart) > 50  # 0 px before; the last may hit the end
    assert page.locator(".modebar-container .modebar-btn").count() == 0  # no toolbar
    page.get_by_role("tab").nth(1).click()  # beam against greedy: a tree that selects
    page.get_by_text("Click a node of the tree").first.wait_for()
    tree = [c for c in page.locator(".js-plotly-plot").all() if c.is_visible()][-1]
    assert _moved_by_a_swipe_over(page, tree) > 50
    tree.scroll_into_view_if_needed()
    point = tree.locator(".scatterlayer .point").nth(2).bounding_box()
    page.touchscreen.tap(point["x"] + point["width"] / 2, point["y"] + point["height"] / 2)
    page.get_by_text("Click a node of the tree").first.wait_for(state="detached")
    page.context.close()


# Every control a student taps, as the page draws it (the select box's arrow is part of its
# box, tabindex -1; a widget's label is text, not a target).
TARGETS_JS = """() => {
  const sel = ['button:not([tabindex="-1"])', '[role="tab"]', '[role="slider"]', 'summary',
    '[data-testid="stSidebarNavLink"]', '[data-testid="stRadioOption"]',
    '[data-testid="stCheckbox"] label', '[data-testid="stSelectbox"] [role="group"]'];
  const small = [];
  for (const el of document.querySelectorAll(sel.join(','))) {
    const r = el.getBoundingClientRect();
    if (r.width === 0 || r.height === 0 || r.right <= 0 || r.left >= innerWidth) continue;
    if (el.closest('[aria-hidden="true"], .js-plotly-plot')) continue;
    if (r.width < 44 || r.height < 44)
      small.push([el.getAttribute('aria-label') || el.innerText.slice(0, 30),
                  Math.round(r.width), Math.round(r.height)]);
  }
  return small;
}"""


def _small_targets(page, seconds: float = 10) -> list:
    """The controls under 44x44 px, once there are none or after `seconds` (the page's
    last widgets and styles settle while the script runs)."""
    small = page.evaluate(TARGETS_JS)
    for _ in range(int(seconds * 2)):
        if not small:
            break
        page.wait_for_timeout(500)
        small = page.evaluate(TARGETS_JS)
    return small


@pytest.mark.parametrize(
    "path",
    ["/", *(pytest.param(p, marks=pytest.mark.full)
            for p in ("/train", "/compare", "/experiments", "/data", "/lecture"))],
)  # fmt: skip
def test_every_control_is_44px_on_a_phone(server, browser, path):
    """At 390x844 with touch, every button, tab, radio, switch, help icon, select box and
    page link (the sidebar opened) is at least 44x44 px, and no tab hides off-screen."""
    page = _open(browser, server + path, **PHONE)
    assert _small_targets(page) == []
    assert page.locator("[data-testid='stTabsScrollRight']:visible").count() == 0
    page.locator("[data-testid='stExpandSidebarButton']").click()
    page.locator("[data-testid='stSidebarNavLink']").first.wait_for()
    assert _small_targets(page) == []
    page.context.close()


# axe's findings we accept for now, each with its reason: (rule, a CSS selector every
# flagged node's target ends with). None at present.
AXE_EXCEPTIONS: set[tuple[str, str]] = set()
SERIOUS = ("serious", "critical")


def _last(target) -> str:
    """The innermost selector of an axe target (a list of lists inside shadow roots)."""
    while isinstance(target, list):
        target = target[-1]
    return str(target)


def _serious_violations(page) -> list:
    from axe_playwright_python.sync_playwright import Axe

    found = []
    for v in Axe().run(page).response["violations"]:
        if v["impact"] not in SERIOUS:
            continue
        nodes = [n["target"] for n in v["nodes"]
                 if not any(rule == v["id"] and _last(n["target"]).endswith(sel)
                            for rule, sel in AXE_EXCEPTIONS)]  # fmt: skip
        if nodes:
            found.append((v["id"], v["impact"], nodes[:3]))
    return found


PAGES = ("/", "/lecture", "/compare", "/experiments", "/data", "/train")


@pytest.mark.parametrize(
    ("path", "lang"),
    [("/", "ko"),
     *(pytest.param(p, lang, marks=pytest.mark.full) for p in PAGES for lang in ("en", "ko")
       if (p, lang) != ("/", "ko"))],
)  # fmt: skip
def test_axe_finds_nothing_serious(server, browser, path, lang):
    """axe-core 4 (axe-playwright-python) on the page as a student opens it: no violation
    of serious or critical impact but those in `AXE_EXCEPTIONS`."""
    page = _open(browser, f"{server}{path}?lang={lang}")
    settle(page, calm_ms=1000)  # the page's runs over (a stale element is faded: 1.5:1)
    assert _serious_violations(page) == []
    page.context.close()


# The page's headings in document order (Streamlit's, shadow roots have none), as levels.
HEADINGS_JS = """() => [...document.querySelectorAll('h1, h2, h3, h4, h5, h6')]
  .map(h => [Number(h.tagName[1]), h.textContent.trim().slice(0, 40)])"""


@pytest.mark.parametrize(
    ("path", "lang"),
    [("/", "en"),
     *(pytest.param(p, lang, marks=pytest.mark.full) for p in (*PAGES, "/classroom")
       for lang in ("en", "ko") if (p, lang) != ("/", "en"))],
)  # fmt: skip
def test_no_page_skips_a_heading_level(server, browser, path, lang):
    """A page starts at its h1 and goes down one level at a time (h1 -> h2 -> h3): a
    screen reader's list of headings is the page's outline (axe "heading-order")."""
    page = _open(browser, f"{server}{path}?lang={lang}")
    settle(page, calm_ms=1000)  # the page's sections drawn
    levels = page.evaluate(HEADINGS_JS)
    assert levels and levels[0][0] == 1, levels
    skips = [(a, b) for a, b in itertools.pairwise(levels) if b[0] > a[0] + 1]
    assert skips == [], levels
    page.context.close()


FOCUS_JS = """() => { const e = document.activeElement; const c = getComputedStyle(e);
  return [e.getAttribute('data-testid'), c.outlineStyle, parseFloat(c.outlineWidth),
          c.outlineColor, getComputedStyle(e).color]; }"""


def test_keyboard_focus_on_a_page_link_is_a_visible_ring(server, browser):
    """Tab from the top reaches the sidebar's page links; the focused one has a 3 px ring
    in the text colour (Streamlit's own focus was a faint tint, 1.11:1)."""
    page = _open(browser, server + "/data")
    for _ in range(30):
        page.keyboard.press("Tab")
        testid, style, width, colour, text = page.evaluate(FOCUS_JS)
        if testid == "stSidebarNavLink":
            break
    assert testid == "stSidebarNavLink"
    for _ in range(20):  # the page's style may still be on its way
        if style == "solid":
            break
        page.wait_for_timeout(250)
        testid, style, width, colour, text = page.evaluate(FOCUS_JS)
    assert style == "solid" and width >= 3 and colour == text
    page.context.close()


# The focused element's visible text (a button's label), for walking the page with Tab.
FOCUSED_TEXT_JS = "() => (document.activeElement.innerText || '').trim()"


def _tab_to(page, label: str, most: int = 120) -> None:
    """Press Tab until the focused element's text starts with `label` (a keyboard user's
    only way)."""
    for _ in range(most):
        page.keyboard.press("Tab")
        if page.evaluate(FOCUSED_TEXT_JS).startswith(label):
            return
    raise AssertionError(f"{most} presses of Tab never reached {label!r}")


@pytest.mark.full  # long (a training run): `python -m pytest -m full`
def test_training_starts_and_stops_from_the_keyboard_alone(server, browser):
    """The Train page with no mouse: Tab reaches the built-in corpus and Enter takes it,
    Tab reaches *Start training* and Enter starts it, Tab reaches *Stop* and Space stops
    it, and the page says where it stopped."""
    page = _open(browser, server + "/train?lang=en")
    settle(page)
    _tab_to(page, "Use the everyday phrases")
    page.keyboard.press("Enter")
    page.get_by_role("button", name="Start training").wait_for()
    settle(page)
    _tab_to(page, "Start training")
    page.keyboard.press("Enter")
    page.get_by_role("button", name="Stop").wait_for()
    settle(page, calm_ms=300)
    _tab_to(page, "Stop")
    page.keyboard.press(" ")
    page.get_by_text("Stopped after step").first.wait_for(timeout=60_000)
    page.context.close()
