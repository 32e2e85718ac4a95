"""`desk-app shop show|set`: 店舗情報 from the command line, the settings page's checks, the
same settings file the desk, the B2 export and the letters read."""

import json
import subprocess
import sys

from desk_app import config


def run(*args, tmp_path, stdin=None):
    return subprocess.run([sys.executable, "-m", "desk_app", "shop", *args,
                           "--config", str(tmp_path / "config.toml")],
                          capture_output=True, text=True, timeout=60, input=stdin,
                          env={**__import__("os").environ, "DESK_DATA_DIR": str(tmp_path)})


def test_set_checks_saves_and_show_prints(tmp_path):
    empty = run("show", "--json", tmp_path=tmp_path)
    assert empty.returncode == 0, empty.stderr
    assert json.loads(empty.stdout) == {"name": "", "postal_code": "", "address": "",
                                        "building": "", "phone": "", "invoice_number": "",
                                        "sender": ""}
    bad = run("set", "--json", "-", tmp_path=tmp_path,
              stdin=json.dumps({"name": "さくら通販", "invoice_number": "T7000012050003"}))
    assert bad.returncode == 2
    assert "address: 住所を入力してください" in bad.stderr
    assert "phone: 電話番号を入力してください" in bad.stderr
    assert "invoice_number: 登録番号の数字が正しくありません" in bad.stderr
    assert not (tmp_path / "config.toml").exists()  # nothing saved
    good = {"name": "さくら通販", "postal_code": "100-0001", "address": "東京都千代田区千代田1-1",
            "phone": "03-1234-5678", "invoice_number": "T7000012050002", "sender": "お客様係"}
    out = run("set", "--json", "-", tmp_path=tmp_path, stdin=json.dumps(good))
    assert out.returncode == 0, out.stderr
    saved = json.loads(out.stdout)
    assert saved["postal_code"] == "1000001" and saved["phone"] == "0312345678"
    shop = config.load(tmp_path / "config.toml").shop
    assert (shop.name, shop.invoice_number, shop.sender) == ("さくら通販", "T7000012050002",
                                                             "お客様係")
    # a later set changes only what it names
    out = run("set", "--json", "-", tmp_path=tmp_path, stdin=json.dumps({"building": "5F"}))
    assert out.returncode == 0 and json.loads(out.stdout)["name"] == "さくら通販"
    unknown = run("set", "--json", "-", tmp_path=tmp_path, stdin=json.dumps({"fax": "1"}))
    assert unknown.returncode == 2 and "fax" in unknown.stderr
