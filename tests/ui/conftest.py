"""A real desk (bridge, worker, services, main window) around a small seeded store.

The store is seeded once per session (300 customers, a fixed "today") and each test gets its
own copy of it, so what one test writes (calls, notes, a caution) no other test sees.
"""

from __future__ import annotations

import sqlite3
from datetime import date

import pytest

TODAY = date(2026, 11, 23)


@pytest.fixture(scope="session")
def seeded_template(tmp_path_factory):
    """The seeded shop, made once; tests never open it, they get copies (``seeded_url``)."""
    from desk_app.store.db import Store
    from desk_app.store.seed import seed

    path = tmp_path_factory.mktemp("uistore") / "seeded.db"
    store = Store(f"sqlite:///{path}")
    seed(store, 300, seed=3, today=TODAY)
    store.dispose()
    return path


@pytest.fixture()
def seeded_url(seeded_template, tmp_path):
    """A private copy of the seeded shop for one test (SQLite's backup: consistent, WAL too)."""
    path = tmp_path / "desk.db"
    with sqlite3.connect(seeded_template) as source, sqlite3.connect(path) as copy:
        source.backup(copy)
    source.close()
    copy.close()
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
def slot_desk(desk, tmp_path, monkeypatch):
    """The desk fixture; its caller-ID source stopped afterwards. The SIP password file goes
    to a temp folder, never to the developer's own config."""
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    services, window = desk
    yield services, window
    window.source_slot.shutdown()


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
    qtbot.waitUntil(lambda: services.tasks.pending == 0, timeout=5000)
    services.stop()


@pytest.fixture()
def fresh_desk(ja_app, qtbot, tmp_path, data_dir):
    """A desk on an empty store of its own (imports write; nothing else shares it)."""
    from desk_app.store.db import Store
    from desk_app.ui.app import build_desk

    store = Store(f"sqlite:///{tmp_path / 'desk.db'}")
    services, window = build_desk(store, operator_id=None, operator_name="",
                                  today=lambda: TODAY)
    qtbot.addWidget(window)
    window.show()
    yield services, window
    qtbot.waitUntil(lambda: services.tasks.pending == 0, timeout=5000)
    services.stop()
    store.dispose()
