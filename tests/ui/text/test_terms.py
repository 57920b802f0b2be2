"""The words of the lecture: one Korean term for each kind of step, and help text that
explains instead of pointing at the repository's files."""

from __future__ import annotations

import ast
import re

from tests.support.paths import REPO_ROOT

UI = REPO_ROOT / "ui"
# a repository path or file: "bench/RESULTS.md", "ui/pages/data.py", "RESULTS.md"
REPO_FILE = re.compile(r"\b(?:bench|tests|ui|seq2seq_core|pretrained)/\S|\b\w+\.(?:md|py|toml)\b")


def ui_strings() -> dict[str, dict[str, str]]:
    """Every {"en": ..., "ko": ...} table entry written in ui/, by file and line."""
    found = {}
    for path in sorted(UI.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Dict):
                continue
            keys = [k.value for k in node.keys if isinstance(k, ast.Constant)]
            if set(keys) == {"en", "ko"}:
                texts = {k.value: v.value for k, v in zip(node.keys, node.values, strict=True)
                         if isinstance(v, ast.Constant)}  # fmt: skip
                found[f"{path.relative_to(UI.parent)}:{node.lineno}"] = texts
    return found


def test_the_strings_are_found():
    strings = ui_strings()
    assert len(strings) > 300
    assert any(s.get("ko") == "디코딩 시점" for s in strings.values())


def test_korean_never_says_danggye_for_a_step():
    """단계 meant both an optimizer update and a decoder timestep: 학습 스텝 is the one,
    디코딩 시점 (시점) the other."""
    bad = {where: s["ko"] for where, s in ui_strings().items() if "단계" in s.get("ko", "")}
    assert not bad, bad


def test_training_steps_and_decoder_steps_have_their_own_words():
    from ui.text import i18n

    strings = i18n.all_strings()
    for key in ("status_running", "status_paused", "status_stopped", "exp_run_ended"):
        assert "학습 스텝" in strings[key]["ko"] and "시점" not in strings[key]["ko"], key
    for key in ("step", "step_slider", "exp_step", "lab_step", "input_fed", "stopped_eos"):
        assert "시점" in strings[key]["ko"] and "학습 스텝" not in strings[key]["ko"], key


def test_help_text_cites_no_repository_file():
    bad = {
        where: text
        for where, s in ui_strings().items()
        for text in s.values()
        if REPO_FILE.search(text)
    }
    assert not bad, bad
