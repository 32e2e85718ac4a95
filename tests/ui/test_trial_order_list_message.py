"""Trial on a fresh clone (issue 10): in 受注一覧, 「この受注は入金確認の対象ではありません。」 (F3
on a card order) stayed under the list after the clerk moved to a 銀行振込 order, whose
入金確認 was then enabled: the line spoke of an order no longer selected."""

from __future__ import annotations

from test_order_list_window import place
from ui_helpers import customer_with_address, settle


def test_the_no_payment_note_goes_when_another_order_is_selected(qtbot, desk, store):
    services, window = desk
    cid = customer_with_address(store, 7)
    card = place(store, cid, "card")
    bank = place(store, cid, "bank")
    listing = window.open_order_list()
    settle(qtbot, services)
    rows = {r.number: n for n, r in enumerate(listing.model.items)}
    listing.table.selectRow(rows[card])
    assert listing.record_payment() is None
    said = listing.message.text()
    assert said  # 「この受注は入金確認の対象ではありません。」
    listing.table.selectRow(rows[bank])
    assert listing.pay_button.isEnabled()
    assert listing.message.text() != said
    listing.close()
