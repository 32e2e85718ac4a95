"""Shared fixtures.

Tests that need a real peer (socat, kamailio, sipp, PostgreSQL, Xvfb) call
:func:`require_tool`: locally a missing tool skips the test, but under CI=true it fails,
because CI must never go green by skipping the integration tests.
"""

from __future__ import annotations

import gc
import os
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from hypothesis import settings as _hypothesis_settings
from support import ROOT, SHARED, require_tool  # noqa: F401  (re-exported)

# Property tests: random examples on a developer's machine (they find new cases), the same
# examples on every CI run (green or red for the code, never for the draw). A failure found
# locally is kept in .hypothesis/ and replayed first; copy it into an @example to keep it.

_hypothesis_settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI", "").lower() == "true":
    _hypothesis_settings.load_profile("ci")


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    if not SHARED.is_dir():
        pytest.fail(f"../shared not found at {SHARED}")
    return SHARED


@pytest.fixture
def pg_url() -> str:
    """URL of the throw-away PostgreSQL that scripts/test starts, emptied for this test."""
    url = os.environ.get("DESK_TEST_PG_URL")
    if not url:
        message = "DESK_TEST_PG_URL is not set (scripts/test starts a PostgreSQL cluster)"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message)
        pytest.skip(message)
    from sqlalchemy import create_engine, text

    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
    engine.dispose()
    return url


@pytest.fixture
def store(tmp_path):
    """A migrated, empty SQLite store in a temp folder."""
    from desk_app.store.db import Store

    s = Store(f"sqlite:///{tmp_path / 'desk.db'}")
    yield s
    s.dispose()


@pytest.fixture(scope="session")
def demo_store(tmp_path_factory):
    """A small seeded demo shop shared by read-only tests (do not write to it)."""
    from datetime import date

    from desk_app.store.db import Store
    from desk_app.store.seed import seed

    path = tmp_path_factory.mktemp("demo") / "demo.db"
    s = Store(f"sqlite:///{path}")
    report = seed(s, 3000, seed=7, today=date(2026, 11, 23))
    s.report = report
    yield s
    s.dispose()


@pytest.fixture(autouse=True)
def _analysis_cache_in_tmp(tmp_path_factory, monkeypatch):
    """The analysis engine's column cache (services/analysis/cache.py) goes to a folder of
    the test's own, never the user's data folder; tests of the cache set it themselves."""
    monkeypatch.setenv("DESK_ANALYSIS_CACHE", str(tmp_path_factory.mktemp("analysis-cache")))


@pytest.fixture(scope="session", autouse=True)
def _collect_on_the_main_thread():
    """As in the desk (ui/core/collector.py): no cyclic collection on worker threads, where
    freeing a Qt wrapper crashes the process. Collected between tests on this thread."""
    gc.disable()
    yield
    gc.enable()


@pytest.fixture(autouse=True)
def _collect_between_tests():
    yield
    from desk_app.ui.core.collector import collect_due

    collect_due()
