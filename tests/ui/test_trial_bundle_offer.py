"""Trial on a fresh clone (issue 10): the 同梱 offer 「未出荷の受注 No.…（日付・金額）に同梱する
（荷物を1つにまとめます）」 was one unwrapped checkbox line; at 1280×800 it widened the order
form's left column past the window: a sideways scroll bar, 金額/税率 and 「最短」 cut off."""

from __future__ import annotations

from test_order_list_window import place
from ui_helpers import customer_with_address, open_card, settle, visible_order_form


def test_the_bundle_offer_wraps_inside_the_order_form_at_1280(qtbot, desk, store):

    services, window = desk
    cid = customer_with_address(store, 5)
    first = place(store, cid, "bank")
    open_card(qtbot, window, cid)
    window.fallback_action("order")
    form = visible_order_form()
    qtbot.waitUntil(lambda: form.bundle.isVisible(), timeout=5000)
    settle(qtbot, services)
    qtbot.wait(50)
    assert f"No.{first}" in form.bundle.text()
    # the offer never makes the left column wider than the sections under it need
    from PySide6.QtWidgets import QGroupBox

    others = max(g.minimumSizeHint().width() for g in form.findChildren(QGroupBox)
                 if not g.isAncestorOf(form.bundle))
    orderer = next(g for g in form.findChildren(QGroupBox) if g.isAncestorOf(form.bundle))
    assert orderer.minimumSizeHint().width() <= others
    assert form.bundle_detail.wordWrap() and form.bundle_detail.isVisible()
    assert "2" in form.bundle_detail.text()  # the date and amount are still shown
    form.bundle.setChecked(True)  # still the checkbox that says 同梱
    assert form.bundle_into == first
    form.ctx = None
    form.close()
