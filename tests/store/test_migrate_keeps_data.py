"""Upgrading a SQLite store that holds a shop keeps every row: table rebuilds (Alembic batch
mode) must not cascade-delete phones and notes through the foreign keys, nor fail on the
orders; and a failed upgrade leaves the schema as it was."""

from __future__ import annotations

import sqlite3

import pytest
from sqlalchemy import create_engine

from desk_app.store.db import Store, migrate

TABLES = ("customers", "phones", "customer_stats", "orders", "notes")


def _counts(path):
    with sqlite3.connect(path) as c:
        return {t: c.execute(f"select count(*) from {t}").fetchone()[0] for t in TABLES}


def _shop_at(path, revision: str):
    engine = create_engine(f"sqlite:///{path}")
    migrate(engine, revision)
    with sqlite3.connect(path) as c:
        c.execute("insert into operators (id, name, active) values (1, '佐藤', 1)")
        c.execute("insert into customers (id, code, name, name_key, kana, kana_key, dm_allowed,"
                  " caution) values (1, '0000001', '山田 花子', 'x', 'ヤマダ', 'ヤマダ', 1, 0)")
        c.execute("insert into phones (customer_id, kind, national, e164, national_rev) values"
                  " (1, 'home', '0312345678', '+81312345678', '8765432130')")
        c.execute("insert into customer_stats (customer_id, orders_count, total_amount)"
                  " values (1, 1, 3000)")
        c.execute("insert into orders (customer_id, order_date, status, payment, gift_wrap,"
                  " subtotal_8, subtotal_10, tax_8, tax_10, shipping_fee, cod_fee, total)"
                  " values (1, '2026-11-01', 'active', 'cod', 0, 0, 0, 0, 0, 0, 0, 3000)")
        c.execute("insert into notes (customer_id, category, body, needs_follow_up, created_at)"
                  " values (1, 'praise', 'ありがとう', 0, '2026-11-01 01:00:00')")
    engine.dispose()


def test_upgrading_a_shop_from_the_first_schema_keeps_every_row(tmp_path):
    path = tmp_path / "shop.db"
    _shop_at(path, "0001")
    before = _counts(path)
    assert all(before.values())
    Store(f"sqlite:///{path}").dispose()  # migrates to head
    assert _counts(path) == before
    with sqlite3.connect(path) as c:
        assert c.execute("pragma foreign_key_check").fetchall() == []
        assert c.execute("select version_num from alembic_version").fetchone()[0] != "0001"


def test_a_failing_upgrade_changes_nothing(tmp_path, monkeypatch):
    path = tmp_path / "shop.db"
    _shop_at(path, "0001")
    with sqlite3.connect(path) as c:
        schema = c.execute("select sql from sqlite_master order by name").fetchall()
    from alembic.runtime import migration

    real = migration.MigrationContext.run_migrations

    def fail_after_some_steps(self, **kw):
        real(self, **kw)
        raise RuntimeError("power cut")

    monkeypatch.setattr(migration.MigrationContext, "run_migrations", fail_after_some_steps)
    with pytest.raises(RuntimeError, match="power cut"):
        Store(f"sqlite:///{path}")
    with sqlite3.connect(path) as c:
        assert c.execute("select sql from sqlite_master order by name").fetchall() == schema
        assert c.execute("select version_num from alembic_version").fetchone()[0] == "0001"
