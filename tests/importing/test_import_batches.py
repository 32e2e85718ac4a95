"""Sales read a batch at a time, column by column, give what reading row by row gives.

The staging loop takes the csv module's rows in batches (``FileRows.batches``) and looks
cells up per column; only rows with something not seen before go row by row. These tests
pin that the batches carry the same rows, first lines and garbled flags as iterating, and
that imports and dry runs count, stage and report the same whatever the batch size.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from import_files import TODAY, write_csv

from desk_app.domain.importing import columns as cols
from desk_app.domain.importing.rows import RowReader, plain_cells
from desk_app.domain.importing.sniff import FileFormat
from desk_app.domain.importing.values import CellError
from desk_app.services import history_import as hi
from desk_app.services.history_import import staging
from desk_app.services.history_import.reading import FileRows


def _flat(path, fmt, size):
    """(line, fields, garbled) per non-blank row, from the batches."""
    out = []
    rows = FileRows(path, fmt)
    try:
        for start, batch, lines, garbled in rows.batches(size):
            assert len(batch) <= size
            for i, fields in enumerate(batch):
                line = start + 1 + i if lines is None else lines[i]
                if fields is not None and (not fields or (len(fields) == 1
                                                          and not fields[0].strip())):
                    continue
                out.append((line, fields, garbled and fields is not None
                            and any("\ufffd" in f for f in fields)))
    finally:
        rows.close()
    return out


def _iterated(path, fmt):
    rows = FileRows(path, fmt)
    try:
        return list(rows)
    finally:
        rows.close()


_CELL = st.sampled_from(["a", "", " b ", "x\ny", "p\r\nq", "r\rs", "1,2", "\"q\"", "日本",
                         "\n", "t\n\nu", "z\r\n\r\n"])


@settings(max_examples=120, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=st.lists(st.one_of(st.lists(_CELL, min_size=0, max_size=4),
                               st.just(["NUL"])), max_size=25),
       size=st.integers(1, 7), newline=st.sampled_from(["\r\n", "\n", "\r"]))
def test_batches_carry_the_rows_and_first_lines_of_iterating(tmp_path, rows, size, newline):
    import csv
    import io

    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator=newline)
    writer.writerow(["h1", "h2"])
    for row in rows:
        if row == ["NUL"]:  # a row the csv module cannot split
            buf.write("a\x00b,c" + newline)
        else:
            writer.writerow(row)
    path = tmp_path / "b.csv"
    path.write_bytes(buf.getvalue().encode("utf-8"))
    fmt = FileFormat("utf-8", ",", detected=False)
    assert _flat(path, fmt, size) == _iterated(path, fmt)


def test_batches_flag_garbled_rows_as_iterating_does(tmp_path):
    data = "顧客番号,受注日,金額\r\n1,2024/1/5,100\r\n".encode("cp932") + b"2,2024/1/5,\x81\r\n"
    data += "3,\"2024/1/6\r\n\",300\r\n4,2024/1/7,400\r\n".encode("cp932")
    path = tmp_path / "g.csv"
    path.write_bytes(data)
    fmt = FileFormat("cp932", ",", detected=False)
    for size in (1, 2, 3, 100):
        assert _flat(path, fmt, size) == _iterated(path, fmt)


def test_plain_cells():
    assert plain_cells([], 5) and plain_cells(["ab", ""], 5)
    assert not plain_cells(["abcdef"], 5)
    assert not plain_cells(["ab", " c"], 5) and not plain_cells(["c\t"], 5)
    assert not plain_cells(["１２"], 5)


def test_sale_cells_give_what_sale_gives_for_cells_seen_before():
    headers = ["受注番号", "顧客番号", "受注日", "合計金額"]
    reader = RowReader(cols.recognise(headers, "orders"), headers, TODAY)
    rows = [["A1", "C1", "2024/1/5 10:30", "1,200"], ["A2", "C2", "R6.1.5", "￥1,200"],
            ["A3", "C3", "2024/1/5 11:45", "1,200"]]
    codes, days, amounts, refs = reader.sale_cells(rows)
    assert codes == ["C1", "C2", "C3"] and refs == ["A1", "A2", "A3"]
    assert days == [None, None, None] and amounts == [None, None, None]  # not seen yet
    sales = [reader.sale(r, i) for i, r in enumerate(rows)]
    codes, days, amounts, refs = reader.sale_cells(rows)
    assert days == [s[2] for s in sales] == ["2024-01-05"] * 3
    assert amounts == [s[3] for s in sales] == [1200] * 3
    # a timestamp with a time already checked after a date already read: no new parse
    assert reader.day("2024/1/5 11:45") == "2024-01-05"
    with pytest.raises(CellError) as err:
        reader.day("2024/1/5 25:00")
    assert err.value.code == "import.time_invalid"


def _tricky_rows():
    """Everything the batch path must hand to the row-by-row one, in one file."""
    head = ["受注番号", "顧客番号", "氏名", "電話番号", "受注日", "合計金額"]
    rows = [head]
    for i in range(60):
        code = f"K{i % 7}" if i % 5 else f"N{i % 4}"  # known and new customers
        day = ["2024/1/5", "2024/1/5 10:30", "令和6年2月5日", "R6.1.5", "20240105"][i % 5]
        amount = ["1,200", "\\1,500", "￥3,000", "500円", "１２００"][i % 5]
        rows.append([f"A{i}", code, f"顧客 {i % 7}", "", day, amount])
    rows[5][4] = "2024/13/45"  # impossible date
    rows[9][5] = "abc"  # amount
    rows[12][1] = ""  # no customer id
    rows[15] = rows[15][:3]  # too few columns
    rows[18][0] = "A3"  # a repeated order id (of rows[4])
    rows[21][0] = ""  # no order id
    rows[24][0] = " A24 "  # not plain: folded to A24, the next row's order id
    rows[27][1] = "Ｋ1"  # full-width: folded to K1
    rows[30][2] = "改行\nのある名前"  # a row on two lines
    rows[33][4] = "2024/1/5 25:00"  # no such time
    rows[36] = [*rows[36], "", ""]  # empty cells after the last column: fine
    rows[39][4] = "2024/1/5 11:45"
    rows[42][4] = "2024/1/5 11:45"
    return rows


@pytest.mark.parametrize("batch", [1, 2, 7, 20_000])
def test_import_and_dry_run_are_the_same_for_any_batch_size(store, tmp_path, monkeypatch,
                                                            batch):
    from desk_app.services.base import ServiceContext
    from desk_app.store.customers import NewCustomer, create_customer

    ctx = ServiceContext(store, today=lambda: TODAY)
    with store.new_session() as s:
        for i in range(7):
            create_customer(s, NewCustomer(name=f"顧客 {i}", code=f"K{i}"))
        s.commit()
    path = write_csv(tmp_path / "sales.csv", _tricky_rows(), tail="\r\n\r\n")
    monkeypatch.setattr(staging, "BATCH", batch)
    dry = hi.run(ctx, path, "orders", dry_run=True).value
    real = hi.run(ctx, path, "orders").value
    # as reading row by row gave (the code before batches): " A24 " folds to A24, which
    # the next row has too, so two rows are repeats; the row on two lines shifts the rest
    expected = {
        "rows": 60, "imported": 53, "skipped_duplicates": 2, "new_customers": 4,
        "matched_customers": 7,
        "errors": [{"line": 6, "reason": "2024/13/45 という日はありません。"},
                   {"line": 10, "reason": "金額として読めません: abc"},
                   {"line": 13, "reason": "顧客番号が空です。"},
                   {"line": 16, "reason": "列の数が違います（6列のはずが3列）。"},
                   {"line": 35, "reason": "時刻が読めません: 2024/1/5 25:00"}]}
    assert dry.to_json_dict() == expected
    assert real.to_json_dict() == expected
    again = hi.run(ctx, path, "orders", dry_run=True).value  # now resolved row by row in SQL
    assert (again.imported, again.skipped_duplicates) == (0, 55)
    assert again.errors == real.errors


# --- secondary indexes left out while sales are written ---------------------------------

def _index_names(store):
    with store.engine.connect() as conn:
        return set(conn.exec_driver_sql(
            "SELECT name FROM sqlite_master WHERE type = 'index'").scalars())


def test_deferred_indexes_are_dropped_while_writing_and_built_at_the_end(store, tmp_path,
                                                                          monkeypatch):
    from desk_app.services.base import ServiceContext
    from desk_app.services.history_import import job
    from desk_app.store.history_import.indexes import DEFERRED

    ctx = ServiceContext(store, today=lambda: TODAY)
    before = _index_names(store)
    assert set(DEFERRED) <= before
    rows = [["受注番号", "顧客番号", "受注日", "合計金額"]] + [
        [f"A{i}", f"C{i % 300}", f"2024/1/{1 + i % 28}", str(100 + i)] for i in range(3000)]
    path = write_csv(tmp_path / "s.csv", rows)
    monkeypatch.setattr(job, "DEFER_INDEXES_ROWS", 1)
    monkeypatch.setattr(job, "FIRST_CHECKPOINT_ROWS", 1000)  # several checkpoints
    monkeypatch.setattr(job, "MAX_CHECKPOINT_ROWS", 1000)
    during = []

    def progress(p):
        if p.phase == "writing" and 0 < p.step < p.steps:
            during.append(_index_names(store))

    report = hi.run(ctx, path, "orders", progress=progress).value
    assert report.imported == 3000
    assert during and all(not (set(DEFERRED) & names) for names in during)
    # what the desk needs while a history goes in stays throughout
    kept = {"ix_orders_customer_date", "ix_order_lines_order_id", "ix_orders_import_id",
            "ix_orders_rfm", "ix_orders_order_date", "sqlite_autoindex_orders_1"}
    assert all(kept <= names for names in during)
    assert _index_names(store) == before


def test_a_cancel_builds_the_deferred_indexes_and_a_start_builds_missing_ones(store, tmp_path,
                                                                              monkeypatch):
    from desk_app.services.base import ServiceContext
    from desk_app.services.history_import import job
    from desk_app.store.db import Store
    from desk_app.store.history_import.indexes import DEFERRED, deferring

    ctx = ServiceContext(store, today=lambda: TODAY)
    before = _index_names(store)
    rows = [["受注番号", "顧客番号", "受注日", "合計金額"]] + [
        [f"A{i}", f"C{i % 5000}", f"2024/1/{1 + i % 28}", str(100 + i)] for i in range(60_000)]
    path = write_csv(tmp_path / "s.csv", rows)
    monkeypatch.setattr(job, "DEFER_INDEXES_ROWS", 1)
    steps = []

    def progress(p):
        if p.phase == "writing" and 0 < p.step < p.steps:
            steps.append(p.step)

    with pytest.raises(hi.ImportCancelled):
        hi.run(ctx, path, "orders", progress=progress, cancelled=lambda: bool(steps))
    assert _index_names(store) == before
    # a crash between the drop and the build: the next start builds what is missing
    with store.engine.begin() as conn:
        for name in DEFERRED[:3]:
            conn.exec_driver_sql(f"DROP INDEX {name}")
    assert not set(DEFERRED[:3]) & _index_names(store)
    # ... but not while an import (here: this process, as another desk would) still runs
    with store.engine.connect() as conn, deferring(conn):
        running = Store(str(store.engine.url))
        running.dispose()
        assert not set(DEFERRED[:3]) & _index_names(store)
    again = Store(str(store.engine.url))
    try:
        assert _index_names(again) == before
    finally:
        again.dispose()


def test_keys_of_a_dry_run_count_repeats_whether_sorted_or_not(store, monkeypatch):
    """Keys in ascending order are only packed in memory; the first batch out of order
    (or too many packed keys) sends them all to imp_keys, which counts the repeats."""
    from desk_app.store import history_import as si

    def table(conn):
        return conn.exec_driver_sql("SELECT COUNT(*) FROM imp_keys").scalar()

    with store.engine.connect() as conn:
        si.create_staging(conn, unique_refs=True)
        keys = staging._Keys(conn)
        assert keys.add(["o:1", "o:2", "o:3"]) == 0 and keys.add(["o:4", "o:5"]) == 0
        assert table(conn) == 0 and not keys.in_table  # sorted so far: nothing staged
        assert keys.add(["o:6", "o:2", "o:7", "o:7"]) == 2  # o:2 of the first batch, o:7
        assert keys.in_table and table(conn) == 7
        assert keys.add(["o:8", "o:1"]) == 1
        si.drop_staging(conn)

        si.create_staging(conn, unique_refs=True)
        monkeypatch.setattr(staging._Keys, "PACKED_MAX", 8)
        keys = staging._Keys(conn)
        assert keys.add(["o:a", "o:b"]) == 0 and keys.add(["o:c"]) == 0
        assert not keys.in_table and table(conn) == 3  # packed ones moved, still sorted
        assert keys.add(["o:d", "o:d"]) == 1  # not ascending (equal): counted in the table
        assert keys.add(["o:a"]) == 1
        si.drop_staging(conn)
        conn.commit()


def test_a_dry_run_of_a_file_sorted_by_order_id_counts_a_late_repeat(store, tmp_path,
                                                                      monkeypatch):
    from desk_app.services.base import ServiceContext

    ctx = ServiceContext(store, today=lambda: TODAY)
    rows = [["受注番号", "顧客番号", "受注日", "合計金額"]] + [
        [f"A{i:05d}", f"C{i % 30}", "2024/1/5", "100"] for i in range(200)]
    rows.append(["A00007", "C7", "2024/1/5", "100"])  # the one repeat, after 200 sorted ids
    path = write_csv(tmp_path / "s.csv", rows)
    monkeypatch.setattr(staging, "BATCH", 50)
    dry = hi.run(ctx, path, "orders", dry_run=True).value
    real = hi.run(ctx, path, "orders").value
    assert dry.to_json_dict() == real.to_json_dict()
    assert (real.imported, real.skipped_duplicates) == (200, 1)


def test_indexes_are_left_out_for_large_imports_only():
    """As measured (docs/BENCHMARKS.md): 5M sales into a store of 6.3M orders take less CPU
    without customer_stats' indexes; below a million sales, or when the store has far more
    orders than the import brings, building them again is not worth it."""
    from desk_app.services.history_import.job import defers_indexes

    assert defers_indexes(5_000_000, 6_319_223)
    assert defers_indexes(1_000_000, 0)
    assert not defers_indexes(500_000, 6_319_223)
    assert not defers_indexes(999_999, 0)
    assert not defers_indexes(2_000_000, 6_319_223)
