"""`desk-app rfm …` contract, as real subprocesses, on a store with chosen histories; and the
pop-up's stage and RFM chip agree with `desk-app rfm customer`."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from datetime import date

import pytest
from rfm_support import add_customer, add_order

from desk_app.domain.stages import SEGMENTS

AS_OF = date(2026, 11, 30)


def run(*args, db):
    return subprocess.run([sys.executable, "-m", "desk_app", *args, "--db", db],
                          capture_output=True, text=True, timeout=120)


@pytest.fixture
def shop(store):
    """Five customers whose segments as of 2026-11-30 are known by construction."""
    ids = {}
    ids["new"] = add_customer(store, "0000001", name="新井 一郎", kana="アライ イチロウ")
    add_order(store, ids["new"], date(2026, 11, 1), 3_000)
    ids["loyal_lapsed"] = add_customer(store, "0000002", name="髙橋 花子", kana="タカハシ ハナコ")
    for d in (date(2024, 1, 10), date(2024, 6, 1), date(2025, 3, 1)):
        add_order(store, ids["loyal_lapsed"], d, 30_000)
    ids["prospect"] = add_customer(store, "0000003", name="見込 三郎", kana="ミコミ サブロウ")
    ids["cancelled_only"] = add_customer(store, "0000004", name="取消 四郎", kana="トリケシ シロウ")
    add_order(store, ids["cancelled_only"], date(2026, 10, 1), 9_000, status="cancelled")
    ids["loyal_no_dm"] = add_customer(store, "0000005", name="優良 五子", kana="ユウリョウ イツコ",
                                      dm_allowed=False)
    for d in (date(2024, 1, 10), date(2024, 6, 1), date(2025, 3, 1)):
        add_order(store, ids["loyal_no_dm"], d, 30_000)
    store.ids = ids
    return store


def test_rfm_as_of_prints_every_segment_and_the_rfm_codes(shop):
    out = run("rfm", "--as-of", AS_OF.isoformat(), "--json", db=shop.url)
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert set(data) == {"as_of", "segments", "rfm"} and data["as_of"] == "2026-11-30"
    assert list(data["segments"]) == list(SEGMENTS)
    expected = dict.fromkeys(SEGMENTS, 0) | {"初回・現役": 1, "優良・離脱": 2, "見込み": 2}
    assert data["segments"] == expected
    # new: 29 days, 1 order, ¥3,000; lapsed: 639 days, 3 orders, ¥90,000
    assert data["rfm"] == {"R1F3M5": 2, "R5F1M1": 1}


def test_rfm_customer_prints_figures_scores_and_segment(shop):
    out = run("rfm", "customer", "0000002", "--as-of", "2025-10-27", "--json", db=shop.url)
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert data["segment"] == "優良・離脱"  # 240 days without an order
    assert data["lapse_days"] == 240 and data["tenure_days"] == 416
    assert (data["orders_count"], data["total_amount"], data["rfm"]) == (3, 90_000, "R1F3M5")
    assert data["scores"] == {"r": 1, "f": 3, "m": 5}
    out = run("rfm", "customer", "0000002", "--as-of", "2025-10-26", "--json", db=shop.url)
    assert json.loads(out.stdout)["segment"] == "優良・現役"
    out = run("rfm", "customer", "0000002", "--as-of", "2024-05-31", "--json", db=shop.url)
    data = json.loads(out.stdout)  # orders after the as-of date are not history yet
    assert (data["orders_count"], data["segment"]) == (1, "初回・現役")
    out = run("rfm", "customer", "9999999", "--json", db=shop.url)
    assert out.returncode == 2 and "9999999" in out.stderr


def test_rfm_monthly_oldest_first_ending_on_or_before_the_as_of_date(shop):
    out = run("rfm", "monthly", "--months", "24", "--as-of", "2026-11-30", "--json", db=shop.url)
    assert out.returncode == 0, out.stderr
    months = json.loads(out.stdout)["months"]
    assert len(months) == 24
    assert months[0]["month_end"] == "2024-12-31" and months[-1]["month_end"] == "2026-11-30"
    out = run("rfm", "monthly", "--months", "2", "--as-of", "2026-11-29", "--json", db=shop.url)
    months = json.loads(out.stdout)["months"]
    assert [m["month_end"] for m in months] == ["2026-09-30", "2026-10-31"]
    oct_ = months[-1]["segments"]
    assert oct_["優良・離脱"] == 2 and oct_["初回・現役"] == 0 and list(oct_) == list(SEGMENTS)


def test_rfm_movement_counts_every_customer_with_an_order_by_the_second_date(shop):
    out = run("rfm", "movement", "--from", "2025-06-01", "--to", "2026-11-30", "--json",
              db=shop.url)
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert (data["from"], data["to"]) == ("2025-06-01", "2026-11-30")
    cells = {(a, b): n for a, row in data["matrix"].items() for b, n in row.items() if n}
    assert cells == {("見込み", "初回・現役"): 1, ("優良・現役", "優良・離脱"): 2}
    assert list(data["matrix"]) == list(SEGMENTS)


def test_rfm_list_writes_the_csv_and_records_the_export(shop, tmp_path):
    from desk_app.store.customer_lists import recent_exports

    target = tmp_path / "lapsed.csv"
    out = run("rfm", "list", "--segment", "優良・離脱", "--as-of", "2026-11-30", "--csv",
              str(target), db=shop.url)
    assert out.returncode == 0, out.stderr
    rows = list(csv.reader(io.StringIO(target.read_bytes().decode("cp932"))))
    assert rows[0][:4] == ["顧客番号", "氏名", "フリガナ", "顧客ステージ"]
    assert [r[0] for r in rows[1:]] == ["0000002", "0000005"]
    assert rows[1][1] == "髙橋 花子"  # CP932 (NEC/IBM extension) has 髙
    assert rows[1][3:9] == ["優良・離脱", "R1F3M5", "2025-03-01", "3", "90000", "可"]
    assert rows[2][8] == "不可"
    out = run("rfm", "list", "--segment", "優良・離脱", "--as-of", "2026-11-30", "--csv",
              str(tmp_path / "dm.csv"), "--encoding", "utf-8", "--dm-only", "--json",
              db=shop.url)
    done = json.loads(out.stdout)
    assert done["rows"] == 1 and done["encoding"] == "utf-8"
    assert (tmp_path / "dm.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    with shop.new_session() as s:
        records = recent_exports(s)
    assert [(r.kind, r.rows, r.encoding, r.destination) for r in records] == [
        ("rfm_list", 1, "utf-8", "dm.csv"), ("rfm_list", 2, "cp932", "lapsed.csv")]
    assert all(r.actor and r.created_at for r in records)
    assert "優良・離脱" in records[1].description and "花子" not in records[1].description


def test_rfm_list_refuses_an_unknown_segment_and_writes_nothing(shop, tmp_path):
    target = tmp_path / "x.csv"
    out = run("rfm", "list", "--segment", "優良", "--csv", str(target), db=shop.url)
    assert out.returncode == 2 and "優良・離脱" in out.stderr
    assert not target.exists()
    out = run("rfm", "list", "--segment", "優良・離脱", "--csv", str(target), "--encoding",
              "latin-1", db=shop.url)
    assert out.returncode == 2 and not target.exists()


def test_cp932_export_marks_characters_it_cannot_hold():
    from desk_app.exports.customer_list_csv import ListRow, to_csv

    row = ListRow(1, "1", "𠮷田 〜", "ヨシダ", "初回・現役", "R5F1M1", None, 1, 100, True, "", "",
                  "")
    encoded = to_csv([row], "cp932")
    assert encoded.replaced == 1
    assert "〓田 ～" in encoded.data.decode("cp932")


def test_the_popup_and_rfm_customer_agree(shop):
    """The desk's lookup (what the pop-up and card show) and the CLI give one answer."""
    from desk_app.domain.clock import today_local
    from desk_app.store.customers import summaries

    today = today_local()  # the shop's (Japan) day, whatever the machine's zone
    for code, cid in (("0000001", shop.ids["new"]), ("0000002", shop.ids["loyal_lapsed"]),
                      ("0000003", shop.ids["prospect"]),
                      ("0000004", shop.ids["cancelled_only"])):
        with shop.new_session() as s:
            summary = summaries(s, [cid], today)[0]
        out = run("rfm", "customer", code, "--as-of", today.isoformat(), "--json", db=shop.url)
        data = json.loads(out.stdout)
        assert (summary.stage, summary.rfm_code or None) == (data["segment"], data["rfm"])
        assert (summary.orders_count, summary.total_amount) == (data["orders_count"],
                                                                data["total_amount"])


def test_the_same_figures_from_postgresql(pg_url):
    from desk_app.store.db import Store

    store = Store(pg_url)
    try:
        a = add_customer(store, "0000001", created=date(2025, 1, 1))
        add_order(store, a, date(2025, 1, 5), 40_000)
        add_order(store, a, date(2025, 9, 1), 40_000)
        add_customer(store, "0000002", created=date(2026, 12, 1))  # registered later
        out = run("rfm", "--as-of", "2025-10-01", "--json", db=pg_url)
        assert out.returncode == 0, out.stderr
        segs = json.loads(out.stdout)["segments"]
        assert segs["優良・現役"] == 1 and segs["見込み"] == 0
        out = run("rfm", "customer", "0000001", "--as-of", "2026-05-01", "--json", db=pg_url)
        assert json.loads(out.stdout)["segment"] == "優良・離脱"
    finally:
        store.dispose()

