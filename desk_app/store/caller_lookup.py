"""Who is calling: the one lookup behind the pop-up and `desk-app lookup`.

Both paths share this code so that what the CLI prints is exactly what the pop-up shows.
A withheld call never becomes a customer; an unknown number gives an empty match list (the
pop-up then offers registration); several matches (a family on one home number) give a
chooser; exactly one match loads the full card at once.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy.orm import Session

from desk_app.domain.call_event import Withheld
from desk_app.domain.customer import CustomerCard, CustomerSummary, to_jsonable
from desk_app.domain.phone import PhoneNumber, fold_digits, normalize, try_normalize
from desk_app.domain.stages import DEFAULT_SETTINGS, StageSettings
from desk_app.store import customers


@dataclass(frozen=True)
class CallerLookup:
    number: PhoneNumber | None
    withheld: Withheld | None
    matches: tuple[CustomerSummary, ...] = ()
    card: CustomerCard | None = None

    def to_json_dict(self) -> dict:
        card = self.card
        return {
            "number": self.number.to_json_dict() if self.number else None,
            "withheld": self.withheld.value if self.withheld else None,
            "matches": [m.to_json_dict() for m in self.matches],
            "customer": card.to_json_dict() if card else None,
            "orders": to_jsonable(list(card.orders)) if card else [],
            "notes": to_jsonable(list(card.notes)) if card else [],
        }


def partial_number(text: str) -> PhoneNumber | None:
    """Last digits a clerk typed (4–9 digits): searched as a suffix, no E.164."""
    digits = fold_digits(text)
    if digits.isdigit() and 4 <= len(digits) <= 9:
        return PhoneNumber(input=text, national=digits, e164="", display=digits)
    return None


def parse_query_number(text: str) -> PhoneNumber:
    """A full number, or last digits; raises PhoneNumberError otherwise."""
    try:
        return normalize(text)
    except ValueError:
        partial = partial_number(text)
        if partial is None:
            raise
        return partial


def lookup_number(session: Session, number: PhoneNumber | None, today: date,
                  withheld: Withheld | None = None, *, n_orders: int = 10,
                  n_notes: int = 10, settings: StageSettings = DEFAULT_SETTINGS) -> CallerLookup:
    if withheld is not None or number is None:
        return CallerLookup(number, withheld)
    ids = customers.phone_customer_ids(session, number.national)
    matches = tuple(customers.summaries(session, ids, today, settings))
    card = (customers.card(session, ids[0], today, n_orders=n_orders, n_notes=n_notes,
                           settings=settings)
            if len(ids) == 1 else None)
    return CallerLookup(number, None, matches, card)


def lookup_device_number(session: Session, digits: str | None, today: date,
                         withheld: Withheld | None = None, *,
                         settings: StageSettings = DEFAULT_SETTINGS) -> CallerLookup:
    """From a CallEvent: digits as the device gave them (may lack the area code).

    A ring without any caller data (no number, no reason) is neither a customer nor a
    withheld call: the pop-up says so and offers the search box, as for a withheld one.
    """
    if withheld is not None or not digits:
        return CallerLookup(None, withheld)
    number = try_normalize(digits) or partial_number(digits)
    if number is None:
        return CallerLookup(PhoneNumber(digits, digits, "", digits), None)
    return lookup_number(session, number, today, settings=settings)
