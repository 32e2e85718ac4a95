"""0009 → 0010_rfm3: on PostgreSQL a DELETE statement logs one analysis_changes row per
customer it touched, where 0007's row triggers logged a run of deletes once (and nothing
for a delete after a delete row); downgrade gives the run back. SQLite keeps its
triggers."""

from datetime import date

from alembic import command
from rfm_support import add_customer, add_order
from sqlalchemy import text

from desk_app.store.db import Store, alembic_config, migrate


def _alembic(engine, action, revision):
    cfg = alembic_config(engine)
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        action(cfg, revision)


def _deletes_logged(store: Store) -> list[int]:
    """Three customers with two orders each deleted in two statements, then a customer
    without orders: the customer ids the log shows as deleted."""
    engine = store.engine
    with engine.begin() as conn:
        conn.execute(text("DELETE FROM analysis_changes"))
    ids = [add_customer(store, f"c{n}") for n in range(4)]
    for cid in ids[:3]:
        for day in (1, 2):
            add_order(store, cid, date(2026, 1, day), 1_000)
    with engine.begin() as conn:
        conn.execute(text("DELETE FROM customer_stats"))
    with engine.begin() as conn:
        conn.execute(text("DELETE FROM orders WHERE customer_id IN (:a, :b)"),
                     {"a": ids[0], "b": ids[1]})
        conn.execute(text("DELETE FROM orders WHERE customer_id = :c"), {"c": ids[2]})
    with engine.begin() as conn:
        conn.execute(text("DELETE FROM customers WHERE id = :d"), {"d": ids[3]})
        logged = conn.execute(text("SELECT customer_id FROM analysis_changes WHERE deleted "
                                   "ORDER BY seq")).scalars().all()
        conn.execute(text("DELETE FROM customers"))
    return [ids.index(c) for c in sorted(logged[:2])] + [ids.index(c) for c in logged[2:]]


def test_postgresql_deletes_are_logged_per_statement_and_customer(pg_url):
    store = Store(pg_url, migrate_schema=False)
    try:
        _alembic(store.engine, command.upgrade, "0009_let4")
        assert _deletes_logged(store) == [0]  # 0007: the run, once
        migrate(store.engine)
        assert _deletes_logged(store) == [0, 1, 2, 3]
        _alembic(store.engine, command.downgrade, "0009_let4")
        assert _deletes_logged(store) == [0]
    finally:
        store.dispose()


def test_sqlite_keeps_the_run_of_deletes(tmp_path):
    store = Store(f"sqlite:///{tmp_path / 'old.db'}", migrate_schema=False)
    engine = store.engine
    try:
        _alembic(engine, command.upgrade, "0009_let4")
        with engine.connect() as conn:
            before = conn.execute(text("SELECT name, sql FROM sqlite_master "
                                       "WHERE type = 'trigger' ORDER BY name")).all()
        migrate(engine)
        with engine.connect() as conn:
            assert conn.execute(text("SELECT name, sql FROM sqlite_master "
                                     "WHERE type = 'trigger' ORDER BY name")).all() == before
        assert _deletes_logged(store) == [0]
    finally:
        store.dispose()
