"""Forcing a token by clicking a chart: the chart's selection event -> (step, token id), and
the forced decode beside the original. No Streamlit here (the pages draw the result).

The figure builders put `[label, step, token_id]` (and, in the beam tree, the node index as
a fourth item) in every clickable point's customdata (ui/figures/decode.py `topk_bars`,
ui/figures/compare.py `beam_tree_figure`); Streamlit returns it in the selection event.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from seq2seq_core.decoding.trace import DecodeTrace, format_log_prob
from ui.figures.style import shown
from ui.text.i18n import t
from ui.text.literal import literal


@dataclass(frozen=True)
class Pick:
    """A clicked point: force `token_id` at decoder step `step` (1-based); `node` is the
    beam tree's node index when the click was on the tree."""

    step: int
    token_id: int
    node: int | None = None


def picked_point(event: Any) -> Pick | None:
    """The Pick of a `st.plotly_chart(..., on_select="rerun")` event (the event object or
    its dict), or None: nothing selected, or a point without a step (the tree's root)."""
    if event is None:
        return None
    selection = event.get("selection") if isinstance(event, Mapping) else None
    if selection is None:
        selection = getattr(event, "selection", None)
    points = (selection or {}).get("points") or []
    for point in points:
        data = point.get("customdata")
        if not isinstance(data, list | tuple) or len(data) < 3:
            continue
        try:
            step, token_id = int(data[1]), int(data[2])
            node = int(data[3]) if len(data) > 3 else None
        except (TypeError, ValueError):
            continue
        if step >= 1:
            return Pick(step, token_id, node)
    return None


def player_pick(value: Any, trace: DecodeTrace, text: str) -> Pick | None:
    """The decode player's force trigger, `{"step", "id", "sentence"}` from the browser,
    checked against the decode the page drew: this sentence, one of its steps, one of that
    step's top-k tokens (a whole number each, not a bool or a float); None otherwise."""
    if not isinstance(value, Mapping) or value.get("sentence") != text:
        return None
    step, token_id = value.get("step"), value.get("id")
    if not all(isinstance(v, int) and not isinstance(v, bool) for v in (step, token_id)):
        return None
    if not 1 <= step <= len(trace.steps) or token_id not in trace.steps[step - 1].topk_ids:
        return None
    return Pick(step, token_id)


def comparison_markdown(original: DecodeTrace, forced: DecodeTrace, step: int, lang: str) -> str:
    """The original and the forced translation, each with its summed log-probability."""
    token = literal(shown(forced.steps[step - 1].chosen_token, lang))
    lines = [t("forced_title", lang, token=token, t=step)]
    for label, trace in (("forced_original", original), ("forced_result", forced)):
        lp = format_log_prob(trace.steps[-1].log_prob) if trace.steps else "0"
        out = literal(trace.output_text or "∅")
        lines.append(f"- {t(label, lang)}: **{out}**  (log p = {lp})")
    if forced.output_ids == original.output_ids:
        lines.append(f"\n{t('forced_same', lang)}")
    return "\n".join(lines)
