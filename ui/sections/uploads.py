"""Streamlit's file uploader in the page's language.

Its drop zone writes "Upload" and "5MB per file • TSV, TXT, CSV" in English whatever the
page's language, and "Drag and drop a file here" while a file is dragged over it; it has no
option to change them. `in_page_language` (called before the uploader) hides the English
line, names the button in the page's language (the English word is hidden, also from screen
readers, and the page's word drawn in its place) and draws the page's words over the
dragging text the same way; `limit` (after it) says the size limit in a caption.
"""

from __future__ import annotations

import streamlit as st

from ui.state import resources, t

_ZONE = '[data-testid="stFileUploaderDropzone"] button [data-testid="stMarkdownContainer"] p'
# While a file is dragged over the zone: a div without a test id, right after its input,
# holds the English text (Streamlit 1.67's FileUploader).
_DRAG = '[data-testid="stFileUploaderDropzone"] > input + div > span'
_CSS = (
    "<style>"
    '[data-testid="stFileUploaderDropzoneInstructions"] {{ display: none; }}'
    f"{_ZONE}, {_DRAG} {{{{ visibility: hidden; font-size: 0; }}}}"
    f'{_ZONE}::after {{{{ content: "{{word}}"; visibility: visible; font-size: 0.875rem; }}}}'
    f'{_DRAG}::after {{{{ content: "{{drop}}"; visibility: visible; font-size: 1rem; }}}}'
    "</style>"
)


def _quoted(text: str) -> str:
    """`text` inside a CSS string: no way out of the quotes or the style element."""
    return text.replace("\\", "\\\\").replace('"', '\\"').replace("<", "\\3c ")


def css(word: str, drop: str = "") -> str:
    """The style that hides Streamlit's English, writes `word` on the upload button and
    `drop` where Streamlit writes "Drag and drop a file here"."""
    return _CSS.format(word=_quoted(word), drop=_quoted(drop))


def in_page_language() -> None:
    """Above an uploader: its style, so that the browser draws the uploader with it (under
    it, the English showed until the style came: the Data page's, read at once in chromium)."""
    st.markdown(css(t("upload_button"), t("upload_drop")), unsafe_allow_html=True)


def limit(corpus: bool = True) -> None:
    """Under an uploader: its size limit in the page's language."""
    resources.upload_limit_caption(corpus)
