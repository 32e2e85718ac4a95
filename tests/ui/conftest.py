"""A real desk (bridge, worker, services, main window) around a small seeded store.

The store is seeded once per session (300 customers, a fixed "today"); tests add calls and
notes to it, so they look up what they need instead of counting rows.
"""

from __future__ import annotations

from datetime import date

import pytest

TODAY = date(2026, 11, 23)


@pytest.fixture(scope="session")
def seeded_url(tmp_path_factory):
    from desk_app.store.db import Store
    from desk_app.store.seed import seed

    path = tmp_path_factory.mktemp("uistore") / "desk.db"
    store = Store(f"sqlite:///{path}")
    seed(store, 300, seed=3, today=TODAY)
    store.dispose()
    return f"sqlite:///{path}"


@pytest.fixture(scope="session")
def ja_app(qapp):
    from desk_app.ui.kit.resources import setup_app

    setup_app(qapp, "ja")
    return qapp


@pytest.fixture()
def data_dir(tmp_path, monkeypatch):
    folder = tmp_path / "data"
    monkeypatch.setenv("DESK_DATA_DIR", str(folder))
    return folder


@pytest.fixture()
def store(seeded_url):
    from desk_app.store.db import Store

    s = Store(seeded_url)
    yield s
    s.dispose()


@pytest.fixture()
def desk(ja_app, qtbot, store, data_dir):
    """(services, window), shown; everything closed and the worker stopped afterwards."""
    from desk_app.ui.app import build_desk

    services, window = build_desk(store, operator_id=1, operator_name="佐藤",
                                  today=lambda: TODAY)
    qtbot.addWidget(window)
    window.show()
    yield services, window
    for popup in list(window.popups.popups):
        popup.dismiss(ask=False)
    qtbot.waitUntil(lambda: services.worker.pending == 0, timeout=5000)
    services.worker.stop()
