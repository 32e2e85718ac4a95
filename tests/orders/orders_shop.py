"""A small shop for order tests: the demo catalogue, a few customers with addresses.

Imported by the test modules (`from orders_shop import shop`) rather than kept in a
conftest.py: tests/sip imports the root conftest by module name, which a second
"conftest" module would shadow.
"""

from __future__ import annotations

from datetime import date

import pytest

from desk_app.store.customers import NewCustomer, create_customer
from desk_app.store.products import ProductInput, import_products
from desk_app.store.seed_data import PRODUCTS

TODAY = date(2026, 12, 1)  # a Tuesday


def add_catalogue(session) -> None:
    rows = [ProductInput(sku=s, name=n, kana=k, price=p, tax_rate=t, consumption_days=d,
                         upgrade_sku=u) for s, n, k, p, t, d, u in PRODUCTS]
    rows.append(ProductInput(sku="T160", name="テスト品 160円", kana="テストヒン", price=160,
                             tax_rate=8))
    rows.append(ProductInput(sku="T161", name="テスト品 別", kana="テストヒンベツ", price=160,
                             tax_rate=8))
    import_products(session, rows)


CUSTOMERS = [
    NewCustomer(name="山田 花子", kana="ヤマダ ハナコ", phones=[("home", "03-1234-5678")],
                postal_code="1500001", prefecture="東京都", city="渋谷区", address1="神宮前1-2-3"),
    NewCustomer(name="佐藤 一郎", kana="サトウ イチロウ", phones=[("home", "06-1234-5678")],
                postal_code="5300001", prefecture="大阪府", city="大阪市北区",
                address1="梅田1-1-1", address2="梅田ハイツ 203"),
    NewCustomer(name="住所 なし", kana="ジュウショ ナシ", phones=[("mobile", "090-8765-4321")]),
]


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
