"""Major 2 and 3: a pop-up never takes the keyboard (withheld, payphone, out-of-area and
no-data calls included); F1/F2/F3 act on what the clerk sees — the card on the main window,
the caller on a pop-up; the order form and the note editor head with who it is for."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from sqlalchemy import select
from ui_helpers import numbers, open_card, post_and_wait, settle

from desk_app.domain.call_event import CallEvent, Withheld
from desk_app.store.models import Customer, CustomerStats, Phone


def forms():
    from desk_app.ui.orders.form import OrderForm

    return [w for w in QApplication.topLevelWidgets() if isinstance(w, OrderForm)
            and w.isVisible()]


def close_forms(qtbot, services):
    for form in forms():
        form.ctx = None
        form.close()
    settle(qtbot, services)


def loaded_form(qtbot):
    qtbot.waitUntil(lambda: bool(forms()) and forms()[-1].ctx is not None, timeout=5000)
    return forms()[-1]


@pytest.mark.parametrize("reason", [Withheld.PRIVATE, Withheld.PAYPHONE, Withheld.UNAVAILABLE,
                                    None])
def test_withheld_and_no_data_calls_leave_the_keyboard_where_the_clerk_types(
        qtbot, desk, store, reason):
    services, window = desk
    single, _, _ = numbers(store)
    window.open_customer(1)
    qtbot.waitUntil(lambda: window.card.card is not None, timeout=5000)
    window.fallback_action("order")
    form = loaded_form(qtbot)
    form.activateWindow()
    form.items.code.setFocus()
    qtbot.keyClicks(form.items.code, "F0")
    searched = window.search.box.text()  # the open card's code: the list shows it
    services.bridge.post_event(CallEvent("test", withheld=reason, line="2"))
    qtbot.waitUntil(lambda: bool(window.popups.popups), timeout=3000)
    popup = window.popups.popups[-1]
    qtbot.waitUntil(lambda: popup.data is not None, timeout=3000)
    settle(qtbot, services)
    qtbot.wait(50)
    assert QApplication.focusWidget() is form.items.code
    assert QApplication.activeWindow() is form
    qtbot.keyClicks(QApplication.focusWidget(), "01")
    assert form.items.code.text() == "F001" and window.search.box.text() == searched
    window.popups.focus_next()  # F8 is how the keyboard goes to the pop-up
    qtbot.waitUntil(lambda: QApplication.activeWindow() is popup, timeout=2000)
    qtbot.wait(50)
    assert QApplication.activeWindow() is popup  # and it stays there
    close_forms(qtbot, services)


def two_customers(store):
    with store.new_session() as s:
        rows = s.execute(select(Customer.id, Phone.national)
                         .join(Phone, Phone.customer_id == Customer.id)
                         .join(CustomerStats, CustomerStats.customer_id == Customer.id)
                         .where(CustomerStats.orders_count > 1)
                         .group_by(Customer.id).order_by(Customer.id).limit(40)).all()
        counts = dict(s.execute(select(Phone.national, Phone.customer_id)).all())
    unique = [r for r in rows if list(counts).count(r.national) == 1]
    return unique[0], unique[1]


def test_function_keys_on_the_main_window_act_on_the_card_shown(qtbot, desk, store):
    services, window = desk
    (a, _na), (b, nb) = two_customers(store)
    open_card(qtbot, window, a)
    popup = post_and_wait(qtbot, services, window, CallEvent("test", number=nb, line="1"))
    assert popup.customer_id == b
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=2000)
    qtbot.keyClick(window.search.box, Qt.Key.Key_F1)
    form = loaded_form(qtbot)
    assert form.customer_id == a and form.call_id is None
    close_forms(qtbot, services)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=2000)
    qtbot.keyClick(window.search.box, Qt.Key.Key_F2)
    form = loaded_form(qtbot)
    assert form.customer_id == a and "前回" in form.status.text()
    close_forms(qtbot, services)
    # on the pop-up, the keys act on its caller
    popup.activate_keyboard()
    qtbot.waitUntil(popup.isActiveWindow, timeout=2000)
    qtbot.keyClick(popup.notes.body, Qt.Key.Key_F1)
    form = loaded_form(qtbot)
    assert form.customer_id == b and form.call_id == popup.call_id
    close_forms(qtbot, services)


def test_order_form_and_note_editor_head_with_name_reading_and_code(qtbot, desk, store):
    services, window = desk
    (a, _na), _ = two_customers(store)
    window.open_customer(a)
    qtbot.waitUntil(lambda: window.card.card is not None, timeout=5000)
    card = window.card.card
    s = card.summary
    window.fallback_action("order")
    form = loaded_form(qtbot)
    assert s.name in form.windowTitle() and s.code in form.windowTitle()
    head = form.header
    texts = " ".join(w.text() for w in head.findChildren(type(form.status)) if w.isVisible())
    assert s.name in texts and s.kana in texts and s.code in texts
    close_forms(qtbot, services)
    editor = window.card.editor
    heading = editor.heading.text()
    assert s.name in heading and s.kana in heading and s.code in heading
