"""The house's lines, held by a test: the engine never imports the interface or Streamlit,
figures and services never import Streamlit, and every package's opening names each of its
modules (so a newcomer reading an `__init__` finds everything that lives there)."""

from __future__ import annotations

import ast

import pytest

from tests.support.paths import REPO_ROOT

PACKAGES = ["seq2seq_core", "ui"]


def _modules(package: str) -> list:
    return sorted(p for p in (REPO_ROOT / package).rglob("*.py") if "__pycache__" not in p.parts)


def _imports(path) -> set[str]:
    """Top-level names of every module the file imports (absolute imports only: the
    project has no relative ones)."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            assert node.level == 0, f"{path}: relative import"
            names.add(node.module)
    return names


def _offenders(files, banned: tuple[str, ...]) -> list[str]:
    return [
        f"{p.relative_to(REPO_ROOT)} imports {name}"
        for p in files
        for name in sorted(_imports(p))
        if name.split(".")[0] in banned
    ]


def test_the_engine_never_imports_streamlit_or_the_interface():
    assert _offenders(_modules("seq2seq_core"), ("streamlit", "ui")) == []


@pytest.mark.parametrize("folder", ["ui/figures", "ui/services", "ui/text"])
def test_figures_services_and_text_never_import_streamlit(folder):
    files = sorted((REPO_ROOT / folder).rglob("*.py"))
    assert files, folder
    assert _offenders(files, ("streamlit",)) == []


def _packages():
    for top in PACKAGES:
        for init in sorted((REPO_ROOT / top).rglob("__init__.py")):
            if "__pycache__" not in init.parts:
                yield init.parent


@pytest.mark.parametrize("folder", list(_packages()), ids=lambda p: str(p.relative_to(REPO_ROOT)))
def test_each_package_opening_names_its_modules(folder):
    """The docstring of a package's __init__ names each module and subpackage in it, as
    `name` (or `name/`), so the opening stays a true map of the folder."""
    doc = ast.get_docstring(ast.parse((folder / "__init__.py").read_text(encoding="utf-8")))
    assert doc, f"{folder.relative_to(REPO_ROOT)}/__init__.py has no opening"
    members = [p.stem for p in folder.glob("*.py") if p.name != "__init__.py"]
    members += [p.name for p in folder.iterdir() if p.is_dir() and (p / "__init__.py").exists()]
    missing = [m for m in sorted(members) if f"`{m}" not in doc]
    assert missing == [], f"{folder.relative_to(REPO_ROOT)}: opening does not name {missing}"
