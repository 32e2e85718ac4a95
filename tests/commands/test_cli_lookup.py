"""`desk-app lookup` contract, run as a real subprocess like scripts and later steps do."""

import json
import subprocess
import sys
from datetime import date

from sqlalchemy import func, select

from desk_app.store.models import Phone


def run(*args, db):
    return subprocess.run([sys.executable, "-m", "desk_app", *args, "--db", db],
                          capture_output=True, text=True, timeout=60)


def test_known_number_prints_the_card(demo_store):
    with demo_store.new_session() as s:
        national = s.execute(select(Phone.national).group_by(Phone.national)
                             .having(func.count() == 1).limit(1)).scalar_one()
    display = f"{national[:3]}-{national[3:]}"
    out = run("lookup", display, "--json", db=demo_store.url)
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert set(data) == {"number", "withheld", "matches", "customer", "orders", "notes"}
    assert data["number"]["national"] == national and data["number"]["e164"] == "+81" + national[1:]
    assert set(data["number"]) == {"input", "national", "e164", "display"}
    assert len(data["matches"]) == 1 and data["withheld"] is None
    m = data["matches"][0]
    assert set(m) == {"customer_id", "code", "name", "kana", "stage", "orders_count",
                      "total_amount", "last_order_date"}
    assert data["customer"]["summary"]["customer_id"] == m["customer_id"]
    assert len(data["orders"]) == min(10, m["orders_count"])
    if data["orders"]:
        assert data["orders"][0]["order_date"] == m["last_order_date"]
        assert data["orders"][0]["items"]
    dates = [n["created_at"] for n in data["notes"]]
    assert dates == sorted(dates, reverse=True)


def test_unknown_number_is_exit_0_with_no_matches(demo_store):
    out = run("lookup", "0120-444-444", "--json", db=demo_store.url)
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert data["matches"] == [] and data["customer"] is None and data["orders"] == []


def test_not_a_number_is_exit_2_with_a_message(demo_store):
    out = run("lookup", "yamada", "--json", db=demo_store.url)
    assert out.returncode == 2 and "desk-app:" in out.stderr and out.stdout == ""
    assert "Traceback" not in out.stderr


def test_seed_command_prints_a_report(tmp_path):
    db = f"sqlite:///{tmp_path / 's.db'}"
    out = subprocess.run([sys.executable, "-m", "desk_app", "seed", "--customers", "50",
                          "--seed", "3", "--today", date(2026, 11, 23).isoformat(), "--db", db],
                         capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout)["customers"] == 50


def test_lookup_accepts_a_tel_uri(demo_store):
    with demo_store.new_session() as s:
        national = s.execute(select(Phone.national).group_by(Phone.national)
                             .having(func.count() == 1).limit(1)).scalar_one()
    out = run("lookup", f"tel:+81-{national[1:]}", "--json", db=demo_store.url)
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert data["number"]["national"] == national and len(data["matches"]) == 1
