"""Major 5, 8 and 10: the caution's reason in red where the clerk looks (pop-up, card, order
form) and its flags enforced; long and hostile input neither breaks a layout nor grows a
window; windows fit the available screen at 1280×800 and 1366×768, long forms scroll."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication, QLineEdit, QScrollArea
from sqlalchemy import select
from ui_helpers import numbers, open_card, post_and_wait, settle

from desk_app.domain.call_event import CallEvent
from desk_app.store.models import Customer, Phone


def forms():
    from desk_app.ui.orders.form import OrderForm

    return [w for w in QApplication.topLevelWidgets() if isinstance(w, OrderForm)
            and w.isVisible()]


def loaded_form(qtbot):
    qtbot.waitUntil(lambda: bool(forms()) and forms()[-1].ctx is not None, timeout=5000)
    return forms()[-1]


def caution_customer(store, number, note="代引の受取拒否が2回あり", flags="no_cod"):
    with store.new_session() as s, s.begin():
        cid = s.scalar(select(Phone.customer_id).where(Phone.national == number))
        c = s.get(Customer, cid)
        c.caution, c.caution_note, c.caution_flags = True, note, flags
    return cid


def is_red(label) -> bool:
    return label.isVisible() and "#c62828" in (label.styleSheet() or "").lower()


def test_caution_text_is_shown_in_red_on_pop_up_card_and_order_form(qtbot, desk, store):
    services, window = desk
    single, _, _ = numbers(store)
    cid = caution_customer(store, single)
    popup = post_and_wait(qtbot, services, window, CallEvent("test", number=single, line="1"))
    label = popup.known.caution_text
    assert "代引の受取拒否が2回あり" in label.text() and "代引不可" in label.text()
    assert is_red(label)
    open_card(qtbot, window, cid)
    assert "代引の受取拒否が2回あり" in window.card.caution_text.text()
    assert is_red(window.card.caution_text)
    window.fallback_action("order")
    form = loaded_form(qtbot)
    assert "代引の受取拒否が2回あり" in form.header.caution_text.text()
    assert is_red(form.header.caution_text)
    # 代引不可 is enforced: choosing 代金引換 says so at the payment field
    form.payment.setCurrentIndex(form.payment.findData("cod"))
    form.save()
    assert "代引不可" in form.payment_errors.text("payment")
    form.ctx = None
    form.close()
    settle(qtbot, services)


def test_every_line_edit_has_a_length_limit(qtbot, desk, store):
    from desk_app.ui.customers.registration import RegisterDialog

    services, window = desk
    dialog = RegisterDialog(services, number="0311112222", parent=window)
    dialog.show()
    window.fallback_action("order")
    form = loaded_form(qtbot)
    for widget in (window, dialog, form):
        unlimited = [e.objectName() or e.placeholderText() for e in widget.findChildren(QLineEdit)
                     if e.maxLength() >= 32767 and not e.isReadOnly()
                     and not type(e.parent()).__name__.startswith(("QSpinBox", "QDateEdit",
                                                                    "QAbstractSpinBox"))]
        assert unlimited == [], f"{type(widget).__name__}: {unlimited}"
    dialog.reject()
    form.ctx = None
    form.close()


def test_hostile_name_and_huge_note_do_not_grow_any_window(qtbot, desk, store, monkeypatch):
    from desk_app.services.base import ServiceContext
    from desk_app.services.customers import edit_customer
    from desk_app.ui.kit import placement

    services, window = desk
    single, _, _ = numbers(store)
    laptop = placement.Rect(0, 0, 1280, 760)
    monkeypatch.setattr("desk_app.ui.kit.screens.available", lambda widget=None: laptop)
    window.fit_to_screen()
    from PySide6.QtCore import QRect

    screen = QRect(0, 0, 1280, 760)
    with store.new_session() as s:
        cid = s.scalar(select(Phone.customer_id).where(Phone.national == single))
    ctx = ServiceContext(store, operator_id=1)
    pasted = "山田\t花子\x07🍵" * 530  # 3,180 characters with a tab and a control character
    from desk_app.services.base import ServiceError

    with pytest.raises(ServiceError):  # too long: refused, not stored
        edit_customer(ctx, cid, {"name": pasted})
    edit_customer(ctx, cid, {"name": pasted[:40]})  # what a 40-character field lets through
    services.tasks.submit(lambda *_a: None)
    note = "長い" * 5000
    from desk_app.store import notes as store_notes

    with store.new_session() as s, s.begin():
        store_notes.add_note(s, cid, note[:4000], "other")
    popup = post_and_wait(qtbot, services, window, CallEvent("test", number=single, line="1"))
    open_card(qtbot, window, cid)
    settle(qtbot, services)
    assert popup.height() <= screen.height() and popup.frameGeometry().bottom() <= screen.bottom()
    assert all(b.isVisible() for a, b in popup.buttons.items() if a in ("order", "dismiss"))
    assert window.width() <= screen.width() and window.height() <= screen.height()
    assert "\t" not in window.card.name.text() and "\x07" not in window.card.name.text()


@pytest.mark.parametrize("size", [(1280, 800), (1366, 768)])
def test_windows_fit_the_available_screen(qtbot, desk, store, monkeypatch, size):
    from desk_app.ui.kit import placement

    services, window = desk
    screen = placement.Rect(0, 0, size[0], size[1] - 40)  # a task bar at the bottom
    monkeypatch.setattr("desk_app.ui.kit.screens.available", lambda widget=None: screen)
    window.fit_to_screen()
    assert screen.contains(placement.Rect(window.x(), window.y(), window.width(),
                                          window.height()))
    window.fallback_action("order")
    form = loaded_form(qtbot)
    geo = form.geometry()
    assert screen.contains(placement.Rect(geo.x(), geo.y(), geo.width(), geo.height()))
    assert form.findChildren(QScrollArea)
    form.ctx = None
    form.close()


@pytest.mark.parametrize("size", [(1280, 800), (1366, 768)])
def test_the_products_window_stays_beside_the_pop_up_column(qtbot, desk, monkeypatch, size):
    """At 1280 a 1000-px products window covered the pop-ups; it keeps to the work area."""
    from desk_app.ui.kit import placement
    from desk_app.ui.orders.products import ProductsDialog

    services, window = desk
    screen = placement.Rect(0, 0, size[0], size[1] - 40)
    monkeypatch.setattr("desk_app.ui.kit.screens.available", lambda widget=None: screen)
    dialog = ProductsDialog(window, services)
    qtbot.addWidget(dialog)
    work = placement.work_area(screen)
    geo = dialog.geometry()
    assert work.contains(placement.Rect(geo.x(), geo.y(), geo.width(), geo.height()))
    settle(qtbot, services)
    dialog.close()


def test_order_form_side_column_does_not_widen_with_lines_at_1280(qtbot, desk, store,
                                                                  monkeypatch):
    """Trial: once lines and totals appeared, おすすめ/合計 widened and the form scrolled
    sideways, cutting 税率 and the product code field. The column keeps its width."""
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    from desk_app.ui.kit import placement

    services, window = desk
    screen = placement.Rect(0, 0, 1280, 760)
    monkeypatch.setattr("desk_app.ui.kit.screens.available", lambda widget=None: screen)
    with store.new_session() as s:  # a repeat customer: おすすめ and both tax rates fill in
        from desk_app.store.models import CustomerStats

        cid = s.scalar(select(CustomerStats.customer_id)
                       .order_by(CustomerStats.orders_count.desc()).limit(1))
    open_card(qtbot, window, cid)
    window.fallback_action("order")
    form = loaded_form(qtbot)
    qtbot.wait(50)
    before = form.suggestions.width()
    settle(qtbot, services)
    for code in ("F001*3", "F002", "G001*12"):
        form.items.code.setFocus()
        QTest.keyClicks(form.items.code, code)
        QTest.keyClick(form.items.code, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: len(form.items.skus()) == 3, timeout=3000)
    qtbot.wait(50)
    assert form.suggestions.width() == before
    assert not form.scroll.horizontalScrollBar().isVisible()
    form.ctx = None
    form.close()
