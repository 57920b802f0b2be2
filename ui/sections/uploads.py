"""Streamlit's file uploader in the page's language.

Its drop zone writes "Upload" and "5MB per file • TSV, TXT, CSV" in English whatever the
page's language, and has no option to change them. `in_page_language` hides the English line,
names the button in the page's language (the English word is hidden, also from screen
readers, and the page's word drawn in its place) and says the size limit in a caption.
"""

from __future__ import annotations

import streamlit as st

from ui.state import resources, t

_ZONE = '[data-testid="stFileUploaderDropzone"] button [data-testid="stMarkdownContainer"] p'
_CSS = (
    "<style>"
    '[data-testid="stFileUploaderDropzoneInstructions"] {{ display: none; }}'
    f"{_ZONE} {{{{ visibility: hidden; font-size: 0; }}}}"
    f'{_ZONE}::after {{{{ content: "{{word}}"; visibility: visible; font-size: 0.875rem; }}}}'
    "</style>"
)


def css(word: str) -> str:
    """The style that hides Streamlit's English and writes `word` on the upload button."""
    quoted = word.replace("\\", "\\\\").replace('"', '\\"').replace("<", "\\3c ")
    return _CSS.format(word=quoted)


def in_page_language(corpus: bool = True) -> None:
    """Under an uploader: its button and limit in the page's language (see the opening)."""
    st.markdown(css(t("upload_button")), unsafe_allow_html=True)
    resources.upload_limit_caption(corpus)
