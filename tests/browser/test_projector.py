"""Readable from the back row (issue 17): at 1366x768 in large-text mode, measured in Debian's
chromium through Playwright.

- The figure builders, rendered by plotly.js (the copy the installed plotly ships) in a static
  page as wide as the app draws them: the decoder chain (3, 10 and 16 steps, long Korean
  tokens), the vector strips, the beam tree and the softmax bars. No text of a figure lies
  outside its chart or overlaps another text; the chain's and the softmax's text is >= 20 px.
- The app itself: the chain's rendered fonts, and a screenshot of every page in both
  languages in large-text mode, in tests/artifacts/ (look at them).
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from urllib.parse import urlencode

import plotly
import pytest

from seq2seq_core.checkpoints.pretrained import load_pretrained
from tests.support.app_server import serve_app
from tests.support.browser import BROWSER_MARKS, SETTLED, sync_api
from tests.support.paths import ARTIFACTS
from tests.support.player_browser import ROOT_JS
from tests.support.text_layout import overlap
from ui.figures import compare as figures_compare
from ui.figures import decode as figures
from ui.figures.style import LARGE_SCALE

pytestmark = BROWSER_MARKS

VIEWPORT = {"width": 1366, "height": 768}
PLOTLY_JS = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"
# widths the app gives a figure at 1366x768 (sidebar open, large text): full and half width
FULL, HALF = 760, 380
LONG = "The child did not eat an orange with the teacher at the cafe yesterday."
LESSON = "I will study Korean in the library."  # a sentence of the model's corpus
LONG_KO = ["선생님께서는", "도서관에서부터", "읽으셨습니다", "학생들에게도", "아침마다"]

# Every text element of each chart: its box, font size, text, rotation and the class of its
# group (xtick, ytick: a tick label); the chart's own box; points along each line it draws.
# The decode player's story labels (its SVG sits in the component's shadow root) and their
# rendered font sizes; the player's text is at least 15 px (tests/browser/test_player.py).
PLAYER_STORY = f"""() => {{
  const root = {ROOT_JS};
  return [...root.querySelectorAll('[data-role=story] text')]
    .filter(e => e.textContent.trim() && e.getBBox().width > 0)
    .map(e => ({{text: e.textContent, size: parseFloat(getComputedStyle(e).fontSize)}}));
}}"""
PLAYER_MIN_PX = 15
MEASURE = """() => [...document.querySelectorAll('.js-plotly-plot')].map(div => {
  const svg = div.querySelector('.main-svg').getBoundingClientRect();
  const texts = [...div.querySelectorAll('svg text')]
    .filter(e => e.textContent.trim() && e.getBBox().width > 0)
    .map(e => { const r = e.getBoundingClientRect();
      const turn = (e.getAttribute('transform') || '').match(/rotate\\((-?[\\d.]+)/);
      return {text: e.textContent, size: parseFloat(getComputedStyle(e).fontSize),
              angle: turn ? parseFloat(turn[1]) : 0, group: e.parentNode.getAttribute('class'),
              l: r.left, r: r.right, t: r.top, b: r.bottom}; });
  const lines = [...div.querySelectorAll('.scatterlayer path.js-line')].map(p => {
    const m = p.getScreenCTM(), n = p.getTotalLength(), pts = [];
    for (let i = 0; i <= n; i += 3) { const q = p.getPointAtLength(i);
      pts.push([q.x * m.a + q.y * m.c + m.e, q.x * m.b + q.y * m.d + m.f]); }
    return pts; });
  return {id: div.id, box: {l: svg.left, r: svg.right, t: svg.top, b: svg.bottom}, texts, lines};
})"""


@pytest.fixture(scope="module")
def model():
    return load_pretrained("en-ko-attention")


def _steps(trace, n: int, tokens: list[str] | None = None):
    """The trace with n steps (its own, repeated), optionally with other tokens."""
    steps = []
    for i in range(n):
        s = dataclasses.replace(trace.steps[i % len(trace.steps)], t=i + 1)
        if tokens:
            tok, prev = tokens[i % len(tokens)], tokens[(i - 1) % len(tokens)]
            s = dataclasses.replace(s, chosen_token=tok, input_token=prev if i else "<sos>")
        steps.append(s)
    return dataclasses.replace(trace, steps=steps)


def render(browser, figs: dict[str, tuple], name: str) -> list[dict]:
    """Draw `figs` ({id: (figure, width px)}) one under the other in a static page at
    1366x768, save a screenshot, return MEASURE's result (tests/browser/test_text_layout.py
    draws its figures here too; the timeout leaves time for a busy machine)."""
    divs, calls = [], []
    for key, (fig, width) in figs.items():
        height = fig.layout.height
        divs.append(f'<div id="{key}" style="width:{width}px;height:{height}px"></div>')
        calls.append(f"Plotly.newPlot('{key}', ...(f => [f.data, f.layout])({fig.to_json()}));")
    page = browser.new_page(viewport=VIEWPORT)
    page.set_default_timeout(120_000)
    html = (f"<html><head><meta charset='utf-8'><script src='file://{PLOTLY_JS}'></script>"
            f"</head><body style='font-family:sans-serif'>{''.join(divs)}"
            f"<script>{''.join(calls)}</script></body></html>")  # fmt: skip
    path = ARTIFACTS / f"{name}.html"
    path.write_text(html, encoding="utf-8")
    page.goto(path.as_uri())
    page.wait_for_function(f"document.querySelectorAll('.main-svg').length >= {len(figs)}")
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
    charts = page.evaluate(MEASURE)
    page.close()
    return charts


def assert_readable(chart: dict, min_size: float = 0.0) -> None:
    """No text outside the chart's box, none on another, none smaller than min_size px."""
    box, texts = chart["box"], chart["texts"]
    assert texts, chart["id"]
    for x in texts:
        inside = x["l"] >= box["l"] - 1 and x["r"] <= box["r"] + 1
        inside = inside and x["t"] >= box["t"] - 1 and x["b"] <= box["b"] + 1
        assert inside, f"{chart['id']}: {x['text']!r} is cut off ({x} not in {box})"
        assert x["size"] >= min_size, f"{chart['id']}: {x['text']!r} at {x['size']} px"
        if x["group"] in ("xtick", "ytick"):  # level or 45°, never plotly's sideways 90°
            assert abs(x["angle"]) < 60, f"{chart['id']}: {x['text']!r} at {x['angle']}°"
    for i, a in enumerate(texts):
        for b in texts[i + 1 :]:
            assert not overlap(a, b), f"{chart['id']}: {a['text']!r} overlaps {b['text']!r}"


def assert_lines_clear_of_text(chart: dict) -> None:
    """No point of a line the chart draws lies on one of its texts (2 px in from the edge)."""
    for x in chart["texts"]:
        for line in chart["lines"]:
            on = [(px, py) for px, py in line
                  if x["l"] + 2 < px < x["r"] - 2 and x["t"] + 2 < py < x["b"] - 2]  # fmt: skip
            assert not on, f"{chart['id']}: a line runs through {x['text']!r} at {on[0]}"


def test_chain_and_softmax_text_is_large_inside_and_apart(browser, model):
    """3, 10 and 16 steps, long Korean tokens; the widths the app draws the chain at."""
    trace = model.trace("Where is the station?")
    long = model.trace("My brother and I went to the library yesterday.")
    cases = {
        "chain3": (_steps(trace, 3), FULL),
        "chain10": (_steps(long, 10), FULL),
        "chain16": (_steps(long, 16), FULL),
        "chain_ko": (_steps(trace, 10, LONG_KO), FULL),
        "chain_ko16": (_steps(trace, 16, LONG_KO), 1100),  # sidebar closed
    }
    figs = {k: (figures.decoder_chain_figure(tr, 2, "ko", LARGE_SCALE), w)
            for k, (tr, w) in cases.items()}  # fmt: skip
    step = trace.steps[0]
    figs["topk"] = (figures.topk_bars(step, "en", LARGE_SCALE), HALF)
    charts = render(browser, figs, "figures_chain")
    for chart in charts:
        assert_readable(chart, min_size=20)
    heights = {c["id"]: c["box"]["b"] - c["box"]["t"] for c in charts}
    assert heights["chain3"] >= 480, heights


def test_vector_strips_and_beam_tree_are_not_cut(browser, model):
    trace = model.trace("My brother and I went to the library yesterday.")
    step = trace.steps[1]
    figs = {
        "h": (figures.hidden_vector_figure(trace.encoder.final_hidden[-1], "h", scale=LARGE_SCALE),
              FULL),
        "hidden_before": (figures.hidden_vector_figure(step.hidden_before, "hidden state before",
                                                       95, LARGE_SCALE), HALF),
        "context": (figures.hidden_vector_figure(step.context, "context vector", 95, LARGE_SCALE),
                    HALF),
    }  # fmt: skip
    for k in (2, 5):
        for text in ("Where is the station?", "My brother and I went to the library yesterday."):
            fig = figures_compare.beam_tree_figure(model.beam(text, k=k), "en", LARGE_SCALE)
            figs[f"beam{k}_{len(text)}"] = (fig, FULL)
    for chart in render(browser, figs, "figures_strips_beam"):
        assert_readable(chart, min_size=12)
        if chart["id"].startswith("beam"):
            assert_lines_clear_of_text(chart)


def test_heatmap_bars_and_loss_labels_are_readable(browser, model):
    """13 source tokens: the Compare heatmap (full width) and the attention bars (half width)
    write them level or at 45°, inside the chart; a 99.6% softmax value stays in its chart."""
    long = model.trace(LONG)
    out = [s.chosen_token for s in long.steps]
    lesson = model.trace(LESSON)
    assert max(lesson.steps[1].topk_probs) > 0.99
    figs = {
        "heatmap": (figures.attention_heatmap(long.attention_matrix(), long.src_pieces, out, 2,
                                              "ko", LARGE_SCALE), FULL),
        "bars": (figures.attention_bars(long.steps[1], long.src_pieces, "ko", LARGE_SCALE), HALF),
        "topk": (figures.topk_bars(lesson.steps[1], "ko", LARGE_SCALE), HALF),
        "loss": (figures_compare.loss_steps_figure(model.score(LONG, long.output_text), "ko",
                                                   LARGE_SCALE), FULL),
    }  # fmt: skip
    for chart in render(browser, figs, "figures_heatmap_bars"):
        assert_readable(chart, min_size=18)


# The lesson link a teacher puts on a slide (a sentence of the model's corpus: its slide
# shows a right translation), and what each page shows, tab by tab: (page's link text in the
# sidebar, tabs to open in turn by index, screenshot names).
SHOTS = [  # (the sidebar link's position, tabs, screenshot names)
    (0, [2, 3], ["explore_decoder", "explore_attention"]),
    (1, [None], ["lecture"]),
    (2, [None, 1, 2], ["compare_attention", "compare_beam", "compare_loss"]),
    (3, [None, 2], ["experiments_attention", "experiments_beam"]),
    (4, [None], ["data"]),
    (5, [None], ["train"]),
]
MIN_PAGE_FONT = 18  # px: any figure's text in large-text mode (the chain's: 20)
USE_CORPUS = {"en": "Use this corpus", "ko": "이 말뭉치 사용"}  # the Data page's button


def _settle(page) -> None:
    page.wait_for_timeout(300)  # a click's rerun starts
    page.wait_for_function(SETTLED)
    page.wait_for_timeout(300)


def _shot(page, name: str) -> None:
    """The whole page at 1366 px wide: the viewport grows to the main area's height for the
    shot (the app scrolls inside its main area, so a full-page shot is one screen)."""
    _settle(page)
    page.screenshot(path=str(ARTIFACTS / f"{name}_768.png"))
    main = "() => document.querySelector(\"[data-testid='stMain']\").scrollHeight"
    height = 768
    for _ in range(3):  # until the page stops growing (charts below the fold draw late)
        grown = min(max(page.evaluate(main), 768), 6000)
        if grown <= height:
            break
        height = grown
        page.set_viewport_size({"width": VIEWPORT["width"], "height": height})
        page.wait_for_timeout(400)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"))
    page.set_viewport_size(VIEWPORT)
    assert page.locator("[data-testid='stException']").count() == 0, name
    texts = [x for c in page.evaluate(MEASURE) for x in c["texts"]]
    small = [(x["text"], x["size"]) for x in texts if x["size"] < MIN_PAGE_FONT]
    assert not small, f"{name}: text under {MIN_PAGE_FONT} px in large-text mode: {small}"
    turned = [x["text"] for x in texts if x["group"] in ("xtick", "ytick") and x["angle"]
              and abs(x["angle"]) >= 60]  # fmt: skip
    assert not turned, f"{name}: tick labels on their side: {turned}"


def _open_tab(page, index: int) -> None:
    page.locator("[data-testid='stMain'] [role='tab'] >> visible=true").nth(index).click()


@pytest.mark.full  # long: `python -m pytest -m full`
def test_every_page_in_large_text_both_languages(browser):
    """A lesson link opens its sentence at its step, in teacher mode (large text on by
    default); the player's chain labels as rendered there are >= 15 px; then a screenshot of every
    page and tab that matters, in English and in Korean (the language switched in the
    sidebar, the pages opened from the sidebar's links: one session, as in a lecture)."""
    query = urlencode({"teacher": 1, "model": "en-ko-attention", "sentence": LESSON, "step": 2})
    with serve_app(max_runs=1) as (url, _proc):
        page = browser.new_page(viewport=VIEWPORT)
        page.set_default_timeout(60_000)
        page.goto(f"{url}/?{query}")
        box = page.locator("[data-testid='stMain'] [data-testid='stTextInput'] input").first
        sync_api.expect(box).to_have_value(
            LESSON, timeout=60_000
        )  # the link's sentence, not an example's
        _open_tab(page, 2)
        _settle(page)
        # the decoder chain is drawn by the decode player (issue 25), in its shadow root
        page.locator("[data-role='story'] svg").first.wait_for()
        texts = page.evaluate(PLAYER_STORY)
        assert "<sos>" in {x["text"] for x in texts}, [x["text"] for x in texts]
        assert min(x["size"] for x in texts) >= PLAYER_MIN_PX, texts
        assert "step=2" in page.url  # the link's step, kept by the player in the address bar
        for lang in ("en", "ko"):
            if lang == "ko":
                page.locator("[data-testid='stSidebar'] label").filter(has_text="한국어").click()
                _settle(page)
            for link, tabs, names in SHOTS:
                page.locator("[data-testid='stSidebarNav'] a").nth(link).click()
                for tab, name in zip(tabs, names, strict=True):
                    if tab is not None:
                        _open_tab(page, tab)
                    _shot(page, f"page_{name}_{lang}")
                    if name == "data" and lang == "en":  # a corpus for Data and Train
                        page.get_by_role("button", name=USE_CORPUS[lang]).click()
                        _shot(page, f"page_data_corpus_{lang}")
        page.close()
