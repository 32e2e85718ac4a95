"""Today's shipments as a Yamato B2 Cloud 外部データ取込 CSV (column by column in
docs/yamato-b2.md).

B2 Cloud reads CP932 with CRLF line ends; the first line is a header that the import skips
(取込開始行 2). Characters CP932 lacks are mapped to their CP932 look-alikes (〜 → ～,
− → －) and anything left becomes 〓 with a warning naming the order, so the file always
imports and nobody ships to a silently mangled address. Fields wider than B2 allows are
reported, not cut: the clerk fixes the order, the label stays right.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from desk_app.domain.calendar import BusinessCalendar
from desk_app.domain.delivery import DEFAULT_CARRIER, Carrier
from desk_app.domain.messages import Problem, Refused
from desk_app.domain.money import PREPAID_PAYMENTS
from desk_app.domain.phone import display_form
from desk_app.store.models import Customer, Order, OrderLine, Payment, Phone
from desk_app.store.order_book import paid_amounts
from desk_app.store.shop_calendar import load_calendar

HEADER = (
    "お客様管理番号", "送り状種類", "クール区分", "伝票番号", "出荷予定日", "お届け予定日",
    "配達時間帯", "お届け先コード", "お届け先電話番号", "お届け先電話番号枝番",
    "お届け先郵便番号", "お届け先住所", "お届け先アパートマンション名", "お届け先会社・部門１",
    "お届け先会社・部門２", "お届け先名", "お届け先名(ｶﾅ)", "敬称", "ご依頼主コード",
    "ご依頼主電話番号", "ご依頼主電話番号枝番", "ご依頼主郵便番号", "ご依頼主住所",
    "ご依頼主アパートマンション", "ご依頼主名", "ご依頼主名(ｶﾅ)", "品名コード１", "品名１",
    "品名コード２", "品名２", "荷扱い１", "荷扱い２", "記事", "ｺﾚｸﾄ代金引換額（税込)",
    "内消費税額等", "止置き", "営業所コード", "発行枚数", "個数口表示フラグ", "請求先顧客コード",
    "請求先分類コード", "運賃管理番号",
)
TYPE_PREPAID, TYPE_COLLECT = "0", "2"  # 発払い, コレクト (代金引換)
# widths in CP932 bytes (全角 = 2): B2's "全角16文字/半角32文字" is 32
WIDTH = {"address": 64, "building": 32, "name": 32, "item": 50}
_LOOKALIKE = str.maketrans({"\u301c": "\uff5e", "\u2212": "\uff0d", "\u2016": "\u2225",
                            "\u2014": "\u2015", "\u00a2": "\uffe0", "\u00a3": "\uffe1",
                            "\u00ac": "\uffe2", "\u00a0": " "})


@dataclass(frozen=True)
class Shipper:
    """ご依頼主 (the shop) and its B2 contract numbers."""

    name: str
    phone: str
    postal_code: str
    address: str
    billing_customer_code: str  # 請求先顧客コード: 10 digits + 2-digit branch
    freight_number: str = "01"  # 運賃管理番号
    billing_class_code: str = ""  # 請求先分類コード
    building: str = ""
    gift_sender: str = "orderer"  # ご依頼主 of a gift: the orderer, or "shop"

    @classmethod
    def from_dict(cls, data: dict) -> Shipper:
        return cls(**{k: str(v) for k, v in data.items() if k in cls.__dataclass_fields__})


class ShopFileError(Refused):
    """shop.json cannot be read (its problem names the file and why)."""


def shop_shipper(path: Path) -> Shipper | None:
    """The shop's ご依頼主 and B2 contract from *path* (shop.json), None when there is no
    such file; ``desk-app export yamato`` and the desk's export both read it here. Raises
    :class:`ShopFileError` (a ValueError) naming the file when it cannot be read."""
    if not path.exists():
        return None
    try:
        return Shipper.from_dict(json.loads(path.read_text("utf-8")))
    except (OSError, ValueError, TypeError) as exc:
        raise ShopFileError([Problem("shipping.shop_file", {"path": str(path),
                                                            "error": str(exc)})]) from None


DEMO_SHIPPER = Shipper(name="デモ通販 お客様係", phone="0312345678", postal_code="1000001",
                       address="東京都千代田区千代田1-1", billing_customer_code="012345678901")


@dataclass
class Export:
    data: bytes
    orders: list[int] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    held: list[int] = field(default_factory=list)  # 前払い orders still 入金待ち, left out


def width(text: str) -> int:
    """Width as B2 counts it: 全角 = 2, 半角 = 1 (CP932 bytes, after look-alike mapping)."""
    return len(text.translate(_LOOKALIKE).encode("cp932", errors="replace"))


def split_address(address: str) -> tuple[str, str]:
    """(住所, アパートマンション名): all in the first column when it fits, else split at the
    first space that makes the head fit, else at the width limit."""
    text = " ".join(address.translate(_LOOKALIKE).split())
    if width(text) <= WIDTH["address"]:
        return text, ""
    spaces = [i for i, ch in enumerate(text) if ch == " " and width(text[:i]) <= WIDTH["address"]]
    if spaces:
        return text[:spaces[0]], text[spaces[0] + 1:]
    cut = len(text)
    while width(text[:cut]) > WIDTH["address"]:
        cut -= 1
    return text[:cut], text[cut:]


def _postal(code: str | None) -> str:
    return f"{code[:3]}-{code[3:]}" if code and len(code) == 7 else (code or "")


def due_orders(session: Session, ship_date: date, carrier: Carrier = DEFAULT_CARRIER) -> list[Order]:
    """Active orders that leave the shop on *ship_date* (see Carrier.ship_date).

    A 前払い order leaves only once paid in full, counting from the day it was paid; one
    still 入金待ち is not due (:func:`held_for_payment` lists those)."""
    return _due(session, ship_date, carrier)[0]


def held_for_payment(session: Session, ship_date: date,
                     carrier: Carrier = DEFAULT_CARRIER) -> list[int]:
    """前払い orders that would leave on *ship_date* but are still 入金待ち (not exported)."""
    return _due(session, ship_date, carrier)[1]


def _due(session: Session, ship_date: date, carrier: Carrier) -> tuple[list[Order], list[int]]:
    calendar = load_calendar(session)
    transit = [carrier.default_transit_days, *carrier.transit_days_by_region.values()]
    # a delivery date whose ship day (date − transit) is closed ships on the open day
    # before: look as far ahead as the closed run after the ship date reaches
    after = calendar.next_open(ship_date) if calendar.is_open(ship_date) else ship_date
    lo = ship_date + timedelta(days=min(transit))
    hi = after - timedelta(days=1) + timedelta(days=max(transit))
    # orders (or payments) whose handling days end on the ship date: from the day after
    # the open day before the handling run began, up to the day before the ship date
    first, last = _start_days(ship_date, carrier, calendar)
    paid_then = select(Payment.order_id).where(Payment.paid_on.between(first, last))
    candidates = session.scalars(select(Order).where(
        Order.status == "active", Order.import_id.is_(None),  # imported history never ships
        (Order.order_date <= last)
        & (Order.order_date.between(first, last) | Order.delivery_date.between(lo, hi)
           | Order.id.in_(paid_then)))
        .order_by(Order.id)).all()
    paid = paid_amounts(session, [o.id for o in candidates])
    due, held = [], []
    for o in candidates:
        amount, paid_on = paid.get(o.id, (0, None))
        if o.payment in PREPAID_PAYMENTS:
            if amount < o.total or paid_on is None:
                if carrier.ship_date(o.order_date, o.delivery_date, o.ship_prefecture,
                                     calendar) == ship_date:
                    held.append(o.id)
                continue
            start = max(o.order_date, paid_on)
        else:
            start = o.order_date
        if carrier.ship_date(start, o.delivery_date, o.ship_prefecture, calendar) == ship_date:
            due.append(o)
    return due, held


def _start_days(ship_date: date, carrier: Carrier, calendar: BusinessCalendar
                ) -> tuple[date, date]:
    """The range of order (or payment) days whose earliest ship day is *ship_date*
    (a superset; the exact rule is ``Carrier.ship_date``)."""
    last = ship_date - timedelta(days=1)
    first = last
    while (ship_date - first).days < 60 and carrier.earliest_ship(
            first - timedelta(days=1), calendar) >= ship_date:
        first -= timedelta(days=1)
    return first, last


def _sender(session: Session, order: Order, shipper: Shipper) -> tuple[str, str, str, str, str]:
    """(phone, postal, address, building, name): the orderer for a gift (under the ご依頼主
    name the clerk took when it differs from the orderer's), else the shop."""
    c = session.get(Customer, order.customer_id)
    gift = c is not None and (order.ship_name, order.ship_postal_code) != (c.name, c.postal_code)
    if gift and c is not None and shipper.gift_sender == "orderer" and c.postal_code and c.address1:
        phone = session.scalar(select(Phone.national).where(Phone.customer_id == c.id)
                               .order_by(Phone.id).limit(1)) or shipper.phone
        head = "".join(p for p in (c.prefecture, c.city, c.address1) if p)
        return phone, c.postal_code, head, c.address2 or "", order.sender_name or c.name
    return (shipper.phone, shipper.postal_code, shipper.address, shipper.building, shipper.name)


def _row(session: Session, order: Order, ship_date: date, shipper: Shipper,
         warnings: list[Problem]) -> list[str]:
    lines = session.scalars(select(OrderLine).where(OrderLine.order_id == order.id)
                            .order_by(OrderLine.line_no)).all()
    address, building = split_address(order.ship_address or "")
    s_phone, s_postal, s_address, s_building, s_name = _sender(session, order, shipper)
    item2 = lines[1].name if len(lines) > 1 else ""
    if len(lines) > 2:
        item2 = f"{item2} 他{len(lines) - 2}点"
    collect = order.payment == "cod"
    checks = {"address": (address, "address"), "building": (building, "building"),
              "name": (order.ship_name or "", "name"),
              "item1": (lines[0].name if lines else "", "item"), "item2": (item2, "item")}
    for column, (text, kind) in checks.items():
        if width(text) > WIDTH[kind]:
            warnings.append(Problem("b2.too_wide", {"order": order.id, "text": text,
                                                    "column": Problem(f"b2.column.{column}")}))
    return [
        str(order.id), TYPE_COLLECT if collect else TYPE_PREPAID, "0", "",
        ship_date.strftime("%Y/%m/%d"),
        order.delivery_date.strftime("%Y/%m/%d") if order.delivery_date else "",
        order.delivery_slot or "", "", display_form(order.ship_phone or ""), "",
        _postal(order.ship_postal_code), address, building, "", "", order.ship_name or "", "", "様",
        "", display_form(s_phone), "", _postal(s_postal), s_address, s_building, s_name, "",
        lines[0].sku if lines else "", lines[0].name if lines else "",
        lines[1].sku if len(lines) > 1 else "", item2, "", "", "",
        str(order.total) if collect else "", str(order.tax_8 + order.tax_10) if collect else "",
        "0", "", "", "", shipper.billing_customer_code, shipper.billing_class_code,
        shipper.freight_number,
    ]


def _encode(text: str, order_id: int | None, warnings: list[Problem]) -> bytes:
    text = text.translate(_LOOKALIKE)
    try:
        return text.encode("cp932")
    except UnicodeEncodeError:
        bad = sorted({ch for ch in text if not _encodable(ch)})
        warnings.append(Problem("b2.not_sjis", {"order": order_id, "chars": "".join(bad)}))
        return "".join(ch if _encodable(ch) else "〓" for ch in text).encode("cp932")


def _encodable(ch: str) -> bool:
    try:
        ch.encode("cp932")
        return True
    except UnicodeEncodeError:
        return False


def export_b2(session: Session, ship_date: date, shipper: Shipper = DEMO_SHIPPER,
              carrier: Carrier = DEFAULT_CARRIER) -> Export:
    result = Export(b"")
    chunks = [_encode(_csv_line(list(HEADER)), None, result.warnings)]
    due, result.held = _due(session, ship_date, carrier)
    for order in due:
        line = _csv_line(_row(session, order, ship_date, shipper, result.warnings))
        chunks.append(_encode(line, order.id, result.warnings))
        result.orders.append(order.id)
    result.data = b"".join(chunks)
    return result


def _csv_line(values: list[str]) -> str:
    out = io.StringIO(newline="")
    csv.writer(out, lineterminator="\r\n").writerow(values)
    return out.getvalue()
