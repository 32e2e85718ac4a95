"""顧客情報の修正 in the store: apply checked values to a customer and keep 変更履歴.

The values come from ``domain.customer_rules.check`` (cleaned and typed). Every field that
really changes gets one ``customer_changes`` row with the old and the new value as text, the
operator and the time, in the same transaction as the change itself; a field set to what it
already holds writes nothing. The customer row is locked first (``FOR UPDATE`` on
PostgreSQL), so two desks correcting the same customer apply one after the other.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

from sqlalchemy import exists, select
from sqlalchemy.orm import Session, aliased

from desk_app.domain.clock import now_utc
from desk_app.domain.customer import ChangeView
from desk_app.domain.customer_rules import PhoneInput, caution_on
from desk_app.domain.kana import fold_kana, fold_name
from desk_app.domain.phone import normalize, reversed_digits
from desk_app.store.models import Customer, CustomerChange, Operator, Phone

# record field → model column, for the plain columns
COLUMNS = ("name", "kana", "company", "department", "postal_code", "prefecture", "city",
           "address1", "address2", "email", "caution_note", "birthday", "dm_allowed")


def _as_text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return ", ".join(_as_text(v) or "" for v in value)
    if isinstance(value, PhoneInput):
        return value.as_text()
    return str(value)


def flags_of(customer: Customer) -> tuple[str, ...]:
    return tuple(f for f in (customer.caution_flags or "").split(",") if f)


def phones_of(session: Session, customer_id: int) -> list[PhoneInput]:
    return [PhoneInput(p.kind, p.national) for p in session.scalars(
        select(Phone).where(Phone.customer_id == customer_id).order_by(Phone.id))]


def _set_phones(session: Session, customer: Customer, wanted: list[PhoneInput]) -> None:
    """Keep rows whose number stays (kind updated), delete removed ones, add new ones."""
    existing = {p.national: p for p in session.scalars(
        select(Phone).where(Phone.customer_id == customer.id))}
    keep = {p.national for p in wanted}
    for national, gone in existing.items():
        if national not in keep:
            session.delete(gone)
    for phone in wanted:
        row = existing.get(phone.national)
        if row is not None:
            row.kind = phone.kind
            continue
        number = normalize(phone.national)
        session.add(Phone(customer_id=customer.id, kind=phone.kind, national=number.national,
                          e164=number.e164, national_rev=reversed_digits(number.national)))


def apply_changes(session: Session, customer_id: int, values: Mapping[str, Any], *,
                  operator_id: int | None = None, at: datetime | None = None) -> list[str]:
    """Write *values* (checked) to the customer; the names of the fields that changed."""
    customer = session.get(Customer, customer_id, with_for_update=True)
    if customer is None:
        raise LookupError(f"no customer {customer_id}")
    at = at or now_utc()
    changed: list[str] = []

    def record(name: str, old: Any, new: Any) -> None:
        changed.append(name)
        session.add(CustomerChange(customer_id=customer_id, changed_at=at,
                                   operator_id=operator_id, field=name,
                                   old_value=_as_text(old), new_value=_as_text(new)))

    for name in COLUMNS:
        if name not in values:
            continue
        old, new = getattr(customer, name), values[name]
        if name == "dm_allowed":
            new = bool(new)
        if old == new or (old in (None, "") and new in (None, "")):
            continue
        record(name, old, new)
        setattr(customer, name, new)
        if name == "name":
            customer.name_key = fold_name(new)
        elif name == "kana":
            customer.kana_key = fold_kana(new or "")
            customer.kana = new or ""
    if "caution_flags" in values:
        old_flags, new_flags = flags_of(customer), tuple(values["caution_flags"])
        if old_flags != new_flags:
            record("caution_flags", old_flags, new_flags)
            customer.caution_flags = ",".join(new_flags)
        if "no_dm" in new_flags and customer.dm_allowed:
            record("dm_allowed", True, False)
            customer.dm_allowed = False
    if "phones" in values:
        old_phones = phones_of(session, customer_id)
        new_phones = list(values["phones"])
        if old_phones != new_phones:
            record("phones", old_phones, new_phones)
            _set_phones(session, customer, new_phones)
    customer.caution = caution_on(customer.caution_note, flags_of(customer))
    if changed:
        customer.updated_at = at
    session.flush()
    return changed


def history(session: Session, customer_id: int, limit: int = 200) -> list[ChangeView]:
    """変更履歴, newest first. A row naming an import was written by it (a field it filled,
    one row per customer and field) or, when that row came before it, by its undo."""
    op, fill = aliased(Operator), aliased(CustomerChange)
    undo = exists().where(fill.import_id == CustomerChange.import_id,
                          fill.customer_id == CustomerChange.customer_id,
                          fill.field == CustomerChange.field, fill.id < CustomerChange.id)
    rows = session.execute(
        select(CustomerChange, op.name, undo)
        .outerjoin(op, op.id == CustomerChange.operator_id)
        .where(CustomerChange.customer_id == customer_id)
        .order_by(CustomerChange.changed_at.desc(), CustomerChange.id.desc())
        .limit(limit)).all()
    return [ChangeView(c.changed_at, name, c.field, c.old_value, c.new_value, c.import_id,
                       undo=bool(undone))
            for c, name, undone in rows]
