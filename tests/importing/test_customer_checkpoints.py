"""New customers go in checkpoints too: the customer master and a sales file's new ids.

Each checkpoint (a range of the staged ids in file order) matches its ids again under the
write lock, then writes the customers, their phones, their empty figures and the aliases
of phone matches, and the import's record with the counts so far. On SQLite a desk takes
the write lock between two; a cancel keeps what was committed, consistently; the same
file again adds only the rest; undo removes every checkpoint's customers. On SQLite and on
PostgreSQL.
"""

from __future__ import annotations

import sqlite3

import pytest
from import_files import TODAY, write_csv
from sqlalchemy import func, select
from test_history_import import assert_stats_exact

from desk_app.services import history_import as hi
from desk_app.services.base import ServiceContext
from desk_app.services.history_import import job
from desk_app.store.customers import NewCustomer, create_customer
from desk_app.store.models import Customer, ImportAlias, ImportRecord, Order, Phone

N = 3_000  # new ids in the file; checkpoints of 500 of them (see small_checkpoints)
TWIN = "K02900"  # an id of the last range whose person a desk has registered by then


@pytest.fixture(params=["sqlite", "postgresql"])
def ctx(request, tmp_path, monkeypatch):
    from desk_app.store.db import Store

    url = (f"sqlite:///{tmp_path / 'desk.db'}" if request.param == "sqlite"
           else request.getfixturevalue("pg_url"))
    store = Store(url)
    for name in ("FIRST_CHECKPOINT_ROWS", "MIN_CHECKPOINT_ROWS", "MAX_CHECKPOINT_ROWS"):
        monkeypatch.setattr(job, name, 500)
    monkeypatch.setattr(job, "_BOUND_STEP", 100)
    yield ServiceContext(store, today=lambda: TODAY)
    store.dispose()


def _phone(i: int) -> str:
    return f"03-{1000 + i // 1000:04d}-{i % 1000:04d}"


def _file(tmp_path, kind: str):
    """N new ids with a name and a phone each; a sales file has two sales per id, the
    second after every id's first (so each id's person comes from its first row)."""
    if kind == "customers":
        rows = [["顧客番号", "氏名", "電話番号"]] + [
            [f"K{i:05d}", f"顧客 {i}", _phone(i)] for i in range(N)]
    else:
        rows = [["受注番号", "顧客番号", "氏名", "電話番号", "受注日", "合計金額"]] + [
            [f"A{n}-{i}", f"K{i:05d}", f"顧客 {i}", _phone(i), f"2024/{n}/{1 + i % 28}",
             str(100 + i)] for n in (1, 2) for i in range(N)]
    return write_csv(tmp_path / f"{kind}.csv", rows)


def _count(store, model, *where):
    with store.new_session() as s:
        return s.scalar(select(func.count()).select_from(model).where(*where))


def _register(store, name: str, phone: str | None = None, code: str | None = None) -> int:
    with store.new_session() as s, s.begin():
        return create_customer(s, NewCustomer(name=name, phones=[("home", phone)] if phone
                                              else [], code=code)).id


def _desk_takes_the_lock(store) -> bool:
    """A desk that will not wait: BEGIN IMMEDIATE with no busy timeout (SQLite)."""
    desk = sqlite3.connect(store.engine.url.database, timeout=0)
    try:
        desk.execute("BEGIN IMMEDIATE")
        desk.rollback()
        return True
    except sqlite3.OperationalError:
        return False
    finally:
        desk.close()


@pytest.mark.parametrize("kind", ["customers", "orders"])
def test_new_customers_go_in_checkpoints_that_a_desk_saves_between(ctx, tmp_path, kind):
    store = ctx.store
    sqlite = store.engine.dialect.name == "sqlite"
    path = _file(tmp_path, kind)
    seen, locks = [], []

    def progress(p):
        if p.phase == "reading":
            return
        if sqlite:
            locks.append((p.phase, p.step, _desk_takes_the_lock(store)))
        if p.phase == "customers" and 0 < p.step < N:  # between two checkpoints
            seen.append(_count(store, Customer))

    report = hi.run(ctx, path, kind, progress=progress).value
    assert (report.new_customers, report.imported) == (N, N if kind == "customers" else 2 * N)
    assert len(seen) >= 4 and seen == sorted(seen) and 0 < seen[0] < seen[-1] < N
    assert all(ok for _phase, _step, ok in locks), [x for x in locks if not x[2]]
    assert _count(store, Customer) == _count(store, Phone) == N
    with store.new_session() as s:
        record = s.get(ImportRecord, report.import_id)
        assert (record.new_customers, record.imported) == (N, report.imported)
    assert_stats_exact(store)


def _consistent(store, import_id: int, kind: str) -> int:
    """The import's record says what the store has; the figures equal a recompute."""
    with store.new_session() as s:
        record = s.get(ImportRecord, import_id)
        created = s.scalar(select(func.count()).select_from(Customer)
                           .where(Customer.import_id == import_id))
        assert record.new_customers == created
        assert record.imported == (created if kind == "customers" else 0)
        assert record.orders_written == 0
        assert record.matched_customers == s.scalar(
            select(func.count()).select_from(ImportAlias)
            .where(ImportAlias.import_id == import_id))
    assert _count(store, Order) == 0
    assert _count(store, Phone) == _count(store, Customer)
    assert_stats_exact(store)
    return created


@pytest.mark.parametrize("kind", ["customers", "orders"])
def test_cancel_among_the_customers_keeps_them_and_the_same_file_adds_the_rest(ctx, tmp_path,
                                                                              kind):
    store = ctx.store
    # an existing customer with the number and name of an id in the first range: matched
    # by phone in the first checkpoint, an alias the cancelled import keeps
    twin = _register(store, "顧客 7", _phone(7))
    path = _file(tmp_path, kind)
    steps = []

    def progress(p):
        if p.phase == "customers" and p.step:
            steps.append(p.step)

    with pytest.raises(hi.ImportCancelled) as err:
        hi.run(ctx, path, kind, progress=progress, cancelled=lambda: len(steps) >= 2)
    first = err.value
    assert first.import_id is not None and first.rows_written == 0
    assert 0 < first.customers_written < N - 1
    text = str(first)
    assert f"新規顧客{first.customers_written:,}件は登録済み" in text and "残りだけ" in text
    assert ("売上はまだ1件も書き込んでいません" in text) == (kind == "orders")
    created = _consistent(store, first.import_id, kind)
    assert created == first.customers_written
    with store.new_session() as s:
        assert s.scalar(select(ImportAlias.customer_id).where(ImportAlias.code == "K00007")) \
            == twin

    again = hi.run(ctx, path, kind).value
    assert again.new_customers == N - 1 - created
    assert again.matched_customers == created + 1  # by code, and 顧客 7 by the alias
    with store.new_session() as s:
        codes = list(s.scalars(select(Customer.code)))
        assert len(codes) == len(set(codes)) == N  # K00007 is the existing twin
        assert s.scalar(select(func.count()).select_from(Order)) == (
            0 if kind == "customers" else 2 * N)
    assert_stats_exact(store)

    # undo removes each import as a whole: the cancelled one its checkpoints' customers
    hi.undo(ctx, again.import_id)
    assert _count(store, Order) == 0
    assert _count(store, Customer) == 1 + created
    hi.undo(ctx, first.import_id)
    assert _count(store, Customer) == _count(store, Phone) == 1
    assert _count(store, ImportAlias) == 0
    assert_stats_exact(store)


@pytest.mark.parametrize("kind", ["customers", "orders"])
def test_an_id_a_desk_registers_meanwhile_is_matched_not_created_twice(ctx, tmp_path, kind):
    """After the first checkpoint of customers a desk registers the id of one row of the
    last range, and another person of it (same number and name) under its own code: each
    checkpoint matches its ids again under the write lock, by code, then phone and name."""
    store = ctx.store
    path = _file(tmp_path, kind)
    registered = {}

    def progress(p):
        if p.phase == "customers" and p.step and not registered:
            registered["code"] = _register(store, "顧客 2950", code="K02950")
            registered["phone"] = _register(store, "顧客 2900", _phone(2900), code="D1")

    report = hi.run(ctx, path, kind, progress=progress).value
    assert registered
    assert (report.new_customers, report.matched_customers) == (N - 2, 2)
    assert report.matched_by_phone == 1
    with store.new_session() as s:
        codes = list(s.scalars(select(Customer.code)))
        assert len(codes) == len(set(codes)) == N  # K02900 is D1, with an alias
        assert s.scalar(select(ImportAlias.customer_id).where(ImportAlias.code == TWIN)) \
            == registered["phone"]
        record = s.get(ImportRecord, report.import_id)
        assert (record.new_customers, record.matched_customers) == (N - 2, 2)
        if kind == "orders":
            for cid in registered.values():  # their sales went to the desk's customers
                assert s.scalar(select(func.count()).select_from(Order)
                                .where(Order.customer_id == cid)) == 2
    assert_stats_exact(store)
