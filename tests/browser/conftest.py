"""Fixtures of the browser tests: one `streamlit run app.py` per test module."""

from __future__ import annotations

import pytest

from tests.support.app_server import serve_app


@pytest.fixture(scope="module")
def server():
    with serve_app(max_runs=1) as (url, _proc):
        yield url
