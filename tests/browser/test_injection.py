"""Issue 16 (injection) in a real browser: a corpus and a model whose text holds Markdown
links and images, HTML, LaTeX and Streamlit directives are uploaded and opened; no request
leaves for the address in the text, no link or image of it appears, and the text is shown
literally. Skipped, with the reason, without chromium or Playwright (see test_browser.py)."""

from __future__ import annotations

import re

import pytest

from seq2seq_core.checkpoints import checkpoint
from tests.support.app_server import serve_app
from tests.support.browser import BROWSER_MARKS, CHROMIUM, CHROMIUM_ARGS, sync_api
from tests.support.injection import (
    BEACON,
    HOSTILE,
    VOCAB_PAYLOADS,
    VOCAB_SOURCE,
    hostile_translator,
    vocab_translator,
)
from tests.support.player_browser import ROOT_JS

pytestmark = BROWSER_MARKS
NAME = "**f** [f](x) <img src=x> $y$"  # a file name (no slash: a browser refuses it)


def _bad_elements(page) -> list[str]:
    found = page.evaluate(
        """() => [...document.querySelectorAll('a, img, image')].map(e =>
            e.tagName + ' ' + (e.getAttribute('href') || e.getAttribute('src')
                               || e.getAttribute('xlink:href') || ''))"""
    )
    return [f for f in found if BEACON in f or f.endswith(" x") or f.startswith("IMG")]


def _shows(page, text: str) -> None:
    """Wait until the page's text holds `text` literally; word joiners (U+2060, invisible:
    `literal` puts them at the ends of a text that starts or ends with punctuation) aside."""
    page.wait_for_function(
        "t => document.body.innerText.replaceAll('\\u2060', '').includes(t)", arg=text
    )


@pytest.mark.full  # long: `python -m pytest -m full`
def test_hostile_corpus_and_model_are_shown_literally_in_chromium():
    model = checkpoint.to_bytes(hostile_translator())
    corpus = "".join(f"go now {i}\t{HOSTILE}\n" for i in range(12)).encode()
    requests: list[str] = []
    with serve_app(max_runs=1) as (url, _proc), sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.set_default_timeout(30_000)
        page.on("request", lambda r: requests.append(r.url))
        page.goto(url + "/data")
        page.get_by_text("one file (TSV or CSV)").click()
        page.locator("input[type='file']").first.set_input_files(
            files=[dict(name=NAME + ".tsv", mimeType="text/plain", buffer=corpus)]
        )
        page.get_by_text("pairs read").first.wait_for()
        _shows(page, NAME + ".tsv")  # the corpus name
        page.get_by_role("link", name="Train").click()
        page.wait_for_url(re.compile(r"/train"))
        page.get_by_role("button", name="Start training").wait_for()
        page.locator("input[type='file']").first.set_input_files(
            files=[dict(name=NAME + ".safetensors", mimeType="application/octet-stream",
                        buffer=model)]
        )  # fmt: skip
        _shows(page, f"Loaded {NAME}.safetensors")
        page.get_by_role("link", name="Decode step by step").click()
        page.get_by_label("Sentence to translate").fill("go now")
        page.get_by_label("Sentence to translate").press("Enter")
        heading = page.locator("h2").filter(has_text="Translation:")
        heading.first.wait_for()
        assert HOSTILE in heading.first.inner_text().replace("\u2060", "")  # shown literally
        page.get_by_role("tab", name="③ Decoder, step by step").click()
        page.get_by_role("tab", name="⑤ What if?").click()
        page.wait_for_timeout(1500)
        drawn = " ".join(page.locator(".js-plotly-plot text").all_text_contents())
        assert "<b>b</b>" in drawn  # a token drawn as text by plotly, not as bold markup
        assert page.locator("[data-testid='stException']").count() == 0
        bad = _bad_elements(page)
        browser.close()
    assert not bad, bad
    leaked = [u for u in requests if re.search(r"//127\.0\.0\.1:9(/|$)", u)]
    assert not leaked, leaked


@pytest.mark.full  # long: `python -m pytest -m full`
def test_lecture_figures_draw_a_markup_vocabulary_as_text_in_chromium():
    """An uploaded model whose tokens are `<a href=...>CLICKME</a>`, `<b>x</b>`, `<BR>`, a
    90 px span, entities: on the Lecture page, played by the decode player (issue 25), at its
    last step (every token of the story drawn) no link, span or bold of theirs is drawn; the
    tokens are text."""
    model = checkpoint.to_bytes(vocab_translator())
    with serve_app(max_runs=1) as (url, _proc), sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1366, "height": 900})
        page.set_default_timeout(30_000)
        page.goto(url + "/train")
        page.locator("input[type='file']").first.wait_for(state="attached")
        page.locator("input[type='file']").first.set_input_files(
            files=[dict(name="vocab.safetensors", mimeType="application/octet-stream",
                        buffer=model)]
        )  # fmt: skip
        page.get_by_text("Loaded vocab.safetensors", exact=False).first.wait_for()
        page.get_by_role("link", name="Lecture").click()
        box = page.get_by_test_id("stTextInputField").first  # the page's sentence box
        box.fill(VOCAB_SOURCE)
        box.press("Enter")
        page.wait_for_function(PLAYER_HAS_CLICKME)
        page.locator("[data-role='story'] svg").first.click()  # focus leaves the text box
        page.keyboard.press("End")
        page.wait_for_timeout(1000)  # the last step's transition
        seen = page.evaluate(PLAYER_MARKUP)
        exceptions = page.locator("[data-testid='stException']").count()
        browser.close()
    assert exceptions == 0
    assert (seen["links"], seen["styled"], seen["bold"]) == ([], [], 0), seen
    for token in VOCAB_PAYLOADS:  # each drawn whole, as typed, somewhere in the story
        assert token in seen["text"], (token, seen["text"][:2000])


# The player has drawn the uploaded model's tokens.
PLAYER_HAS_CLICKME = (
    f"() => {{ const r = {ROOT_JS}; return r && r.textContent.includes('CLICKME'); }}"
)
# What the decode player made of markup in its tokens: links, 90 px spans, a bold "x".
PLAYER_MARKUP = f"""() => {{
  const root = {ROOT_JS};
  return {{
    links: [...root.querySelectorAll('a')].map(a => a.outerHTML),
    styled: [...root.querySelectorAll('[style]')]
      .map(e => e.getAttribute('style')).filter(s => /font-size:\\s*90px/.test(s)),
    bold: [...root.querySelectorAll('b, strong')].filter(e => e.textContent === 'x').length,
    text: root.textContent,
  }};
}}"""
