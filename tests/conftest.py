"""Shared fixtures: tiny, seeded translators (a few thousand parameters) over a toy corpus."""

from __future__ import annotations

import pytest
import torch

from seq2seq_core.translator import Translator
from tests.support.models import CONFIG_IDS, CONFIGS, tiny_translator

torch.set_num_threads(1)


@pytest.fixture(params=CONFIGS, ids=CONFIG_IDS)
def any_translator(request) -> Translator:
    return tiny_translator(request.param)


@pytest.fixture
def translator() -> Translator:
    return tiny_translator()


@pytest.fixture(scope="module")
def browser():
    """Debian's chromium through Playwright, one per test module (the browser tests skip
    themselves where either is missing: tests/browser/test_app.py)."""
    from tests.support.browser import CHROMIUM, CHROMIUM_ARGS, sync_api
    from tests.support.paths import ARTIFACTS

    ARTIFACTS.mkdir(exist_ok=True)
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()
