"""Pop-up contents for each kind of caller, several lines, later call states, shortcuts."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from ui_helpers import numbers, post_and_wait, settle

from desk_app.domain.call_event import CallEvent, CallState, Withheld
from desk_app.services import calls, notes


def call_log(qtbot, services):
    rows = []
    services.tasks.submit(lambda ctx: calls.call_log(ctx), on_done=rows.extend)
    settle(qtbot, services)
    return {r.id: r for r in rows}


def test_known_caller_shows_the_card_without_taking_the_keyboard(qtbot, desk, store):
    from sqlalchemy import select

    from desk_app.store.models import Customer, Phone

    services, window = desk
    single, _, _ = numbers(store)
    with store.new_session() as s:  # flip the caller's DM permission: the chip must follow
        c = s.get(Customer, s.scalar(select(Phone.customer_id).where(Phone.national == single)))
        c.dm_allowed = dm_allowed = not c.dm_allowed
        s.commit()
    window.focus_search()
    window.search.box.setText("下書き中")
    popup = post_and_wait(qtbot, services, window, CallEvent("test", number=single, line="1"))
    assert popup.kind == "known"
    assert popup.testAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating)
    assert popup.windowFlags() & Qt.WindowType.WindowStaysOnTopHint
    assert QApplication.activeWindow() is not popup
    assert window.search.box.text() == "下書き中"
    card = popup.card
    known = popup.known
    assert known.name.text() == f"{card.summary.name} 様"
    assert known.kana.text() == card.summary.kana
    assert known.stage.text() == card.summary.stage
    assert known.orders_count.text() == f"{card.summary.orders_count}回"
    assert known.total.text() == f"¥{card.summary.total_amount:,}"
    last_order = known.last_order.text().replace("\u2060", "")  # word joiners keep it whole
    assert last_order == f"{card.summary.last_order_date:%Y/%m/%d}（{card.days_since_last_order}日前）"
    assert known.dm.text() == ("DM送付 可" if dm_allowed else "DM送付 不可")
    assert known.dm.property("chip") == ("dm-yes" if dm_allowed else "dm-no")
    lines = known.orders.text().split("<br>")
    assert 1 <= len(lines) <= 5 and card.orders[0].items[0].name[:4] in lines[0]
    assert "回線1" in popup.where.text()
    assert popup.title.text() == f"着信 {popup.data.lookup.number.display}"
    for action in ("order", "repeat", "note", "card", "dismiss"):
        assert popup.buttons[action].isVisible()
    entry = call_log(qtbot, services)[popup.call_id]
    assert entry.customer_id == card.summary.customer_id and entry.outcome == "ringing"


def test_caution_and_open_follow_ups_are_on_the_pop_up(qtbot, desk, store):
    services, window = desk
    single, _, _ = numbers(store)
    from sqlalchemy import select

    from desk_app.store.models import Customer, Phone

    with store.new_session() as s:
        cid = s.scalar(select(Phone.customer_id).where(Phone.national == single))
        c = s.get(Customer, cid)
        c.caution, c.caution_note = True, "代引の受取拒否あり"
        s.commit()
    services.tasks.submit(lambda ctx: notes.add_note(ctx, cid, "返金の件で折り返し", "complaint",
                                                    needs_follow_up=True))
    popup = post_and_wait(qtbot, services, window, CallEvent("test", number=single, line="2"))
    assert popup.known.caution.isVisible()
    assert "代引の受取拒否あり" in popup.known.caution_text.text()  # the reason, not a tooltip
    assert popup.known.caution_text.isVisible()
    assert popup.known.follow_frame.isVisible()
    assert "返金の件で折り返し" in popup.known.follow_ups.text()
    newest = popup.known.notes.text().split("</div>")[0]  # one <div> a note, newest first
    assert "返金の件で折り返し" in newest


def test_shared_number_offers_a_chooser(qtbot, desk, store):
    services, window = desk
    _, family, _ = numbers(store)
    popup = post_and_wait(qtbot, services, window, CallEvent("test", number=family, line="1"))
    assert popup.kind == "several"
    matches = popup.data.lookup.matches
    assert popup.chooser.list.count() == len(matches) >= 2
    assert popup.buttons["register"].isVisible() and not popup.buttons["order"].isVisible()
    popup.activate_keyboard()
    qtbot.keyClick(popup.chooser.list, "2")
    qtbot.waitUntil(lambda: popup.kind == "known", timeout=3000)
    assert popup.card.summary.customer_id == matches[1].customer_id
    settle(qtbot, services)
    assert call_log(qtbot, services)[popup.call_id].customer_id == matches[1].customer_id


def test_unknown_number_offers_registration_with_the_number(qtbot, desk, store):
    services, window = desk
    _, _, unknown = numbers(store)
    popup = post_and_wait(qtbot, services, window, CallEvent("test", number=unknown, line="1"))
    assert popup.kind == "unknown"
    assert popup.hint.text() == "この番号は登録されていません。"
    assert popup.trigger("register")
    from desk_app.ui.customers.registration import RegisterDialog

    dialogs = [w for w in QApplication.topLevelWidgets() if isinstance(w, RegisterDialog)]
    assert dialogs and dialogs[-1].edits["phone"].text() == "03-1111-9999"
    dialogs[-1].reject()


@pytest.mark.parametrize("reason, words", [(Withheld.PRIVATE, "非通知"),
                                           (Withheld.UNAVAILABLE, "表示圏外"),
                                           (Withheld.PAYPHONE, "公衆電話")])
def test_withheld_shows_the_reason_and_leaves_the_keyboard(qtbot, desk, reason, words):
    services, window = desk
    services.bridge.post_event(CallEvent("test", withheld=reason, line="2"))
    qtbot.waitUntil(lambda: bool(window.popups.popups), timeout=3000)
    popup = window.popups.popups[-1]
    assert popup.reason.text() == words  # at once, before the worker answers
    assert popup.title.text() == f"着信 {words}"
    qtbot.waitUntil(lambda: popup.data is not None, timeout=3000)
    assert popup.kind == "withheld"
    settle(qtbot, services)
    assert QApplication.activeWindow() is not popup  # F8 or Ctrl+F move the keyboard
    assert "Ctrl+F" in popup.hint.text()


def test_two_lines_ringing_get_two_pop_ups(qtbot, desk, store):
    services, window = desk
    single, family, _ = numbers(store)
    services.bridge.post_event(CallEvent("test", number=single, line="1"))
    services.bridge.post_event(CallEvent("test", number=family, line="2"))
    qtbot.waitUntil(lambda: len(window.popups.popups) == 2
                    and all(p.data for p in window.popups.popups), timeout=5000)
    one, two = window.popups.popups
    assert {one.kind, two.kind} == {"known", "several"}
    assert one.pos() != two.pos()
    assert one.call_id != two.call_id
    # a new ring on line 1 replaces that line's untouched pop-up, line 2 stays
    post_and_wait(qtbot, services, window, CallEvent("test", number=single, line="1"), count=2)
    assert len(window.popups.popups) == 2 and two in window.popups.popups


def test_cancel_updates_the_same_pop_up_and_lists_a_missed_call(qtbot, desk, store):
    services, window = desk
    single, _, _ = numbers(store)
    ring = CallEvent("sip", number=single, line="1", call_id="c-123@pbx")
    popup = post_and_wait(qtbot, services, window, ring)
    services.bridge.post_event(ring.with_state(CallState.CANCELLED))
    qtbot.waitUntil(lambda: popup.state.text() == "不在着信", timeout=3000)
    settle(qtbot, services)
    assert window.popups.popups == [popup]
    assert call_log(qtbot, services)[popup.call_id].outcome == "missed"
    window.missed.refresh()
    settle(qtbot, services)
    assert popup.call_id in [c.id for c in window.missed.model.items]


def test_internal_calls_are_logged_not_popped(qtbot, desk):
    services, window = desk
    services.bridge.post_event(CallEvent("test", number="12", line="1"))
    qtbot.wait(50)
    settle(qtbot, services)
    assert window.popups.popups == []
    assert any(c.outcome == "internal" and c.number == "12"
               for c in call_log(qtbot, services).values())


def open_forms():
    from desk_app.ui.orders.form import OrderForm

    return [w for w in QApplication.topLevelWidgets() if isinstance(w, OrderForm) and w.isVisible()]


def close_forms(qtbot, services):
    for form in open_forms():
        settle(qtbot, services)
        form.confirm = lambda _question: True  # "discard the order being typed?" → yes
        form.close()
    settle(qtbot, services)


def loaded_form(qtbot):
    qtbot.waitUntil(lambda: len(open_forms()) == 1, timeout=5000)
    form = open_forms()[0]
    qtbot.waitUntil(lambda: form.ctx is not None, timeout=5000)
    return form


def test_order_keys_open_the_order_form_for_the_caller(qtbot, desk, store):
    services, window = desk
    single, _, _ = numbers(store)
    popup = post_and_wait(qtbot, services, window, CallEvent("test", number=single, line="1"))
    window.popups.dispatch("order")
    form = loaded_form(qtbot)
    assert form.customer_id == popup.customer_id and form.call_id == popup.call_id
    assert form.status.text() == ""  # a new order starts empty
    close_forms(qtbot, services)
    window.popups.dispatch("repeat")
    form = loaded_form(qtbot)
    assert form.customer_id == popup.customer_id and form.ctx.last_order is not None
    assert "前回" in form.status.text()  # the last order's items and ship-to were copied
    close_forms(qtbot, services)
    from desk_app.ui.orders.form import record_order

    record_order(services, popup.call_id, popup.customer_id)
    settle(qtbot, services)
    assert call_log(qtbot, services)[popup.call_id].outcome == "order"


def test_a_failing_order_form_is_reported_and_the_pop_up_stays(qtbot, desk, store, monkeypatch):
    from desk_app.ui.orders import entry as order_entry

    shown = []

    def broken(*_a, **_kw):
        raise RuntimeError("boom")

    monkeypatch.setattr(order_entry.order_form, "open_order_form", broken)
    monkeypatch.setattr(order_entry.QMessageBox, "warning",
                        lambda parent, title, text: shown.append(text))
    services, window = desk
    single, _, _ = numbers(store)
    popup = post_and_wait(qtbot, services, window, CallEvent("test", number=single, line="1"))
    assert order_entry.open_order(popup, services, popup.customer_id, False, popup.call_id) is False
    assert shown and "boom" in shown[0]
    assert popup.isVisible()


def test_function_keys_work_from_the_main_window_and_the_pop_up(qtbot, desk, store):
    services, window = desk
    single, _, _ = numbers(store)
    popup = post_and_wait(qtbot, services, window, CallEvent("test", number=single, line="1"))
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=2000)
    qtbot.keyClick(window.search.box, Qt.Key.Key_F1)
    loaded_form(qtbot)
    close_forms(qtbot, services)
    popup.activate_keyboard()
    qtbot.waitUntil(popup.isActiveWindow, timeout=2000)
    qtbot.keyClick(popup.notes.body, Qt.Key.Key_F2)
    form = loaded_form(qtbot)
    assert form.customer_id == popup.customer_id and "前回" in form.status.text()
    close_forms(qtbot, services)
    popup.activate_keyboard()
    qtbot.waitUntil(popup.isActiveWindow, timeout=2000)
    qtbot.keyClick(popup, Qt.Key.Key_F3)
    assert popup.isActiveWindow() and popup.notes.body.hasFocus()
