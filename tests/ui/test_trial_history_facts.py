"""Trial on a fresh clone (issue 10): the expanded order in the card's 受注履歴 showed
「お支払い方法: クレジ…」「お届け: 2026/10/17…」 — the facts the caller asks about sat in the
narrow 商品名 column and were cut, at 1600×1000 as at 1280×800. They span the row now."""

from __future__ import annotations

from test_order_details import cancel, gift_order
from ui_helpers import open_card, settle

from desk_app.ui.kit import placement

LAPTOP = placement.Rect(0, 0, 1280, 760)


def test_the_order_facts_are_readable_in_full_at_1280(qtbot, desk, store, monkeypatch):
    monkeypatch.setattr("desk_app.ui.kit.screens.available", lambda widget=None: LAPTOP)
    services, window = desk
    window.fit_to_screen()
    cid, number = gift_order(store, offset=23)
    try:
        open_card(qtbot, window, cid)
        settle(qtbot, services)
        tree = window.card.history.tree
        top = next(tree.topLevelItem(i) for i in range(tree.topLevelItemCount())
                   if tree.topLevelItem(i).text(1) == str(number))
        top.setExpanded(True)
        qtbot.wait(50)
        metrics = tree.fontMetrics()
        cut = []
        for n in range(4):  # payment, delivery, のし, ご依頼主
            child = top.child(n)
            column = next(c for c in range(tree.columnCount()) if child.text(c))
            text = child.text(column)
            shown = tree.visualItemRect(child) if child.isFirstColumnSpanned() else \
                tree.visualRect(tree.indexFromItem(child, column))
            if shown.width() < metrics.horizontalAdvance(text):
                cut.append(text)
        assert cut == []
    finally:
        cancel(store, number)
        settle(qtbot, services)


def test_an_imported_sale_says_where_it_came_from(qtbot, desk, store):
    """An imported sale has no payment, delivery or のし of the desk's: its row says it
    was imported, with its order id in the shop's earlier system when the file had one
    (what the caller's old receipt says), instead of 「お支払い方法: 」「お届け: 指定なし」."""
    from dataclasses import replace
    from datetime import date

    from desk_app.domain.customer import OrderItemView, OrderView
    from desk_app.store.customers import card

    services, window = desk
    with store.new_session() as s:
        shown = card(s, 1, date(2026, 11, 23))
    item = (OrderItemView("", "取込売上", 1, 800, 0, 800),)
    orders = (OrderView(90001, date(2024, 3, 1), "active", "", 800, item, imported=True,
                        shop_ref="S-0042"),
              OrderView(90000, date(2024, 2, 1), "active", "", 700, item, imported=True))
    history = window.card.history
    history.set_card(replace(shown, orders=orders))
    facts = [history.tree.topLevelItem(i).child(0).text(0) for i in range(2)]
    assert facts == ["取込: 以前のシステムの受注番号 S-0042", "取込: 以前のシステムの売上（受注番号なし）"]
    # the receipt's order id where the desk's number stands; the desk's in the tooltip
    numbers = [history.tree.topLevelItem(i).text(1) for i in range(2)]
    assert numbers == ["S-0042", "90000"]
    assert "90001" in history.tree.topLevelItem(0).toolTip(1)
    history.tree.setCurrentItem(history.tree.topLevelItem(0))
    assert not history.edit_button.isEnabled() and not history.slip_button.isEnabled()
    assert history.cancel_button.isEnabled()  # a return is still a cancel
    assert "修正はできません" in history.edit_button.toolTip()
    assert history.edit_selected() is False


def test_an_imported_sale_opened_from_the_order_list_cannot_be_saved(qtbot, desk, store):
    """受注一覧 opens any order of a day in the form; an imported sale opens to be read, says
    at once that it cannot be changed, and neither 保存 (F12) nor 納品書 acts on it."""
    from sqlalchemy import select

    from desk_app.store.models import ImportRecord, Order
    from desk_app.ui.orders.form import open_order_form

    services, window = desk
    with store.new_session() as s:
        order = s.scalar(select(Order).where(Order.status == "active").limit(1))
        record = ImportRecord(kind="orders", file_name="売上.csv", file_hash="0" * 64,
                              encoding="cp932", mapping="{}")
        s.add(record)
        s.flush()
        order.import_id = record.id
        number = order.id
        s.commit()
    form = open_order_form(window, services, order_id=number)  # deletes itself on close
    qtbot.waitUntil(lambda: form.ctx is not None, timeout=5000)
    assert "取り込んだ売上履歴です" in form.status.text()
    assert not form.save_button.isEnabled() and not form.slip_button.isEnabled()
    assert form.save() is False and form.print_slip() is False
    form.close()  # nothing changed: it closes without a question
    assert not form.isVisible()


def test_a_saved_order_opened_and_left_as_it_was_closes_without_asking(qtbot, desk, store,
                                                                       monkeypatch):
    """Esc on an opened saved order asked 「入力中の受注を破棄して閉じますか？」 with nothing
    changed, as if the order would go; it asks only after a change, naming what is lost."""
    from sqlalchemy import select

    from desk_app.store.models import Order
    from desk_app.ui.orders.form import OrderForm, open_order_form

    services, window = desk
    asked = []
    monkeypatch.setattr(OrderForm, "confirm", lambda self, q: asked.append(q) or False)
    with store.new_session() as s:
        number = s.scalar(select(Order.id).where(Order.status == "active",
                                                 Order.import_id.is_(None)).limit(1))
    form = open_order_form(window, services, order_id=number)  # deletes itself on close
    qtbot.waitUntil(lambda: form.ctx is not None and form.stored is not None, timeout=5000)
    form.delivery.memo.setPlainText("置き配希望")  # a change: now it asks, and いいえ keeps it
    form.reject()
    assert form.isVisible()
    assert asked == [f"受注番号 {number} への変更を破棄して閉じますか？ 受注は保存した内容のまま残ります。"]
    form.delivery.memo.setPlainText(form.stored.memo)  # back as it was saved
    form.reject()
    assert not form.isVisible() and len(asked) == 1
