"""Every string table lives in ui/text and is loaded by `t` itself: a string answers
whatever was imported before (no module registers its table at import)."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
import types
from pathlib import Path

import pytest

from tests.support.paths import REPO_ROOT
from ui.text import i18n

ROOT = REPO_ROOT
UI = ROOT / "ui"
TEXT = UI / "text"


def string_entries(path: Path) -> list[tuple[str, dict[str, object]]]:
    """The entries `key: {"en": ..., "ko": ...}` written in a module, with their line's key
    (None for a key that is not a literal) and their texts (constants only)."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(node, ast.Dict):
            continue
        for key, value in zip(node.keys, node.values, strict=True):
            if isinstance(value, ast.Dict) and _langs(value) == set(i18n.LANGS):
                texts = {k.value: v.value for k, v in zip(value.keys, value.values, strict=True)
                         if isinstance(v, ast.Constant)}  # fmt: skip
                found.append((key.value if isinstance(key, ast.Constant) else None, texts))
    return found


def _langs(node: ast.Dict) -> set:
    return {k.value for k in node.keys if isinstance(k, ast.Constant)}


def bilingual_lines(path: Path) -> list[int]:
    """The lines of a module where a dict literal with exactly the keys "en" and "ko" starts."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [node.lineno for node in ast.walk(tree)
            if isinstance(node, ast.Dict) and _langs(node) == set(i18n.LANGS)]  # fmt: skip


def test_no_module_outside_ui_text_writes_a_string_table():
    outside = {
        str(path.relative_to(ROOT)): lines
        for path in sorted([*UI.rglob("*.py"), ROOT / "app.py"])
        if TEXT not in path.parents and (lines := bilingual_lines(path))
    }
    assert not outside, f"string tables outside ui/text (move them there): {outside}"


def test_every_table_module_is_loaded():
    """The modules of ui/text that write strings are the ones `t` loads, each table the
    module's `STRINGS`."""
    writing = {path.stem for path in TEXT.glob("*.py") if string_entries(path)}
    assert writing == set(i18n.TABLE_MODULES)
    assert len(i18n.TABLE_MODULES) == len(set(i18n.TABLE_MODULES))


def test_a_fresh_process_finds_a_string_of_every_table_importing_only_t():
    """Before, each table was registered by importing its module, and `t(key)` failed (or
    worked) depending on what the caller happened to import first."""
    expected = {}
    for path in sorted(TEXT.glob("*.py")):
        key, texts = next(iter(string_entries(path)), (None, {}))
        if key is not None:
            expected[path.stem] = (key, texts["ko"])
    assert len(expected) >= 13, expected  # glossary, common, ..., figures
    code = (
        "import json, sys\n"
        "from ui.text.i18n import t\n"
        "keys = json.loads(sys.argv[1])\n"
        "print(json.dumps({m: t(k, 'ko') for m, k in keys.items()}, ensure_ascii=False))\n"
    )
    keys = json.dumps({module: key for module, (key, _) in expected.items()})
    run = subprocess.run([sys.executable, "-c", code, keys], cwd=ROOT, capture_output=True,
                         text=True, encoding="utf-8", timeout=60)  # fmt: skip
    assert run.returncode == 0, run.stderr
    said = json.loads(run.stdout)
    assert said == {module: ko for module, (_, ko) in expected.items()}


def test_a_key_in_two_tables_is_refused_when_the_tables_load(monkeypatch):
    a = {"_dup": {"en": "one", "ko": "하나"}}
    monkeypatch.setitem(sys.modules, "ui.text._table_a", types.SimpleNamespace(STRINGS=a))
    monkeypatch.setitem(sys.modules, "ui.text._table_b", types.SimpleNamespace(STRINGS=dict(a)))
    monkeypatch.setattr(i18n, "TABLE_MODULES", ("_table_a", "_table_b"))
    with pytest.raises(
        ValueError, match=r"'_dup' is defined twice: ui\.text\._table_a, ui\.text\._table_b"
    ):
        i18n._load()


def test_the_loaded_tables_hold_every_string_written_in_ui_text():
    """`all_strings` (which the other tests of the text check) covers every table."""
    written = {key for path in TEXT.glob("*.py") for key, _ in string_entries(path)}
    assert written <= set(i18n.all_strings())
