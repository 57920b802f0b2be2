"""Attention vs. none (issue 17): the Compare page's accuracy-by-length chart says what its
x axis counts and how many sentences each bucket holds, as Experiments ① does (one builder)."""

from __future__ import annotations

import json

from streamlit.testing.v1 import AppTest

from tests.support.paths import REPO_ROOT

APP = str(REPO_ROOT / "app.py")


def test_compare_by_length_chart_has_its_axis_title_and_bucket_counts():
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["lang"] = "ko"
    at.run()
    at.switch_page("ui/pages/compare.py").run()
    assert not at.exception, at.exception
    specs = [json.loads(c.proto.spec) for c in at.get("plotly_chart")]
    by_length = [s for s in specs if "완전 일치" in json.dumps(s, ensure_ascii=False)]
    assert len(by_length) == 1, [s["layout"].get("yaxis") for s in specs]
    xaxis = by_length[0]["layout"]["xaxis"]
    assert xaxis["title"]["text"] == "원문 길이 (단어 수)"
    assert all("n = " in tick for tick in xaxis["ticktext"]), xaxis["ticktext"]
    assert xaxis["tickangle"] == 0
