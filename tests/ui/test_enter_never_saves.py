"""Blocker 1: Enter does the focused field's own action and never presses a save, replace
or discard button — in the order form (the repeat-customer case the trial found) and, by
audit, in every line edit of every form and dialog of the desk."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QDialog, QLineEdit, QPushButton
from sqlalchemy import select
from ui_helpers import settle, visible_order_form

from desk_app.store.models import Customer, CustomerStats


def repeat_customer(store) -> int:
    with store.new_session() as s:
        return s.scalar(select(Customer.id).join(CustomerStats,
                                                 CustomerStats.customer_id == Customer.id)
                        .where(CustomerStats.orders_count > 1, Customer.address1.is_not(None))
                        .order_by(Customer.id).limit(1))


def open_form(qtbot, services, window, customer_id):

    window.open_customer(customer_id)
    qtbot.waitUntil(lambda: window.card.card is not None, timeout=5000)
    settle(qtbot, services)
    window.fallback_action("order")  # F1 on the card
    form = visible_order_form()
    qtbot.waitUntil(lambda: form.ctx is not None, timeout=5000)
    settle(qtbot, services)
    return form


def test_enter_in_product_code_adds_the_line_for_a_repeat_customer(desk, qtbot, store):
    services, window = desk
    form = open_form(qtbot, services, window, repeat_customer(store))
    assert form.repeat.isEnabled()  # 前回と同じ内容で受注 is available: the trap
    form.items.code.setFocus()
    QTest.keyClicks(form.items.code, "F001*3")
    QTest.keyClick(form.items.code, Qt.Key.Key_Return)
    assert [(line.sku, line.quantity) for line in form.items.draft_lines()] == [("F001", 3)]
    form.ctx = None
    form.close()


def test_enter_in_the_ship_to_postal_code_keeps_the_new_ship_to(desk, qtbot, store):
    services, window = desk
    form = open_form(qtbot, services, window, repeat_customer(store))
    form.ship.source.setCurrentIndex(form.ship.source.count() - 1)  # 別のお届け先
    form.ship.name.setText("贈り先 様")
    form.ship.postal.setFocus()
    QTest.keyClicks(form.ship.postal, "1000001")
    QTest.keyClick(form.ship.postal, Qt.Key.Key_Return)
    settle(qtbot, services)
    assert form.ship.kind() == "new" and form.ship.name.text() == "贈り先 様"
    assert form.items.draft_lines() == ()
    form.ctx = None
    form.close()


def _clicks(dialog) -> list[str]:
    pressed: list[str] = []
    for button in dialog.findChildren(QPushButton):
        button.clicked.connect(lambda _c=False, b=button: pressed.append(b.text()))
    return pressed


def enter_everywhere(qtbot, dialog) -> list[str]:
    """Press Enter in every visible, enabled line edit; the buttons that fired."""
    pressed = _clicks(dialog)
    for edit in dialog.findChildren(QLineEdit):
        if not (edit.isVisible() and edit.isEnabled()) or edit.isReadOnly():
            continue
        edit.setFocus()
        QTest.keyClick(edit, Qt.Key.Key_Return)
        QTest.keyClick(edit, Qt.Key.Key_Enter)
    return pressed


def all_forms(qtbot, services, window, store):
    """Every dialog and form of the desk that has text fields, opened on a real desk."""
    from desk_app.ui.customers.registration import RegisterDialog

    forms = [open_form(qtbot, services, window, repeat_customer(store))]
    register = RegisterDialog(services, number="0311112222", parent=window)
    register.show()
    forms.append(register)
    forms.append(window.open_settings())
    forms.append(window.open_products())
    forms.append(window.export_yamato())
    return [f for f in forms if isinstance(f, QDialog)]


def test_enter_in_every_line_edit_of_every_form_presses_no_button(desk, qtbot, store):
    services, window = desk
    for dialog in all_forms(qtbot, services, window, store):
        settle(qtbot, services)
        pressed = enter_everywhere(qtbot, dialog)
        settle(qtbot, services)
        assert pressed == [], f"{type(dialog).__name__}: Enter pressed {pressed}"
        assert dialog.isVisible(), f"{type(dialog).__name__} closed on Enter"
        if hasattr(dialog, "ctx"):
            dialog.ctx = None
        dialog.close()


def test_no_push_button_of_any_form_is_a_default_button(desk, qtbot, store):
    services, window = desk
    for dialog in all_forms(qtbot, services, window, store):
        settle(qtbot, services)
        bad = [b.text() for b in dialog.findChildren(QPushButton)
               if b.autoDefault() or b.isDefault()]
        assert bad == [], f"{type(dialog).__name__}: {bad}"
        if hasattr(dialog, "ctx"):
            dialog.ctx = None
        dialog.close()
