"""`desk-app import orders|customers` contract, run as a real subprocess."""

from __future__ import annotations

import getpass
import json
import subprocess
import sys
from datetime import datetime, timedelta

from import_files import write_csv

from desk_app.domain.clock import to_local

HEAD = ["受注番号", "顧客番号", "受注日", "合計金額"]
ROWS = [HEAD, ["A1", "C1", "2024/1/5", "1,200"], ["A2", "C1", "令和6年1月6日", "￥800"],
        ["A3", "C2", "2024/13/45", "500"], ["A4", "C3", "R6.2.1", "abc"]]


def run(*args, db):
    return subprocess.run([sys.executable, "-m", "desk_app", "import", *args, "--db", db,
                           "--today", "2026-12-01"], capture_output=True, text=True, timeout=120)


def test_orders_contract_dry_run_then_real_then_again(tmp_path):
    db = str(tmp_path / "d.db")
    path = str(write_csv(tmp_path / "s.csv", ROWS))
    expected_errors = [{"line": 4, "reason": "2024/13/45 という日はありません。"},
                       {"line": 5, "reason": "金額として読めません: abc"}]
    dry = run("orders", path, "--dry-run", "--json", db=db)
    assert dry.returncode == 0, dry.stderr
    assert json.loads(dry.stdout) == {"rows": 4, "imported": 2, "skipped_duplicates": 0,
                                      "new_customers": 1, "matched_customers": 0,
                                      "errors": expected_errors}
    assert "受注番号 → order_id" in dry.stderr and "合計金額 → amount" in dry.stderr
    assert "recognised" in dry.stderr and "Shift_JIS" in dry.stderr
    real = run("orders", path, "--json", "--progress", db=db)
    assert real.returncode == 0 and json.loads(real.stdout) == json.loads(dry.stdout)
    assert "progress: done 4 rows" in real.stderr
    again = run("orders", path, "--json", db=db)
    assert json.loads(again.stdout)["skipped_duplicates"] == 2
    assert json.loads(again.stdout)["matched_customers"] == 1
    listed = subprocess.run([sys.executable, "-m", "desk_app", "import", "list", "--json",
                             "--db", db], capture_output=True, text=True, timeout=60)
    first = json.loads(listed.stdout)[-1]
    # SQLite keeps UTC without its offset; the JSON says +00:00 as it does on PostgreSQL
    assert datetime.fromisoformat(first["created_at"]).utcoffset() == timedelta(0)
    text = subprocess.run([sys.executable, "-m", "desk_app", "import", "list", "--db", db],
                          capture_output=True, text=True, timeout=60).stdout
    when = to_local(datetime.fromisoformat(first["created_at"])).strftime("%Y/%m/%d %H:%M")
    assert f"No.{first['id']} {when} orders" in text  # the clerk reads Japan time
    undone = subprocess.run([sys.executable, "-m", "desk_app", "import", "undo",
                             str(first["id"]), "--json", "--db", db],
                            capture_output=True, text=True, timeout=60)
    assert json.loads(undone.stdout)["orders_removed"] == 2
    listed = subprocess.run([sys.executable, "-m", "desk_app", "import", "list", "--json",
                             "--db", db], capture_output=True, text=True, timeout=60)
    first = json.loads(listed.stdout)[-1]
    assert first["undone_at"] and first["undone_by"] == getpass.getuser()  # as created_by
    assert first["created_by"] == getpass.getuser() and first["undone_operator_id"] is None


def test_mapping_option_and_exit_2(tmp_path):
    db = str(tmp_path / "d.db")
    rows = [["No", "日付", "売上"], ["1", "2024/1/5", "100"]]
    path = str(write_csv(tmp_path / "odd.csv", rows, "utf-8", "\t", True))
    missing = run("orders", path, "--json", db=db)
    assert missing.returncode == 2 and missing.stdout == ""
    assert "必須の列が割り当てられていません" in missing.stderr and "顧客番号" in missing.stderr
    mapping = json.dumps({"customer_id": "No", "date": "日付", "amount": "売上"},
                         ensure_ascii=False)
    ok = run("orders", path, "--mapping", mapping, "--encoding", "utf-8", "--json", db=db)
    assert ok.returncode == 0, ok.stderr
    assert json.loads(ok.stdout)["imported"] == 1 and "as given" in ok.stderr
    unknown = run("orders", path, "--mapping", '{"amount": "金額"}', "--json", db=db)
    assert unknown.returncode == 2 and "金額" in unknown.stderr
    unreadable = run("orders", str(tmp_path / "nope.csv"), "--json", db=db)
    assert unreadable.returncode == 2 and "ファイルを読めません" in unreadable.stderr
    bad_encoding = run("orders", path, "--encoding", "latin-9", "--json", db=db)
    assert bad_encoding.returncode == 2


def test_customers_contract_and_rejected_csv(tmp_path):
    db = str(tmp_path / "d.db")
    rows = [["顧客番号", "氏名", "電話番号", "DM可否"], ["K1", "山田 太郎", "03-1234-5678", "可"],
            ["K2", "", "", ""], ["K3", "佐藤 花子", "", "はい?"]]
    path = str(write_csv(tmp_path / "c.csv", rows))
    out = tmp_path / "rejected.csv"
    done = run("customers", path, "--json", "--rejected", str(out), db=db)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == {
        "rows": 3, "imported": 1, "skipped_duplicates": 0, "new_customers": 1,
        "matched_customers": 0, "completed_customers": 0,
        "errors": [{"line": 3, "reason": "氏名が空です。"},
                   {"line": 4, "reason": "「はい?」は 可/不可・1/0・○/× のどれでもありません。"}]}
    assert out.read_bytes().decode("cp932").count("\r\n") == 3


def test_an_excel_file_cannot_be_read_and_a_garbling_encoding_is_said(tmp_path):
    import zipfile

    db = str(tmp_path / "d.db")
    book = tmp_path / "売上.xlsx"
    with zipfile.ZipFile(book, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("xl/workbook.xml", "<workbook/>")
    refused = run("orders", str(book), "--json", db=db)
    assert refused.returncode == 2 and refused.stdout == ""
    assert "Excelのファイルです" in refused.stderr and "「CSV UTF-8」" in refused.stderr
    path = str(write_csv(tmp_path / "s.csv", ROWS))  # CP932
    forced = run("orders", path, "--encoding", "utf-8", "--dry-run", "--json", db=db)
    assert forced.returncode == 2  # its headers cannot be read, so no column is recognised
    assert "warning: 文字コード UTF-8 では読めない文字があります" in forced.stderr
    assert "Shift_JIS (CP932) のようです" in forced.stderr
    detected = run("orders", path, "--dry-run", "--json", db=db)
    assert detected.returncode == 0 and "warning" not in detected.stderr


def test_a_master_after_the_sales_makes_the_caller_known(tmp_path):
    """The clerk's trial: sales first, then the master; the phone it brings finds the
    customer (`desk-app lookup`), and the counts say the matched customers were completed."""
    db = str(tmp_path / "d.db")
    sales = [["顧客番号", "氏名", "受注日", "合計金額"], ["M1", "山田 太郎", "2024/1/5", "1,200"],
             ["M2", "佐藤 花子", "2024/1/6", "900"], ["M3", "鈴木 一郎", "2024/1/7", "500"]]
    assert run("orders", str(write_csv(tmp_path / "s.csv", sales)), "--json", db=db).returncode == 0
    master = [["顧客番号", "氏名", "フリガナ", "郵便番号", "住所", "電話番号", "電話番号2", "DM可否",
               "生年月日", "注意"],
              ["M1", "山田 太郎", "ヤマダ タロウ", "160-0023", "東京都新宿区西新宿2-8-1",
               "03-5321-1111", "", "はい", "", ""],
              ["M2", "佐藤 花子", "サトウ ハナコ", "", "", "06-1234-5678", "", "", "", ""],
              ["M3", "鈴木 一郎", "", "", "", "", "", "", "", ""]]
    done = run("customers", str(write_csv(tmp_path / "m.csv", master)), "--json", db=db)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == {
        "rows": 3, "imported": 2, "skipped_duplicates": 1, "new_customers": 0,
        "matched_customers": 3, "completed_customers": 2, "errors": []}
    text = run("customers", str(write_csv(tmp_path / "m.csv", master)), db=db)
    assert "skipped duplicates 3" in text.stdout and "completed 0" in text.stdout
    lookup = subprocess.run([sys.executable, "-m", "desk_app", "lookup", "03-5321-1111",
                             "--db", db, "--today", "2026-12-01"], capture_output=True,
                            text=True, timeout=120)
    card = json.loads(lookup.stdout)["customer"]
    assert (card["summary"]["code"], card["summary"]["kana"], card["postal_code"],
            card["address_missing"]) == ("M1", "ヤマダ タロウ", "1600023", False)
