"""The page's title and language script (ui/sections/page.py)."""

from __future__ import annotations

from ui.sections import page


def test_the_title_names_the_page_then_the_app_in_the_language():
    assert page.title("Data", "en") == "Data · Seq2seq with attention"
    assert page.title("데이터", "ko") == "데이터 · 어텐션을 쓰는 Seq2seq"
    assert page.title("", "en") == "Seq2seq with attention"


def test_the_script_sets_the_documents_language_as_a_string():
    assert page.language_script("ko").startswith('<script>document.documentElement.lang = "ko";')
    assert '\\"' in page.language_script('x"; alert(1); "')  # never code of its own
