"""The Train page's *one step at a time* (issue 18), driven headless by AppTest: one step
shows the fixed pair's −log p(gold) before and after and its attention change; ten more
steps make the counter say 11; the model is the session's, built from the page's options."""

from __future__ import annotations

import json

from streamlit.testing.v1 import AppTest

from tests.support.apptest import train_page
from tests.support.paths import REPO_ROOT
from ui import state

APP = str(REPO_ROOT / "app.py")


def _charts(at: AppTest) -> dict[str, dict]:
    return {c.proto.id: json.loads(c.proto.spec) for c in at.get("plotly_chart")}


def _markdown(at: AppTest) -> str:
    return "\n".join(m.value for m in at.markdown)


def test_one_step_shows_before_and_after_then_ten_steps_count_eleven():
    at = train_page()
    assert "Optimizer updates so far: 0" in _markdown(at)
    at.button(key="stepwise_one_step").click().run()
    assert not at.exception, at.exception
    run = at.session_state[state.TRAIN_RUN]  # a fresh model from the page's options
    assert run.trainer.step == 1 and run.translator.cfg.emb == 32  # the "tiny" preset
    assert "Optimizer updates so far: 1" in _markdown(at)
    specs = [s for s in _charts(at).values() if s["data"]]
    nll = next(s for s in specs if s["layout"].get("barmode") == "group")
    before, after = (d for d in nll["data"] if d["type"] == "bar")  # the labels: a text trace
    assert before["name"].startswith("before") and after["name"].startswith("after")
    assert len(before["y"]) == len(after["y"]) == 3  # "u a" + <eos>
    assert before["y"] != after["y"]
    heat = [s for s in specs if s["data"][0]["type"] == "heatmap"]
    assert any("after minus before" in c.value for c in at.caption) and heat
    at.button(key="stepwise_ten_steps").click().run()
    assert not at.exception, at.exception
    assert "Optimizer updates so far: 11" in _markdown(at)
    assert "10 update(s)" in _markdown(at)
    assert at.session_state[state.TRAIN_RUN] is run  # the same model went on


def test_one_epoch_in_korean_goes_over_every_batch():
    at = train_page()
    at.session_state[state.LANG] = "ko"
    at.run()
    at.button(key="stepwise_one_epoch").click().run()
    assert not at.exception, at.exception
    run = at.session_state[state.TRAIN_RUN]
    per_epoch = -(-len(run.trainer.src_ids) // run.cfg.batch_size)
    assert run.trainer.step == per_epoch
    assert f"지금까지의 옵티마이저 업데이트: {per_epoch}번" in _markdown(at)


def test_a_step_over_the_run_budget_is_refused_like_a_run(monkeypatch):
    """The step buttons train in the page's own request: they obey the per-run memory
    budget as *Start training* does (they did not: any size stepped)."""
    from seq2seq_core.training import budget

    at = train_page()
    monkeypatch.setattr(budget, "RUN_BUDGET", 1024)  # 1 kB: every run is over it
    at.button(key="stepwise_one_step").click().run()
    assert not at.exception, at.exception
    assert at.error and "MB" in at.error[0].value
    run = at.session_state[state.TRAIN_RUN] if state.TRAIN_RUN in at.session_state else None  # noqa: SIM401 (AppTest state has no get)
    assert run is None or run.trainer.step == 0  # no update was made
