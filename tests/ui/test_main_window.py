"""Main window: search as you type (every way a clerk types), keyboard flow, call log
filters, missed calls (call back, done), customer voices."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from sqlalchemy import select
from ui_helpers import numbers, post_and_wait, settle

from desk_app.domain.call_event import CallEvent, CallState
from desk_app.services import notes, operators
from desk_app.store.models import Customer, Phone


@pytest.fixture()
def someone(store):
    with store.new_session() as s:
        c = s.scalar(select(Customer).order_by(Customer.id).limit(1))
        phone = s.scalar(select(Phone.national).where(Phone.customer_id == c.id).limit(1))
        return c.id, c.code, c.name, c.kana, phone


def search(qtbot, services, window, text: str):
    window.search.box.setText(text)
    qtbot.waitUntil(lambda: window.search.model.rowCount() > 0, timeout=3000)
    settle(qtbot, services)
    return [s.customer_id for s in window.search.model.items]


def test_search_finds_by_every_form(qtbot, desk, someone):
    services, window = desk
    cid, code, name, kana, phone = someone
    family = kana.split("\u3000")[0]
    import jaconv

    forms = [name.split(" ")[0], jaconv.kata2hira(family), family,
             jaconv.z2h(family, kana=True),
             phone, phone[-4:], code, code.lstrip("0")]
    for text in forms:
        window.search.box.clear()
        settle(qtbot, services)
        found = search(qtbot, services, window, text)
        assert cid in found, text


def test_keyboard_flow_search_results_card(qtbot, desk, someone):
    services, window = desk
    cid, code, *_ = someone
    window.activateWindow()  # focus is only real in the active window
    qtbot.waitUntil(window.isActiveWindow, timeout=2000)
    window.focus_search()
    search(qtbot, services, window, code)
    qtbot.keyClick(window.search.box, Qt.Key.Key_Down)
    assert window.search.table.hasFocus()
    qtbot.keyClick(window.search.table, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.card.card is not None, timeout=3000)
    assert window.card.card.summary.customer_id == cid
    assert window.card.orders.topLevelItemCount() == len(window.card.card.orders)
    qtbot.keyClick(window.search.table, Qt.Key.Key_Escape)
    assert window.isActiveWindow() and window.search.box.hasFocus()


def test_newest_search_wins(qtbot, desk, someone):
    services, window = desk
    for text in ("サ", "サト", "サトウ", "zzzz-none"):
        window.search.box.setText(text)
    settle(qtbot, services)
    assert window.search.model.rowCount() == 0
    assert window.search.count.text() == "該当する顧客はいません。"


def test_call_log_outcomes_and_filters(qtbot, desk, store):
    services, window = desk
    single, _, _ = numbers(store)
    popup = post_and_wait(qtbot, services, window, CallEvent("test", number=single, line="2"))
    popup.dismiss(ask=False)
    window.show_tab(1)
    settle(qtbot, services)
    view = window.call_log
    view.all_days.setChecked(True)
    settle(qtbot, services)
    row = next(i for i, c in enumerate(view.model.items) if c.id == popup.call_id)
    cells = [view.model.index(row, col).data() for col in range(6)]
    assert cells[1] == "回線2" and cells[4] == "不在"  # closed before anybody took it
    assert cells[5] == ""  # nobody took it: no operator
    services.tasks.submit(lambda ctx: operators.list_operators(ctx), on_done=view.set_operators)
    settle(qtbot, services)
    view.operator.setCurrentIndex(view.operator.findData(2))
    settle(qtbot, services)
    assert popup.call_id not in [c.id for c in view.model.items]
    view.operator.setCurrentIndex(0)
    view.all_days.setChecked(False)
    view.day.setDate(date(2001, 1, 1))
    settle(qtbot, services)
    assert view.model.rowCount() == 0


def test_missed_calls_call_back_and_done(qtbot, desk, store):
    services, window = desk
    single, _, _ = numbers(store)
    ring = CallEvent("sip", number=single, line="1", call_id="missed-1@pbx")
    popup = post_and_wait(qtbot, services, window, ring)
    services.bridge.post_event(ring.with_state(CallState.CANCELLED))
    settle(qtbot, services)
    popup.dismiss(ask=False)
    window.show_tab(2)
    settle(qtbot, services)
    view = window.missed
    row = next(i for i, c in enumerate(view.model.items) if c.id == popup.call_id)
    view.table.selectRow(row)
    view.call_back()
    assert QGuiApplication.clipboard().text() == single
    qtbot.waitUntil(lambda: window.card.card is not None
                    and window.card.card.summary.customer_id == popup.customer_id,
                    timeout=3000)
    window.show_tab(2)
    settle(qtbot, services)
    row = next(i for i, c in enumerate(view.model.items) if c.id == popup.call_id)
    view.table.selectRow(row)
    view.mark_done()
    settle(qtbot, services)
    assert popup.call_id not in [c.id for c in view.model.items]
    view.show_done.setChecked(True)
    settle(qtbot, services)
    assert popup.call_id in [c.id for c in view.model.items]


def test_customer_voices_list_complaints_and_praise_with_links(qtbot, desk, someone):
    services, window = desk
    cid, *_ = someone
    services.tasks.submit(lambda ctx: notes.add_note(ctx, cid, "とても丁寧な梱包", "praise"))
    services.tasks.submit(lambda ctx: notes.add_note(ctx, cid, "住所の変更", "other"))
    window.show_tab(3)
    settle(qtbot, services)
    view = window.voices
    view.period.setCurrentIndex(0)  # today
    settle(qtbot, services)
    bodies = [v.body for v in view.model.items]
    assert "とても丁寧な梱包" in bodies and "住所の変更" not in bodies
    assert all(v.category in ("complaint", "praise") for v in view.model.items)
    view.kind.setCurrentIndex(1)  # complaints only
    settle(qtbot, services)
    assert "とても丁寧な梱包" not in [v.body for v in view.model.items]
    view.kind.setCurrentIndex(2)
    settle(qtbot, services)
    row = [v.body for v in view.model.items].index("とても丁寧な梱包")
    view.table.activated.emit(view.model.index(row, 2))
    qtbot.waitUntil(lambda: window.card.card is not None
                    and window.card.card.summary.customer_id == cid, timeout=3000)
    assert window.tabs.currentIndex() == 0


def test_everything_has_a_shortcut(qtbot, desk):
    _services, window = desk
    window.show_tab(2)
    assert window.tabs.currentIndex() == 2
    window.focus_search()
    assert window.tabs.currentIndex() == 0
    shortcuts = {a.shortcut().toString() for m in window.menuBar().actions()
                 for a in m.menu().actions()}
    assert {"Ctrl+N", "Ctrl+F", "Ctrl+1", "Ctrl+2", "Ctrl+3", "Ctrl+4", "F8"} <= shortcuts
