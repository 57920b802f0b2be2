"""The shared projector style of every figure: colours, layout defaults, `build_figure`,
token axes and the "no data yet" note. Pure plotly, no Streamlit.

Made for a projector: large fonts, transparent backgrounds (the Streamlit theme colours the
text, light or dark), colour-blind-safe scales. Token axes use integer positions with
`ticktext`, so that repeated tokens ("the ... the") keep their own column.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import plotly.graph_objects as go

from seq2seq_core.data.tokenizers import piece_label
from ui.text.i18n import t
from ui.text.literal import plot_literal

# Fills dark enough for white text on them (>= 4.5:1, WCAG AA): 5.1, 4.6 and 5.2.
ACCENT = "#c4401a"  # the chosen / current thing
BASE = "#4c78a8"  # everything else
MUTED = "rgba(128,128,128,0.35)"
TEAL = "#1f7a6f"  # a second series, the student's own pick
# Colour scales as explicit stops [position, colour], never by name: the figures are built
# without validation (see `build_figure`), so a name reaches plotly.js as it is, and
# plotly.js's "Blues" runs dark (0) to pale (1) while "RdBu_r" is not one of its names at
# all. Stops drawn from ColorBrewer (Blues, RdBu) and matplotlib's viridis.
SEQUENTIAL = [  # weights in [0, 1]: pale for 0, the strongest weight the darkest blue
    [0.0, "#f7fbff"], [0.125, "#deebf7"], [0.25, "#c6dbef"], [0.375, "#9ecae1"],
    [0.5, "#6baed6"], [0.625, "#4292c6"], [0.75, "#2171b5"], [0.875, "#08519c"],
    [1.0, "#08306b"],
]  # fmt: skip
DIVERGING = [  # signed activations: blue negative, white 0, red positive
    [0.0, "#2166ac"], [0.125, "#4393c3"], [0.25, "#92c5de"], [0.375, "#d1e5f0"],
    [0.5, "#f7f7f7"], [0.625, "#fddbc7"], [0.75, "#f4a582"], [0.875, "#d6604d"],
    [1.0, "#b2182b"],
]  # fmt: skip
ORDERED = [  # an order (a position in the sentence), not a weight: viridis, dark to yellow
    [0.0, "#440154"], [0.111, "#482878"], [0.222, "#3e4989"], [0.333, "#31688e"],
    [0.444, "#26828e"], [0.556, "#1f9e89"], [0.667, "#35b779"], [0.778, "#6ece58"],
    [0.889, "#b5de2b"], [1.0, "#fde725"],
]  # fmt: skip


# The narrowest a chart is drawn at 1366x768 (sidebar open, large text), in px: a figure that
# places text by size keeps it inside and apart at these widths (wider only spreads it).
FULL_WIDTH, HALF_WIDTH = 760, 380
BASE_FONT = 15  # px, the default text of every figure at scale 1
LARGE_SCALE = 1.35  # the sidebar's "large text": every figure's fonts (and heights) times this
_FONT_KEYS = ("font", "tickfont", "textfont", "insidetextfont", "outsidetextfont")


def scale_fonts(obj, scale: float):
    """A copy of a figure's plain-dict part (layout, trace, annotation, ...) with every font
    size found anywhere inside it multiplied by `scale`."""
    if isinstance(obj, dict):
        out = {}
        for key, value in obj.items():
            if key in _FONT_KEYS and isinstance(value, dict) and value.get("size") is not None:
                value = {**value, "size": round(value["size"] * scale, 1)}
            out[key] = scale_fonts(value, scale)
        return out
    if isinstance(obj, (list, tuple)):
        return [scale_fonts(x, scale) for x in obj]
    return obj


# Streamlit sets plotly's default template to its own (streamlit_plotly_theme.py), 6 kB of
# defaults for every trace type that plotly copied into each figure, validated again when
# st.plotly_chart rebuilt the figure, hashed for the element id and sent; the browser then
# applies Streamlit's theme on top of whatever template arrives. Every colour we rely on is
# explicit (colour scales as stops, bar colours), so the figures carry an empty template:
# a decoder step's figures cost 4 ms each instead of 7 ms in st.plotly_chart's conversion,
# and 1.4 ms instead of 3 ms to build (bench/RESULTS.md).
LEAN_TEMPLATE: dict = {}  # an empty template: plotly adds none of its own


def _base_layout(height: int, titled: bool, scale: float = 1.0) -> dict:
    """Projector defaults: large font, transparent backgrounds (the theme colours the rest).
    Axes take the room their tick labels and titles need (automargin), whatever the scale."""
    room = round(10 * scale)
    return dict(
        template=LEAN_TEMPLATE,
        height=round(height * scale),
        margin=dict(l=room, r=room, t=round((40 if titled else 10) * scale), b=room),
        paper_bgcolor="rgba(0,0,0,0)",
        plot_bgcolor="rgba(0,0,0,0)",
        font=dict(size=BASE_FONT),
        # no drag: plotly cancels a touch that starts on a chart in any drag mode, and the
        # page could not be scrolled past it on a phone (issue 27); nothing zooms either
        dragmode=False,
        xaxis=dict(automargin=True),
        yaxis=dict(automargin=True),
    )


AXIS_FONT = BASE_FONT  # px at scale 1 of axis numbers and titles, set on every axis


def _axis_fonts(layout: dict) -> dict:
    """Every axis (x, y, y2, ...) and colour bar with its tick and title font sizes set.
    Streamlit's plotly theme gives axes 12 px numbers and 14 px titles of its own, which
    the layout's font does not override: unset, they stay small whatever `scale` is."""
    out = dict(layout)
    for key, axis in layout.items():
        if not (key.startswith(("xaxis", "yaxis")) and isinstance(axis, dict)):
            continue
        axis = {**axis, "tickfont": {"size": AXIS_FONT, **axis.get("tickfont", {})}}
        title = axis.get("title")
        if isinstance(title, str):
            title = {"text": title}
        if isinstance(title, dict):
            axis["title"] = {**title, "font": {"size": AXIS_FONT, **title.get("font", {})}}
        out[key] = axis
    legend = layout["legend"] if isinstance(layout.get("legend"), dict) else {}
    out["legend"] = {**legend, "font": {"size": AXIS_FONT, **legend.get("font", {})}}
    return out


def _colorbars(traces: list) -> list:
    """Traces whose colour bar has its tick font set (see `_axis_fonts`)."""
    out = []
    for tr in traces:
        bar = tr.get("colorbar") if isinstance(tr, dict) else None
        if isinstance(bar, dict):
            tr = {**tr, "colorbar": {**bar, "tickfont": {"size": AXIS_FONT,
                                                         **bar.get("tickfont", {})}}}  # fmt: skip
        out.append(tr)
    return out


def _merge(base: dict, layout: dict, scale: float = 1.0) -> dict:
    """`layout` over `base`, one level deep for the axes (a builder's xaxis keeps automargin)."""
    out = {**base, **layout}
    if isinstance(layout.get("margin"), dict):  # a builder's own margins, in px at scale 1
        own = {k: round(v * scale) if isinstance(v, (int, float)) else v
               for k, v in layout["margin"].items()}  # fmt: skip
        out["margin"] = {**base["margin"], **own}
    for axis in ("xaxis", "yaxis"):
        if isinstance(layout.get(axis), dict):
            out[axis] = {**base[axis], **layout[axis]}
    return out


def apply_layout(fig: go.Figure, height: int, scale: float = 1.0, **kw) -> go.Figure:
    """Set the projector layout on a figure built with plotly's objects, every font (the
    figure's own and the layout's) times `scale`; height times `scale` too."""
    base = _base_layout(height, bool(kw.get("title")), scale)
    d = fig.to_dict()
    d.get("layout", {}).pop("template", None)  # plotly's default one (see LEAN_TEMPLATE)
    d["layout"] = _axis_fonts(_merge(_merge(base, d.get("layout", {})), kw, scale))
    d["data"] = _colorbars(d.get("data", []))
    d = scale_fonts(d, scale)
    return go.Figure(d, _validate=False)


def build_figure(traces: list[dict], height: int, scale: float = 1.0, **layout) -> go.Figure:
    """A figure from plain dicts, without plotly's per-property validation: that validation
    was most of the server time of a decoder step (py-spy; the chain figure alone cost 0.5 s
    built with add_annotation calls, 12 ms built from dicts with validation, 3 ms without).
    tests/ui/figures/test_decode.py checks that every builder's output passes plotly's validation,
    so
    a misspelt property still fails a test instead of silently drawing nothing.

    `scale` (the sidebar's large text, `LARGE_SCALE`) multiplies every font size in the
    figure, set by the builder or by default, and its height: one factor for all figures."""
    base = _base_layout(height, bool(layout.get("title")), scale)
    fig = dict(data=_colorbars(traces), layout=_axis_fonts(_merge(base, layout, scale)))
    return go.Figure(scale_fonts(fig, scale), _validate=False)


# The text colours of a figure on Streamlit's light or dark page (`themed`), each at least
# 4.5:1 on that page's background: the theme's text, a muted grey, and the accent, base and
# teal colours as text (a colour that is >= 4.5:1 on white is under it on the dark page).
THEMES: dict[str, dict[str, str]] = {
    "light": dict(bg="#ffffff", text="#31333f", muted="#5c5f6b", accent="#c4401a",
                  base="#3d6591", teal="#1f7a6f"),
    "dark": dict(bg="#0e1117", text="#fafafa", muted="#a3a8b8", accent="#ff8a65",
                 base="#8fb3dc", teal="#4fd1c5"),
}  # fmt: skip
_AS_TEXT = {ACCENT: "accent", BASE: "base", TEAL: "teal", "gray": "muted", "grey": "muted"}
WHITE = "white"  # text drawn on a filled bar or box (ACCENT, BASE, TEAL), never on the page


def _text_colour(colour, theme: dict[str, str]) -> str:
    """The colour a text of `colour` takes on `theme`'s page: unset is the theme's text."""
    if colour is None:
        return theme["text"]
    if isinstance(colour, str) and colour in _AS_TEXT:
        return theme[_AS_TEXT[colour]]
    return colour


def _font(font, theme: dict[str, str]) -> dict:
    font = dict(font) if isinstance(font, dict) else {}
    return {**font, "color": _text_colour(font.get("color"), theme)}


def themed(fig: go.Figure, theme_type: str | None = "light") -> go.Figure:
    """`fig` with every text colour set for Streamlit's light or dark page (`THEMES`):
    axis numbers and titles, legend, colour bars, annotations and trace texts. Streamlit's
    own theme drew them grey (#808495 on white, 3.72:1). Text inside bars stays as the
    builder set it (white on the dark fills)."""
    theme = THEMES["dark" if theme_type == "dark" else "light"]
    d = fig.to_dict()
    layout = d.setdefault("layout", {})
    layout["font"] = _font(layout.get("font"), theme)
    for key, axis in list(layout.items()):
        if key.startswith(("xaxis", "yaxis")) and isinstance(axis, dict):
            axis = {**axis, "tickfont": _font(axis.get("tickfont"), theme)}
            if isinstance(axis.get("title"), dict):
                axis["title"] = {**axis["title"], "font": _font(axis["title"].get("font"), theme)}
            layout[key] = axis
    if isinstance(layout.get("title"), dict):
        layout["title"] = {**layout["title"], "font": _font(layout["title"].get("font"), theme)}
    layout["legend"] = {
        **layout.get("legend", {}),
        "font": _font(layout.get("legend", {}).get("font"), theme),
    }
    layout["annotations"] = [{**a, "font": _font(a.get("font"), theme)}
                             for a in layout.get("annotations", [])]  # fmt: skip
    for tr in d.get("data", []):
        if isinstance(tr.get("colorbar"), dict):
            tr["colorbar"] = {
                **tr["colorbar"],
                "tickfont": _font(tr["colorbar"].get("tickfont"), theme),
            }
        if "text" in tr or "texttemplate" in tr:
            tr["textfont"] = _text_font(tr.get("textfont"), theme)
            if tr.get("type") == "bar":  # inside a bar: white on the builders' dark fills
                inside = tr.get("insidetextfont") or {}
                tr["insidetextfont"] = {**inside, "color": inside.get("color", WHITE)}
    return go.Figure(d, _validate=False)


def _text_font(font, theme: dict[str, str]) -> dict:
    """A trace's text font: a list of colours each for the page, white (inside a fill) kept."""
    font = dict(font) if isinstance(font, dict) else {}
    colour = font.get("color")
    if isinstance(colour, (list, tuple)):
        return {**font, "color": [_text_colour(c, theme) for c in colour]}
    return font if colour == WHITE else _font(font, theme)


def warm_up() -> None:
    """Load, once and from one thread, what plotly otherwise imports lazily on first use
    (pandas, the validators of each trace type and layout part). Sessions that started at the
    same moment on a cold server raced on those imports: "partially initialized module
    'pandas'" (found by tests/load/test_classroom.py)."""
    import pandas  # noqa: F401

    fig = go.Figure([go.Bar(x=[0], y=[1], text=["a"], customdata=["a"], marker_color=[BASE]),
                     go.Heatmap(z=[[0.0]], colorscale=SEQUENTIAL, hovertemplate="%{z}"),
                     go.Scatter(x=[0], y=[0], mode="lines+markers", yaxis="y2")])  # fmt: skip
    fig.add_annotation(x=0, y=0, ax=1, ay=1, xref="x", yref="y", axref="x", ayref="y", text="a")
    fig.add_shape(type="rect", x0=0, x1=1, y0=0, y1=1, line=dict(color=BASE, dash="dot"))
    fig.update_layout(yaxis2=dict(overlaying="y", side="right"), legend=dict(orientation="h"))
    apply_layout(fig, 100, title=dict(text="a", font=dict(size=15))).to_json()


def no_data_note(lang: str = "en") -> dict:
    """An annotation in the middle of the plot: "no data yet"."""
    text = t("no_data_yet", lang)
    return dict(text=text, showarrow=False, x=0.5, y=0.5, xref="paper", yref="paper",
                font=dict(size=16))  # fmt: skip


def empty_figure(height: int, lang: str = "en", scale: float = 1.0) -> go.Figure:
    """A blank plot that says there is nothing to draw yet."""
    return build_figure(
        [],
        height,
        scale,
        annotations=[no_data_note(lang)],
        xaxis=dict(visible=False),
        yaxis=dict(visible=False),
    )


def text_width(text: str, size: float, bold: bool = False) -> float:
    """An upper estimate of `text`'s width in px at font `size` px, without a browser: a
    Hangul/CJK (wide) character is one em, any other about 0.62 em (0.68 bold). Figures
    that place text in data coordinates space it with this so that labels never touch."""
    import unicodedata

    narrow = 0.68 if bold else 0.62
    return size * sum(1.0 if unicodedata.east_asian_width(c) in "WF" else narrow for c in text)


def fit_text(text: str, size: float, room: float, bold: bool = False) -> str:
    """`text` cut with "…" so that it is at most `room` px wide (see `text_width`)."""
    if text_width(text, size, bold) <= room:
        return text
    while text and text_width(text + "…", size, bold) > room:
        text = text[:-1]
    return text + "…"


# A legend in a row above the plot, growing upwards: anchored by its top (plotly's choice for
# a legend placed above 2/3 of the height), a legend of two rows covered the curves.
TOP_LEGEND = dict(orientation="h", x=0, y=1.02, yanchor="bottom")


def unit_ticks(percent: bool = True) -> dict:
    """Ticks of an axis of probabilities or weights, 0 to 1 whatever room the range keeps
    above 1 for labels (plotly's own ticks ran on to 120% in a range up to 1.2)."""
    ticks = dict(tickvals=[0, 0.25, 0.5, 0.75, 1.0])
    return {**ticks, "tickformat": ".0%"} if percent else {**ticks, "tickformat": ".2f"}


def ticks_within(low: float, high: float, count: int = 5) -> list[float]:
    """About `count` round ticks (1, 2 or 5 times a power of ten apart) that lie in
    [low, high], 0 among them when it is inside: an axis's range may keep room beyond the
    data for labels, its ticks never claim values the data cannot take."""
    span = max(high - low, 1e-9)
    raw = span / max(count - 1, 1)
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 5, 10) if m * power >= raw)
    first = math.ceil(low / step - 1e-9)
    return [round(i * step, 10) for i in range(first, math.floor(high / step + 1e-9) + 1)]


def wrap_text(text: str, size: float, room: float) -> list[str]:
    """`text` in lines each at most `room` px wide (see `text_width`), broken between
    characters where it must (a token has no spaces to break at); at least one character
    a line. Nothing is left out: "".join(lines) == text."""
    lines: list[str] = []
    for c in text:
        if lines and text_width(lines[-1] + c, size) <= room:
            lines[-1] += c
        else:
            lines.append(c)
    # as many lines, evened out where they fit: "<eo", "s>" rather than "<eos", ">"
    per = -(-len(text) // max(len(lines), 1))
    even = [text[i : i + per] for i in range(0, len(text), per)] if text else []
    if even and len(even) == len(lines) and all(text_width(x, size) <= room for x in even):
        return even
    return lines or [""]


WORD_START = "\u2581"  # SentencePiece's word-start mark "▁"


def shown(piece: str, lang: str = "en") -> str:
    """A token as the class should read it, never blank: a lone space (the character
    tokenizer's) becomes ␣, SentencePiece's word-start mark standing alone (a piece that is
    only a word boundary) says so in words, "␣ space" / "␣ 띄어쓰기", where a bare ▁ drew an
    empty-looking chip or label, and a byte piece `<0xE6>` (a character SentencePiece spells
    in UTF-8 bytes) shows its byte (`tokenizers.piece_label`). Every view of tokens goes
    through here."""
    if piece == WORD_START:
        return t("space_piece", lang)
    return piece_label(piece)


def plot_token(piece: str, lang: str = "en") -> str:
    """`shown(piece)` for plotly text (ticks, annotations, hover texts, titles): plotly draws
    `<a href>`, `<b>`, `<span style>` in any text, so a token of an uploaded model or a word
    of a typed sentence has its `&`, `<` and `>` written as entities (`plot_literal`). Cut it
    with `fit_text` before, never after (an entity must not be cut)."""
    return plot_literal(shown(piece, lang))


def token_axis(
    tokens: Sequence[str],
    lang: str = "en",
    size: int = 15,
    slot: float | None = None,
    scale: float = 1.0,
) -> dict:
    """A category axis of tokens, one tick each (shown as `plot_token`). With `slot` (px per
    token where the chart is drawn narrowest, at this `scale`), the labels are horizontal when
    the widest fits its slot and at 45° when not: never plotly's automatic 90°, unreadable
    from a distance."""
    text = [plot_token(x, lang) for x in tokens]
    axis = dict(tickmode="array", tickvals=list(range(len(tokens))), ticktext=text,
                tickfont=dict(size=size))  # fmt: skip
    if slot is not None:
        angle = tick_angle([shown(x, lang) for x in tokens], size * scale, slot)
        axis["tickangle"] = -45 if angle is None else angle  # -45 when neither fits: least bad
    return axis


def tick_angle(texts: Sequence[str], size: float, slot: float) -> int | None:
    """0 when the widest of `texts` at font `size` px fits its `slot` px level, -45 when
    slanted labels keep one em apart (slot * sin 45°), None when neither fits."""
    if widest(texts, size) <= slot - 6:
        return 0
    return -45 if 0.71 * slot >= 1.05 * size else None


def widest(texts: Sequence[str], size: float) -> float:
    """The widest of `texts` in px at font `size` (see `text_width`); 0 for none."""
    return max([text_width(x, size) for x in texts] + [0.0])


def slanted_room(texts: Sequence[str], size: float) -> float:
    """Height in px that labels written at 45° take: their width times sin 45°, plus a line."""
    return 0.71 * widest(texts, size) + size
