"""納品書 from the desk: the selected order's slip from 受注一覧 (Ctrl+P, the button, the
context menu) and from the card's order history, a ship date's slips from the Desk menu and
the ヤマト dialog, each in Qt's print preview (one page per order) and printed from there to
a PDF whose text is the 適格請求書's: the T-number and the 8 % / 10 % lines."""

from __future__ import annotations

import re
import subprocess
import unicodedata
from datetime import timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtPrintSupport import QPrinter, QPrintPreviewWidget
from PySide6.QtTest import QTest
from sqlalchemy import select
from support import require_tool
from ui_helpers import TODAY, customer_with_address, open_card, settle, visible_order_form

from desk_app.domain.delivery import DEFAULT_CARRIER
from desk_app.domain.orders import DraftLine, OrderDraft
from desk_app.services import orders as order_service
from desk_app.services import shipping
from desk_app.services.base import ServiceContext
from desk_app.store import orders
from desk_app.store.models import Customer
from desk_app.store.shop_calendar import load_calendar

T_NUMBER = "登録番号 T7000012050002"  # the demo shop's (no 店舗情報 set in these tests)


def place(store, customer_id, lines=(("F001", 1), ("G001", 1))) -> int:
    """A card order taken today: F001 is food (8 %), G001 not (10 %)."""
    with store.new_session() as s:
        ship = orders.orderer_ship_to(s, customer_id)
    draft = OrderDraft(customer_id, "card", ship, tuple(DraftLine(*x) for x in lines))
    ctx = ServiceContext(store, operator_id=1, today=lambda: TODAY)
    return order_service.place_order(ctx, draft).value.order_id


def pdftotext(path) -> str:
    out = subprocess.run([require_tool("pdftotext"), "-layout", str(path), "-"], check=True,
                         capture_output=True, text=True).stdout
    return unicodedata.normalize("NFKC", out)


def printed_to_pdf(dialog, path) -> str:
    """The preview's own print (what its print button does once a printer is chosen), into
    a PDF file: the pages the clerk saw, through the same paintRequested."""
    printer = dialog.printer
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(path))
    dialog.findChild(QPrintPreviewWidget).print_()
    return pdftotext(path)


def pages(dialog) -> int:
    return dialog.findChild(QPrintPreviewWidget).pageCount()


def select_order(listing, number: int) -> None:
    assert listing.select_number(number)
    listing.table.setFocus()


def test_ctrl_p_in_the_order_list_previews_the_selected_orders_slip(qtbot, desk, store,
                                                                    tmp_path):
    services, window = desk
    cid = customer_with_address(store, 2)
    number = place(store, cid)
    listing = window.open_order_list()
    settle(qtbot, services)
    select_order(listing, number)
    assert "Ctrl+P" in listing.slip_button.text() and "Ctrl+P" in listing.slip_button.toolTip()
    with qtbot.waitSignal(listing.slips.opened, timeout=10000) as blocker:
        QTest.keyClick(listing.table, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    dialog = blocker.args[0]
    assert dialog.isVisible() and pages(dialog) == 1
    # not modal: the desk and the pop-ups keep their keys while it is up
    assert dialog.windowModality() == Qt.WindowModality.NonModal
    text = printed_to_pdf(dialog, tmp_path / "slip.pdf")
    assert "納品書" in text and T_NUMBER in text and f"受注番号 {number}" in text
    assert re.search(r"8%対象\(軽減税率\)\s+¥[\d,]+\(うち消費税 ¥[\d,]+\)", text)
    assert re.search(r"10%対象\s+¥[\d,]+\(うち消費税 ¥[\d,]+\)", text)
    dialog.close()
    # the context menu has the same entry, with its key beside it
    menu = listing.context_menu()
    slip = next(a for a in menu.actions() if a.text() == "納品書…")
    assert slip.isEnabled() and slip.shortcut().toString() == "Ctrl+P"
    menu.close()
    listing.close()


def test_enter_in_the_order_list_does_not_print(qtbot, desk, store):
    services, window = desk
    number = place(store, customer_with_address(store, 4))
    listing = window.open_order_list()
    settle(qtbot, services)
    select_order(listing, number)
    opened = []
    listing.slips.opened.connect(opened.append)
    QTest.keyClick(listing.table, Qt.Key.Key_Return)  # Enter opens the order (受注の修正)
    form = visible_order_form()
    settle(qtbot, services)
    assert not opened
    form.confirm = lambda _q: True  # leave the edit without saving
    form.close()
    listing.close()


def test_a_cancelled_order_has_no_slip(qtbot, desk, store):
    services, window = desk
    number = place(store, customer_with_address(store, 6))
    ctx = ServiceContext(store, operator_id=1, today=lambda: TODAY)
    order_service.cancel_order(ctx, number)
    listing = window.open_order_list()
    settle(qtbot, services)
    select_order(listing, number)
    assert not listing.slip_button.isEnabled()
    assert not listing.print_slip()
    listing.close()


def test_the_cards_order_history_prints_the_orders_slip(qtbot, desk, store):
    services, window = desk
    cid = customer_with_address(store, 3)
    number = place(store, cid)
    open_card(qtbot, window, cid)
    history = window.card.history
    tree = history.tree
    item = next(tree.topLevelItem(i) for i in range(tree.topLevelItemCount())
                if tree.topLevelItem(i).text(1) == str(number))
    tree.setCurrentItem(item)
    tree.setFocus()
    assert history.slip_button.isEnabled()
    with qtbot.waitSignal(history.slips.opened, timeout=10000) as blocker:
        QTest.keyClick(tree, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    dialog = blocker.args[0]
    assert pages(dialog) == 1
    assert dialog.windowTitle() == f"納品書 受注番号 {number}"
    dialog.close()
    assert any(a.text() == "納品書…" for a in history.context_menu().actions())


def test_the_order_form_prints_a_saved_orders_slip_and_not_an_unsaved_one(qtbot, desk, store):
    """The order form has its own 納品書… (Ctrl+P): for an order opened to edit it opens the
    print preview of that order; a new order, or an edit not yet saved, has no slip yet
    (the button is disabled and its tooltip says why, Ctrl+P does nothing)."""
    from desk_app.ui.orders.form import open_order_form

    services, window = desk
    cid = customer_with_address(store, 8)
    number = place(store, cid)
    new = open_order_form(window, services, customer_id=cid)
    settle(qtbot, services)
    new.items.add("F001")
    assert not new.slip_button.isEnabled() and "Ctrl+P" in new.slip_button.text()
    assert "保存" in new.slip_button.toolTip()
    new.slips.opened.connect(lambda _d: pytest.fail("an unsaved order printed"))
    QTest.keyClick(new.items.code, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    settle(qtbot, services)
    new.confirm = lambda _q: True
    new.close()

    form = open_order_form(window, services, order_id=number)
    settle(qtbot, services)
    assert form.slip_button.isEnabled(), form.slip_button.toolTip()
    assert "Ctrl+P" in form.slip_button.toolTip()
    with qtbot.waitSignal(form.slips.opened, timeout=10000) as blocker:
        QTest.keyClick(form.items.code, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    dialog = blocker.args[0]
    assert pages(dialog) == 1 and dialog.windowTitle() == f"納品書 受注番号 {number}"
    dialog.close()
    form.items.add("F003")  # an edit not saved yet: the slip would show the old order
    assert not form.slip_button.isEnabled() and "保存" in form.slip_button.toolTip()
    form.confirm = lambda _q: True
    form.close()


def ship_day(store):
    """The day today's orders leave (the Yamato export's 出荷予定日)."""
    with store.new_session() as s:
        return DEFAULT_CARRIER.ship_date(TODAY, None, "東京都", load_calendar(s))


def test_a_ship_dates_slips_one_page_each_in_one_job(qtbot, desk, store, tmp_path):
    services, window = desk
    with store.new_session() as s:
        ids = s.scalars(select(Customer.id).where(Customer.address1.is_not(None))
                        .order_by(Customer.id).limit(3)).all()
    placed = [place(store, cid) for cid in ids]
    day = ship_day(store)
    ctx = ServiceContext(store, today=lambda: TODAY)
    leaving = list(shipping.export_yamato(ctx, day).orders)  # what the B2 file carries
    assert set(placed) <= set(leaving)
    actions = {a.text(): a for m in window.menuBar().actions() for a in m.menu().actions()}
    entry = actions["出荷分の納品書…"]
    assert entry.shortcut().toString() == "Ctrl+Shift+D"
    entry.trigger()
    from desk_app.ui.orders.slip_print import DaySlipsDialog

    chooser = next(w for w in window.findChildren(DaySlipsDialog) if w.isVisible())
    chooser.date.setDate(day)
    # Enter in the date does not print
    chooser.printing.opened.connect(lambda _d: pytest.fail("Enter printed"))
    QTest.keyClick(chooser.date, Qt.Key.Key_Return)
    settle(qtbot, services)
    chooser.printing.opened.disconnect()
    with qtbot.waitSignal(chooser.printing.opened, timeout=10000) as blocker:
        chooser.preview_button.click()
    dialog = blocker.args[0]
    assert pages(dialog) == len(leaving)
    text = printed_to_pdf(dialog, tmp_path / "day.pdf")
    assert [int(n) for n in re.findall(r"受注番号 (\d+)", text)] == leaving
    assert text.count(T_NUMBER) == len(leaving)
    assert len(re.findall(r"8%対象\(軽減税率\)\s+¥", text)) == len(leaving)
    dialog.close()
    # a day nothing leaves: a line, no preview
    chooser.date.setDate(day + timedelta(days=30))
    chooser.printing.opened.connect(lambda _d: pytest.fail("nothing to print"))
    chooser.preview_button.click()
    settle(qtbot, services)
    assert "納品書はありません" in chooser.status.text()
    chooser.close()


def test_the_yamato_dialog_prints_the_same_days_slips(qtbot, desk, store):
    services, window = desk
    place(store, customer_with_address(store, 7))
    day = ship_day(store)
    ctx = ServiceContext(store, today=lambda: TODAY)
    leaving = shipping.export_yamato(ctx, day).orders
    dialog = window.export_yamato()
    dialog.date.setDate(day)
    opened = []
    dialog.slips.opened.connect(opened.append)
    dialog.slip_button.setFocus()
    QTest.keyClick(dialog.slip_button, Qt.Key.Key_Return)  # Enter on the button: no print
    settle(qtbot, services)
    assert not opened
    with qtbot.waitSignal(dialog.slips.opened, timeout=10000) as blocker:
        dialog.slip_button.click()
    preview = blocker.args[0]
    assert pages(preview) == len(leaving) > 0
    preview.close()
    dialog.close()


def test_the_order_list_with_the_slip_button_still_fits_a_laptop(qtbot, desk, store,
                                                                 monkeypatch):
    from desk_app.ui.kit import placement

    screen = placement.Rect(0, 0, 1280, 760)
    monkeypatch.setattr("desk_app.ui.kit.screens.available", lambda widget=None: screen)
    services, window = desk
    place(store, customer_with_address(store, 5))
    listing = window.open_order_list()
    settle(qtbot, services)
    assert listing.width() <= screen.w and listing.height() <= screen.h
    for button in (listing.edit_button, listing.pay_button, listing.slip_button,
                   listing.cancel_button):
        assert button.isVisible() and button.width() >= button.sizeHint().width()
    listing.close()
