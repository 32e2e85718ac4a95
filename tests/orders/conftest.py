"""Fixtures of the order tests: a small shop (tests/orders/orders_shop.py) and the desk's
look and language."""

from __future__ import annotations

import pytest
from orders_shop import CUSTOMERS, add_catalogue

from desk_app.store.customers import create_customer


@pytest.fixture
def shop(store):
    """The empty `store` fixture with the catalogue and three customers (ids 1–3)."""
    with store.new_session() as s, s.begin():
        add_catalogue(s)
        for c in CUSTOMERS:
            create_customer(s, c)
    return store


@pytest.fixture
def ja_app(qapp):
    """The desk's look and language (Japanese, the default) on the test application."""
    from desk_app.ui.kit.resources import setup_app

    setup_app(qapp, "ja")
    return qapp


@pytest.fixture
def en_app(ja_app):
    """The desk in English for one test (``desk-app run --lang en``), Japanese afterwards."""
    from support import ui_language

    with ui_language(ja_app, "en"):
        yield ja_app
