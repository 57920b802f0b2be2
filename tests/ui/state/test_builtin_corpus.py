"""A built-in corpus taken into a session leaves its test split out: models are scored on
it (the class board, the shipped models' cards), so a student never trains on it."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from seq2seq_core.data.corpora import BUILTIN_CORPORA, load_builtin


def _use(name):
    from ui.state import resources

    resources.use_builtin_corpus(name)


@pytest.mark.parametrize("name", list(BUILTIN_CORPORA))
def test_a_builtin_corpus_in_a_session_holds_no_test_pair(name):
    from ui import state

    at = AppTest.from_function(_use, args=(name,)).run()
    assert not at.exception, at.exception
    pairs = at.session_state[state.CORPUS].pairs
    test = set(load_builtin(name, "test"))
    assert test and not test & set(pairs)
    assert len(pairs) == len(set(load_builtin(name, "all")) - test)
    assert at.session_state[state.CORPUS_NAME] == name
