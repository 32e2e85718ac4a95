"""A small shop for order tests: the demo catalogue, a few customers with addresses.

The fixtures built on it (``shop``, ``ja_app``, ``en_app``) are in tests/orders/conftest.py;
modules import the data and helpers from here by name.
"""

from __future__ import annotations

from datetime import date

from desk_app.store.customers import NewCustomer
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
