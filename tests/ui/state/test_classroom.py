"""The class's link and code (issue 29): a code from a link or a typed one is checked, the
link names the class page on the public address, the QR code holds the link."""

from __future__ import annotations

import pytest

from ui.state import classroom


@pytest.mark.parametrize("typed", ["K7QM2X", "k7qm2x", " k7q-m2x ", "K7Q M2X"])
def test_a_code_is_forgiven_case_spaces_and_dashes(typed):
    assert classroom.code_of(typed) == "K7QM2X"


@pytest.mark.parametrize(
    "bad",
    [
        "",
        "K7QM2",
        "K7QM2XY",
        "K7QM0X",
        "<b>K7QM</b>",
        "Ｋ7QM2X",
        "K7QM2X\x00",
        None,
        7,
        "K" * 1000,
    ],
)
def test_anything_else_is_no_code(bad):
    assert classroom.code_of(bad) is None


def test_the_qr_code_is_an_image_of_inline_svg_with_the_link_as_its_text():
    img = classroom.qr_image('http://10.0.0.5:8501/classroom?class=K7QM2X&x="<b>')
    assert img.startswith('<img src="data:image/svg+xml;') and img.count("<") == 1
    assert 'alt="QR code: http://10.0.0.5:8501/classroom?class=K7QM2X&amp;x=&quot;&lt;b&gt;"' in img
