"""A customer master imported after the sales history: the matched customers are completed
(what the store has empty is filled, missing phones added), never changed; undo takes it
back. SQLite, and PostgreSQL for the set-based statements."""

from __future__ import annotations

from datetime import date

from import_files import TODAY, write_csv
from sqlalchemy import select

from desk_app.services import calls
from desk_app.services import customers as customer_service
from desk_app.services import history_import as hi
from desk_app.services.base import ServiceContext
from desk_app.store.models import Customer, CustomerChange

SALES = [["顧客番号", "氏名", "受注日", "合計金額"],
         ["M1", "山田 太郎", "2024/1/5", "1,200"],
         ["M2", "佐藤 花子", "2024/2/5", "3,000"],
         ["M3", "鈴木 一郎", "2024/3/5", "500"]]
MASTER_HEAD = ["顧客番号", "氏名", "フリガナ", "郵便番号", "住所", "電話番号", "電話番号2", "DM可否",
               "生年月日", "注意"]
MASTER = [MASTER_HEAD,
          ["M1", "山田 太郎", "ﾔﾏﾀﾞ ﾀﾛｳ", "160-0023", "東京都新宿区西新宿2-8-1", "03-5321-1111",
           "090-1111-2222", "不可", "昭和45年3月1日", "代引の受取拒否あり"],
          ["M2", "佐藤 花子", "サトウ ハナコ", "", "", "06-1234-5678", "", "", "", ""],
          ["M3", "鈴木 一郎", "", "", "", "", "", "", "", ""]]


def _customer(store, code):
    with store.new_session() as s:
        c = s.scalar(select(Customer).where(Customer.code == code))
        phones = [(p.kind, p.national) for p in c.phones]
        s.expunge_all()
        return c, phones


def _changes(store, import_id=None):
    with store.new_session() as s:
        q = select(CustomerChange.field).order_by(CustomerChange.id)
        if import_id is not None:
            q = q.where(CustomerChange.import_id == import_id)
        return list(s.scalars(q))


def _sales_then_master(ctx, tmp_path):
    hi.run(ctx, write_csv(tmp_path / "sales.csv", SALES), "orders")
    return write_csv(tmp_path / "master.csv", MASTER)


def test_a_master_after_the_sales_completes_the_customers(ctx, tmp_path):
    master = _sales_then_master(ctx, tmp_path)
    dry = hi.run(ctx, master, "customers", dry_run=True).value
    assert (dry.imported, dry.skipped_duplicates, dry.new_customers, dry.matched_customers,
            dry.completed_customers) == (2, 1, 0, 3, 2)
    r = hi.run(ctx, master, "customers").value
    assert (r.rows, r.imported, r.skipped_duplicates, r.new_customers, r.matched_customers,
            r.completed_customers, r.errors) == (3, 2, 1, 0, 3, 2, ())
    assert r.to_json_dict()["completed_customers"] == 2
    m1, phones = _customer(ctx.store, "M1")
    assert (m1.kana, m1.postal_code, m1.prefecture, m1.address1, m1.birthday) == (
        "ヤマダ タロウ", "1600023", "東京都", "新宿区西新宿2-8-1", date(1970, 3, 1))
    assert (m1.caution, m1.caution_note) == (True, "代引の受取拒否あり")
    # DM: the sales file had no DM column, so the store's 可 was a default nobody chose
    assert m1.dm_allowed is False
    assert phones == [("home", "0353211111"), ("mobile", "09011112222")]
    found = calls.lookup(ServiceContext(ctx.store, today=lambda: TODAY), "03-5321-1111")
    assert found.to_json_dict()["customer"]["summary"]["code"] == "M1"
    # 変更履歴: each filled field as a desk's edit is recorded, naming the import
    fields = _changes(ctx.store, r.import_id)
    assert sorted(fields) == sorted(
        ["kana", "postal_code", "prefecture", "address1", "birthday", "caution_note",
         "dm_allowed", "phones", "kana", "phones"])
    with ctx.store.new_session() as s:
        change = s.scalar(select(CustomerChange).where(
            CustomerChange.customer_id == m1.id, CustomerChange.field == "phones"))
        assert (change.old_value, change.new_value) == (
            None, "home:0353211111, mobile:09011112222")
    again = hi.run(ctx, master, "customers").value  # the same file again: nothing to fill
    assert (again.imported, again.skipped_duplicates, again.completed_customers) == (0, 3, 0)


def test_a_master_never_overwrites_and_never_replaces_a_phone(ctx, tmp_path):
    master = _sales_then_master(ctx, tmp_path)
    m2, _ = _customer(ctx.store, "M2")
    customer_service.edit_customer(ctx, m2.id, {"kana": "サトウハナ",
                                                "phones": [("home", "075-123-4567")]})
    r = hi.run(ctx, master, "customers").value
    assert r.completed_customers == 2  # M1; M2 gains a phone; M3 has nothing to give
    m2, phones = _customer(ctx.store, "M2")
    assert m2.kana == "サトウハナ"  # what the desk corrected wins
    assert phones == [("home", "0751234567"), ("home", "0612345678")]


def test_dm_is_not_taken_once_someone_chose_it(ctx, tmp_path):
    master = _sales_then_master(ctx, tmp_path)
    m1, _ = _customer(ctx.store, "M1")
    customer_service.edit_customer(ctx, m1.id, {"dm_allowed": True})  # a no-op: not recorded
    r = hi.run(ctx, master, "customers").value
    assert _customer(ctx.store, "M1")[0].dm_allowed is False
    hi.undo(ctx, r.import_id)
    assert _customer(ctx.store, "M1")[0].dm_allowed is True
    # the undo is a recorded change of DM: from now on DM is the desk's, not a default
    no_dm = [MASTER_HEAD, ["M1", "山田 太郎", "", "", "", "", "", "不可", "", ""]]
    again = hi.run(ctx, write_csv(tmp_path / "dm.csv", no_dm), "customers").value
    assert (again.completed_customers, _customer(ctx.store, "M1")[0].dm_allowed) == (0, True)
    m2, _ = _customer(ctx.store, "M2")
    customer_service.edit_customer(ctx, m2.id, {"dm_allowed": False})
    customer_service.edit_customer(ctx, m2.id, {"dm_allowed": True})  # chosen on the desk
    no_dm = [MASTER_HEAD, ["M2", "佐藤 花子", "", "", "", "", "", "不可", "", ""]]
    hi.run(ctx, write_csv(tmp_path / "dm2.csv", no_dm), "customers")
    assert _customer(ctx.store, "M2")[0].dm_allowed is True


def test_dm_of_a_customer_the_desk_registered_is_kept(ctx, tmp_path):
    from desk_app.store.customers import NewCustomer, create_customer

    with ctx.store.new_session() as s, s.begin():
        create_customer(s, NewCustomer(name="山田 太郎", kana="", phones=[], code="M1"))
    r = hi.run(ctx, write_csv(tmp_path / "master.csv", MASTER[:2]), "customers").value
    m1, phones = _customer(ctx.store, "M1")
    assert (r.completed_customers, m1.kana, m1.dm_allowed) == (1, "ヤマダ タロウ", True)
    assert phones == [("home", "0353211111"), ("mobile", "09011112222")]


def test_undo_of_the_master_takes_back_what_it_filled(ctx, tmp_path):
    master = _sales_then_master(ctx, tmp_path)
    r = hi.run(ctx, master, "customers").value
    m2, _ = _customer(ctx.store, "M2")
    customer_service.edit_customer(ctx, m2.id, {"kana": "サトウハナ"})  # a desk edit since
    undone = hi.undo(ctx, r.import_id)
    m1, phones = _customer(ctx.store, "M1")
    assert m1.id in undone.changes.customers
    assert (m1.kana, m1.postal_code, m1.prefecture, m1.address1, m1.birthday,
            m1.caution_note, m1.caution, m1.dm_allowed) == ("", None, None, None, None, None,
                                                            False, True)
    assert phones == []
    m2, phones = _customer(ctx.store, "M2")
    assert m2.kana == "サトウハナ"  # changed since: the desk's value stays
    assert phones == []
    assert _changes(ctx.store)[-1] == "phones"  # the undo is in 変更履歴 too


def test_a_bad_phone_or_postal_code_rejects_the_whole_row(ctx, tmp_path):
    master = _sales_then_master(ctx, tmp_path)
    rows = [MASTER_HEAD,
            ["M1", "山田 太郎", "ﾔﾏﾀﾞ ﾀﾛｳ", "999-9999", "", "03-5321-1111", "", "", "", ""],
            ["M2", "佐藤 花子", "サトウ ハナコ", "", "", "03-1234-56789", "", "", "", ""],
            ["N1", "新井 一", "", "160-0023", "", "", "", "はい", "", ""],
            ["N2", "新井 二", "", "", "", "", "", "いいえ", "", ""]]
    r = hi.run(ctx, write_csv(tmp_path / "bad.csv", rows), "customers").value
    assert [(e.line, e.code, e.reason()) for e in r.errors] == [
        (2, "import.postal_unknown", "郵便番号 999-9999 は見つかりません。"),
        (3, "import.phone_invalid", "電話番号として読めません（電話番号）。")]
    assert (r.rows, r.imported, r.new_customers, r.completed_customers) == (4, 2, 2, 0)
    for code in ("M1", "M2"):  # nothing of a rejected row is taken
        c, phones = _customer(ctx.store, code)
        assert (c.kana, c.postal_code, phones) == ("", None, [])
    assert _customer(ctx.store, "N1")[0].dm_allowed is True
    assert _customer(ctx.store, "N2")[0].dm_allowed is False
    assert master.exists()


def test_postgresql_master_after_sales_and_undo(pg_url, tmp_path):
    from desk_app.store.db import Store

    store = Store(pg_url)
    try:
        ctx = ServiceContext(store, today=lambda: TODAY)
        master = _sales_then_master(ctx, tmp_path)
        r = hi.run(ctx, master, "customers").value
        assert (r.imported, r.skipped_duplicates, r.matched_customers,
                r.completed_customers) == (2, 1, 3, 2)
        m1, phones = _customer(store, "M1")
        assert (m1.kana, m1.postal_code, m1.birthday, m1.dm_allowed, m1.caution) == (
            "ヤマダ タロウ", "1600023", date(1970, 3, 1), False, True)
        assert phones == [("home", "0353211111"), ("mobile", "09011112222")]
        hi.undo(ctx, r.import_id)
        m1, phones = _customer(store, "M1")
        assert (m1.kana, m1.postal_code, m1.birthday, m1.dm_allowed, phones) == (
            "", None, None, True, [])
    finally:
        store.dispose()
