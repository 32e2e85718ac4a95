"""売上履歴の取込 and 顧客情報の取込 through the service, on a real SQLite store."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from import_files import TODAY, write_csv
from sqlalchemy import func, select

from desk_app.services import history_import as hi
from desk_app.services.base import ServiceContext, ServiceError
from desk_app.store.customers import NewCustomer, create_customer
from desk_app.store.models import (
    Customer,
    CustomerStats,
    ImportAlias,
    ImportRecord,
    Note,
    Order,
    OrderLine,
    Phone,
)
from desk_app.store.orders import recompute_stats

HEAD = ["受注番号", "顧客番号", "氏名", "フリガナ", "電話番号", "受注日", "合計金額"]


def sales_rows():
    return [
        HEAD,
        ["A1", "C001", "山田 太郎", "ﾔﾏﾀﾞ ﾀﾛｳ", "03-1234-5678", "2024/1/5", "1,200"],
        ["A2", "C001", "山田 太郎", "ﾔﾏﾀﾞ ﾀﾛｳ", "03-1234-5678", "令和6年2月5日", "\\1,500"],
        ["A3", "C002", "佐藤, 花子", "さとう はなこ", "090-1111-2222", "R6.1.5", "￥3,000"],
        ["A4", "C003", "鈴木 一郎", "スズキ", "", "2024/13/45", "1000"],
        ["A5", "", "名無し", "", "", "2024/1/5", "1000"],
        ["A6", "C004", "田中\n次郎", "", "", "H31.4.30", "abc"],
        ["A7", "C004", "田中 次郎", "", "", "H31.4.30 10:30", "500円"],
    ]


def counts(store):
    with store.new_session() as s:
        return {"orders": s.scalar(select(func.count()).select_from(Order)),
                "lines": s.scalar(select(func.count()).select_from(OrderLine)),
                "customers": s.scalar(select(func.count()).select_from(Customer)),
                "phones": s.scalar(select(func.count()).select_from(Phone)),
                "imports": s.scalar(select(func.count()).select_from(ImportRecord))}


def assert_stats_exact(store):
    """customer_stats equals a recompute from the orders, for every customer."""
    with store.new_session() as s:
        stored = {r.customer_id: (r.first_order_date, r.last_order_date, r.orders_count,
                                  r.total_amount) for r in s.scalars(select(CustomerStats))}
        ids = list(s.scalars(select(Customer.id)))
        for cid in ids:
            ref = recompute_stats(s, cid)
            assert stored.get(cid) == (ref.first_order_date, ref.last_order_date,
                                       ref.orders_count, ref.total_amount), cid
        s.rollback()


@pytest.mark.parametrize("encoding, bom, delimiter", [
    ("cp932", False, ","), ("utf-8", False, ","), ("utf-8", True, ","), ("cp932", False, "\t"),
    ("utf-8", True, "\t"),
])
def test_sales_file_with_broken_rows(ctx, tmp_path, encoding, bom, delimiter):
    path = write_csv(tmp_path / "sales.csv", sales_rows(), encoding, delimiter, bom,
                     tail="A8,C005,bad\r\n" if delimiter == "," else "A8\tC005\tbad\r\n")
    report = hi.run(ctx, path, "orders").value
    assert report.to_json_dict() == {
        "rows": 8, "imported": 4, "skipped_duplicates": 0, "new_customers": 3,
        "matched_customers": 0,
        "errors": [{"line": 5, "reason": "2024/13/45 という日はありません。"},
                   {"line": 6, "reason": "顧客番号が空です。"},
                   {"line": 7, "reason": "金額として読めません: abc"},  # a two-line row: its first
                   {"line": 10, "reason": "列の数が違います（7列のはずが3列）。"}]}
    assert report.delimiter == delimiter
    assert report.encoding == {"cp932": "cp932", "utf-8": "utf-8-sig" if bom else "utf-8"}[encoding]
    with ctx.store.new_session() as s:
        sato = s.scalar(select(Customer).where(Customer.code == "C002"))
        assert (sato.name, sato.kana, sato.kana_key) == ("佐藤, 花子", "サトウ ハナコ", "サトウハナコ")
        assert [p.national for p in sato.phones] == ["09011112222"]
        assert sato.phones[0].kind == "mobile"
        yamada = s.scalar(select(Customer).where(Customer.code == "C001"))
        assert (yamada.stats.orders_count, yamada.stats.total_amount) == (2, 2700)
        assert yamada.stats.first_order_date == date(2024, 1, 5)
        assert yamada.stats.last_order_date == date(2024, 2, 5)
        tanaka = s.scalar(select(Customer).where(Customer.code == "C004"))
        assert tanaka.name == "田中 次郎"  # from the first good row of that customer
        # the history is on the card, with the stage the pop-up shows
        from desk_app.store.customers import card
        shown = card(s, yamada.id, TODAY)
        assert [(o.order_date, o.total) for o in shown.orders] == [
            (date(2024, 2, 5), 1500), (date(2024, 1, 5), 1200)]
        assert shown.summary.orders_count == 2 and shown.summary.total_amount == 2700
    assert_stats_exact(ctx.store)


def test_dry_run_writes_nothing_and_counts_the_same(ctx, tmp_path):
    path = write_csv(tmp_path / "sales.csv", sales_rows())
    before = counts(ctx.store)
    dry = hi.run(ctx, path, "orders", dry_run=True)
    assert counts(ctx.store) == before and not dry.changes
    real = hi.run(ctx, path, "orders").value
    assert dry.value.to_json_dict() == real.to_json_dict()
    assert dry.value.import_id is None and real.import_id


def test_dry_run_counts_equal_the_import_on_a_first_and_a_later_import(ctx, tmp_path):
    """A shop's first dry run stages only the order ids' keys (nothing in the store can
    be a duplicate of a fingerprint yet); a later one resolves every row. Both count what
    the import then does: repeats in the file, rows without an order id, new customers."""
    repeat = ["A1", "C001", "山田 太郎", "", "", "2024/1/5", "1,200"]
    no_id = ["", "C002", "佐藤 花子", "", "", "2024/3/3", "700"]
    rows = [*sales_rows(), repeat, no_id, no_id, ["A9", "C009", "新規 顧客", "", "", "2024/3/4", "900"]]
    path = write_csv(tmp_path / "sales.csv", rows)
    first_dry = hi.run(ctx, path, "orders", dry_run=True).value
    first = hi.run(ctx, path, "orders").value
    assert first_dry.to_json_dict() == first.to_json_dict()
    assert (first.imported, first.skipped_duplicates) == (7, 1)
    later = [*rows, ["A10", "C001", "山田 太郎", "", "", "2024/4/1", "100"]]
    path = write_csv(tmp_path / "later.csv", later)
    later_dry = hi.run(ctx, path, "orders", dry_run=True).value
    again = hi.run(ctx, path, "orders").value
    assert later_dry.to_json_dict() == again.to_json_dict()
    assert (again.imported, again.skipped_duplicates) == (1, 8)
    assert_stats_exact(ctx.store)


def test_reimport_and_overlapping_export_add_nothing_twice(ctx, tmp_path):
    first = write_csv(tmp_path / "jan.csv", sales_rows())
    hi.run(ctx, first, "orders")
    after_first = counts(ctx.store)
    again = hi.run(ctx, first, "orders").value
    assert (again.imported, again.skipped_duplicates, again.new_customers,
            again.matched_customers) == (0, 4, 0, 3)
    assert {k: v for k, v in counts(ctx.store).items() if k != "imports"} == \
        {k: v for k, v in after_first.items() if k != "imports"}
    later = sales_rows()[:4] + [["A9", "C002", "佐藤, 花子", "", "", "2024/3/1", "2000"]]
    report = hi.run(ctx, write_csv(tmp_path / "feb.csv", later), "orders").value
    assert (report.imported, report.skipped_duplicates) == (1, 3)
    assert counts(ctx.store)["orders"] == after_first["orders"] + 1
    assert_stats_exact(ctx.store)


def test_fingerprint_without_order_ids_counts_identical_rows(ctx, tmp_path):
    head = ["顧客番号", "購入日", "購入金額"]
    rows = [head, ["7", "2024/1/5", "1000"], ["7", "2024/1/5", "1000"], ["7", "2024/1/6", "1000"]]
    r1 = hi.run(ctx, write_csv(tmp_path / "a.csv", rows), "orders").value
    assert (r1.imported, r1.skipped_duplicates) == (3, 0)  # the same sale twice that day is two
    r2 = hi.run(ctx, write_csv(tmp_path / "a.csv", rows), "orders").value
    assert (r2.imported, r2.skipped_duplicates) == (0, 3)
    more = rows + [["7", "2024-01-05", "￥1,000"]]  # a third identical sale, another form
    r3 = hi.run(ctx, write_csv(tmp_path / "b.csv", more), "orders").value
    assert (r3.imported, r3.skipped_duplicates) == (1, 3)
    with ctx.store.new_session() as s:
        assert s.scalar(select(CustomerStats.orders_count)) == 4


def test_repeated_order_id_in_one_file_is_a_duplicate(ctx, tmp_path):
    rows = [["注文番号", "会員番号", "注文日", "金額"], ["X1", "1", "2024/1/5", "100"],
            ["X1", "1", "2024/1/5", "100"]]
    r = hi.run(ctx, write_csv(tmp_path / "a.csv", rows), "orders").value
    assert (r.rows, r.imported, r.skipped_duplicates) == (2, 1, 1)


@pytest.mark.parametrize("phase", ["reading", "writing"])
def test_cancel_before_the_first_checkpoint_writes_nothing(ctx, tmp_path, phase):
    rows = [HEAD] + [[f"A{i}", f"C{i % 50}", "山田 太郎", "", "", "2024/1/5", "1200"]
                     for i in range(50_000)]
    path = write_csv(tmp_path / "big.csv", rows)
    seen = []

    def progress(p):
        seen.append(p.phase)

    def cancelled():
        return phase in seen

    before = counts(ctx.store)
    with pytest.raises(hi.ImportCancelled) as err:
        hi.run(ctx, path, "orders", progress=progress, cancelled=cancelled)
    assert "何も書き込んでいません" in str(err.value) and err.value.import_id is None
    assert counts(ctx.store) == before
    # the store is usable and the same file imports fully afterwards
    report = hi.run(ctx, path, "orders").value
    assert report.imported == 50_000 and counts(ctx.store)["orders"] == 50_000


def test_cancel_while_writing_keeps_the_checkpoints_and_undo_removes_all(ctx, tmp_path):
    """Sales go in checkpoints (short transactions over ranges of customers): cancel keeps
    the committed ones, each with its customers' exact figures; the same file again adds
    only the rest, and undo removes the import as a whole."""
    rows = [HEAD] + [[f"A{i}", f"C{i % 5000}", "山田 太郎", "", "", f"2024/1/{1 + i % 28}",
                      str(100 + i % 7)] for i in range(60_000)]
    path = write_csv(tmp_path / "big.csv", rows)
    steps = []

    def progress(p):
        if p.phase == "writing" and p.step:
            steps.append(p.step)

    with pytest.raises(hi.ImportCancelled) as err:
        hi.run(ctx, path, "orders", progress=progress, cancelled=lambda: bool(steps))
    cancelled = err.value
    assert cancelled.import_id is not None and 0 < cancelled.rows_written < 60_000
    assert "書き込み済み" in str(cancelled) and f"{cancelled.rows_written:,}" in str(cancelled)
    with ctx.store.new_session() as s:
        record = s.get(ImportRecord, cancelled.import_id)
        assert record.imported == record.orders_written == cancelled.rows_written
        assert s.scalar(select(func.count()).select_from(Order)) == cancelled.rows_written
        assert s.scalar(select(func.count()).select_from(OrderLine)) == cancelled.rows_written
    assert_stats_exact(ctx.store)

    again = hi.run(ctx, path, "orders").value
    assert again.imported == 60_000 - cancelled.rows_written
    assert again.skipped_duplicates == cancelled.rows_written
    assert counts(ctx.store)["orders"] == 60_000
    assert_stats_exact(ctx.store)

    hi.undo(ctx, again.import_id)  # the later one first: its orders use the customers
    hi.undo(ctx, cancelled.import_id)
    c = counts(ctx.store)
    assert (c["orders"], c["lines"], c["customers"]) == (0, 0, 0)


def _customer(store, name, kana, phones, code=None):
    with store.new_session() as s, s.begin():
        c = create_customer(s, NewCustomer(name=name, kana=kana, phones=phones, code=code))
        return c.id


def test_customers_matched_by_code_then_phone_and_name(ctx, tmp_path):
    by_code = _customer(ctx.store, "山田 太郎", "ヤマダ タロウ", [("home", "03-1234-5678")], "C001")
    by_phone = _customer(ctx.store, "佐藤 花子", "サトウ ハナコ", [("mobile", "090-1111-2222")], "0000900")
    mother = _customer(ctx.store, "鈴木 和子", "スズキ カズコ", [("home", "045-123-4567")], "0000901")
    rows = [["顧客番号", "氏名", "電話番号", "受注日", "金額"],
            ["C001", "別の名前", "", "2024/1/5", "100"],  # the code decides
            ["S-77", "佐藤　花子", "09011112222", "2024/1/6", "200"],  # phone and name
            ["S-78", "鈴木 一郎", "045-123-4567", "2024/1/7", "300"],  # family number, other name
            ]
    r = hi.run(ctx, write_csv(tmp_path / "a.csv", rows), "orders").value
    assert (r.new_customers, r.matched_customers, r.matched_by_phone) == (1, 2, 1)
    with ctx.store.new_session() as s:
        owners = dict(s.execute(select(Order.order_date, Order.customer_id)).all())
        assert owners[date(2024, 1, 5)] == by_code
        assert owners[date(2024, 1, 6)] == by_phone
        son = owners[date(2024, 1, 7)]
        assert s.scalar(select(Order.import_key).where(Order.customer_id == son)) == \
            f"f:{son}|2024-01-07|300|1"  # the fingerprint names the customer it became
        assert son not in (mother, by_code, by_phone)
        assert s.get(Customer, son).code == "S-78"
        assert s.get(Customer, by_code).name == "山田 太郎"  # matched customers are not changed
        assert s.scalar(select(ImportAlias.customer_id).where(ImportAlias.code == "S-77")) == by_phone
    # a later file with only the id finds the phone-matched customer through the alias
    later = [["顧客番号", "受注日", "金額"], ["S-77", "2024/2/1", "400"]]
    r2 = hi.run(ctx, write_csv(tmp_path / "b.csv", later), "orders").value
    assert (r2.new_customers, r2.matched_customers) == (0, 1)
    with ctx.store.new_session() as s:
        assert s.get(CustomerStats, by_phone).orders_count == 2
    assert_stats_exact(ctx.store)


def test_undo_removes_the_import_as_a_whole(ctx, tmp_path):
    existing = _customer(ctx.store, "山田 太郎", "ヤマダ タロウ", [("home", "03-1234-5678")], "C001")
    path = write_csv(tmp_path / "a.csv", sales_rows())
    before = counts(ctx.store)
    report = hi.run(ctx, path, "orders").value
    with ctx.store.new_session() as s, s.begin():  # a clerk writes a note for a new customer
        sato = s.scalar(select(Customer.id).where(Customer.code == "C002"))
        s.add(Note(customer_id=sato, body="電話あり", created_at=func.now()))
    undone = hi.undo(ctx, report.import_id)
    assert undone.value.orders_removed == 4
    assert (undone.value.customers_removed, undone.value.customers_kept) == (1, 1)
    assert existing in undone.changes.customers
    after = counts(ctx.store)
    assert after["orders"] == after["lines"] == 0
    assert after["customers"] == before["customers"] + 1  # 佐藤 stays: she has a note now
    with ctx.store.new_session() as s:
        assert s.get(CustomerStats, existing).orders_count == 0
        assert s.get(ImportRecord, report.import_id).undone_at is not None
    assert_stats_exact(ctx.store)
    with pytest.raises(ServiceError) as err:
        hi.undo(ctx, report.import_id)
    assert err.value.code == "import.already_undone"
    again = hi.run(ctx, path, "orders").value  # after undo the file imports again
    assert again.imported == 4


def test_lines_with_products_refer_to_the_catalogue(ctx, tmp_path):
    from desk_app.store.models import Product

    with ctx.store.new_session() as s, s.begin():
        s.add_all([Product(sku="GRN-30", name="青汁 30包", price=3240, tax_rate=8),
                   Product(sku="MUG", name="マグカップ", price=1100, tax_rate=10)])
    rows = [["受注番号", "顧客番号", "受注日", "商品コード", "数量", "金額"],
            ["B1", "9", "2024/5/1", "GRN-30", "2", "6480"],
            ["B1", "9", "2024/5/1", "MUG", "1", "1100"],
            ["B2", "9", "2024/6/1", "NOPE", "1", "500"],
            ["B3", "9", "2024/6/2", "MUG", "0", "0"],
            ["B1", "8", "2024/5/1", "MUG", "1", "1100"]]
    r = hi.run(ctx, write_csv(tmp_path / "lines.csv", rows), "orders").value
    assert [(e.line, e.code) for e in r.errors] == [
        (4, "import.unknown_sku"), (5, "import.quantity_invalid"), (6, "import.order_conflict")]
    assert "NOPE" in r.errors[0].reason() and "B1" in r.errors[2].reason()
    assert (r.rows, r.imported, r.orders) == (5, 2, 1)
    with ctx.store.new_session() as s:
        order = s.scalar(select(Order))
        assert (order.total, order.subtotal_8, order.subtotal_10) == (7580, 6480, 1100)
        assert (order.tax_8, order.tax_10) == (6480 * 8 // 108, 1100 * 10 // 110)
        assert [(x.line_no, x.sku, x.quantity, x.unit_price, x.tax_rate) for x in order.lines] == [
            (1, "GRN-30", 2, 3240, 8), (2, "MUG", 1, 1100, 10)]
    again = hi.run(ctx, write_csv(tmp_path / "lines.csv", rows), "orders").value
    assert (again.imported, again.skipped_duplicates) == (0, 2)


def test_rows_per_order_line_go_in_checkpoints_that_never_split_an_order(ctx, tmp_path,
                                                                         monkeypatch):
    """Sales with products are written in checkpoints like plain sales: between two the
    store is not locked (a desk saves), a cancel keeps whole orders with exact figures,
    the same file again adds only the rest, and undo removes each import as a whole."""
    import sqlite3

    from desk_app.services.history_import import job
    from desk_app.store.models import Product

    for name in ("FIRST_CHECKPOINT_ROWS", "MIN_CHECKPOINT_ROWS", "MAX_CHECKPOINT_ROWS"):
        monkeypatch.setattr(job, name, 1_000)  # checkpoints of about 1,000 rows
    with ctx.store.new_session() as s, s.begin():
        s.add_all([Product(sku="GRN-30", name="青汁 30包", price=3240, tax_rate=8,
                           consumption_days=30),
                   Product(sku="MUG", name="マグカップ", price=1100, tax_rate=10)])
    rows = [["受注番号", "顧客番号", "受注日", "商品コード", "数量", "金額"]]
    for i in range(3_000):
        day = f"2024/{1 + i % 12}/{1 + i % 28}"
        rows += [[f"B{i}", f"C{i % 400}", day, "GRN-30", "1", "3240"],
                 [f"B{i}", f"C{i % 400}", day, "MUG", "1", "1100"]]
    path = write_csv(tmp_path / "lines.csv", rows)
    steps, desk_saves = [], []
    db = ctx.store.engine.url.database

    def progress(p):
        if p.phase == "writing" and p.step:
            steps.append(p.step)
            desk = sqlite3.connect(db, timeout=0)  # a desk that will not wait for the lock
            try:
                desk.execute("BEGIN IMMEDIATE")
                desk.rollback()
                desk_saves.append(p.step)
            finally:
                desk.close()

    with pytest.raises(hi.ImportCancelled) as err:
        hi.run(ctx, path, "orders", progress=progress, cancelled=lambda: len(steps) >= 2)
    first = err.value
    assert len(desk_saves) == len(steps) >= 2  # the desk wrote between checkpoints
    with ctx.store.new_session() as s:
        record = s.get(ImportRecord, first.import_id)
        orders = s.scalar(select(func.count()).select_from(Order))
        per_order = set(s.scalars(select(func.count(OrderLine.id)).group_by(OrderLine.order_id)))
        assert 0 < orders < 3_000 and per_order == {2}  # no order lost a line
        assert record.orders_written == orders and record.imported == 2 * orders
        assert first.rows_written == 2 * orders
        assert s.scalar(select(func.count()).select_from(OrderLine)
                        .where(OrderLine.runs_out_on.is_not(None))) == orders  # 青汁 only
    assert_stats_exact(ctx.store)

    again = hi.run(ctx, path, "orders").value
    assert (again.imported, again.orders) == (6_000 - 2 * orders, 3_000 - orders)
    assert again.skipped_duplicates == 2 * orders
    c = counts(ctx.store)
    assert (c["orders"], c["lines"]) == (3_000, 6_000)
    assert_stats_exact(ctx.store)
    hi.undo(ctx, again.import_id)
    hi.undo(ctx, first.import_id)
    c = counts(ctx.store)
    assert (c["orders"], c["lines"], c["customers"]) == (0, 0, 0)


def test_customer_master(ctx, tmp_path):
    existing = _customer(ctx.store, "山田 太郎", "ヤマダ タロウ", [("home", "03-1234-5678")], "K1")
    rows = [["顧客番号", "氏名", "フリガナ", "会社名", "郵便番号", "住所", "電話番号1", "電話番号2",
             "メール", "生年月日", "DM可否", "注意"],
            ["K1", "山田 太郎", "", "", "", "", "", "", "", "", "", ""],
            ["K2", "高橋 美咲", "ﾀｶﾊｼ ﾐｻｷ", "㈱高橋商店", "100-0001", "東京都千代田区千代田1-1",
             "03-9999-0000", "080-1234-5678", "misaki@example.jp", "昭和45年3月1日", "不可",
             "代引の受取拒否あり"],
            ["K3", "", "", "", "", "", "", "", "", "", "", ""],
            ["K4", "伊藤 健", "", "", "1234", "", "", "", "", "", "", ""],
            ["K5", "渡辺 茂", "", "", "", "", "abc", "", "", "", "する", "1"],
            ["K6", "小林 勇", "", "", "", "", "", "", "", "2024/13/1", "", ""],
            ["K2", "高橋 美咲", "", "", "", "", "", "", "", "", "", ""]]
    r = hi.run(ctx, write_csv(tmp_path / "customers.csv", rows), "customers").value
    assert [(e.line, e.code) for e in r.errors] == [
        (4, "import.name_missing"), (5, "import.postal_invalid"), (6, "import.phone_invalid"),
        (7, "import.birthday_invalid")]
    assert (r.rows, r.imported, r.skipped_duplicates, r.new_customers, r.matched_customers) == (
        7, 1, 2, 1, 1)
    with ctx.store.new_session() as s:
        k2 = s.scalar(select(Customer).where(Customer.code == "K2"))
        assert (k2.kana, k2.company, k2.postal_code, k2.prefecture, k2.address1) == (
            "タカハシ ミサキ", "(株)高橋商店", "1000001", "東京都", "千代田区千代田1-1")
        assert (k2.email, k2.birthday, k2.dm_allowed, k2.caution, k2.caution_note) == (
            "misaki@example.jp", date(1970, 3, 1), False, True, "代引の受取拒否あり")
        assert [(p.kind, p.national) for p in k2.phones] == [("home", "0399990000"),
                                                            ("mobile", "08012345678")]
        assert k2.stats.orders_count == 0
        assert s.get(Customer, existing).import_id is None
    again = hi.run(ctx, write_csv(tmp_path / "customers.csv", rows), "customers").value
    assert (again.imported, again.new_customers, again.matched_customers) == (0, 0, 2)


def test_missing_role_and_unreadable_file(ctx, tmp_path):
    path = write_csv(tmp_path / "a.csv", [["顧客番号", "受注日"], ["1", "2024/1/5"]])
    with pytest.raises(ServiceError) as err:
        hi.run(ctx, path, "orders")
    assert err.value.code == "import.role_missing"
    with pytest.raises(ServiceError) as err:
        hi.run(ctx, tmp_path / "nope.csv", "orders")
    assert err.value.code == "import.file_unreadable"
    (tmp_path / "empty.csv").write_bytes(b"")
    with pytest.raises(ServiceError) as err:
        hi.run(ctx, tmp_path / "empty.csv", "orders")
    assert err.value.code == "import.file_empty"
    assert counts(ctx.store)["imports"] == 0


def test_garbled_bytes_are_row_errors(ctx, tmp_path):
    data = "顧客番号,受注日,金額\r\n1,2024/1/5,100\r\n".encode("cp932") + b"2,2024/1/5,\x81\r\n"
    data += "3,2024/1/6,300\r\n".encode("cp932")
    (tmp_path / "g.csv").write_bytes(data)
    r = hi.run(ctx, tmp_path / "g.csv", "orders", encoding="cp932").value
    assert [(e.line, e.code) for e in r.errors] == [(3, "import.undecodable")]
    assert r.imported == 2


def _xlsx(path):
    import zipfile

    with zipfile.ZipFile(path, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("xl/workbook.xml", "<workbook/>")
        z.writestr("xl/sharedStrings.xml", "<sst><si><t>顧客番号</t></si></sst>")
    return path


@pytest.mark.parametrize(("data", "code"), [
    (None, "import.file_excel"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(2000), "import.file_excel"),
    (b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + bytes(100), "import.file_binary"),
])
def test_excel_and_other_binary_files_are_refused_before_any_mapping(ctx, tmp_path, data,
                                                                     code):
    """Trial: an .xlsx or .xls previewed as 「Shift_JIS (CP932) TSV、2列」 with unreadable
    headers, and the clerk was asked to choose columns for them."""
    path = tmp_path / "売上.xlsx"
    if data is None:
        _xlsx(path)
    else:
        path.write_bytes(data)
    for attempt in (lambda: hi.preview(ctx, path, "orders"),
                    lambda: hi.run(ctx, path, "orders", dry_run=True),
                    lambda: hi.preview(ctx, path, "orders", encoding="utf-8")):
        with pytest.raises(ServiceError) as err:
            attempt()
        assert err.value.code == code
    if code == "import.file_excel":
        assert "「CSV UTF-8」" in str(err.value)
    assert counts(ctx.store)["imports"] == 0


def test_an_encoding_that_garbles_the_start_is_said_with_the_detected_one(ctx, tmp_path):
    """Trial: UTF-8 chosen for a CP932 file showed mojibake headers, labelled 「UTF-8 (BOM)」,
    and no word that anything was wrong."""
    path = write_csv(tmp_path / "sales.csv", sales_rows())
    forced = hi.preview(ctx, path, "orders", encoding="utf-8")
    assert forced.format.label == "UTF-8" and forced.garbled
    warning = forced.encoding_warning
    assert warning.code == "import.encoding_garbled_try"
    assert warning.params == {"encoding": "UTF-8", "detected": "Shift_JIS (CP932)"}
    detected = hi.preview(ctx, path, "orders")
    assert not detected.garbled and detected.encoding_warning is None
    assert detected.headers == tuple(HEAD)
    # a clean file read as chosen says nothing
    utf8 = write_csv(tmp_path / "utf8.csv", sales_rows(), "utf-8")
    assert hi.preview(ctx, utf8, "orders", encoding="utf-8").encoding_warning is None
    # bytes that no encoding reads, in the first rows of a file read as detected
    broken = tmp_path / "broken.csv"
    broken.write_bytes("顧客番号,受注日,金額\r\n".encode("cp932") + b"1,2024/1/5,\x81\r\n")
    warning = hi.preview(ctx, broken, "orders", encoding="cp932").encoding_warning
    assert warning is not None and warning.code == "import.encoding_garbled"


def test_the_preview_carries_each_rows_first_line(ctx, tmp_path):
    """A blank line and a field with a line break among the first rows: each row keeps its
    line in the file (header = line 1), as the check reports it."""
    path = write_csv(tmp_path / "sales.csv", sales_rows()[:3], tail="\r\n\r\n")
    data = path.read_bytes().replace(b"\r\nA2,", b"\r\n\r\nA2,")
    data += "A3,C002,\"佐藤\r\n花子\",,,2024/1/5,100\r\nA4,C003,鈴木,,,2024/1/6,200\r\n".encode(
        "cp932")
    path.write_bytes(data)
    p = hi.preview(ctx, path, "orders")
    assert [r[0] for r in p.rows] == ["A1", "A2", "A3", "A4"]
    assert p.lines == (2, 4, 7, 9)


def test_mapping_given_remembered_and_previewed(ctx, tmp_path):
    rows = [["番号", "日", "売上"], ["1", "2024/1/5", "100"]]
    path = write_csv(tmp_path / "odd.csv", rows)
    p = hi.preview(ctx, path, "orders")
    assert p.recognised == {} and p.remembered is None and p.rows == (("1", "2024/1/5", "100"),)
    mapping = {"customer_id": "番号", "date": "日", "amount": "売上"}
    sources = []
    hi.run(ctx, path, "orders", mapping=mapping, on_mapping=lambda m, s: sources.append(s))
    assert hi.preview(ctx, path, "orders").suggested == mapping
    hi.run(ctx, path, "orders", on_mapping=lambda m, s: sources.append(s))
    assert sources == ["given", "remembered"]


def test_rejected_rows_csv_can_be_fixed_and_imported_again(ctx, tmp_path):
    path = write_csv(tmp_path / "sales.csv", sales_rows())
    report = hi.run(ctx, path, "orders").value
    out = tmp_path / "rejected.csv"
    assert hi.write_rejected(report, path, out) == 3
    text = out.read_bytes().decode("cp932")
    assert text.splitlines()[0] == ",".join(HEAD) + ",エラー理由,元の行"
    assert '"田中\n次郎"' in text and "金額として読めません: abc" in text
    fixed = text.replace("2024/13/45", "2024/1/31").replace(",abc,", ",700,")
    (tmp_path / "fixed.csv").write_bytes(fixed.encode("cp932"))
    again = hi.run(ctx, tmp_path / "fixed.csv", "orders").value
    assert (again.imported, [e.line for e in again.errors]) == (2, [3])  # the row without id


def test_rejected_rows_keep_the_reason_under_its_heading(ctx, tmp_path):
    """Trial: a row with too few columns was written as it was, so its reason stood under
    合計金額 in Excel. Short rows are padded to the header's width; a long row's extra
    cells come after the line, never under エラー理由."""
    import csv

    rows = [["顧客番号", "受注日", "合計金額"], ["C1", "2024/1/5", "100"], ["C2", "2024/1/6"],
            ["C3", "2024/1/7", "300", "余分", "もう一つ"]]
    path = write_csv(tmp_path / "sales.csv", rows)
    report = hi.run(ctx, path, "orders").value
    assert [e.line for e in report.errors] == [3, 4]
    out = tmp_path / "rejected.csv"
    assert hi.write_rejected(report, path, out) == 2
    written = list(csv.reader(out.read_bytes().decode("cp932").splitlines()))
    assert written[0] == ["顧客番号", "受注日", "合計金額", "エラー理由", "元の行"]
    short, long_ = written[1], written[2]
    assert short[:3] == ["C2", "2024/1/6", ""] and short[4] == "3" and len(short) == 5
    assert "列の数が違います" in short[3]
    assert long_[:3] == ["C3", "2024/1/7", "300"] and "列の数が違います" in long_[3]
    assert long_[4:] == ["4", "余分", "もう一つ"]


@pytest.mark.parametrize(("encoding", "bom", "written_as"), [
    ("utf-8", False, "utf-8-sig"), ("utf-8", True, "utf-8-sig"), ("cp932", False, "cp932"),
    ("euc_jp", False, "utf-8-sig")])
def test_rejected_rows_are_written_for_excel(ctx, tmp_path, encoding, bom, written_as):
    """Trial: the rejected rows of a UTF-8 file without a BOM were written without one,
    and Japanese Excel showed them as mojibake. UTF-8 (and EUC-JP, which Excel does not read
    either) is written with a BOM; CP932 stays."""
    rows = [["顧客番号", "受注日", "合計金額"], ["C1", "2024/1/5", "abc"]]
    path = write_csv(tmp_path / "sales.csv", rows, encoding, bom=bom)
    report = hi.run(ctx, path, "orders").value
    out = tmp_path / "rejected.csv"
    assert hi.write_rejected(report, path, out) == 1
    data = out.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf") == (written_as == "utf-8-sig")
    assert data.count(b"\xef\xbb\xbf") <= 1
    assert data.decode(written_as).startswith("顧客番号,受注日,合計金額,エラー理由,元の行\r\n")


def test_history_lists_imports(ctx, tmp_path):
    ctx = ServiceContext(ctx.store, operator_id=None, today=ctx.today)
    report = hi.run(ctx, write_csv(tmp_path / "sales.csv", sales_rows()), "orders").value
    [item] = hi.history(ctx)
    assert (item.id, item.kind, item.file_name, item.rows, item.imported, item.errors) == (
        report.import_id, "orders", "sales.csv", 7, 4, 3)
    assert len(item.file_hash) == 64 and item.created_at is not None


def test_undo_records_who_as_the_import_does(ctx, tmp_path):
    """Trial: the import list said who imported, but of an undo only when."""
    import getpass

    from desk_app.services.operators import add_operator

    clerk = add_operator(ctx, "山本").value
    desk = ServiceContext(ctx.store, operator_id=clerk.id, today=ctx.today)
    report = hi.run(desk, write_csv(tmp_path / "sales.csv", sales_rows()), "orders").value
    [item] = hi.history(desk)
    assert item.undone_at is None and item.undone_by is None and item.undone_operator_id is None
    hi.undo(desk, report.import_id)
    [item] = hi.history(desk)
    assert item.undone_at is not None
    assert (item.undone_operator_id, item.undone_by) == (clerk.id, getpass.getuser())


SALE = st.tuples(st.integers(1, 6), st.dates(date(2020, 1, 1), date(2026, 11, 30)),
                 st.integers(0, 50_000), st.booleans())


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(SALE, min_size=1, max_size=40), st.lists(SALE, max_size=20))
def test_aggregates_equal_a_recompute(tmp_path_factory, first, second):
    from desk_app.store.db import Store

    folder = tmp_path_factory.mktemp("agg")
    store = Store(f"sqlite:///{folder / 'd.db'}")
    try:
        _customer(store, "既存 客", "キゾン キャク", [], "3")  # an existing customer is matched
        ctx = ServiceContext(store, today=lambda: TODAY)
        for n, sales in enumerate((first, first + second)):
            rows = [["顧客番号", "受注日", "金額"]] + [
                [str(c), d.strftime("%Y/%m/%d") if wa else d.isoformat(), f"{a:,}"]
                for c, d, a, wa in sales]
            hi.run(ctx, write_csv(folder / f"{n}.csv", rows), "orders")
        assert_stats_exact(store)
        with store.new_session() as s:
            assert s.scalar(select(func.count()).select_from(Order)) == len(first + second)
            assert s.scalar(select(func.sum(CustomerStats.total_amount))) == sum(
                a for _c, _d, a, _w in first + second)
    finally:
        store.dispose()


def test_postgresql_import_reimport_and_undo(pg_url, tmp_path):
    from desk_app.store.db import Store

    store = Store(pg_url)
    try:
        ctx = ServiceContext(store, today=lambda: TODAY)
        existing = _customer(store, "山田 太郎", "ヤマダ タロウ", [("home", "0312345678")], "P1")
        path = write_csv(tmp_path / "sales.csv", sales_rows())
        r = hi.run(ctx, path, "orders").value
        assert (r.rows, r.imported, r.new_customers, r.matched_customers, r.matched_by_phone) == (
            7, 4, 2, 1, 1)
        assert [e.line for e in r.errors] == [5, 6, 7]
        again = hi.run(ctx, path, "orders").value
        assert (again.imported, again.skipped_duplicates) == (0, 4)
        assert_stats_exact(store)
        with store.new_session() as s:
            assert s.get(CustomerStats, existing).total_amount == 2700
        hi.undo(ctx, r.import_id)
        assert_stats_exact(store)
        assert counts(store)["orders"] == 0
        lines = [["受注番号", "顧客番号", "受注日", "金額"], ["Z1", "P1", "2024/1/5", "1,000"],
                 ["Z2", "P1", "2024/1/6", "2,000"]]
        hi.run(ctx, write_csv(tmp_path / "z.csv", lines, "utf-8", "\t", True), "orders")
        with store.new_session() as s:
            stats = s.get(CustomerStats, existing)
            assert (stats.orders_count, stats.total_amount) == (2, 3000)
        cust = [["顧客番号", "氏名", "生年月日", "DM可否"], ["Q1", "新井 一", "S45.3.1", "○"]]
        c = hi.run(ctx, write_csv(tmp_path / "c.csv", cust), "customers").value
        assert (c.imported, c.new_customers) == (1, 1)
        assert_stats_exact(store)
        from desk_app.store.models import Product

        with store.new_session() as s, s.begin():  # rows per order line, in checkpoints too
            s.add_all([Product(sku="GRN-30", name="青汁 30包", price=3240, tax_rate=8,
                               consumption_days=30),
                       Product(sku="MUG", name="マグカップ", price=1100, tax_rate=10)])
        per_line = [["受注番号", "顧客番号", "受注日", "商品コード", "数量", "金額"],
                    ["L1", "P1", "2024/3/1", "GRN-30", "2", "6480"],
                    ["L1", "P1", "2024/3/1", "MUG", "1", "1100"],
                    ["L2", "Q1", "2024/3/2", "MUG", "1", "1100"]]
        path = write_csv(tmp_path / "l.csv", per_line)
        got = hi.run(ctx, path, "orders").value
        assert (got.imported, got.orders) == (3, 2)
        with store.new_session() as s:
            order = s.scalar(select(Order).where(Order.import_key == "o:L1"))
            assert (order.total, order.subtotal_8, order.subtotal_10) == (7580, 6480, 1100)
            assert [(x.sku, x.runs_out_on) for x in order.lines] == [
                ("GRN-30", date(2024, 4, 30)), ("MUG", None)]
        again = hi.run(ctx, path, "orders").value
        assert (again.imported, again.skipped_duplicates) == (0, 3)
        assert_stats_exact(store)
    finally:
        store.dispose()


def test_an_old_receipts_order_id_finds_the_customer_and_shows_on_the_card(ctx, tmp_path):
    """A caller reads the order id from an old receipt: the search finds the customer of
    the sale imported with it (typed in any width or case), and the card's history says
    which order of the earlier system each imported sale was."""
    from desk_app.store.customers import card, search_ids

    rows = sales_rows() + [["S-0042", "C002", "佐藤, 花子", "", "", "2024/3/1", "800"],
                           ["20240301", "C001", "山田 太郎", "", "", "2024/3/1", "900"]]
    hi.run(ctx, write_csv(tmp_path / "sales.csv", rows), "orders")
    with ctx.store.new_session() as s:
        sato = s.scalar(select(Customer.id).where(Customer.code == "C002"))
        yamada = s.scalar(select(Customer.id).where(Customer.code == "C001"))
        for typed in ("S-0042", "ｓ－００４２", "s-0042"):
            assert search_ids(s, typed) == [sato], typed
        assert yamada in search_ids(s, "２０２４０３０１")  # a numeric order id
        assert search_ids(s, "S-0043") == []
        shown = card(s, yamada, TODAY)
        assert [(o.shop_ref, o.imported) for o in shown.orders] == [
            ("20240301", True), ("A2", True), ("A1", True)]


def test_sales_without_order_ids_are_imported_without_a_shop_ref(ctx, tmp_path):
    from desk_app.store.customers import card

    rows = [[c for i, c in enumerate(r) if i != 0] for r in sales_rows()]  # no 受注番号
    hi.run(ctx, write_csv(tmp_path / "sales.csv", rows), "orders")
    with ctx.store.new_session() as s:
        yamada = s.scalar(select(Customer.id).where(Customer.code == "C001"))
        assert [(o.shop_ref, o.imported) for o in card(s, yamada, TODAY).orders] == [
            (None, True), (None, True)]


def test_an_imported_sale_is_history_the_desk_does_not_change(ctx, tmp_path):
    """An imported sale keeps the earlier system's figures: the desk cannot edit it (its
    re-pricing would add 送料), never offers it for 同梱, and 前回と同じ内容で受注 copies
    the newest order with catalogue products, not a sale known by its amount alone.
    Cancelling it (a return) still works."""
    from desk_app.domain.orders import DraftLine, OrderDraft, ShipTo
    from desk_app.services import order_book, orders
    from desk_app.store.models import Product
    from desk_app.store.orders import last_order_id

    with ctx.store.new_session() as s:
        s.add(Product(sku="T1", name="煎茶", price=1000, tax_rate=8))
        s.commit()
    rows = [HEAD, ["A1", "C001", "山田 太郎", "", "", TODAY.isoformat(), "1,200"]]
    hi.run(ctx, write_csv(tmp_path / "sales.csv", rows), "orders")
    with ctx.store.new_session() as s:
        yamada = s.scalar(select(Customer.id).where(Customer.code == "C001"))
        imported = s.scalar(select(Order.id).where(Order.customer_id == yamada))
        assert last_order_id(s, yamada) is None  # nothing of the catalogue to copy
    assert order_book.bundle_offer(ctx, yamada) is None  # dated today, still not open
    ship = ShipTo("山田 太郎", "1000001", "東京都千代田区千代田1-1", "03-1234-5678")
    draft = OrderDraft(yamada, "card", ship, (DraftLine("T1", 1),))
    with pytest.raises(orders.OrderRefused) as refused:
        orders.edit_order(ctx, imported, draft)
    assert refused.value.problems[0].code == "order.imported"
    from desk_app.services import slips
    with pytest.raises(ServiceError) as no_slip:  # 受注一覧's Ctrl+P reaches the same check
        slips.slip(ctx, imported)
    assert no_slip.value.problems[0].code == "order.imported_no_slip"
    placed = orders.place_order(ctx, draft).value
    with ctx.store.new_session() as s:
        assert last_order_id(s, yamada) == placed.order_id
        s.execute(Order.__table__.update().where(Order.id == placed.order_id)
                  .values(order_date=date(2020, 1, 1)))  # older than the imported sale
        s.commit()
        assert last_order_id(s, yamada) == placed.order_id
    orders.cancel_order(ctx, imported)
    assert_stats_exact(ctx.store)
