"""The file uploader in the page's language (ui/sections/uploads.py): the style hides
Streamlit's English on the button, under it, and while a file is dragged over the zone
("Drag and drop a file here", seen in chromium), writes the page's words in their place,
and no word can leave its CSS string or the style element."""

from __future__ import annotations

from ui.sections import uploads


def test_the_style_writes_both_words_and_hides_the_english():
    style = uploads.css("파일 올리기", "여기에 파일을 놓으세요")
    assert 'content: "파일 올리기"' in style and 'content: "여기에 파일을 놓으세요"' in style
    assert "> input + div > span" in style  # the dragging text's place
    assert '"stFileUploaderDropzoneInstructions"] { display: none; }' in style


def test_a_word_cannot_close_its_string_or_the_style():
    style = uploads.css('x" } body { display: none', "</style><script>alert(1)</script>")
    assert style.count("</style>") == 1 and "<script>" not in style
    assert 'content: "x\\" } body' in style
