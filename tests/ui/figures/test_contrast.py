"""Every text colour of every figure against what it is drawn on, in Streamlit's light and
dark theme (issue 27): at least 4.5:1 (WCAG AA). axe cannot see inside plotly's SVG.

The figures come from every figure builder of ui/figures (the factories of
tests/hostile/test_figure_injection.py), set for the page by `style.themed` as
ui/sections/charts.py draws them."""

from __future__ import annotations

import re

import plotly.graph_objects as go
import pytest

from tests.hostile.test_figure_injection import FACTORIES, Hostile, public_functions
from ui.figures import style

AA = 4.5
NAMED = {"white": "#ffffff", "black": "#000000"}


def _rgb(colour: str, under: str = "#ffffff") -> tuple[float, float, float]:
    """(r, g, b) 0-255 of "#rrggbb", "rgb(...)", "rgba(...)" (blended over `under`) or a name."""
    colour = NAMED.get(colour, colour)
    if colour.startswith("#"):
        return tuple(int(colour[i : i + 2], 16) for i in (1, 3, 5))
    parts = [float(x) for x in re.findall(r"[\d.]+", colour)]
    alpha = parts[3] if len(parts) > 3 else 1.0
    base = _rgb(under)
    return tuple(alpha * c + (1 - alpha) * b for c, b in zip(parts[:3], base, strict=True))


def _luminance(rgb) -> float:
    lin = [(c / 255) / 12.92 if c / 255 <= 0.04045 else ((c / 255 + 0.055) / 1.055) ** 2.4
           for c in rgb]  # fmt: skip
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def contrast(fg: str, bg: str) -> float:
    a, b = _luminance(_rgb(fg, bg)), _luminance(_rgb(bg))
    return (max(a, b) + 0.05) / (min(a, b) + 0.05)


def _colours(value) -> list[str]:
    return [c for c in (value if isinstance(value, (list, tuple)) else [value]) if c]


def text_on_page(fig: go.Figure) -> list[tuple[str, str]]:
    """(where, colour) of every text drawn on the page's background."""
    layout = fig.to_dict()["layout"]
    found = [("font", layout["font"].get("color")), ("legend", layout["legend"]["font"]["color"])]
    for key, axis in layout.items():
        if key.startswith(("xaxis", "yaxis")):
            found.append((f"{key}.tickfont", axis["tickfont"].get("color")))
            if isinstance(axis.get("title"), dict) and "font" in axis["title"]:
                found.append((f"{key}.title", axis["title"]["font"].get("color")))
    for i, a in enumerate(layout.get("annotations", [])):
        if a["font"]["color"] != style.WHITE and not a.get("bgcolor"):  # white: on a fill
            found.append((f"annotation {i}", a["font"]["color"]))
    for i, tr in enumerate(fig.to_dict()["data"]):
        if "colorbar" in tr:
            found.append((f"trace {i} colorbar", tr["colorbar"]["tickfont"]["color"]))
        if "textfont" in tr and tr["textfont"].get("color") != style.WHITE:
            found += [(f"trace {i} text", c) for c in _colours(tr["textfont"].get("color"))]
    return found


def text_in_bars(fig: go.Figure) -> list[tuple[str, str, str]]:
    """(where, text colour, bar colour) of every bar with text that may sit inside it."""
    found = []
    for i, tr in enumerate(fig.to_dict()["data"]):
        if tr.get("type") != "bar" or "text" not in tr or tr.get("textposition") == "outside":
            continue
        fills = _colours(tr.get("marker", {}).get("color", style.BASE))
        found += [(f"trace {i}", tr["insidetextfont"]["color"], f) for f in fills]
    return found


@pytest.fixture(scope="module")
def figures() -> dict[str, list[go.Figure]]:
    h, funcs = Hostile(), public_functions()
    out = {}
    for name, (factory, _) in FACTORIES.items():
        figs = [f for f in factory(h, funcs[name]) if isinstance(f, go.Figure)]
        if figs:
            out[name] = figs
    return out


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_every_text_of_every_figure_is_4_5_to_1(figures, theme):
    assert len(figures) > 15
    bg = style.THEMES[theme]["bg"]
    faint = []
    for name, figs in figures.items():
        for fig in figs:
            fig = style.themed(fig, theme)
            for where, colour in text_on_page(fig):
                assert colour, (name, where)
                if contrast(colour, bg) < AA:
                    faint.append((name, where, colour, round(contrast(colour, bg), 2)))
            for where, colour, fill in text_in_bars(fig):
                if contrast(colour, _hex_over(fill, bg)) < AA:
                    faint.append((name, where, colour, fill))
    assert faint == []


def _hex_over(colour: str, bg: str) -> str:
    return "#" + "".join(f"{round(c):02x}" for c in _rgb(colour, bg))


def test_the_contrast_is_measured_as_wcag_says():
    assert contrast("#808495", "#ffffff") == pytest.approx(3.72, abs=0.01)  # the issue's
    assert contrast("#000000", "#ffffff") == pytest.approx(21)
    assert contrast("rgba(0,0,0,0.5)", "#ffffff") == pytest.approx(3.95, abs=0.05)
