"""Trial on a fresh clone (issue 10): a window the clerk opens with a key takes the keyboard.

On the desk without help from a window manager, 入金確認 (F3 in 受注一覧) appeared but the
keys stayed in the list behind it: Enter opened 受注の修正 for the selected order and Ctrl+S
saved that order again instead of recording the payment; 新規顧客登録 (F4) left the keyboard
in the search box, so the pasted name landed there. The order form and 顧客情報の修正
already activated themselves; every window opened on the clerk's key does now."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication, QWidget
from test_order_list_window import place
from ui_helpers import customer_with_address, open_card, settle


def activations(monkeypatch) -> list[QWidget]:
    """The windows asked to take the keyboard (the platform plug-in of the tests activates
    every window it shows, so asking is what can be checked here)."""
    asked: list[QWidget] = []
    original = QWidget.activateWindow

    def activate(self):
        asked.append(self)
        original(self)

    monkeypatch.setattr(QWidget, "activateWindow", activate)
    return asked


def test_the_payment_dialog_takes_the_keyboard_from_the_list(qtbot, desk, store, monkeypatch):
    services, window = desk
    cid = customer_with_address(store, 0)
    bank = place(store, cid, "bank")
    listing = window.open_order_list()
    settle(qtbot, services)
    row = next(n for n, r in enumerate(listing.model.items) if r.number == bank)
    listing.table.selectRow(row)
    asked = activations(monkeypatch)
    dialog = listing.record_payment()
    assert dialog is not None
    assert dialog in asked
    dialog.close()
    listing.close()


def test_registration_takes_the_keyboard_from_the_main_window(qtbot, desk, monkeypatch):
    services, window = desk
    asked = activations(monkeypatch)
    window.register_customer(None)
    dialog = next(w for w in QApplication.topLevelWidgets()
                  if type(w).__name__ == "RegisterDialog" and w.isVisible())
    assert dialog in asked
    dialog.fields.edits["name"].setText("")
    dialog.reject()


def test_the_product_catalogue_and_b2_export_take_the_keyboard(qtbot, desk, monkeypatch):
    services, window = desk
    asked = activations(monkeypatch)
    products = window.open_products()
    export = window.export_yamato()
    assert products in asked and export in asked
    products.close()
    export.close()


def test_the_desks_other_windows_take_the_keyboard_when_opened_and_when_raised(
        qtbot, desk, store, monkeypatch):
    services, window = desk
    open_card(qtbot, window, customer_with_address(store, 1))
    asked = activations(monkeypatch)
    opened = [window.open_order_list(), window.open_follow_ups(), window.open_shop_settings(),
              window.edit_customer()]
    assert all(w in asked for w in opened)
    del asked[:]
    assert window.open_order_list() is opened[0] and opened[0] in asked  # raised, not another
    assert window.open_follow_ups() is opened[1] and opened[1] in asked
    settle(qtbot, services)
    for w in reversed(opened):
        w.close()
    settle(qtbot, services)
