"""What the desk shows "as of today" is counted on the desk's day (``services.today``: the
shop's Japan day, or the day a test or the screenshots pin), never on another clock."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from ui_helpers import open_card, settle

from desk_app.store.models import Customer


def test_the_cards_age_is_counted_on_the_desks_day(qtbot, desk, store, monkeypatch):
    """The desk's day is 2026-11-23 and the customer turns 26 on 11-30: the card says 25,
    whatever day it is in Japan (once the card asked today_local() for the age)."""
    import desk_app.domain.clock as clock
    import desk_app.ui.customers.card as card_module

    later = date(2026, 12, 1)  # the shop's real day would say 26
    monkeypatch.setattr(clock, "today_local", lambda: later)
    monkeypatch.setattr(card_module, "today_local", lambda: later, raising=False)
    services, window = desk
    assert services.today() == date(2026, 11, 23)  # the desk fixture's day
    with store.new_session() as s, s.begin():
        cid = s.scalar(select(Customer.id).order_by(Customer.id).limit(1))
        s.get(Customer, cid).birthday = date(2000, 11, 30)
    open_card(qtbot, window, cid)
    settle(qtbot, services)
    assert window.card.fields["birthday"].text().endswith("（平成12年11月30日）25歳")
