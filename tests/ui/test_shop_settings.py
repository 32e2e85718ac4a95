"""Settings as staff see them: the caller-ID source actually running, 店舗情報 (name, postal
code with address fill, address, phone, 登録番号, 差出人) used by the B2 export's ご依頼主 and
the letters' sender block, and no file name anywhere."""

from __future__ import annotations

import re

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QLabel, QLineEdit
from settings_peers import open_dialog
from ui_helpers import settle

from desk_app.services.base import ServiceContext

PATHISH = re.compile(r"(/[\w.-]+){2,}|\w:\\|\.toml|\.json|\.ini\b")


def shown_texts(widget) -> list[str]:
    return [w.text() for w in widget.findChildren(QLabel) if w.isVisibleTo(widget)] + [
        w.text() for w in widget.findChildren(QLineEdit) if w.isVisibleTo(widget)]


def test_caller_id_settings_say_which_source_is_running(qtbot, slot_desk):
    from desk_app.ui.core.sources import build_source

    services, window = slot_desk
    dialog = open_dialog(qtbot, window)
    assert dialog.running.text() == "なし（着信を受けていません）"
    dialog.reject()
    # the desk listens with the demo source, though nothing is saved (as `run --demo`)
    assert services.config.callerid.source == ""
    window.source_slot.replace(build_source("demo", services.config, services.store))
    qtbot.waitUntil(lambda: window.source_slot.current.status.state.value == "connected",
                    timeout=5000)
    dialog = open_dialog(qtbot, window)
    assert dialog.running.text() == "デモ — 接続中"
    assert dialog.kind.currentData() == ""  # the saved choice is still shown as saved
    window.source_slot.replace(None)
    qtbot.waitUntil(lambda: window.source_slot.current is None, timeout=3000)
    dialog.show_running()
    assert dialog.running.text() == "なし（着信を受けていません）"
    dialog.reject()


def test_a_settings_save_failure_names_no_file(qtbot, slot_desk, monkeypatch):
    services, window = slot_desk
    dialog = open_dialog(qtbot, window)
    dialog.kind.setCurrentIndex(dialog.kind.findData("demo"))

    def refuse(_config):
        raise PermissionError(13, "Permission denied", "/home/desk/.local/share/desk/config.toml")

    monkeypatch.setattr(services, "save_config", refuse)
    dialog.accept()
    assert dialog.isVisible() and "Permission denied" in dialog.error.text()
    assert [t for t in shown_texts(dialog) if PATHISH.search(t) and "/dev/" not in t] == []
    dialog.reject()


def open_shop(qtbot, window):
    from desk_app.ui.settings.shop import ShopDialog

    action = next(a for m in window.menuBar().actions() for a in m.menu().actions()
                  if a.text() == "店舗情報…")
    assert isinstance(action, QAction)
    action.trigger()
    dialog = next(w for w in window.findChildren(ShopDialog) if w.isVisible())
    return dialog


def test_shop_details_page_checks_fills_and_saves(qtbot, desk, monkeypatch):
    services, window = desk
    dialog = open_shop(qtbot, window)
    page, e = dialog.page, dialog.page.edits
    assert dialog.windowTitle() == "店舗情報"
    e["name"].setText("さくら通販")
    e["postal_code"].setFocus()
    QTest.keyClicks(e["postal_code"], "100-0001")
    QTest.keyClick(e["postal_code"], Qt.Key.Key_Return)  # Enter looks the address up
    qtbot.waitUntil(lambda: e["address"].text() == "東京都千代田区千代田", timeout=5000)
    assert e["address"].hasFocus()
    QTest.keyClicks(e["address"], "1-1")
    QTest.keyClick(e["address"], Qt.Key.Key_Return)  # Enter saves nothing
    e["phone"].setText("03-1234-5678")
    e["invoice_number"].setText("T7000012050003")  # one digit wrong
    e["invoice_number"].editingFinished.emit()
    assert "チェックデジット" in page.errors.text("invoice_number")
    assert services.config.shop.name == ""  # nothing saved yet
    assert not dialog.save()
    assert services.config.shop.name == ""
    e["invoice_number"].setText("ｔ７０００－０１２０５０００２")  # full width, a hyphen
    e["sender"].setText("お客様係 山田")
    assert dialog.save()
    shop = services.config.shop
    assert (shop.name, shop.postal_code, shop.address, shop.phone, shop.invoice_number,
            shop.sender) == ("さくら通販", "1000001", "東京都千代田区千代田1-1", "0312345678",
                             "T7000012050002", "お客様係 山田")
    from desk_app import config as desk_config

    assert desk_config.load().shop == shop  # in the settings file
    # the B2 export's ご依頼主 and the letters' sender block read it
    from desk_app.services.letters import shop_info
    from desk_app.services.shipping import load_shipper

    shipper = load_shipper(None, services.config)
    assert shipper is not None and shipper.name == "さくら通販" and shipper.phone == "0312345678"
    info = shop_info(ServiceContext(services.store, config=services.config))
    assert (info.name, info.registration_number, info.sender) == (
        "さくら通販", "T7000012050002", "お客様係 山田")
    assert [t for t in shown_texts(dialog) if PATHISH.search(t)] == []
    dialog.close()
    settle(qtbot, services)


def test_shop_details_are_required_together_and_a_discard_asks(qtbot, desk, monkeypatch):
    services, window = desk
    dialog = open_shop(qtbot, window)
    dialog.page.edits["name"].setText("さくら通販")
    assert not dialog.save()
    assert dialog.page.errors.text("address").startswith("住所を入力してください")
    assert dialog.page.errors.text("phone").startswith("電話番号を入力してください")
    asked = []
    monkeypatch.setattr("desk_app.ui.settings.shop.ask_discard",
                        lambda *a: asked.append(a) or False)
    dialog.reject()
    assert asked and dialog.isVisible()
    monkeypatch.setattr("desk_app.ui.settings.shop.ask_discard", lambda *a: True)
    dialog.reject()
    assert not dialog.isVisible()


def test_an_unreadable_settings_file_is_reported_without_its_path(ja_app, monkeypatch,
                                                                  tmp_path):
    from desk_app import config as desk_config
    from desk_app.ui import app

    path = tmp_path / "config.toml"
    path.write_text("[shop\nname = 1", "utf-8")
    monkeypatch.setattr(desk_config, "default_path", lambda: path)
    config, problem = app.load_config()
    assert config == desk_config.DeskConfig() and problem is not None
    assert problem.code == "config.unreadable" and str(path) in str(problem)  # the log's
    message = app.config_problem(problem)
    assert str(tmp_path) not in message and "config.toml" not in message
    assert "設定を読めません（" in message


def test_a_wrong_value_in_the_settings_is_worded_in_the_desks_language(ja_app, monkeypatch,
                                                                      tmp_path):
    from desk_app import config as desk_config
    from desk_app.ui import app

    path = tmp_path / "config.toml"
    path.write_text('[stages.cpm]\nlapse_days = "many"\n', "utf-8")
    monkeypatch.setattr(desk_config, "default_path", lambda: path)
    config, problem = app.load_config()
    assert problem is not None and problem.code == "config.in_file"
    assert "整数" in str(problem)  # the CLI's Japanese, with the file named
    message = app.config_problem(problem)
    assert "stages.cpm.lapse_days は整数でなければなりません" in message
    assert str(tmp_path) not in message and "config.toml" not in message
    monkeypatch.setattr("desk_app.ui.kit.domain_text.is_japanese", lambda: False)
    english = app.config_problem(problem)
    assert "stages.cpm.lapse_days must be a whole number" in english
