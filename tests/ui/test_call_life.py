"""A call's life in the lists as the desk sees it: 呼出中 while the pop-up is up and nobody
took it, 応答 once a clerk acts on it (a click, the card, an order, a note, F8 and staying),
不在 when the pop-up closes unanswered; the operator only where one took the call. A missed call leaves
the call-back list when it is called back or when the same number called again and a clerk
answered."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from ui_helpers import numbers, post_and_wait, settle

from desk_app.domain.call_event import CallEvent
from desk_app.ui.desk.call_log import CALL_ID_ROLE


def recent_line(window, call_id: int) -> str:
    """The recent-calls panel's text for *call_id* (its rows are newest first)."""
    rows = window.recent.list
    for i in range(rows.count()):
        if rows.item(i).data(CALL_ID_ROLE) == call_id:
            return rows.item(i).text()
    raise AssertionError(f"call {call_id} not in the recent calls")


def log_row(qtbot, services, window, call_id: int) -> list[str]:
    window.call_log.all_days.setChecked(True)
    window.call_log.refresh()
    settle(qtbot, services)
    model = window.call_log.model
    for r in range(model.rowCount()):
        if model.item(r).id == call_id:
            return [model.data(model.index(r, c)) for c in range(model.columnCount())]
    raise AssertionError(f"call {call_id} not in the call log")


def test_a_ringing_call_is_ringing_until_a_clerk_takes_it(qtbot, desk, store):
    services, window = desk
    single, _, _ = numbers(store)
    popup = post_and_wait(qtbot, services, window, CallEvent("test", number=single, line="1"))
    settle(qtbot, services)
    row = log_row(qtbot, services, window, popup.call_id)
    assert row[4] == "呼出中" and row[5] == ""  # nobody took it yet: no operator either
    qtbot.waitUntil(lambda: "[呼出中]" in recent_line(window, popup.call_id), timeout=5000)
    window.popups.focus_next()  # F8: the keyboard comes to the pop-up
    settle(qtbot, services)
    assert log_row(qtbot, services, window, popup.call_id)[4] == "呼出中"
    QTest.keyClick(popup.notes.body, Qt.Key.Key_A)  # and the clerk stays: a word typed
    settle(qtbot, services)
    row = log_row(qtbot, services, window, popup.call_id)
    assert row[4] == "応答" and row[5] == "佐藤"
    qtbot.waitUntil(lambda: "[応答]" in recent_line(window, popup.call_id), timeout=5000)
    popup.dismiss(ask=False)  # closing an answered call's pop-up does not make it missed
    settle(qtbot, services)
    assert log_row(qtbot, services, window, popup.call_id)[4] == "応答"


def test_an_action_from_the_pop_up_answers_the_call(qtbot, desk, store):
    services, window = desk
    single, _, _ = numbers(store)
    popup = post_and_wait(qtbot, services, window, CallEvent("test", number=single, line="1"))
    popup.trigger("card")
    settle(qtbot, services)
    assert log_row(qtbot, services, window, popup.call_id)[4:] == ["応答", "佐藤"]


def test_a_pop_up_closed_unanswered_leaves_a_missed_call(qtbot, desk):
    services, window = desk
    popup = post_and_wait(qtbot, services, window,
                          CallEvent("test", number="0312340101", line="1"))
    call_id = popup.call_id
    popup.trigger("dismiss")  # Esc: nobody took it
    settle(qtbot, services)
    assert log_row(qtbot, services, window, call_id)[4:] == ["不在", ""]
    window.missed.refresh()
    settle(qtbot, services)
    assert call_id in [c.id for c in window.missed.model.items]


def test_a_click_on_the_close_button_does_not_take_the_call(qtbot, desk, monkeypatch):
    """A click on a pop-up takes the call (応答) — but not a click on its 閉じる button:
    that closes it unanswered, and the call must reach the call-back list."""
    from PySide6.QtCore import QEvent, Qt
    from PySide6.QtGui import QCursor
    from PySide6.QtWidgets import QApplication

    from desk_app.ui.desk import popup as popup_module

    services, window = desk
    popup = post_and_wait(qtbot, services, window,
                          CallEvent("test", number="0312340102", line="1"))
    button = popup.buttons["dismiss"]
    at = button.mapToGlobal(button.rect().center())
    monkeypatch.setattr(popup_module.QApplication, "mouseButtons",
                        staticmethod(lambda: Qt.MouseButton.LeftButton))
    monkeypatch.setattr(popup_module.QCursor, "pos", staticmethod(lambda: at))
    popup.keyboard_wanted = False
    QApplication.sendEvent(popup, QEvent(QEvent.Type.WindowActivate))  # the press activates it
    assert popup.keyboard_wanted and QCursor.pos() == at
    popup.trigger("dismiss")  # the click's release
    settle(qtbot, services)
    assert log_row(qtbot, services, window, popup.call_id)[4:] == ["不在", ""]


def test_a_later_answered_call_from_the_same_number_settles_the_missed_call(qtbot, desk):
    services, window = desk
    first = post_and_wait(qtbot, services, window,
                          CallEvent("test", number="0312340202", line="1"))
    missed_id = first.call_id
    first.trigger("dismiss")
    settle(qtbot, services)
    window.missed.refresh()
    settle(qtbot, services)
    waiting = sum(1 for c in window.missed.model.items if not c.settled)
    assert missed_id in [c.id for c in window.missed.model.items]
    assert window.tabs.tabText(2) == f"不在着信一覧 ({waiting})"
    # the caller rings again and a clerk answers: the call-back is not needed any more
    again = post_and_wait(qtbot, services, window,
                          CallEvent("test", number="0312340202", line="2"))
    assert missed_id in [c.id for c in window.missed.model.items]  # only ringing yet
    again.trigger("note")
    settle(qtbot, services)
    qtbot.waitUntil(lambda: missed_id not in [c.id for c in window.missed.model.items],
                    timeout=5000)
    left = waiting - 1
    assert window.tabs.tabText(2) == ("不在着信一覧" + (f" ({left})" if left else ""))
    window.missed.show_done.setChecked(True)
    settle(qtbot, services)
    model = window.missed.model
    row = next(r for r in range(model.rowCount()) if model.item(r).id == missed_id)
    assert model.data(model.index(row, 4)) == "再着信で応答"


def test_the_pop_up_says_answered_once_taken(qtbot, desk, store):
    services, window = desk
    single, _, _ = numbers(store)
    popup = post_and_wait(qtbot, services, window, CallEvent("test", number=single, line="1"))
    assert popup.state.text() == "呼出中"
    window.popups.focus_next()
    assert popup.state.text() == "呼出中"  # F8 alone may only be passing through
    QTest.keyClick(popup.notes.body, Qt.Key.Key_Return)
    assert popup.state.text() == "応答"


def test_f8_passing_through_pop_ups_takes_none_of_their_calls(qtbot, desk):
    """Three rings; the clerk presses F8 three times to reach the one to answer: the two
    passed through are still ringing, and become 不在 when their pop-ups close; the one
    the clerk stayed with is 応答 (even closed at once: a wrong number)."""
    services, window = desk
    popups = [post_and_wait(qtbot, services, window,
                            CallEvent("test", number=f"031234030{i}", line=str(i)))
              for i in range(1, 4)]
    first, second, third = popups
    for expected in (third, first, second):  # F8 lands on the newest, then goes round
        window.popups.focus_next()
        qtbot.waitUntil(lambda e=expected: QApplication.activeWindow() is e, timeout=3000)
    settle(qtbot, services)
    for p in popups:
        assert log_row(qtbot, services, window, p.call_id)[4] == "呼出中"
    ids = {p: p.call_id for p in popups}
    second.trigger("dismiss")  # Esc where the keyboard stayed: a wrong number, taken
    third.close()
    first.close()
    settle(qtbot, services)
    assert log_row(qtbot, services, window, ids[second])[4:] == ["応答", "佐藤"]
    assert log_row(qtbot, services, window, ids[third])[4:] == ["不在", ""]
    assert log_row(qtbot, services, window, ids[first])[4:] == ["不在", ""]


def test_typing_japanese_after_f8_takes_the_call(qtbot, desk):
    """An input method sends no key press: its text alone takes the call."""
    services, window = desk
    popup = post_and_wait(qtbot, services, window,
                          CallEvent("test", number="0312340401", line="1"))
    window.popups.focus_next()
    assert popup.provisional and not popup.answered
    QApplication.sendEvent(popup.notes.body, QInputMethodEvent("へんぴん", []))
    settle(qtbot, services)
    assert popup.answered
    assert log_row(qtbot, services, window, popup.call_id)[4:] == ["応答", "佐藤"]


def test_a_running_desk_closes_rings_a_killed_desk_left(qtbot, desk):
    """A desk killed during a call and started again at once found the ring younger than
    ten minutes, left it 呼出中, and never looked again: nobody called back. It looks once
    more when every ring from before its start is over ten minutes old."""
    from datetime import UTC, datetime, timedelta

    from desk_app.store.models import Call
    from desk_app.ui.app import keep_closing_stale_rings

    services, window = desk

    def ring(minutes_ago: int) -> int:
        with services.store.new_session() as s:
            call = Call(received_at=datetime.now(UTC) - timedelta(minutes=minutes_ago),
                        source="test", number="0312349999", outcome="ringing")
            s.add(call)
            s.commit()
            return call.id

    def outcome(call_id: int) -> str:
        with services.store.new_session() as s:
            return s.get(Call, call_id).outcome

    old, young = ring(30), ring(3)
    later = keep_closing_stale_rings(services)  # the start
    settle(qtbot, services)
    assert (outcome(old), outcome(young)) == ("missed", "ringing")
    with services.store.new_session() as s:  # seven minutes on, the ring is over
        s.get(Call, young).received_at = datetime.now(UTC) - timedelta(minutes=11)
        s.commit()
    assert later.isActive() and later.isSingleShot()
    later.timeout.emit()  # once the rings from before the start are over
    settle(qtbot, services)
    assert outcome(young) == "missed"
    window.missed.refresh()
    settle(qtbot, services)
    assert young in [c.id for c in window.missed.model.items]


def test_f3_brings_the_note_field_into_view_on_a_short_screen(qtbot, desk, store, monkeypatch):
    """With three pop-ups at 1280×800 each is short, and the note field lies below the
    figures and the orders: F3 put the keyboard there unseen, and the clerk typed blind."""
    from desk_app.ui.kit import placement

    monkeypatch.setattr("desk_app.ui.kit.screens.available",
                        lambda widget=None: placement.Rect(0, 0, 1280, 420))
    services, window = desk
    single, _, _ = numbers(store)
    popup = post_and_wait(qtbot, services, window, CallEvent("test", number=single, line="1"))
    qtbot.waitUntil(lambda: popup.scroll.verticalScrollBar().maximum() > 0, timeout=3000)
    assert popup.scroll.verticalScrollBar().value() == 0  # the top first: who is calling
    assert popup.notes.body.visibleRegion().isEmpty()
    popup.trigger("note")  # F3
    qtbot.waitUntil(lambda: not popup.notes.body.visibleRegion().isEmpty(), timeout=3000)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is popup.notes.body, timeout=3000)


def test_a_missed_call_from_a_family_number_says_so(qtbot, desk, store):
    """A family's shared number closed unanswered read 「（未登録の番号）」 in 不在着信一覧 and
    nothing in 着信履歴: the number is known, only who called is not."""
    services, window = desk
    _, family, unknown = numbers(store)
    shared = post_and_wait(qtbot, services, window, CallEvent("test", number=family, line="1"))
    stranger = post_and_wait(qtbot, services, window,
                             CallEvent("test", number=unknown, line="2"))
    ids = shared.call_id, stranger.call_id
    shared.trigger("dismiss")
    stranger.trigger("dismiss")
    settle(qtbot, services)
    window.missed.refresh()
    settle(qtbot, services)
    model = window.missed.model
    shown = {model.item(r).id: model.data(model.index(r, 3)) for r in range(model.rowCount())}
    assert shown[ids[0]].startswith("家族共用（") and shown[ids[0]].endswith("名）")
    assert shown[ids[1]] == "（未登録の番号）"
    assert log_row(qtbot, services, window, ids[0])[3] == shown[ids[0]]
