"""Order work at the desk outside a call: the Desk menu (新規受注, 商品マスタ, ヤマトB2用CSV出力)
and the customer card's order history (受注の修正, 受注取消), on the real desk and store."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QApplication
from sqlalchemy import select
from ui_helpers import TODAY, settle

from desk_app.domain.delivery import DEFAULT_CARRIER
from desk_app.domain.orders import DraftLine, OrderDraft, ShipTo
from desk_app.services import orders as order_service
from desk_app.services.base import ServiceContext
from desk_app.store import customers, orders
from desk_app.store.models import Customer, CustomerStats, Order
from desk_app.ui.kit import fmt

SHIP_DAY = date(2027, 6, 10)  # long after the seeded history: only the orders placed here


def visible(cls) -> list:
    return [w for w in QApplication.topLevelWidgets() if isinstance(w, cls) and w.isVisible()]


def desk_actions(window) -> dict:
    return {a.text(): a for m in window.menuBar().actions() for a in m.menu().actions()}


def place(store, customer_id: int, lines, *, today=TODAY, ship: ShipTo | None = None,
          delivery: date | None = None) -> int:
    with store.new_session() as s:
        ship_to = ship or orders.orderer_ship_to(s, customer_id)
    draft = OrderDraft(customer_id, "card", ship_to, tuple(DraftLine(*x) for x in lines),
                       ship_to_source="new" if ship else "orderer", delivery_date=delivery)
    ctx = ServiceContext(store, today=lambda: today)
    return order_service.place_order(ctx, draft).value.order_id


def regulars(store, n: int) -> list[tuple[int, str | None]]:
    """Customers with an address and earlier orders (no thank-you letter is due), newest
    first so that the tests elsewhere (which take the first customers) are not disturbed."""
    with store.new_session() as s:
        rows = s.execute(select(Customer.id, Customer.prefecture)
                         .join(CustomerStats, CustomerStats.customer_id == Customer.id)
                         .where(Customer.postal_code.is_not(None), Customer.address1.is_not(None),
                                Customer.prefecture.is_not(None), CustomerStats.orders_count > 0)
                         .order_by(Customer.id.desc()).limit(n)).all()
    return [(r.id, r.prefecture) for r in rows]


def open_card(qtbot, services, window, customer_id: int):
    window.open_customer(customer_id)
    qtbot.waitUntil(lambda: window.card.card is not None
                    and window.card.card.summary.customer_id == customer_id, timeout=5000)
    settle(qtbot, services)
    return window.card


def select_order(card, number: int):
    tree = card.history.tree
    item = next(tree.topLevelItem(i) for i in range(tree.topLevelItemCount())
                if tree.topLevelItem(i).text(1) == str(number))
    tree.setCurrentItem(item)
    return item


def test_desk_menu_opens_the_order_form_the_catalogue_and_the_export(qtbot, desk):
    from desk_app.ui.orders.form import OrderForm
    from desk_app.ui.orders.products import ProductsDialog
    from desk_app.ui.orders.yamato_export import YamatoExportDialog

    services, window = desk
    actions = desk_actions(window)
    keys = {text: actions[text].shortcut().toString()
            for text in ("新規受注", "商品マスタ…", "ヤマトB2用CSV出力…")}
    assert keys == {"新規受注": "Ctrl+O", "商品マスタ…": "Ctrl+M", "ヤマトB2用CSV出力…": "Ctrl+Shift+E"}
    actions["新規受注"].trigger()
    qtbot.waitUntil(lambda: len(visible(OrderForm)) == 1, timeout=5000)
    form = visible(OrderForm)[0]
    qtbot.waitUntil(lambda: form.ctx is not None, timeout=5000)
    assert form.windowTitle() == "電話受注" and form.customer_id is None
    assert form.chooser.search.isVisible() and form.order_id is None
    form.close()
    actions["商品マスタ…"].trigger()
    qtbot.waitUntil(lambda: len(visible(ProductsDialog)) == 1, timeout=5000)
    catalogue = visible(ProductsDialog)[0]
    qtbot.waitUntil(lambda: catalogue.table.rowCount() > 30, timeout=5000)
    assert catalogue.windowTitle() == "商品" and catalogue.parent() is window
    catalogue.close()
    actions["ヤマトB2用CSV出力…"].trigger()
    qtbot.waitUntil(lambda: len(visible(YamatoExportDialog)) == 1, timeout=5000)
    export = visible(YamatoExportDialog)[0]
    assert export.ship_date() == TODAY  # the desk's day
    assert export.path.text().endswith("yamato-b2-20261123.csv")
    export.close()
    settle(qtbot, services)


def test_edit_from_the_card_opens_the_order_with_its_lines(qtbot, desk, store):
    from desk_app.ui.orders.form import OrderForm

    services, window = desk
    (cid, _pref), = regulars(store, 1)
    number = place(store, cid, [("F001", 2), ("G001", 1)])
    card = open_card(qtbot, services, window, cid)
    assert not card.history.edit_button.isEnabled()  # nothing selected yet
    card.history.tree.setCurrentItem(select_order(card, number).child(1))  # a line: its order
    assert card.history.edit_button.isEnabled()
    card.history.edit_button.click()
    qtbot.waitUntil(lambda: len(visible(OrderForm)) == 1, timeout=5000)
    form = visible(OrderForm)[0]
    qtbot.waitUntil(lambda: form.ctx is not None, timeout=5000)
    assert form.order_id == number and form.customer_id == cid
    assert form.windowTitle().startswith("受注の修正 — ") and form.cancel_order_button.isVisible()
    assert [(x.sku, x.quantity) for x in form.items.draft_lines()] == [("F001", 2), ("G001", 1)]
    form.confirm = lambda _q: True
    form.close()
    order_service.cancel_order(ServiceContext(store), number)  # leave the shared store's figures
    settle(qtbot, services)


def test_cancel_from_the_card_updates_the_figures_and_greys_the_order(qtbot, desk, store):
    services, window = desk
    (cid, _pref), = regulars(store, 1)
    number = place(store, cid, [("F001", 1)])
    card = open_card(qtbot, services, window, cid)
    before = card.card.summary
    with store.new_session() as s:
        total = s.get(Order, number).total
    select_order(card, number)
    asked = []
    card.history.confirm = lambda question: asked.append(question) or True
    card.history.cancel_button.click()
    qtbot.waitUntil(lambda: card.card.summary.orders_count == before.orders_count - 1,
                    timeout=5000)
    settle(qtbot, services)
    assert asked and str(number) in asked[0]
    assert card.fields["orders"].text() == fmt.count(before.orders_count - 1)
    assert card.fields["total"].text() == fmt.yen(before.total_amount - total)
    with store.new_session() as s:
        assert s.get(Order, number).status == "cancelled"
        fresh = customers.card(s, cid, TODAY)
    assert card.stage.text() == fresh.summary.stage
    item = select_order(card, number)
    assert item.text(2).startswith("【取消】")
    assert item.foreground(0).color() == Qt.GlobalColor.gray and item.font(4).strikeOut()
    assert not card.history.edit_button.isEnabled() and not card.history.cancel_button.isEnabled()
    assert window.statusBar().currentMessage() == f"受注番号 {number} を取り消しました。"
    assert card.history.cancel_selected() is False  # a cancelled order cannot be cancelled


def test_export_writes_the_days_shipments_as_cp932(qtbot, desk, store, tmp_path):
    from desk_app.ui.orders.yamato_export import YamatoExportDialog

    services, window = desk
    placed = []
    for i, (cid, pref) in enumerate(regulars(store, 4)[1:]):  # not the card tests' customer
        delivery = SHIP_DAY + timedelta(days=DEFAULT_CARRIER.transit_days(pref))
        ship = None
        if i == 0:  # a gift to a name Shift_JIS cannot write: a warning, 〓 in the file
            with store.new_session() as s:
                o = orders.orderer_ship_to(s, cid)
            ship = ShipTo("𠮷田 太郎", o.postal_code, o.address, o.phone)
        placed.append(place(store, cid, [("F001", 1)], today=SHIP_DAY - timedelta(days=9),
                            ship=ship, delivery=delivery))
    try:
        window.export_yamato()
        qtbot.waitUntil(lambda: len(visible(YamatoExportDialog)) == 1, timeout=5000)
        dialog = visible(YamatoExportDialog)[0]
        dialog.date.setDate(QDate(SHIP_DAY.year, SHIP_DAY.month, SHIP_DAY.day))
        out = tmp_path / "b2.csv"
        dialog.path.setText(str(out))
        with qtbot.waitSignal(dialog.exported, timeout=5000) as done:
            dialog.export_button.click()
        assert done.args[0].rows == 3
        text = out.read_bytes().decode("cp932")
        rows = text.split("\r\n")
        assert rows[-1] == "" and len(rows) == 1 + 3 + 1  # header, three parcels, final CRLF
        assert rows[0].startswith("お客様管理番号,送り状種類")
        assert sorted(int(r.split(",")[0]) for r in rows[1:4]) == sorted(placed)
        assert all(",2027/06/10," in r for r in rows[1:4]) and "〓田 太郎" in text
        assert "出荷予定日 2027/06/10: 3件を" in dialog.status.text()
        assert "デモのご依頼主" in dialog.status.text()  # no shop.json in the data folder
        assert dialog.warnings.isVisible() and "𠮷" in dialog.warnings.toPlainText()
        dialog.close()
    finally:
        for number in placed:
            order_service.cancel_order(ServiceContext(store), number)
    settle(qtbot, services)


def test_export_of_a_day_without_shipments_writes_the_header_only(qtbot, desk, tmp_path):
    services, window = desk
    ship_day = SHIP_DAY + timedelta(days=21)
    dialog = window.export_yamato()
    dialog.date.setDate(QDate(ship_day.year, ship_day.month, ship_day.day))
    dialog.path.setText(str(tmp_path / "empty.csv"))
    with qtbot.waitSignal(dialog.exported, timeout=5000):
        dialog.export()
    assert (tmp_path / "empty.csv").read_bytes().decode("cp932").count("\r\n") == 1
    assert "出荷する受注はありません" in dialog.status.text()
    assert not dialog.warnings.isVisible()
    dialog.close()
    settle(qtbot, services)
