"""CLI contract: `order add|cancel|show`, `products import|export`, `export yamato`."""

import json
import subprocess
import sys

from sqlalchemy import func, select

from desk_app.store.models import Order

TODAY = "2026-12-01"


def run(*args, db, stdin=None):
    return subprocess.run([sys.executable, "-m", "desk_app", *args, "--db", db], input=stdin,
                          capture_output=True, text=True, timeout=60)


ORDER = {"customer_code": "0000001", "payment": "cod", "ship_to": None,
         "delivery": {"date": "2026-12-04", "slot": "1416"},
         "lines": [{"sku": "F001", "quantity": 2}, {"sku": "g001", "quantity": 1}],
         "noshi": None, "memo": "玄関先に置かないでください"}


def test_order_add_prints_the_saved_order_and_the_new_stage(shop, tmp_path):
    path = tmp_path / "order.json"
    path.write_text(json.dumps(ORDER, ensure_ascii=False), encoding="utf-8")
    out = run("order", "add", "--json", str(path), "--today", TODAY, db=shop.url)
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert data["number"] == 1 and data["status"] == "active"
    assert [(x["sku"], x["quantity"], x["amount"]) for x in data["lines"]] == [
        ("F001", 2, 6480), ("G001", 1, 3300)]
    assert data["items_by_rate"] == {"8": 6480, "10": 3300}
    assert data["subtotal_by_rate"] == {"8": 6480, "10": 3740}
    assert data["tax_by_rate"] == {"8": 480, "10": 340}
    assert (data["shipping_fee"], data["cod_fee"], data["total"]) == (0, 440, 10220)
    assert data["delivery"] == {"date": "2026-12-04", "slot": "1416", "slot_label": "14〜16時"}
    assert data["ship_to"]["address"] == "東京都渋谷区神宮前1-2-3"
    assert data["customer"]["stage"] == "初回・現役" and data["customer"]["orders_count"] == 1
    # the お礼状 rule's day: the first order + 3 days on the shop's calendar
    assert data["thank_you_letter"] == {"kind": "thanks", "due_date": "2026-12-04"}

    shown = run("order", "show", "1", db=shop.url)
    assert json.loads(shown.stdout)["total"] == 10220
    cancelled = run("order", "cancel", "1", db=shop.url)
    assert cancelled.returncode == 0, cancelled.stderr
    data = json.loads(cancelled.stdout)
    assert data["status"] == "cancelled" and data["customer"]["orders_count"] == 0
    assert data["customer"]["stage"] == "見込み"
    again = run("order", "cancel", "1", db=shop.url)
    assert again.returncode == 2 and "取消済み" in again.stderr


def test_order_from_stdin_with_a_gift_address_completed_from_the_postal_code(shop):
    order = dict(ORDER, payment="postpaid", delivery={"date": None, "slot": "0812"},
                 ship_to={"name": "山田 太郎", "postal_code": "231-0023",
                          "address": "横浜市中区山下町1-2", "phone": "045-123-4567"},
                 noshi={"omote": "御歳暮", "name": "山田"})
    out = run("order", "add", "--json", "-", "--today", TODAY, db=shop.url,
              stdin=json.dumps(order, ensure_ascii=False))
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert data["ship_to"]["address"] == "神奈川県横浜市中区山下町1-2"
    assert data["noshi"] == {"omote": "御歳暮", "name": "山田", "kind": "soto"} and data["cod_fee"] == 0


def test_refused_orders_exit_2_with_every_reason_and_save_nothing(shop):
    bad = {"customer_code": "0000003", "payment": "cash", "ship_to": None,
           "delivery": {"date": "2026-11-30", "slot": "1214"},
           "lines": [{"sku": "NOPE", "quantity": 1}, {"sku": "F001", "quantity": 0}],
           "noshi": None, "memo": ""}
    out = run("order", "add", "--json", "-", "--today", TODAY, db=shop.url, stdin=json.dumps(bad))
    assert out.returncode == 2 and out.stdout == ""
    for field in ("payment:", "ship_to.address:", "lines[0].sku:", "lines[1].quantity:",
                  "delivery.date:", "delivery.slot:"):
        assert field in out.stderr, field
    assert "住所が未登録" in out.stderr
    unknown = run("order", "add", "--json", "-", db=shop.url,
                  stdin=json.dumps(dict(ORDER, customer_code="9999999", extra=1)))
    assert unknown.returncode == 2 and "extra" in unknown.stderr
    nobody = run("order", "add", "--json", "-", db=shop.url,
                 stdin=json.dumps(dict(ORDER, customer_code="9999999")))
    assert nobody.returncode == 2 and "customer_code" in nobody.stderr
    assert run("order", "add", "--json", "-", db=shop.url, stdin="{").returncode == 2
    with shop.new_session() as s:
        assert s.scalar(select(func.count()).select_from(Order)) == 0


def test_products_import_and_export(shop, tmp_path):
    src = tmp_path / "p.csv"
    src.write_bytes("sku,name,kana,price,tax_rate,consumption_days\r\nZ1,甘酒,あまざけ,1296,8,7\r\n"
                    .encode("cp932"))
    out = run("products", "import", str(src), db=shop.url)
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout) == {"added": 1, "updated": 0}
    dst = tmp_path / "out.csv"
    out = run("products", "export", str(dst), "--encoding", "utf-8", db=shop.url)
    assert out.returncode == 0, out.stderr
    text = dst.read_bytes().decode("utf-8-sig")
    assert "Z1,甘酒,アマザケ,1296,8,7,,1\r\n" in text
    src.write_text("sku,name,kana,price,tax_rate,consumption_days\nZ2,x,,-5,8,\n", encoding="utf-8")
    bad = run("products", "import", str(src), db=shop.url)
    assert bad.returncode == 2 and "行2.price" in bad.stderr


def test_export_yamato_writes_the_days_csv(shop, tmp_path):
    out = run("order", "add", "--json", "-", "--today", "2026-11-30", db=shop.url,
              stdin=json.dumps(dict(ORDER, delivery={"date": None, "slot": None})))
    assert out.returncode == 0, out.stderr
    shop_file = tmp_path / "shop.json"
    shop_file.write_text(json.dumps({"name": "テスト通販", "phone": "0312340000",
                                     "postal_code": "1000001", "address": "東京都千代田区千代田1-1",
                                     "billing_customer_code": "012345678901"}), encoding="utf-8")
    csv_path = tmp_path / "b2.csv"
    out = run("export", "yamato", "--date", TODAY, "--out", str(csv_path), "--shop",
              str(shop_file), db=shop.url)
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout)["orders"] == 1
    lines = csv_path.read_bytes().decode("cp932").split("\r\n")
    assert lines[1].startswith("1,2,0,,2026/12/01,,,,03-1234-5678,") and lines[2] == ""
    assert ",10220,820,0," in lines[1]
    bad = run("export", "yamato", "--date", "12/01", "--out", str(csv_path), db=shop.url)
    assert bad.returncode == 2
