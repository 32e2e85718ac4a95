"""desk_app.config: typed settings in one TOML file, read by the desk and the CLI."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tomllib
from dataclasses import dataclass, field, replace
from typing import ClassVar

import pytest

from desk_app import config
from desk_app.config import (
    CallerIdSettings,
    ConfigError,
    DeskConfig,
    ShopSettings,
    SipSettings,
    YamatoSettings,
)


@pytest.fixture()
def folder(tmp_path, monkeypatch):
    data = tmp_path / "data"
    data.mkdir()
    monkeypatch.setenv("DESK_DATA_DIR", str(data))
    monkeypatch.delenv("DESK_DB_URL", raising=False)
    return data


def test_defaults_without_a_file_and_nothing_written(folder):
    loaded = config.load()
    assert loaded == DeskConfig() and loaded.desk.language == "ja"
    assert loaded.callerid.source == "" and loaded.yamato.freight_number == "01"
    assert not (folder / "config.toml").exists()


def test_save_and_load_round_trip_keeping_what_this_version_does_not_know(folder):
    path = folder / "config.toml"
    path.write_text('[callerid]\nsource = "ncid"\nfuture_key = 3\n\n'
                    '[analysis]\nwindow_days = 90\n', encoding="utf-8")
    loaded = config.load()
    assert loaded.callerid == CallerIdSettings(source="ncid")
    changed = replace(loaded, shop=ShopSettings(name="山田通販", postal_code="1500001",
                                                address="東京都渋谷区神宮前1-2-3",
                                                phone="0312345678",
                                                invoice_number="T1234567890123"))
    config.save(changed)
    raw = tomllib.loads(path.read_text("utf-8"))
    assert raw["callerid"] == {"source": "ncid", "port": "", "host": "", "profile": "",
                               "future_key": 3}
    assert raw["analysis"] == {"window_days": 90}
    assert raw["shop"]["name"] == "山田通販"
    assert "operator_id" not in raw["desk"]  # None is absent, not a fake value
    assert config.load() == changed
    assert [p.name for p in folder.iterdir()] == ["config.toml"]  # no temporary file left


def test_a_wrong_value_names_the_file_section_and_key(folder):
    path = folder / "config.toml"
    path.write_text('[desk]\noperator_id = "two"\n', encoding="utf-8")
    with pytest.raises(ConfigError) as err:
        config.load()
    assert str(path) in str(err.value) and "desk.operator_id" in str(err.value)
    path.write_text('[callerid\nsource = "x"', encoding="utf-8")
    with pytest.raises(ConfigError, match="読めません"):
        config.load()
    path.write_text('sip = 3\n', encoding="utf-8")
    with pytest.raises(ConfigError, match=r"\[sip\]"):
        config.load()
    assert path.read_text("utf-8") == 'sip = 3\n'  # a bad file is never rewritten by load


@dataclass(frozen=True)
class Margins:
    top: float = 8.5
    left: float = 5.0


@dataclass(frozen=True)
class LabelSheet:
    name: str = "A4 12面"
    rows: int = 6
    margins: Margins = field(default_factory=Margins)


@dataclass(frozen=True)
class Printing:
    SECTION: ClassVar[str] = "printing"
    sheets: list[LabelSheet] = field(default_factory=lambda: [LabelSheet()])
    printer: str | None = None
    duplex: bool = False


def test_a_section_added_elsewhere_is_typed_and_kept(folder):
    loaded = config.load()
    assert loaded.section(Printing) == Printing()  # defaults while the file has none
    sheets = [LabelSheet(), LabelSheet("A4 24面", 8, Margins(top=10))]
    config.save(loaded.with_section(Printing(sheets=sheets, duplex=True)))
    again = config.load()
    assert again.section(Printing) == Printing(sheets=sheets, duplex=True)
    assert again.section(SipSettings) == SipSettings()  # core sections work the same way
    assert again.with_section(SipSettings(extension="201")).sip.extension == "201"
    (folder / "config.toml").write_text('[printing]\nduplex = "yes"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="printing.duplex"):
        config.load().section(Printing)
    (folder / "config.toml").write_text('[printing]\nsheets = [{rows = 2.5}]\n',
                                        encoding="utf-8")
    with pytest.raises(ConfigError, match=r"printing.sheets\[0\].rows"):
        config.load().section(Printing)


def test_first_load_takes_over_the_old_qsettings_and_shop_json(folder, qapp):
    from PySide6.QtCore import QSettings

    ini = QSettings(str(folder / "settings.ini"), QSettings.Format.IniFormat)
    values = {"callerid/source": "modem", "callerid/port": "usb:0572:1340:A1B2",
              "callerid/profile": "japan", "sip/registrar": "[fe80::1]:5060",
              "sip/extension": "201", "sip/user": "desk 1, \"front\"", "sip/local": "",
              "language": "en", "export/yamato_dir": "/home/店長/出荷 データ",
              "window/geometry": "ignored"}
    for key, value in values.items():
        ini.setValue(key, value)
    ini.setValue("operator/id", 3)
    ini.sync()
    shop = {"name": "〇〇通販 お客様係", "phone": "0312345678", "postal_code": "1000001",
            "address": "東京都千代田区千代田1-1", "building": "〇〇ビル5F",
            "billing_customer_code": "012345678901", "gift_sender": "shop"}
    (folder / "shop.json").write_text(json.dumps(shop, ensure_ascii=False), "utf-8")
    before = {p.name: p.read_bytes() for p in folder.iterdir()}

    loaded = config.load()
    assert loaded.callerid == CallerIdSettings("modem", "usb:0572:1340:A1B2", "", "japan")
    assert loaded.sip == SipSettings("[fe80::1]:5060", "201", 'desk 1, "front"', "")
    assert loaded.desk.language == "en" and loaded.desk.operator_id == 3
    assert loaded.yamato == YamatoSettings(billing_customer_code="012345678901",
                                           gift_sender="shop",
                                           last_folder="/home/店長/出荷 データ")
    assert loaded.shop.name == "〇〇通販 お客様係" and loaded.shop.building == "〇〇ビル5F"
    assert (folder / "config.toml").exists()  # taken over once
    assert {p: (folder / p).read_bytes() for p in before} == before  # old files untouched
    ini.setValue("callerid/source", "ncid")
    ini.sync()
    assert config.load().callerid.source == "modem"  # config.toml is what counts now


def test_shop_json_is_read_while_the_shop_section_is_empty(folder):
    config.save(DeskConfig(yamato=YamatoSettings(last_folder="/tmp/x")))
    (folder / "shop.json").write_text(json.dumps({"name": "後から通販", "address": "大阪府",
                                                  "freight_number": "02"}), "utf-8")
    loaded = config.load()
    assert loaded.shop.name == "後から通販" and loaded.yamato.freight_number == "02"
    assert loaded.yamato.last_folder == "/tmp/x"
    fields = loaded.shipper_fields()
    assert fields["name"] == "後から通販" and fields["freight_number"] == "02"


def test_the_store_url_comes_from_the_settings_unless_given(folder, monkeypatch):
    from desk_app.store.db import resolve_url

    assert resolve_url() == f"sqlite:///{folder / 'desk.db'}"
    config.save(DeskConfig(store=config.StoreSettings(url="postgresql://desk@db/shop")))
    assert resolve_url() == "postgresql://desk@db/shop"
    assert resolve_url("sqlite:///x.db") == "sqlite:///x.db"
    monkeypatch.setenv("DESK_DB_URL", "postgresql://other/db")
    assert resolve_url() == "postgresql://other/db"


def test_the_cli_export_reads_the_shop_from_the_settings(folder, tmp_path):
    env = {**os.environ, "DESK_DATA_DIR": str(folder)}
    db = f"sqlite:///{tmp_path / 'cli.db'}"

    def export():
        out = subprocess.run([sys.executable, "-m", "desk_app", "export", "yamato", "--date",
                              "2026-12-01", "--out", str(tmp_path / "b2.csv"), "--db", db],
                             capture_output=True, text=True, env=env, timeout=120)
        assert out.returncode == 0, out.stderr
        assert json.loads(out.stdout) == {"date": "2026-12-01", "orders": 0,
                                          "out": str(tmp_path / "b2.csv"), "warnings": 0}
        return out.stderr

    assert "デモのご依頼主" in export()
    config.save(DeskConfig(shop=ShopSettings(name="山田通販", address="東京都渋谷区",
                                             phone="0312345678", postal_code="1500001")))
    assert "デモのご依頼主" not in export()
