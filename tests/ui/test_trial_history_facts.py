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
