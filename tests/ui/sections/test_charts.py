"""Every chart of the app goes through `ui.sections.charts.chart` (issue 27): no toolbar,
no zoom, its text alternative, its table; and every figure lets a touch scroll the page."""

from __future__ import annotations

import ast

import plotly.graph_objects as go
import pytest

from tests.hostile.test_figure_injection import FACTORIES, Hostile, public_functions
from tests.support.paths import REPO_ROOT
from ui.sections import charts


def test_no_page_draws_a_chart_but_through_chart():
    """The class of fault: a new st.plotly_chart call that forgets the phone settings and
    the text alternative."""
    found = [
        str(p.relative_to(REPO_ROOT))
        for p in [*sorted((REPO_ROOT / "ui").rglob("*.py")), REPO_ROOT / "app.py"]
        for node in ast.walk(ast.parse(p.read_text(encoding="utf-8")))
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "plotly_chart"
        and p.name != "charts.py"
    ]
    assert found == []


class _Where:
    """A stand-in for a Streamlit container: records what it was asked to draw."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, tuple, dict]] = []

    def plotly_chart(self, *args, **kw):
        self.calls.append(("plotly_chart", args, kw))
        return "event"

    def expander(self, label):
        self.calls.append(("expander", (label,), {}))
        import contextlib

        return contextlib.nullcontext()


def test_chart_sends_no_toolbar_no_zoom_and_the_alt_text(monkeypatch):
    where, tables = _Where(), []
    monkeypatch.setattr(charts.tables, "values", tables.append)
    monkeypatch.setattr(charts.state, "t", lambda key: key)
    got = charts.chart(go.Figure(), key="k", alt="what it shows", where=where,
                       table=[{"a": 1}], on_select="rerun")  # fmt: skip
    name, _args, kw = where.calls[0]
    assert got == "event" and name == "plotly_chart"
    assert kw["alt"] == "what it shows" and kw["on_select"] == "rerun"
    assert kw["config"]["displayModeBar"] is False and kw["config"]["scrollZoom"] is False
    assert where.calls[1] == ("expander", ("alt_values",), {}) and tables == [[{"a": 1}]]


def test_chart_needs_a_text_alternative():
    with pytest.raises(TypeError):
        charts.chart(go.Figure(), key="k")  # type: ignore[call-arg]


@pytest.fixture(scope="module")
def hostile() -> Hostile:
    return Hostile()


@pytest.mark.parametrize("name", sorted(FACTORIES))
def test_every_figure_has_no_drag_mode(hostile, name):
    """plotly cancels a touch that starts on a chart in any drag mode: every figure of
    ui/figures says `dragmode=False` (the tests' figures: the hostile model's)."""
    factory, _ = FACTORIES[name]
    figs = [f for f in factory(hostile, public_functions()[name]) if isinstance(f, go.Figure)]
    for fig in figs:
        assert fig.layout.dragmode is False, name
