"""Every view opens on something that shows its point (issue 26): on a fresh session, in
both languages, no page and no tab shows one of the messages saying a demo shows nothing
(ui/text/demos.py's EMPTY_DEMO, which the check reads, so a new message is checked too).

The whole walk (six pages, every tab, two languages) is `full`; the default suite opens the
views that need a model making mistakes, the ones that were empty on the default model."""

from __future__ import annotations

import pytest

from tests.support.apptest import PAGES, empty_demo_messages, every_view, fresh_app
from ui import state
from ui.text.i18n import LANGS, t
from ui.text.literal import literal


def _walk(lang: str, pages: tuple[str, ...], tabs: set[str] | None = None) -> dict[str, str]:
    """{page / tab / key: where} of every empty-demo message shown in the views walked."""
    at = fresh_app(lang)
    assert at.session_state[state.MODEL] == "en-ko-attention"  # the model opened by default
    found, seen = {}, []
    for page, tab in every_view(at, pages, tabs):
        seen.append((page, tab))
        if tabs is None or tab in tabs or not tab:
            for key, where in empty_demo_messages(at, lang).items():
                found[f"{page} / {tab} / {key}"] = where
    assert len(seen) >= len(pages), seen
    return found


@pytest.mark.full
@pytest.mark.parametrize("lang", list(LANGS))
def test_every_view_of_every_page_opens_on_a_demo_that_shows_its_point(lang):
    found = _walk(lang, PAGES)
    assert not found, "\n".join(f"{k}  ←  {v}" for k, v in found.items())


@pytest.mark.parametrize(
    ("lang", "page", "tabs"),
    [
        ("ko", "compare", None),  # beam vs. greedy and the loss of one pair: drawn at once
        ("en", "experiments", {"exp_tab_exposure", "exp_tab_beam"}),
    ],
)
def test_the_views_that_need_mistakes_open_on_a_demo_that_shows_it(lang, page, tabs):
    labels = {t(k, lang) for k in tabs} if tabs else None
    found = _walk(lang, (page,), labels)
    assert not found, "\n".join(f"{k}  ←  {v}" for k, v in found.items())


@pytest.mark.parametrize("lang", list(LANGS))
def test_a_view_on_another_model_says_which_and_switches_back_to_the_sidebars(lang):
    at = fresh_app(lang)
    at.switch_page("ui/pages/compare.py").run()
    radio = at.radio(key="demo_model_loss_en-ko-attention")
    assert radio.label == t("demo_model_pick", lang)
    lesson = literal(t("lesson_model", lang, name="en-ko-lesson"))  # options are markdown
    assert radio.options == [lesson, literal("en-ko-attention")]
    assert radio.value == "en-ko-lesson"
    said = t("demo_on_other", lang, model="en\\-ko\\-lesson", sidebar="", why="")
    assert any(c.value.startswith(said[:30]) for c in at.caption), [c.value for c in at.caption]
    assert not empty_demo_messages(at, lang)
    radio.set_value("en-ko-attention").run()  # the teacher's choice: the sidebar's model
    assert "loss_near_zero" in empty_demo_messages(at, lang)  # says why its bars are ~0
