"""Carriers, their delivery time slots and the earliest date a parcel can arrive, as data.

A slot is stored on the order by the carrier's own code (Yamato: ``0812`` …), because that
code is what the shipping export must write; the Japanese label is only for screens. When a
carrier changes its slots (Yamato dropped 12–14 and replaced 20–21 with 19–21 in 2017),
only this table changes; stored orders keep their codes.

The date rule: the shop hands a parcel to the carrier ``handling_days`` open days after
the order (the shop's business calendar, ``domain.calendar``: no parcel leaves on a
Sunday, a public holiday or the shop's own closed days), and the carrier, which delivers
every day, needs ``transit_days`` for the destination region (from the shop's origin,
Kanto by default). A delivery date must be on or after that, and at most
``max_days_ahead`` days away. The ship date of an order with a requested delivery date is
that date minus the transit days, moved to the open day before when that is closed, so
that the parcel arrives on the requested day.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from desk_app.domain.calendar import DEFAULT_CALENDAR, BusinessCalendar
from desk_app.domain.messages import Problem
from desk_app.domain.money import region_of


@dataclass(frozen=True, slots=True)
class Slot:
    code: str  # what the carrier's data import expects, e.g. "1416"
    label_ja: str  # what the clerk sees, e.g. "14〜16時"


@dataclass(frozen=True)
class Carrier:
    key: str
    name_ja: str
    slots: tuple[Slot, ...]
    handling_days: int = 1
    default_transit_days: int = 1
    transit_days_by_region: dict[str, int] = field(default_factory=dict)
    max_days_ahead: int = 30

    def slot(self, code: str | None) -> Slot | None:
        return next((s for s in self.slots if s.code == code), None)

    def slot_label(self, code: str | None) -> str:
        """指定なし for no slot; the code itself for a slot the carrier no longer offers."""
        if not code:
            return "指定なし"
        slot = self.slot(code)
        return slot.label_ja if slot else code

    @property
    def word(self) -> Problem:
        """The carrier's name as a message parameter (worded in the reader's language)."""
        return Problem(f"carrier.{self.key}")

    @staticmethod
    def slot_word(code: str | None) -> Problem:
        """A slot's label as a message parameter (``slot.none`` for no slot)."""
        return Problem(f"slot.{code or 'none'}")

    def transit_days(self, prefecture: str | None) -> int:
        region = region_of(prefecture)
        return self.transit_days_by_region.get(region or "", self.default_transit_days)

    def earliest_ship(self, order_date: date, calendar: BusinessCalendar = DEFAULT_CALENDAR
                      ) -> date:
        """The first day a parcel ordered on *order_date* can leave: *handling_days* open
        days later."""
        return calendar.add_open_days(order_date, self.handling_days)

    def earliest_delivery(self, order_date: date, prefecture: str | None,
                          calendar: BusinessCalendar = DEFAULT_CALENDAR) -> date:
        return self.earliest_ship(order_date, calendar) + timedelta(
            days=self.transit_days(prefecture))

    def latest_delivery(self, order_date: date) -> date:
        return order_date + timedelta(days=self.max_days_ahead)

    def ship_date(self, order_date: date, delivery_date: date | None,
                  prefecture: str | None, calendar: BusinessCalendar = DEFAULT_CALENDAR
                  ) -> date:
        """The day the parcel leaves the shop (出荷予定日).

        Handling days count the shop's open days only, and a ship date that falls on a
        closed day moves to the open day before (so the parcel still arrives on the
        requested day), never before the earliest possible one."""
        earliest = self.earliest_ship(order_date, calendar)
        if delivery_date is None:
            return earliest
        wanted = delivery_date - timedelta(days=self.transit_days(prefecture))
        if wanted > earliest:
            wanted = max(earliest, calendar.on_or_before(wanted))
        return max(earliest, wanted)

    def check_date(self, delivery_date: date | None, today: date,
                   prefecture: str | None, calendar: BusinessCalendar = DEFAULT_CALENDAR
                   ) -> Problem | None:
        """None when the date is acceptable, else the problem to show at the field."""
        if delivery_date is None:
            return None
        if delivery_date < today:
            return Problem("delivery.date_passed")
        earliest = self.earliest_delivery(today, prefecture, calendar)
        if delivery_date < earliest:
            return Problem("delivery.date_too_early", {
                "month": earliest.month, "day": earliest.day, "carrier": self.word})
        latest = self.latest_delivery(today)
        if delivery_date > latest:
            return Problem("delivery.date_too_late", {
                "days": self.max_days_ahead, "month": latest.month, "day": latest.day})
        return None

    def check_slot(self, code: str | None) -> Problem | None:
        if not code or self.slot(code) is not None:
            return None
        offered = tuple(self.slot_word(s.code) for s in self.slots)
        return Problem("delivery.slot_unavailable", {"carrier": self.word, "offered": offered})


YAMATO = Carrier(
    key="yamato",
    name_ja="ヤマト運輸",
    slots=(
        Slot("0812", "午前中"),
        Slot("1416", "14〜16時"),
        Slot("1618", "16〜18時"),
        Slot("1820", "18〜20時"),
        Slot("1921", "19〜21時"),
    ),
    handling_days=1,
    default_transit_days=1,
    # from a Kanto origin; the far regions are 翌々日 for most addresses
    transit_days_by_region={"北海道": 2, "九州": 2, "沖縄": 3},
    max_days_ahead=30,
)

CARRIERS = {YAMATO.key: YAMATO}
DEFAULT_CARRIER = YAMATO
