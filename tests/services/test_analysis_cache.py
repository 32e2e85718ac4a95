"""The analysis engine's column cache on disk never gives stale figures: whatever changes
in the store (a new order, a cancelled one, a moved date, a deleted row, a new customer, a
different database at the same place, a damaged file) the next load notices, and its
figures equal a fresh read of the store."""

from __future__ import annotations

from datetime import date

import numpy as np
import pytest
from rfm_support import add_customer, add_order
from sqlalchemy import text

from desk_app.services.analysis import AnalysisEngine, cache, loading, month_ends
from desk_app.store.db import Store
from desk_app.store.models import Order

AS_OF = date(2026, 11, 30)


@pytest.fixture
def cache_dir(tmp_path, monkeypatch):
    folder = tmp_path / "cache"
    monkeypatch.setenv("DESK_ANALYSIS_CACHE", str(folder))
    return folder


def _shop(store: Store) -> dict[str, int]:
    ids = {}
    ids["a"] = add_customer(store, "0000001", name="秘密 花子", created=date(2024, 1, 1))
    for d, t in ((date(2024, 2, 1), 30_000), (date(2024, 9, 1), 45_000)):
        add_order(store, ids["a"], d, t)
    ids["b"] = add_customer(store, "0000002", created=date(2025, 5, 1))
    add_order(store, ids["b"], date(2026, 10, 1), 8_000)
    ids["c"] = add_customer(store, "0000003", created=date(2025, 6, 1))  # 見込み
    return ids


def _figures(engine: AnalysisEngine):
    s = engine.snapshot
    pairs = sorted(zip(s.d_day.tolist(), s.d_cid.tolist(), strict=True))
    return (engine.counts(AS_OF), engine.monthly(AS_OF, 30),
            engine.movement(date(2025, 1, 1), AS_OF), s.registered.tolist(),
            s.created_day.tolist(), s.start.tolist(), s.o_day.tolist(), s.cum_total.tolist(),
            pairs)


def _fresh(store):
    return _figures(AnalysisEngine.load(store, cache=False))


def _cached(store):
    return _figures(AnalysisEngine.load(store))


def _generation(folder):
    (sub,) = [p for p in folder.iterdir() if p.is_dir()]
    return sorted(p.name for p in sub.iterdir())


def test_the_cache_is_written_then_used_and_holds_no_personal_data(store, cache_dir,
                                                                    monkeypatch):
    _shop(store)
    assert _cached(store) == _fresh(store)
    files = list(cache_dir.rglob("*"))
    assert {p.name for p in files if p.is_file()} == (
        {f"{c}.npy" for c in cache.COLUMNS} | {"current.json"})
    blob = b"".join(p.read_bytes() for p in files if p.is_file())
    for secret in ("秘密", "花子", "0000001", "千代田"):
        assert secret.encode() not in blob
    # the second load reads the columns from disk, not the orders from the store
    calls = []
    monkeypatch.setattr(loading, "read_all", lambda *a, **k: calls.append(a))
    AnalysisEngine.load(store)
    assert calls == []


def test_a_new_order_and_a_new_customer_are_noticed(store, cache_dir):
    ids = _shop(store)
    _cached(store)
    add_order(store, ids["c"], date(2026, 11, 2), 12_000)  # the prospect buys
    add_order(store, ids["a"], date(2026, 11, 3), 5_000)
    d = add_customer(store, "0000004", created=date(2026, 11, 20))
    got = _cached(store)
    assert got == _fresh(store)
    assert got[0]["初回・現役"] == 2 and got[3][d]
    assert _cached(store) == _fresh(store)  # and the refreshed cache was written back


def test_cancelled_orders_moved_dates_and_changed_totals_are_noticed(store, cache_dir):
    ids = _shop(store)
    before = _cached(store)
    with store.new_session() as s, s.begin():
        order = s.query(Order).filter_by(customer_id=ids["b"]).one()
        order.status = "cancelled"
    after = _cached(store)
    assert after == _fresh(store) and after != before
    with store.engine.begin() as conn:  # a hand-made UPDATE is logged by the trigger too
        conn.execute(text("UPDATE orders SET order_date = '2026-11-29', total = 99000 "
                          "WHERE customer_id = :c AND order_date = '2024-09-01'"),
                     {"c": ids["a"]})
    assert _cached(store) == _fresh(store)
    with store.engine.begin() as conn:  # an order moved to another customer
        conn.execute(text("UPDATE orders SET customer_id = :c WHERE customer_id = :a "
                          "AND order_date = '2024-02-01'"), {"c": ids["c"], "a": ids["a"]})
    assert _cached(store) == _fresh(store)


def test_a_delete_rebuilds(store, cache_dir, monkeypatch):
    ids = _shop(store)
    _cached(store)
    with store.engine.begin() as conn:
        conn.execute(text("DELETE FROM orders WHERE customer_id = :b"), {"b": ids["b"]})
        conn.execute(text("DELETE FROM orders WHERE customer_id = :a"), {"a": ids["a"]})
        # a run of deletes is one row of the log: any delete rebuilds
        assert conn.execute(text("SELECT count(*) FROM analysis_changes WHERE deleted")
                            ).scalar() == 1
    calls = []
    real = loading.read_all
    monkeypatch.setattr(loading, "read_all", lambda *a, **k: calls.append(1) or real(*a, **k))
    assert _cached(store) == _fresh(store)
    assert len(calls) == 2  # the cached load rebuilt (and _fresh read once more)


def test_another_database_at_the_same_place_and_damaged_files_rebuild(tmp_path, cache_dir):
    url = f"sqlite:///{tmp_path / 'desk.db'}"
    store = Store(url)
    ids = _shop(store)
    add_order(store, ids["c"], date(2026, 1, 5), 1_000)
    _cached(store)
    store.dispose()
    (tmp_path / "desk.db").unlink()
    for extra in ("desk.db-wal", "desk.db-shm"):
        (tmp_path / extra).unlink(missing_ok=True)
    store = Store(url)  # a new, smaller store where the old one was
    try:
        _shop(store)
        assert _cached(store) == _fresh(store)
        (sub,) = [p for p in cache_dir.iterdir() if p.is_dir()]
        (gen,) = [p for p in sub.iterdir() if p.is_dir()]
        (gen / "o_day.npy").write_bytes(b"not numpy")
        assert _cached(store) == _fresh(store)
        np.save(gen.parent / [p for p in sub.iterdir() if p.is_dir()][0].name / "start.npy",
                np.zeros(3, np.int64))  # the right format, the wrong length
        assert _cached(store) == _fresh(store)
    finally:
        store.dispose()


def test_month_ends_from_the_cache_equal_a_fresh_read_over_a_longer_history(store, cache_dir):
    ids = _shop(store)
    for i, me in enumerate(month_ends(AS_OF, 20)):
        add_order(store, ids["b"] if i % 2 else ids["c"], me, 1_000 * (i + 1))
    _cached(store)
    add_order(store, ids["c"], date(2026, 11, 30), 70_000)
    assert _cached(store) == _fresh(store)


def test_postgresql_triggers_log_updates_and_deletes(pg_url, cache_dir):
    store = Store(pg_url)
    try:
        ids = _shop(store)
        assert _cached(store) == _fresh(store)
        with store.engine.begin() as conn:
            conn.execute(text("UPDATE orders SET total = 1 WHERE customer_id = :a"),
                         {"a": ids["a"]})
            conn.execute(text("UPDATE orders SET memo = 'x'"))  # not a figure: not logged
        with store.engine.connect() as conn:
            logged = conn.execute(text("SELECT customer_id, deleted FROM analysis_changes")).all()
        assert sorted(logged) == [(ids["a"], False), (ids["a"], False)]
        assert _cached(store) == _fresh(store)
        with store.engine.begin() as conn:
            conn.execute(text("DELETE FROM orders WHERE customer_id = :b"), {"b": ids["b"]})
            conn.execute(text("DELETE FROM orders WHERE customer_id = :a"), {"a": ids["a"]})
            # a statement's deletes are one row per customer (a's two orders: one row)
            assert conn.execute(text("SELECT customer_id FROM analysis_changes WHERE deleted "
                                     "ORDER BY seq")).scalars().all() == [ids["b"], ids["a"]]
        assert _cached(store) == _fresh(store)
        add_order(store, ids["c"], date(2026, 11, 1), 500)
        with store.engine.begin() as conn:  # an update between: the next delete logs again
            conn.execute(text("UPDATE orders SET total = 600 WHERE customer_id = :c"),
                         {"c": ids["c"]})
            conn.execute(text("DELETE FROM orders WHERE customer_id = :c"), {"c": ids["c"]})
        assert _cached(store) == _fresh(store)
    finally:
        store.dispose()


def _log(store) -> list[tuple[int, int]]:
    with store.engine.connect() as conn:
        return [tuple(r) for r in conn.execute(text(
            "SELECT seq, customer_id FROM analysis_changes ORDER BY seq"))]


def _updates(store, customer_id: int, count: int) -> None:
    with store.engine.begin() as conn:
        for n in range(count):
            conn.execute(text("UPDATE orders SET total = :t WHERE customer_id = :c"),
                         {"t": 1_000 + n, "c": customer_id})


def _prune_behind_the_cache(store, cache_dir, monkeypatch, keep: int) -> dict[str, int]:
    """The cache brought up to date prunes the log *keep* rows (and the look-back) behind
    it; a cache from before the cut (another desk's, say) rebuilds; the pruned log still
    shows later changes to the recent cache."""
    import shutil

    from desk_app.store import rfm_load

    monkeypatch.setattr(rfm_load, "KEEP", keep)
    back = rfm_load._lookback(store)
    ids = _shop(store)
    for n in range(12):  # enough customers that one or two changed are read, not rebuilt
        add_order(store, add_customer(store, f"00001{n:02}", created=date(2025, 1, 1)),
                  date(2025, 3, 1), 5_000)
    _cached(store)
    older = cache_dir.parent / "another-desk"
    shutil.copytree(cache_dir, older)  # a cache made before the changes below
    _updates(store, ids["b"], 1)  # only the pruned rows say so
    _updates(store, ids["a"], keep + back + 5)
    logged = _log(store)
    calls = []
    real = loading.read_all
    monkeypatch.setattr(loading, "read_all", lambda *a, **k: calls.append(1) or real(*a, **k))
    assert _cached(store) == _fresh(store)  # brought up to date, written, then pruned
    assert calls == [1]  # only _fresh read the store
    kept = _log(store)
    newest = logged[-1][0]
    assert kept[0] == (newest - back - keep, rfm_load.CUT)  # where it was cut, marked
    assert kept[1:] == [row for row in logged if row[0] > newest - back - keep]
    assert _cached(store) == _fresh(store) and _log(store) == kept  # nothing more to cut

    shutil.rmtree(cache_dir)
    shutil.copytree(older, cache_dir)  # the older cache: the rows it needs are gone
    calls.clear()
    assert _cached(store) == _fresh(store)  # b's change is not missed
    assert len(calls) == 2  # it rebuilt (and _fresh read once more)
    calls.clear()
    _updates(store, ids["c"], 2)
    assert _cached(store) == _fresh(store) and calls == [1]  # brought up to date, not rebuilt
    return ids


def test_the_change_log_is_pruned_behind_the_cache_and_an_older_cache_rebuilds(
        store, cache_dir, monkeypatch):
    ids = _prune_behind_the_cache(store, cache_dir, monkeypatch, keep=3)
    # a delete after the cut is still logged (the marked row is not a delete)
    with store.engine.begin() as conn:
        conn.execute(text("DELETE FROM orders WHERE customer_id = :b"), {"b": ids["b"]})
    with store.engine.connect() as conn:
        assert conn.execute(text("SELECT deleted FROM analysis_changes ORDER BY seq DESC "
                                 "LIMIT 1")).scalar()
    assert _cached(store) == _fresh(store)


def test_postgresql_prunes_behind_the_look_back(pg_url, cache_dir, monkeypatch):
    from desk_app.store import rfm_load

    monkeypatch.setattr(rfm_load, "LOOKBACK", 4)
    store = Store(pg_url)
    try:
        _prune_behind_the_cache(store, cache_dir, monkeypatch, keep=3)
    finally:
        store.dispose()



# -- changes after a cache written right after a delete ----------------------------------
# A run of deletes is logged once (0007_rfm2): a cache written on that row must still see
# every later change, deletes included (reported: a later delete of a customer with no
# orders was neither logged nor caught, and the figures went stale).


def _remove_customer(conn, customer_id: int) -> None:
    """A customer and everything of theirs, as an import undo removes one."""
    for table in ("orders", "customer_stats"):
        conn.execute(text(f"DELETE FROM {table} WHERE customer_id = :c"), {"c": customer_id})
    conn.execute(text("DELETE FROM customers WHERE id = :c"), {"c": customer_id})


def _newest(conn, table: str) -> int:
    return conn.execute(text(f"SELECT max(id) FROM {table}")).scalar()


def _customer_without_orders_deleted(store, ids):
    with store.engine.begin() as conn:
        _remove_customer(conn, ids["c"])


def _order_deleted(store, ids):
    with store.engine.begin() as conn:
        conn.execute(text("DELETE FROM orders WHERE customer_id = :b"), {"b": ids["b"]})


def _newest_order_deleted_and_its_id_taken(store, ids):
    """SQLite gives a new row the newest id + 1: the id of a deleted newest order again,
    so neither the order count nor the largest id tells."""
    with store.engine.begin() as conn:
        newest = _newest(conn, "orders")
        conn.execute(text("DELETE FROM orders WHERE id = :o"), {"o": newest})
    with store.new_session() as s, s.begin():
        s.add(Order(id=newest, customer_id=ids["d"], order_date=date(2026, 11, 10),
                    status="active", total=77_000, payment="cod"))


def _newest_customer_deleted_and_its_id_taken(store, ids):
    with store.engine.begin() as conn:
        newest = _newest(conn, "customers")
        _remove_customer(conn, newest)
    add_customer(store, "0000099", created=date(2026, 11, 25))  # SQLite: the same id


def _order_cancelled_and_a_total_changed(store, ids):
    with store.engine.begin() as conn:
        conn.execute(text("UPDATE orders SET status = 'cancelled' WHERE customer_id = :b"),
                     {"b": ids["b"]})
        conn.execute(text("UPDATE orders SET total = 1 WHERE customer_id = :e"),
                     {"e": ids["e"]})


def _import_of_customers_undone(store, ids):
    from desk_app.store.history_import.records import undo

    with store.engine.begin() as conn:
        undo(conn, ids["import"])


SECOND_CHANGES = [_customer_without_orders_deleted, _order_deleted,
                  _newest_order_deleted_and_its_id_taken,
                  _newest_customer_deleted_and_its_id_taken,
                  _order_cancelled_and_a_total_changed, _import_of_customers_undone]


def _shop_with_an_import(store) -> dict[str, int]:
    from desk_app.store.models import Customer, ImportRecord

    ids = _shop(store)
    ids["d"] = add_customer(store, "0000004", created=date(2025, 7, 1))  # c is not the newest
    with store.new_session() as s, s.begin():  # a customer import: customers, no orders
        record = ImportRecord(kind="customers", file_name="k.csv", file_hash="0" * 64,
                              encoding="utf-8", mapping="{}")
        s.add(record)
        s.flush()
        ids["import"] = record.id
    for n in range(2):
        cid = add_customer(store, f"000010{n}", created=date(2026, 3, 1))
        with store.new_session() as s, s.begin():
            s.get(Customer, cid).import_id = ids["import"]
    ids["e"] = add_customer(store, "0000005", created=date(2025, 8, 1))
    add_order(store, ids["e"], date(2026, 6, 1), 20_000)  # the newest order
    ids["f"] = add_customer(store, "0000006", created=date(2025, 9, 1))  # the newest customer
    return ids


def _change_after_a_cache_written_on_a_delete(store, second_change) -> None:
    ids = _shop_with_an_import(store)
    _cached(store)
    with store.engine.begin() as conn:  # a customer with orders goes
        _remove_customer(conn, ids["a"])
    assert _cached(store) == _fresh(store)  # rebuilt and written at the delete
    before = _fresh(store)
    second_change(store, ids)
    got = _cached(store)
    assert got != before  # the change shows in the figures
    assert got == _fresh(store)
    assert _cached(store) == _fresh(store)  # and in the cache written back


@pytest.mark.parametrize("second_change", SECOND_CHANGES, ids=lambda f: f.__name__[1:])
def test_a_change_after_a_cache_written_on_a_delete_is_noticed(store, cache_dir,
                                                               second_change):
    _change_after_a_cache_written_on_a_delete(store, second_change)


@pytest.mark.parametrize("second_change", SECOND_CHANGES, ids=lambda f: f.__name__[1:])
def test_postgresql_a_change_after_a_cache_written_on_a_delete_is_noticed(
        pg_url, cache_dir, second_change):
    store = Store(pg_url)
    try:
        _change_after_a_cache_written_on_a_delete(store, second_change)
    finally:
        store.dispose()


def test_postgresql_a_delete_in_flight_while_another_desk_writes_its_cache(pg_url, cache_dir):
    """Another desk's transaction deletes a customer with no orders while this desk writes
    its cache right after a delete; the delete commits after the cache was written. (With
    a run of deletes logged once, that delete joined the run the cache had read, unlogged.)"""
    store = Store(pg_url)
    try:
        ids = _shop(store)
        for n in range(12):  # enough customers that one changed is read, not rebuilt
            add_customer(store, f"00001{n:02}", created=date(2025, 1, 1))
        _cached(store)
        with store.engine.begin() as conn:
            _remove_customer(conn, ids["a"])
        with store.engine.connect() as other_desk:
            other_desk.execute(text("DELETE FROM customer_stats WHERE customer_id = :c"),
                               {"c": ids["c"]})
            other_desk.execute(text("DELETE FROM customers WHERE id = :c"), {"c": ids["c"]})
            held = _cached(store)  # rebuilt at the first delete, c still there
            other_desk.commit()
        assert held[3][ids["c"]]
        got = _cached(store)
        assert got == _fresh(store) and not got[3][ids["c"]]
    finally:
        store.dispose()


def test_a_store_that_cannot_take_the_settling_row_rebuilds_next_time(tmp_path, cache_dir):
    """SQLite: the marker's row after a run of deletes cannot be written (a read-only
    store): the marker stands before the run, so a delete that joins it later is seen."""
    path = tmp_path / "desk.db"
    store = Store(f"sqlite:///{path}")
    reader = None
    try:
        ids = _shop(store)
        add_customer(store, "0000004", created=date(2025, 7, 1))  # c is not the newest
        with store.engine.begin() as conn:
            _remove_customer(conn, ids["a"])
        reader = Store(f"sqlite:///file:{path}?mode=ro&uri=true")
        assert _cached(reader) == _fresh(reader)
        with store.engine.begin() as conn:
            _remove_customer(conn, ids["c"])
            assert conn.execute(text("SELECT count(*) FROM analysis_changes")).scalar() == 1
        got = _cached(reader)
        assert got == _fresh(reader) and not got[3][ids["c"]]
    finally:
        if reader is not None:
            reader.dispose()
        store.dispose()


def test_postgresql_an_update_that_commits_after_a_later_one_is_noticed(pg_url, cache_dir):
    """PostgreSQL numbers log rows when they are written, not when they commit: another
    desk's update takes a lower number, a third desk's later update commits first and
    this desk writes its cache on that; then the first commits. Nothing else changes, so
    the store's highest numbers stand where the cache stood: the rows counted in the
    look-back window tell that a row came in below the marker."""
    store = Store(pg_url)
    try:
        ids = _shop(store)
        for n in range(12):  # enough customers that one changed is read, not rebuilt
            add_customer(store, f"00001{n:02}", created=date(2025, 1, 1))
        assert _cached(store) == _fresh(store)
        with store.engine.connect() as slow_desk:
            slow_desk.execute(text("UPDATE orders SET total = 99999 WHERE customer_id = :a"),
                              {"a": ids["a"]})  # logged, not committed
            with store.engine.begin() as quick_desk:
                quick_desk.execute(text("UPDATE orders SET total = 7000 WHERE customer_id = :b"),
                                   {"b": ids["b"]})
            held = _cached(store)  # written with b's update, a's not visible yet
            slow_desk.commit()
        assert held != _fresh(store)
        assert _cached(store) == _fresh(store)
    finally:
        store.dispose()
