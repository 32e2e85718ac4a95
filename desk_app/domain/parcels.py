"""A parcel as the shipping formats see it: plain rows read from the store.

``store/shipping.py`` reads the day's due orders into these; ``exports/yamato_b2.py`` turns
them into B2 Cloud bytes without ever seeing a Session, so the format can be tested with
rows written by hand and the query with the database.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True, slots=True)
class ParcelLine:
    sku: str
    name: str


@dataclass(frozen=True, slots=True)
class Orderer:
    """The customer who ordered: the ご依頼主 of a gift sent in their name."""

    name: str
    postal_code: str | None
    address1: str | None  # 番地: without it the orderer's address is not usable
    address: str  # 都道府県 + 市区町村 + 番地
    building: str
    phone: str | None  # the first number on file (national form)


@dataclass(frozen=True, slots=True)
class Parcel:
    """One due order: who gets it, what is in it, how it is paid."""

    order_id: int
    payment: str
    total: int
    tax: int  # 8 % and 10 % together (what a コレクト label prints)
    ship_name: str | None
    ship_postal_code: str | None
    ship_address: str | None
    ship_phone: str | None
    delivery_date: date | None
    delivery_slot: str | None
    sender_name: str | None  # the ご依頼主 name the clerk took for a gift
    lines: tuple[ParcelLine, ...] = ()
    orderer: Orderer | None = None
