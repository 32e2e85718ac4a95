"""`customer show|edit|history`, `order list|paid` and `--demo`, run as real subprocesses."""

import json
import os
import subprocess
import sys
from datetime import date

import pytest

from desk_app.domain.orders import DraftLine, OrderDraft
from desk_app.services import orders as order_service
from desk_app.services.base import ServiceContext
from desk_app.store import orders
from desk_app.store.customers import NewCustomer, create_customer
from desk_app.store.db import Store
from desk_app.store.products import ProductInput, import_products
from desk_app.store.seed_data import PRODUCTS

TODAY = "2026-12-01"


def run(*args, db=None, env=None, stdin=None):
    command = [sys.executable, "-m", "desk_app", *args]
    if db:
        command += ["--db", db]
    return subprocess.run(command, capture_output=True, text=True, timeout=120, input=stdin,
                          env={**os.environ, **(env or {})})


def fill(store):
    with store.new_session() as s, s.begin():
        import_products(s, [ProductInput(sku=k, name=n, kana=a, price=p, tax_rate=t,
                                         consumption_days=d, upgrade_sku=u)
                            for k, n, a, p, t, d, u in PRODUCTS])
        create_customer(s, NewCustomer(name="山田 花子", kana="ヤマダ ハナコ",
                                       phones=[("home", "03-1234-5678")], postal_code="1500001",
                                       prefecture="東京都", city="渋谷区", address1="神宮前1-2-3"))
    with store.new_session() as s:
        ship = orders.orderer_ship_to(s, 1)
    ctx = ServiceContext(store, today=lambda: date(2026, 12, 1))
    for payment in ("bank", "cod"):
        draft = OrderDraft(customer_id=1, payment=payment, ship_to=ship,
                           lines=(DraftLine("F001", 1),))
        order_service.place_order(ctx, draft)


@pytest.fixture
def db(store):
    fill(store)
    return store.url


def test_customer_show_prints_the_lookups_customer(db):
    shown = run("customer", "show", "0000001", "--json", "--today", TODAY, db=db)
    looked = run("lookup", "03-1234-5678", "--json", "--today", TODAY, db=db)
    assert shown.returncode == 0, shown.stderr
    assert json.loads(shown.stdout) == json.loads(looked.stdout)["customer"]
    missing = run("customer", "show", "0000099", "--json", db=db)
    assert missing.returncode == 2 and "0000099" in missing.stderr and missing.stdout == ""


def test_customer_edit_takes_shown_fields_and_prints_the_new_record(db, tmp_path):
    changes = tmp_path / "c.json"
    changes.write_text(json.dumps({"postal_code": "1060032", "city": "港区",
                                   "address1": "六本木6-10-1",
                                   "phones": [{"kind": "home", "national": "0312345678"},
                                              {"display": "090-1111-2222"}]}), "utf-8")
    out = run("customer", "edit", "0000001", "--json", str(changes), "--operator", "佐藤",
              "--today", TODAY, db=db)
    assert out.returncode == 0, out.stderr
    record = json.loads(out.stdout)
    assert record["city"] == "港区" and record["postal_code"] == "1060032"
    assert [p["kind"] for p in record["phones"]] == ["home", "mobile"]
    history = json.loads(run("customer", "history", "0000001", "--json", db=db).stdout)
    assert {h["field"] for h in history} == {"postal_code", "city", "address1", "phones"}
    assert {h["operator"] for h in history} == {"佐藤"}
    # the printed record fed back unchanged is accepted and changes nothing
    out = run("customer", "edit", "0000001", "--json", "-", "--today", TODAY, db=db,
              stdin=json.dumps(record, ensure_ascii=False))
    assert out.returncode == 0, out.stderr
    assert len(json.loads(run("customer", "history", "0000001", "--json", db=db).stdout)) == 4


def test_refused_edit_exits_2_with_a_line_per_field(db):
    out = run("customer", "edit", "0000001", "--json", "-", db=db,
              stdin=json.dumps({"postal_code": "999-9999", "email": "x", "kana": ""}))
    assert out.returncode == 2 and out.stdout == "" and "Traceback" not in out.stderr
    lines = out.stderr.splitlines()
    assert lines[0] == "desk-app: 顧客情報を修正できません:"
    assert sorted(line.split(":")[0].strip() for line in lines[1:]) == [
        "email", "kana", "postal_code"]
    assert any("999-9999" in line for line in lines)
    bad = run("customer", "edit", "0000001", "--json", "-", db=db, stdin="[1, 2]")
    assert bad.returncode == 2 and "オブジェクト" in bad.stderr


def test_order_list_and_paid(db):
    out = run("order", "list", "--date", TODAY, "--json", db=db)
    assert out.returncode == 0, out.stderr
    rows = json.loads(out.stdout)
    assert [(r["number"], r["customer_code"], r["payment"], r["status"]) for r in rows] == [
        (1, "0000001", "bank", "active"), (2, "0000001", "cod", "active")]
    assert all(isinstance(r["total"], int) for r in rows)
    waiting = run("order", "list", "--date", TODAY, "--status", "awaiting_payment", "--json",
                  db=db)
    assert [r["number"] for r in json.loads(waiting.stdout)] == [1]
    paid = run("order", "paid", "1", "--amount", f"{rows[0]['total']:,}", "--date", TODAY,
               "--operator", "田中", "--today", TODAY, db=db)
    assert paid.returncode == 0, paid.stderr
    row = json.loads(paid.stdout)
    assert row["payment_state"] == "paid" and row["paid_on"] == TODAY and row["balance"] == 0
    again = run("order", "paid", "1", "--amount", "100", "--today", TODAY, db=db)
    assert again.returncode == 2 and "入金済み" in again.stderr
    cod = run("order", "paid", "2", "--amount", "abc", db=db)
    assert cod.returncode == 2 and "入金" in cod.stderr
    bad = run("order", "list", "--date", "12/1", "--json", db=db)
    assert bad.returncode == 2 and "YYYY-MM-DD" in bad.stderr


def test_without_db_the_commands_use_the_desks_store_and_demo_works(tmp_path):
    data = tmp_path / "data"
    env = {"DESK_DATA_DIR": str(data), "DESK_DB_URL": ""}
    store = Store(f"sqlite:///{data / 'desk.db'}")  # where the desk keeps its store
    fill(store)
    store.dispose()
    out = run("customer", "show", "1", "--json", env=env)
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout)["summary"]["name"] == "山田 花子"
    demo = run("order", "list", "--date", "today", "--demo", "--json", env=env)
    assert demo.returncode == 0, demo.stderr
    assert (data / "demo.db").exists()
    shown = run("lookup", "03-1234-5678", "--demo", "--json", env=env)
    assert shown.returncode == 0, shown.stderr
    both = run("order", "list", "--date", "today", "--demo", "--json", db="x.db", env=env)
    assert both.returncode == 2 and "--demo" in both.stderr
