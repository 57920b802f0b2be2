"""The explorer says what its numbers are (issue 17, "Wrong or misleading")."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from tests.support.apptest import APP, TIMEOUT, open_tab
from tests.support.player import mounted_player
from ui import state


def _step_app(step: int, lang: str = "en") -> AppTest:
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.session_state[state.STEP] = step
    at.session_state[state.LANG] = lang
    at.run()
    assert not at.exception, at.exception
    return open_tab(at, "tab_decoder")


def test_the_step_view_gives_the_running_log_prob_and_the_whole_outputs_apart():
    """Step 1 showed the running sum under the name "of the whole output" (-0.003 where the
    whole output's is -0.035). The decode player (issue 25) shows both from its data."""
    data = mounted_player(_step_app(1))
    greedy = data["sentences"][0]["greedy"]
    so_far = [float(s["lp"]) for s in greedy["steps"]]
    assert len(so_far) > 1 and float(greedy["lp"]) == so_far[-1]  # the whole output's
    assert so_far[0] > so_far[-1]  # a log-probability only falls as steps are added
    line = data["strings"]["pl_logp"]
    assert "so far, steps 1..{t}: {lp}" in line and "whole output: {whole}" in line
    ko = mounted_player(_step_app(1, "ko"))["strings"]["pl_logp"]
    assert "지금까지" in ko and "전체 출력" in ko


def _opened_tab(at: AppTest) -> list[int]:
    """The default tab index of each st.tabs on the page, in order."""
    found: list[int] = []

    def walk(node) -> None:
        proto = getattr(node, "proto", None)
        fields = getattr(getattr(proto, "DESCRIPTOR", None), "fields_by_name", {})
        if "tab_container" in fields and proto.WhichOneof("type") == "tab_container":
            found.append(proto.tab_container.default_tab_index)
        for child in getattr(node, "children", {}).values():
            walk(child)

    walk(at.main)
    return found


def test_a_link_to_a_step_opens_on_the_decoders_tab_once_per_session():
    """`?step=3` (the player's link) opens the Decode page on ③; a session opened without
    it stays where its student is when the player later writes `?step=` (issue 27)."""
    linked = AppTest.from_file(APP, default_timeout=TIMEOUT)
    linked.query_params["step"] = "3"
    linked.run()
    assert not linked.exception and _opened_tab(linked)[:1] == [2]
    plain = AppTest.from_file(APP, default_timeout=TIMEOUT).run()
    assert _opened_tab(plain)[:1] == [0]
    plain.query_params["step"] = "4"
    plain.run()
    assert _opened_tab(plain)[:1] == [0]
