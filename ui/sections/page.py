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
    """The browser tab's title: the page's name, then the app's, in `lang` (the app's
    alone without a page name)."""
    app = t("app_title", lang)
    return f"{page_title} · {app}" if page_title else app


# A touch that starts on a chart goes to the page, never to plotly: plotly cancels it (no
# scroll) in every drag mode, and Streamlit gives a chart that selects the "pan" mode. A tap
# still reaches the chart as the mouse click the browser makes of it. Added once per page.
TOUCH_SCRIPT = (
    "if (!window.seq2seqTouch) { window.seq2seqTouch = true;"
    " document.addEventListener('touchstart', function (e) {"
    " if (e.target.closest && e.target.closest('.js-plotly-plot .draglayer'))"
    " e.stopPropagation(); }, {capture: true, passive: true}); }"
)


# ui/sections/uploads.py hides Streamlit's English "Upload" on a file uploader's button and
# draws the page's word in CSS, which leaves the button without an accessible name (axe:
# button-name, critical). Every uploader button, now and as Streamlit draws new ones, is
# named by an aria-label in the page's language (window.seq2seqUploadWord: the latest run's).
UPLOAD_NAME_SCRIPT = (
    "if (!window.seq2seqNameUploads) { window.seq2seqNameUploads = () =>"
    " document.querySelectorAll('[data-testid=\"stFileUploaderDropzone\"] button')"
    ".forEach(b => { if (b.getAttribute('aria-label') !== window.seq2seqUploadWord)"
    " b.setAttribute('aria-label', window.seq2seqUploadWord); });"
    " new MutationObserver(window.seq2seqNameUploads)"
    ".observe(document.body, {childList: true, subtree: true}); }"
    " window.seq2seqNameUploads();"
)


def language_script(lang: str, upload_word: str = "Upload") -> str:
    """A script that sets the document's language to `lang` (a key of `LANGS`, checked by
    the caller; written as a JSON string all the same), names the file uploaders' buttons
    `upload_word` (`UPLOAD_NAME_SCRIPT`), and `TOUCH_SCRIPT`."""
    word = json.dumps(upload_word).replace("<", "\\u003c")
    return (f"<script>document.documentElement.lang = {json.dumps(lang)};"
            f" window.seq2seqUploadWord = {word}; {UPLOAD_NAME_SCRIPT}"
            f" {TOUCH_SCRIPT}</script>")  # fmt: skip


# What Streamlit's own look lacks for a student: text of at least 4.5:1, a focus ring that
# shows (>= 3:1: the text's own colour), the quiz's revealed pick in the text colour (Streamlit
# greys a disabled choice: 2.29:1), and on touch screens (pointer: coarse) every
# control a student taps at least 44x44 px, the tab strips wrapped instead of scrolled
# behind small arrows, the quiz's choices full-width buttons.
PAGE_CSS = """<style>
[data-testid="stCaptionContainer"], [data-testid="stWidgetLabel"] [data-testid="stCaptionContainer"]
  { color: inherit !important; opacity: 0.8; }
a:focus-visible, button:focus-visible, [role="tab"]:focus-visible, [role="radio"]:focus-visible,
[data-testid="stSidebarNavLink"]:focus-visible, summary:focus-visible
  { outline: 3px solid currentColor !important; outline-offset: 2px; }
.st-key-sr_heading { position: absolute !important; width: 1px !important; height: 1px !important;
  overflow: hidden !important; clip-path: inset(50%) !important; white-space: nowrap; }
.st-key-exp_quiz_choices button:disabled, .st-key-exp_quiz_choices button:disabled *
  { color: inherit !important; opacity: 1 !important; }
@media (pointer: coarse) {
  [data-testid="stSidebarNavLink"], [data-testid="stExpandSidebarButton"],
  [data-testid="stSidebarCollapseButton"] button, [data-testid="stPopoverButton"],
  .stButton button, .stDownloadButton button, [data-testid="stExpander"] summary,
  [data-testid="stTab"], [data-testid="stSelectbox"] [role="group"],
  [data-testid="stNumberInput"] button, [data-testid="stNumberInput"] input,
  [data-testid="stRadioOption"], [data-testid="stCheckbox"] label,
  [data-testid="stTooltipHoverTarget"] button, [data-testid="stButtonGroup"] button,
  [data-testid^="stBaseButton"]
    { min-height: 44px !important; min-width: 44px !important; }
  [data-testid="stRadioOption"], [data-testid="stCheckbox"] label
    { align-items: center !important; }
  [data-testid="stTooltipHoverTarget"] button { justify-content: center !important; }
  [data-testid="stSlider"] [role="slider"] { width: 44px !important; height: 44px !important; }
  [role="tablist"] { flex-wrap: wrap !important; }
  [data-testid="stTabsScrollRight"], [data-testid="stTabsScrollLeft"] { display: none !important; }
  .st-key-exp_quiz_choices [data-testid="stButtonGroup"] > div
    { flex-direction: column !important; width: 100% !important; }
  .st-key-exp_quiz_choices [data-testid="stButtonGroup"] button
    { width: 100% !important; min-height: 56px !important; }
}
</style>"""


def set_language_and_title(page_title: str, lang: str) -> None:
    """The page's `lang` and title in the interface language, and `PAGE_CSS` (app.py,
    every run)."""
    st.set_page_config(page_title=title(page_title, lang))
    st.html(PAGE_CSS)  # style only: Streamlit puts it where it takes no room
    with st.sidebar:
        st.html(language_script(lang, t("upload_button", lang)), unsafe_allow_javascript=True)


def hidden_heading(text: str) -> None:
    """The page's h1 for a screen reader, taking no room on screen (the Lecture page fills
    one screen with its player and has no visible title)."""
    with st.container(key="sr_heading"):
        st.markdown(f"# {text}")
