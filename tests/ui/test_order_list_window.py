"""受注一覧 and 入金確認 on the desk: today's orders filtered, a payment recorded with who
and how much, the order leaving the 入金待ち list."""

from __future__ import annotations

from sqlalchemy import select
from ui_helpers import (
    TODAY,
    customer_with_address,
    open_card,
    read_back,
    settle,
    visible_order_form,
)

from desk_app.domain.orders import DraftLine, OrderDraft
from desk_app.services import orders as order_service
from desk_app.services.base import ServiceContext
from desk_app.store import orders
from desk_app.store.models import Customer, Payment


def place(store, customer_id, payment):
    with store.new_session() as s:
        ship = orders.orderer_ship_to(s, customer_id)
    draft = OrderDraft(customer_id, payment, ship, (DraftLine("F001", 1),))
    ctx = ServiceContext(store, operator_id=1, today=lambda: TODAY)
    return order_service.place_order(ctx, draft).value.order_id


def test_order_list_and_payment_check(qtbot, desk, store):
    services, window = desk
    with store.new_session() as s:
        cid = s.scalar(select(Customer.id).where(Customer.address1.is_not(None))
                       .order_by(Customer.id.desc()).limit(1))
    bank = place(store, cid, "bank")
    card = place(store, cid, "card")
    listing = window.open_order_list()
    settle(qtbot, services)
    numbers = [r.number for r in listing.model.items]
    assert bank in numbers and card in numbers
    listing.status.setCurrentIndex(listing.status.findData("awaiting_payment"))
    settle(qtbot, services)
    assert bank in [r.number for r in listing.model.items]
    assert card not in [r.number for r in listing.model.items]
    row = next(r for r in listing.model.items if r.number == bank)
    assert listing.model.index(listing.model.items.index(row), 6).data() == "入金待ち"
    listing.record(row, row.total)
    settle(qtbot, services)
    assert bank not in [r.number for r in listing.model.items]
    with store.new_session() as s:
        paid = s.scalars(select(Payment).where(Payment.order_id == bank)).one()
    assert paid.amount == row.total and paid.operator_id == 1 and paid.paid_on == TODAY
    payments = window.open_order_list(awaiting=True)
    settle(qtbot, services)
    assert bank not in [r.number for r in payments.model.items]
    listing.close()
    payments.close()


def test_a_second_call_is_offered_the_open_order(qtbot, desk, store):


    services, window = desk
    cid = customer_with_address(store, 3)
    first = place(store, cid, "card")
    open_card(qtbot, window, cid)
    window.fallback_action("order")
    form = visible_order_form()
    qtbot.waitUntil(lambda: form.bundle.isVisible(), timeout=5000)
    assert f"No.{first}" in form.bundle.text()
    form.bundle.setChecked(True)
    form.items.add("G001", 2)
    form.payment.setCurrentIndex(form.payment.findData("card"))
    saved = []
    form.order_saved.connect(lambda number, _c: saved.append(number))
    assert form.save()
    qtbot.waitUntil(lambda: bool(saved), timeout=5000)
    assert saved == [first]
    assert read_back(qtbot, form) == f"受注番号 {first} に同梱しました（1個口）。"
    with store.new_session() as s:
        detail = orders.order_detail(s, first)
    assert [(p.sku, p.quantity) for p in detail.lines] == [("F001", 1), ("G001", 2)]


def test_the_order_list_fits_a_laptop_without_a_sideways_scroll_bar(qtbot, desk, store,
                                                                    monkeypatch):
    """At 1280×800 the columns ran 850 px wide plus 状態: a sideways scroll bar, and the
    status of each order out of view."""
    from desk_app.ui.kit import placement

    screen = placement.Rect(0, 0, 1280, 760)
    monkeypatch.setattr("desk_app.ui.kit.screens.available", lambda widget=None: screen)
    services, window = desk
    cid = customer_with_address(store, 5)
    place(store, cid, "bank")  # 入金待ち: the longest payment state
    listing = window.open_order_list()
    settle(qtbot, services)
    qtbot.waitUntil(lambda: listing.model.rowCount() > 0, timeout=5000)
    table = listing.table
    assert listing.width() <= screen.w
    assert not table.horizontalScrollBar().isVisible()
    columns = sum(table.columnWidth(c) for c in range(listing.model.columnCount()))
    assert columns <= table.viewport().width()
    status = table.columnViewportPosition(7)
    assert 0 <= status and status + table.columnWidth(7) <= table.viewport().width()
    assert table.columnWidth(3) >= table.fontMetrics().horizontalAdvance("山田 花子")
    listing.close()
