"""What every page sets about itself for the browser: its language and title follow the
interface language, so that a screen reader reads Korean in a Korean voice and a tab or a
bookmark says which page it is.

Streamlit writes `<html lang="en">` into its index page and has no setting for it: a tiny
inline script (nothing fetched) sets the attribute; the title is Streamlit's own
`set_page_config`."""

from __future__ import annotations

import json

import streamlit as st

from ui.text.i18n import t


def title(page_title: str, lang: str) -> str:
    """The browser tab's title: the page's name, then the app's, in `lang`."""
    return f"{page_title} · {t('app_title', lang)}"


# A touch that starts on a chart goes to the page, never to plotly: plotly cancels it (no
# scroll) in every drag mode, and Streamlit gives a chart that selects the "pan" mode. A tap
# still reaches the chart as the mouse click the browser makes of it. Added once per page.
TOUCH_SCRIPT = (
    "if (!window.seq2seqTouch) { window.seq2seqTouch = true;"
    " document.addEventListener('touchstart', function (e) {"
    " if (e.target.closest && e.target.closest('.js-plotly-plot .draglayer'))"
    " e.stopPropagation(); }, {capture: true, passive: true}); }"
)


def language_script(lang: str) -> str:
    """A script that sets the document's language to `lang` (a key of `LANGS`, checked by
    the caller; written as a JSON string all the same), and `TOUCH_SCRIPT`."""
    return f"<script>document.documentElement.lang = {json.dumps(lang)}; {TOUCH_SCRIPT}</script>"


def set_language_and_title(page_title: str, lang: str) -> None:
    """The page's `lang` and title in the interface language (app.py, every run)."""
    st.set_page_config(page_title=title(page_title, lang))
    with st.sidebar:
        st.html(language_script(lang), unsafe_allow_javascript=True)
