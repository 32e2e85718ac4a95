"""Read models of customers as the pop-up, the card and the CLI show them.

Plain frozen values, built by the store's repositories in one query pass: the UI never
holds ORM objects, so nothing lazy-loads from the GUI thread.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date, datetime, timezone


@dataclass(frozen=True, slots=True)
class CustomerSummary:
    customer_id: int
    code: str
    name: str
    kana: str
    stage: str
    orders_count: int
    total_amount: int
    last_order_date: date | None
    phone_display: str = ""
    address: str = ""
    caution: bool = False
    rfm_code: str = ""  # R5F3M4 as of the same day as the stage; "" with no order

    def to_json_dict(self) -> dict:
        return {
            "customer_id": self.customer_id, "code": self.code, "name": self.name,
            "kana": self.kana, "stage": self.stage, "orders_count": self.orders_count,
            "total_amount": self.total_amount,
            "last_order_date": self.last_order_date.isoformat() if self.last_order_date else None,
        }


@dataclass(frozen=True, slots=True)
class PhoneView:
    kind: str
    national: str
    e164: str
    display: str


@dataclass(frozen=True, slots=True)
class OrderItemView:
    sku: str
    name: str
    quantity: int
    unit_price: int
    tax_rate: int
    amount: int


@dataclass(frozen=True, slots=True)
class OrderView:
    number: int
    order_date: date
    status: str
    payment: str
    total: int
    items: tuple[OrderItemView, ...] = ()
    delivery_date: date | None = None  # お届け希望日 and 時間帯 (slot code)
    slot: str | None = None
    noshi: str | None = None  # 表書き
    noshi_name: str | None = None
    noshi_kind: str | None = None  # soto / uchi
    sender_name: str | None = None  # ご依頼主 of a gift
    ship_name: str | None = None
    imported: bool = False  # came with a history import (売上履歴の取込)
    shop_ref: str | None = None  # its order id in the shop's earlier system (受注番号)


@dataclass(frozen=True, slots=True)
class NoteView:
    id: int
    created_at: datetime
    category: str
    body: str
    needs_follow_up: bool
    done: bool
    operator: str | None = None
    done_at: datetime | None = None  # 対応済み: when, and by whom
    done_by: str | None = None


def postal_address_complete(postal_code: str | None, prefecture: str | None,
                            city: str | None, address1: str | None) -> bool:
    """A letter can be posted: a 7-digit postal code, the prefecture, and the rest of it."""
    code = (postal_code or "").replace("-", "")
    return (len(code) == 7 and code.isdigit() and bool((prefecture or "").strip())
            and bool((city or "").strip() or (address1 or "").strip()))


@dataclass(frozen=True, slots=True)
class CustomerCard:
    summary: CustomerSummary
    postal_code: str | None
    prefecture: str | None
    city: str | None
    address1: str | None
    address2: str | None
    email: str | None
    birthday: date | None
    dm_allowed: bool
    caution: bool
    caution_note: str | None
    first_order_date: date | None
    days_since_last_order: int | None
    phones: tuple[PhoneView, ...] = ()
    orders: tuple[OrderView, ...] = ()
    notes: tuple[NoteView, ...] = ()
    created_at: datetime | None = None
    company: str | None = None
    department: str | None = None
    caution_flags: tuple[str, ...] = ()  # no_cod / no_dm (domain.customer_rules)

    @property
    def open_follow_ups(self) -> tuple[NoteView, ...]:
        return tuple(n for n in self.notes if n.needs_follow_up and not n.done)

    @property
    def address_missing(self) -> bool:
        """住所未登録: shown on the pop-up and card; letters ask for it at the next call
        (the same rule that puts a letter on the 住所未登録 list)."""
        return not postal_address_complete(self.postal_code, self.prefecture, self.city,
                                           self.address1)

    @property
    def refuses_cod(self) -> bool:
        return "no_cod" in self.caution_flags

    @property
    def full_address(self) -> str:
        return "".join(p for p in (self.prefecture, self.city, self.address1) if p) + (
            f" {self.address2}" if self.address2 else "")

    def to_json_dict(self) -> dict:
        out = asdict(self)
        out["summary"] = self.summary.to_json_dict()
        out["address_missing"] = self.address_missing
        return _jsonable(out)


@dataclass(frozen=True, slots=True)
class ChangeView:
    """One line of a customer's 変更履歴: who changed which field, when, from what to what."""

    changed_at: datetime
    operator: str | None
    field: str
    old_value: str | None
    new_value: str | None
    import_id: int | None = None  # the customer import that filled the field
    undo: bool = False  # written by the undo of that import (the field taken back)


def _jsonable(value):
    if hasattr(value, "__dataclass_fields__"):
        return _jsonable(asdict(value))
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    if isinstance(value, datetime) and value.tzinfo is None:
        # SQLite returns the stored UTC without its offset; say so, as PostgreSQL's does
        return value.replace(tzinfo=timezone.utc).isoformat()
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    return value


def to_jsonable(value):
    """dataclasses → JSON-ready dicts (dates as ISO strings; times with their UTC offset, a
    naive one being UTC as the store keeps it)."""
    return _jsonable(value)


NOTE_CATEGORIES = ("order", "inquiry", "complaint", "praise", "other")
NOTE_CATEGORY_LABELS_JA = {
    "order": "注文", "inquiry": "問い合わせ", "complaint": "クレーム", "praise": "お褒め",
    "other": "その他",
}
PHONE_KINDS = ("home", "mobile", "work", "fax")
PHONE_KIND_LABELS_JA = {"home": "自宅", "mobile": "携帯", "work": "勤務先", "fax": "FAX"}
