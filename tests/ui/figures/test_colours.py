"""Every colour scale reaches plotly.js as explicit stops, read from the figure's JSON.

The figures are built without validation (ui/figures/style.py `build_figure`), so a scale
given by name went to plotly.js as it was: its "Blues" runs dark navy (0) to pale grey (1),
which drew the attention maps backwards, and "RdBu_r" is not one of its names at all.
"""

from __future__ import annotations

import json
import re

import pytest

from tests.support.figures import state_map
from tests.support.models import CONFIGS, tiny_translator
from tests.support.paths import REPO_ROOT
from ui.figures import bridge, decode, probe

FIGURES = REPO_ROOT / "ui" / "figures"


@pytest.fixture(scope="module")
def trace():
    return tiny_translator(CONFIGS[3]).trace("a b a c")  # bidirectional, attention


def _luminance(colour: str) -> float:
    """Relative luminance (WCAG) of "#rrggbb" or "rgb(r, g, b)"."""
    if colour.startswith("#"):
        rgb = [int(colour[i : i + 2], 16) for i in (1, 3, 5)]
    else:
        rgb = [float(x) for x in re.findall(r"[\d.]+", colour)[:3]]
    lin = [(c / 255) / 12.92 if c / 255 <= 0.04045 else ((c / 255 + 0.055) / 1.055) ** 2.4
           for c in rgb]  # fmt: skip
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def _scales(fig) -> list:
    """Every `colorscale` in the figure's JSON, as plotly.js receives it (the theme's
    template aside: plotly's own, already explicit, used only where a trace sets none)."""
    found = []

    def walk(node):
        if isinstance(node, dict):
            for key, value in node.items():
                if key == "template":
                    continue
                if key == "colorscale":
                    found.append(value)
                else:
                    walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(json.loads(fig.to_json()))
    return found


def _assert_stops(scale) -> None:
    assert isinstance(scale, list) and len(scale) >= 2, scale  # never a name
    positions = [stop[0] for stop in scale]
    assert positions[0] == 0 and positions[-1] == 1 and positions == sorted(positions)
    for _, colour in scale:
        _luminance(colour)  # a colour it can read


def _built(trace) -> dict[str, tuple[object, bool]]:
    """name -> (figure, is a weight map: the strongest weight must be the darkest)."""
    out = [s.chosen_token for s in trace.steps]
    return {
        "encoder_states": (decode.encoder_states_heatmap(trace.encoder, trace.src_pieces), False),
        "hidden_vector": (decode.hidden_vector_figure(trace.encoder.final_hidden[-1]), False),
        "attention_map": (
            decode.attention_heatmap(trace.attention_matrix(), trace.src_pieces, out, 1),
            True,
        ),
        "state_map": (probe.state_map_figure(state_map(), "position"), False),
        "bridge": (bridge.bridge_figure(trace.encoder, trace.src_pieces), False),
    }


def test_every_colour_scale_is_explicit_stops_and_weights_darken(trace):
    for name, (fig, weights) in _built(trace).items():
        scales = _scales(fig)
        assert scales, name
        for scale in scales:
            _assert_stops(scale)
            if weights:  # weight 1 (all attention on one token) is the darkest cell
                assert _luminance(scale[-1][1]) < _luminance(scale[0][1]) / 4, name


def test_the_diverging_scale_is_blue_below_zero_red_above_and_pale_at_zero(trace):
    scale = _scales(decode.hidden_vector_figure(trace.encoder.final_hidden[-1]))[0]
    lo, mid, hi = scale[0][1], next(c for p, c in scale if p == 0.5), scale[-1][1]
    assert lo.lower() == "#2166ac" and hi.lower() == "#b2182b"  # as the page says
    assert _luminance(mid) > max(_luminance(lo), _luminance(hi))


def test_no_figure_module_names_a_colour_scale():
    """The class of fault: a scale given by name anywhere in ui/figures/."""
    for path in FIGURES.glob("*.py"):
        text = path.read_text(encoding="utf-8")
        named = re.findall(r"colorscale\s*=\s*[\"']", text)
        assert not named, path.name
    from ui.figures import style

    for scale in (style.SEQUENTIAL, style.DIVERGING, style.ORDERED):
        _assert_stops(scale)
