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
