"""The order form with a keyboard, against a real store (qtbot, offscreen)."""

import re
from datetime import date

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication
from sqlalchemy import func, select

from desk_app.domain.orders import DraftLine, OrderDraft, ShipTo
from desk_app.services import orders as svc
from desk_app.services.base import ServiceContext
from desk_app.store import orders
from desk_app.store.models import CustomerStats, Order
from desk_app.ui.orders.form import open_order_form

TODAY = date(2026, 12, 1)


@pytest.fixture
def services(shop, ja_app, qtbot, tmp_path, monkeypatch):
    """The real desk context around the shop; ``published`` lists what the form announced
    on the change hub, as (kind, ids)."""
    from desk_app.ui.app import desk_for

    monkeypatch.setenv("DESK_DATA_DIR", str(tmp_path / "data"))
    desk = desk_for(shop, today=lambda: TODAY,
                    config_path=tmp_path / "config.toml")
    published.clear()
    desk.hub.customers_changed.connect(lambda ids: published.append(("customers", ids)))
    desk.hub.orders_changed.connect(lambda ids: published.append(("orders", ids)))
    yield desk
    qtbot.waitUntil(lambda: desk.tasks.pending == 0, timeout=5000)
    desk.stop()


published: list[tuple[str, frozenset[int]]] = []


def open_form(qtbot, services, **kw):
    form = open_order_form(None, services, **kw)
    form.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, False)  # qtbot closes it
    qtbot.addWidget(form)
    qtbot.waitUntil(lambda: form.ctx is not None, timeout=5000)
    form.confirm = lambda _q: True
    return form


def type_line(qtbot, form, text):
    form.items.code.setFocus()
    qtbot.keyClicks(form.items.code, text)
    qtbot.keyClick(form.items.code, Qt.Key.Key_Return)


def ime(widget, text):
    """Japanese text arrives from the input method as a commit, not as key presses."""
    event = QInputMethodEvent()
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)


def lines(form):
    return [(x.sku, x.quantity) for x in form.items.draft_lines()]


def test_keyboard_order_with_live_totals_and_errors_at_the_field(qtbot, services):
    form = open_form(qtbot, services, customer_id=1, call_id=None)
    assert form.header.name.text() == "山田 花子 様"
    assert "東京都渋谷区神宮前1-2-3" in form.chooser.summary.text()
    assert form.ship.kind() == "orderer" and form.ship.address.text() == "東京都渋谷区神宮前1-2-3"
    type_line(qtbot, form, "f001*2")
    type_line(qtbot, form, "G001")
    type_line(qtbot, form, "G001")  # same code again: one more
    assert lines(form) == [("F001", 2), ("G001", 2)]
    assert form.items.code.text() == "" and form.items.code.hasFocus()
    assert form.totals.values["total"].text() == "¥13,080"
    assert not form.save()  # no payment chosen yet
    error = form.findChild(type(form.status), "error:payment")
    assert error.isVisible() and error.text() == "お支払い方法を選んでください。"
    form.payment.setFocus()
    qtbot.keyClick(form.payment, Qt.Key.Key_Down)
    assert form.payment.currentData() == "cod" and not error.isVisible()
    # 13,080 + 440 (collected 13,520 is in the ¥30,000 band) = 13,520
    assert form.totals.values["total"].text() == "¥13,520"
    assert form.totals.values["items10"].text() == "¥7,040\n（うち消費税 ¥640）"
    with qtbot.waitSignal(form.order_saved, timeout=5000) as saved:
        qtbot.keyClick(form, Qt.Key.Key_F12)
    number, customer_id = saved.args
    assert customer_id == 1
    assert published == [("customers", {1}), ("orders", {number})]
    with services.store.new_session() as s:
        assert s.get(Order, number).total == 13520
        assert s.get(CustomerStats, 1).orders_count == 1
    # the order number to read back to the caller, before the form closes
    qtbot.waitUntil(lambda: form.confirmation is not None and form.confirmation.isVisible(),
                    timeout=3000)
    box = form.confirmation
    assert box.text() == f"受注番号 {number} で登録しました。"
    assert box.isModal() and form.isVisible() and not form.save_button.isEnabled()
    qtbot.keyClick(form, Qt.Key.Key_F12)  # a second F12 saves nothing again
    qtbot.keyClick(box, Qt.Key.Key_Return)  # Enter closes only the message, then the form
    qtbot.waitUntil(lambda: not form.isVisible(), timeout=3000)
    with services.store.new_session() as s:
        assert s.scalar(select(func.count()).select_from(Order)) == 1


def test_name_and_kana_search_then_enter(qtbot, services):
    form = open_form(qtbot, services, customer_id=1)
    form.items.code.setFocus()
    ime(form.items.code, "ごぞうとう")
    assert form.items.results.isVisible() and form.items.results.count() == 2
    qtbot.keyClick(form.items.code, Qt.Key.Key_Return)  # two matches: into the list
    assert form.items.results.hasFocus()
    qtbot.keyClick(form.items.results, Qt.Key.Key_Down)
    qtbot.keyClick(form.items.results, Qt.Key.Key_Return)
    assert lines(form) == [("F022", 1)]
    type_line(qtbot, form, "XYZ")
    assert "当たる商品がありません" in form.items.error.text()


def test_missing_address_is_shown_then_fixed_with_a_new_ship_to(qtbot, services):
    form = open_form(qtbot, services, customer_id=3)
    assert "住所未登録" in form.chooser.summary.text()
    form.payment.setCurrentIndex(form.payment.findData("card"))
    type_line(qtbot, form, "F001")
    assert not form.save()
    error = form.findChild(type(form.status), "error:ship_to.address")
    assert error.isVisible() and "住所が未登録" in error.text()
    form.ship.source.setCurrentIndex(form.ship.source.count() - 1)  # 別のお届け先
    assert not form.ship.address.isReadOnly()
    ime(form.ship.name, "住所 なし")
    qtbot.keyClicks(form.ship.postal, "2310023")
    qtbot.keyClick(form.ship.postal, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: form.ship.address.text() == "神奈川県横浜市中区山下町", timeout=5000)
    qtbot.keyClicks(form.ship.address, "1-2")
    qtbot.keyClicks(form.ship.phone, "090-8765-4321")
    form.delivery.use_date.setChecked(True)  # starts at the earliest date Yamato can make
    assert form.delivery.delivery_date() == date(2026, 12, 3)
    assert form.delivery.earliest.text() == "最短 12/3（木）"
    form.delivery.date.setDate(QDate(2026, 12, 2))
    assert not form.save()
    date_error = form.findChild(type(form.status), "error:delivery.date")
    assert "12月3日以降" in date_error.text()
    form.delivery.date.setDate(QDate(2026, 12, 3))
    assert not date_error.isVisible()
    with qtbot.waitSignal(form.order_saved, timeout=5000):
        assert form.save()
    with services.store.new_session() as s:
        o = s.scalars(select(Order)).one()
        assert (o.ship_address, o.delivery_date) == ("神奈川県横浜市中区山下町1-2", date(2026, 12, 3))


def test_repeat_last_order_copies_items_and_ship_to(qtbot, services):
    gift = ShipTo("佐藤 次郎", "060-0001", "北海道札幌市中央区北一条西2-1", "011-123-4567")
    svc.place_order(ServiceContext(services.store, today=lambda: date(2026, 11, 1)),
                    OrderDraft(2, "bank", gift, (DraftLine("F021", 2), DraftLine("G013", 1)),
                               ship_to_source="new"))
    form = open_form(qtbot, services, customer_id=2, repeat_last=True)
    assert lines(form) == [("F021", 2), ("G013", 1)]
    assert form.ship.kind() == "new" and form.ship.name.text() == "佐藤 次郎"
    assert form.ship.address.text() == gift.address
    form.items.set_lines([])
    qtbot.keyClick(form, Qt.Key.Key_F5)
    assert lines(form) == [("F021", 2), ("G013", 1)]


def test_suggestions_add_with_one_keystroke(qtbot, services):
    form = open_form(qtbot, services, customer_id=1)
    type_line(qtbot, form, "F001")
    assert form.suggestions.sku_at(0) == "F002"  # the 90-pack is the upgrade of F001
    assert "大容量" in form.suggestions.list.item(0).text()
    form.suggestions.list.setFocus()
    form.suggestions.list.setCurrentRow(0)
    qtbot.keyClick(form.suggestions.list, Qt.Key.Key_Return)
    assert lines(form) == [("F001", 1), ("F002", 1)]
    type_line(qtbot, form, "G001")
    assert form.suggestions.sku_at(0) == "G002"
    qtbot.keyClick(form.items.code, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    assert ("G002", 1) in lines(form)


def test_empty_form_finds_the_customer_first(qtbot, services):
    form = open_form(qtbot, services)
    assert form.chooser.search.isVisible() and form.customer_id is None
    qtbot.keyClicks(form.chooser.search, "0000002")
    qtbot.keyClick(form.chooser.search, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: form.customer_id == 2, timeout=5000)
    assert form.header.name.text() == "佐藤 一郎 様" and not form.chooser.search.isVisible()
    assert form.ship.address.text() == "大阪府大阪市北区梅田1-1-1 梅田ハイツ 203"


def test_edit_and_cancel_an_order_move_the_figures(qtbot, services):
    with services.store.new_session() as s:
        ship = orders.orderer_ship_to(s, 1)
    saved = svc.place_order(ServiceContext(services.store, today=lambda: TODAY),
                            OrderDraft(1, "card", ship, (DraftLine("F001", 1),))).value
    form = open_form(qtbot, services, order_id=saved.order_id)
    assert form.windowTitle().startswith("受注の修正 — 山田 花子") and lines(form) == [("F001", 1)]
    type_line(qtbot, form, "F001")
    with qtbot.waitSignal(form.order_saved, timeout=5000):
        form.save()
    with services.store.new_session() as s:
        assert s.get(CustomerStats, 1).total_amount == 6480
    form = open_form(qtbot, services, order_id=saved.order_id)
    with qtbot.waitSignal(form.order_saved, timeout=5000):
        form.cancel_order_button.click()
    with services.store.new_session() as s:
        assert s.get(Order, saved.order_id).status == "cancelled"
        assert s.get(CustomerStats, 1).orders_count == 0
    assert published[-2:] == [("customers", {1}), ("orders", {saved.order_id})]


def test_closing_with_lines_asks_first(qtbot, services):
    form = open_form(qtbot, services, customer_id=1)
    type_line(qtbot, form, "F001")
    form.confirm = lambda _q: False
    form.reject()
    assert form.isVisible()
    form.confirm = lambda _q: True
    form.reject()
    assert not form.isVisible()
    with services.store.new_session() as s:
        assert s.scalar(select(func.count()).select_from(Order)) == 0


def test_a_form_closed_before_its_jobs_finish_drops_their_answers(qtbot, services):
    form = open_order_form(None, services, customer_id=1)  # deletes itself on close
    form.close()
    qtbot.waitUntil(lambda: services.tasks.pending == 0, timeout=5000)
    qtbot.wait(50)


JAPANESE = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uff01-\uff5e]")


def chrome_texts(widget) -> list[str]:
    """Every label, title, button, placeholder, tooltip and header the clerk reads, without
    the customer's own data (name, reading, address, stage) and the noshi words."""
    from PySide6.QtWidgets import (
        QAbstractButton,
        QComboBox,
        QGroupBox,
        QLabel,
        QLineEdit,
        QTableWidget,
        QWidget,
    )

    data = {"customerStage", "customerName", "customerKana", "ordererSummary", "noshiOmote",
            "shipSource", "shipName", "shipAddress"}
    out = [widget.windowTitle().split(" — ")[0]]  # the rest is the customer: name, reading
    for w in widget.findChildren(QWidget):
        if w.objectName() in data:
            continue
        out.append(w.toolTip())
        if isinstance(w, QLabel):
            out.append(w.text())
        elif isinstance(w, QAbstractButton):
            out.append(w.text())
        elif isinstance(w, QGroupBox):
            out.append(w.title())
        elif isinstance(w, QLineEdit):
            out.append(w.placeholderText())
        elif isinstance(w, QComboBox):
            out += [w.itemText(i) for i in range(w.count())] + [w.placeholderText()]
        elif isinstance(w, QTableWidget):
            out += [w.horizontalHeaderItem(c).text() for c in range(w.columnCount())]
    return [t for t in out if t]


def test_the_form_speaks_english_with_lang_en(qtbot, services, en_app):
    form = open_form(qtbot, services, customer_id=1)
    assert form.windowTitle().startswith("Phone order — 山田 花子")
    assert form.header.name.text() == "山田 花子"
    assert form.payment.itemText(0) == "Cash on delivery"
    assert form.delivery.slot.itemText(1) == "Morning"
    assert form.header.info.text().startswith("Customer code 0000001 / Ordered 0 times")
    type_line(qtbot, form, "F001")
    form.delivery.use_date.setChecked(True)
    assert form.delivery.earliest.text() == "earliest 12/3 (Thu)"
    assert not form.save()
    assert form.status.text() == "Please check the entries (1 problem)."
    error = form.findChild(type(form.status), "error:payment")
    assert error.text() == "Choose the payment method."
    type_line(qtbot, form, "NOPE")
    assert form.items.error.text().startswith("No product matches “NOPE”.")
    japanese = [t for t in chrome_texts(form) if JAPANESE.search(t)]
    assert japanese == [], japanese
    assert len(chrome_texts(form)) > 60
