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


def test_the_script_names_the_upload_buttons_in_the_language_as_a_string():
    """uploads.py hides Streamlit's English word on the button: an aria-label names it."""
    script = page.language_script("ko", "파일 올리기")
    assert 'window.seq2seqUploadWord = "\\ud30c\\uc77c \\uc62c\\ub9ac\\uae30";' in script
    assert "setAttribute('aria-label'" in script and "MutationObserver" in script
    hostile = page.language_script("en", '</script><script>alert(1)</script>"')
    assert hostile.count("</script>") == 1 and hostile.count("<script>") == 1
