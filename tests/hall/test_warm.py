"""A replica warms before it answers (issue 28: the first pages took 4-8 s, each loading the
models in front of a student): hall/replica.py's `warm` loads every shipped model into the
process-wide caches the pages read, so that the first page of the app loads none itself.
Under AppTest in this process (the same caches as a server's). ~10 s."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from hall import replica
from seq2seq_core.checkpoints.pretrained import list_pretrained
from tests.support.apptest import APP, TIMEOUT
from ui.state import resources


def test_after_warming_the_first_page_loads_no_model(monkeypatch):
    said = replica.warm()
    assert said.startswith(f"{replica.WARM} {len(list_pretrained())} shipped models loaded")
    loads = []
    real = resources.load_pretrained

    def counted(name):
        loads.append(name)
        return real(name)

    monkeypatch.setattr(resources, "load_pretrained", counted)
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.run()
    assert not at.exception, at.exception
    assert loads == []  # every model the first page shows came from the warm caches
    resources.shipped_model.clear()  # a cold cache: the same page loads its models itself
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.run()
    assert loads, "the page loaded no model: this test could not see a cold start"
