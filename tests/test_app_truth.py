"""The explorer says what its numbers are (issue 17, "Wrong or misleading")."""

from __future__ import annotations

import re

from streamlit.testing.v1 import AppTest

from tests.test_app import APP, TIMEOUT
from ui import state


def _step_app(step: int, lang: str = "en") -> AppTest:
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.session_state[state.STEP] = step
    at.session_state[state.LANG] = lang
    at.run()
    assert not at.exception, at.exception
    return at


def _logprob_caption(at: AppTest, words: str) -> str:
    return next(c.value for c in at.caption if words in c.value)


def test_the_step_view_gives_the_running_log_prob_and_the_whole_outputs_apart():
    """Step 1 showed the running sum under the name "of the whole output" (-0.003 where the
    whole output's is -0.035)."""
    first = _logprob_caption(_step_app(1), "log-probability")
    last_at = _step_app(99)  # clamped to the last step
    n = last_at.session_state[state.STEP]
    assert n > 1
    last = _logprob_caption(last_at, "log-probability")
    assert "so far, steps 1..1:" in first and f"so far, steps 1..{n}:" in last
    so_far_1 = float(re.search(r"1\.\.1: (-?[\d.]+)", first).group(1))
    whole_at_1 = float(re.search(r"whole output: (-?[\d.]+)", first).group(1))
    so_far_n = float(re.search(rf"1\.\.{n}: (-?[\d.]+)", last).group(1))
    whole_at_n = float(re.search(r"whole output: (-?[\d.]+)", last).group(1))
    assert whole_at_1 == whole_at_n == so_far_n  # the whole output's, at every step
    assert so_far_1 > so_far_n  # a log-probability only falls as steps are added
    ko = _logprob_caption(_step_app(1, "ko"), "로그 확률")
    assert "지금까지" in ko and "전체 출력" in ko
