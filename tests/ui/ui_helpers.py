"""Helpers shared by the desk's UI tests."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select

TODAY = date(2026, 11, 23)


def settle(qtbot, services, timeout: int = 5000) -> None:
    """Wait until every worker job has delivered its answer and the GUI has caught up."""
    qtbot.waitUntil(lambda: services.tasks.pending == 0, timeout=timeout)
    qtbot.wait(20)


def numbers(store):
    """A single-owner number, a shared (family) number, and an unknown valid number."""
    from desk_app.store.models import Phone

    with store.new_session() as s:
        single = s.scalar(select(Phone.national).where(Phone.kind == "mobile")
                          .order_by(Phone.id).limit(1))
        family = s.scalar(select(Phone.national).group_by(Phone.national)
                          .having(func.count(func.distinct(Phone.customer_id)) > 1).limit(1))
    return single, family, "0311119999"


def post_and_wait(qtbot, services, window, event, count: int | None = None):
    services.bridge.post_event(event)
    expected = count if count is not None else len(window.popups.popups) + 1
    qtbot.waitUntil(lambda: len(window.popups.popups) >= expected, timeout=3000)
    popup = window.popups.popups[-1]
    qtbot.waitUntil(lambda: popup.data is not None, timeout=5000)
    settle(qtbot, services)
    return popup



def type_text(widget, text: str) -> None:
    """Type *text* key by key (QTest.keyClicks only handles ASCII): like an IME commit."""
    from PySide6.QtCore import QEvent, Qt
    from PySide6.QtGui import QKeyEvent
    from PySide6.QtWidgets import QApplication

    for ch in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(widget, QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier, ch))


def read_back(qtbot, form) -> str:
    """After a save the form shows the order number in a message the clerk dismisses; Enter
    closes that message (only it), then the form closes. The message's text."""
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    qtbot.waitUntil(lambda: form.confirmation is not None
                    and form.confirmation.isVisible(), timeout=5000)
    box = form.confirmation
    text = box.text()
    assert form.isVisible()  # behind the message until the clerk has read the number
    QTest.keyClick(box, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not form.isVisible(), timeout=3000)
    return text


def open_card(qtbot, window, cid: int) -> None:
    """Open customer *cid*'s card in the main window, as the search list does, and wait for it."""
    window.open_customer(cid)
    qtbot.waitUntil(lambda: window.card.card is not None
                    and window.card.card.summary.customer_id == cid, timeout=5000)


def visible_order_form():
    """The order form that is open on screen (one at a time in these tests)."""
    from PySide6.QtWidgets import QApplication

    from desk_app.ui.orders.form import OrderForm

    return next(w for w in QApplication.topLevelWidgets()
                if isinstance(w, OrderForm) and w.isVisible())


def customer_with_address(store, offset: int) -> int:
    """A seeded customer who has an address, a different one per *offset*."""
    from desk_app.store.models import Customer

    with store.new_session() as s:
        return s.scalar(select(Customer.id).where(Customer.address1.is_not(None))
                        .order_by(Customer.id.desc()).offset(offset).limit(1))


def tab_walk(start, steps: int = 60) -> list:
    """The widgets Tab visits from *start* until it comes back (or *steps* presses)."""
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    start.setFocus()
    seen, widget = [], start
    for _ in range(steps):
        seen.append(widget)
        QTest.keyClick(widget, Qt.Key.Key_Tab)
        widget = QApplication.focusWidget()
        assert widget is not None, [type(w).__name__ + ":" + w.objectName() for w in seen]
        if widget is start:
            break
    return seen


def write_shop_file(path, rows, encoding="cp932") -> str:
    """*rows* as a shop's export: CSV with CRLF, CP932 unless told otherwise."""
    import csv
    import io

    buf = io.StringIO()
    csv.writer(buf, lineterminator="\r\n").writerows(rows)
    path.write_bytes(buf.getvalue().encode(encoding))
    return str(path)


def open_import_file(qtbot, services, path, window=None):
    """The import dialog on *path*, once its first rows are read."""
    from desk_app.ui.imports import ImportDialog

    dialog = ImportDialog(services, window)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.activateWindow()
    dialog.open_file(path)
    qtbot.waitUntil(lambda: dialog.preview_data is not None and not dialog.running,
                    timeout=10000)
    return dialog


def enter_in_next_question(seen: list) -> None:
    """Press Enter in the next message box (as the clerk would) and note what it asked and
    what its default button was."""
    from PySide6.QtCore import Qt, QTimer
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication, QMessageBox

    def answer():
        box = next((w for w in QApplication.topLevelWidgets()
                    if isinstance(w, QMessageBox) and w.isVisible()), None)
        if box is None:
            QTimer.singleShot(20, answer)
            return
        seen.append((box.text(), box.defaultButton() and box.standardButton(box.defaultButton())))
        QTest.keyClick(box.focusWidget() or box, Qt.Key.Key_Return)
    QTimer.singleShot(20, answer)
