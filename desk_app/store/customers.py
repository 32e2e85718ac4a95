"""Customer queries: who is calling, search as you type, the full card, registration.

Everything returns domain read models (``desk_app.domain.customer``), never ORM objects, so
callers on other threads cannot trigger lazy loads. Each query is shaped for an index:
phone numbers by exact national digits, then by suffix through the reversed-digits index;
names and readings by folded-prefix range scans.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session, aliased

from desk_app.domain.customer import CustomerCard, CustomerSummary, NoteView, PhoneView
from desk_app.domain.kana import fold_kana, fold_name, is_kana, prefix_upper_bound
from desk_app.domain.phone import display_form, fold_digits, reversed_digits, try_normalize
from desk_app.domain.stages import (
    DEFAULT_SETTINGS,
    Aggregates,
    StageSettings,
    days_since,
    rfm_score,
    segment,
)
from desk_app.store.models import Customer, CustomerStats, Note, Operator, Phone
from desk_app.store.orders import customers_by_shop_ref, recent_orders

MIN_SUFFIX_DIGITS = 4
SEARCH_LIMIT = 50


def phone_customer_ids(session: Session, digits: str, *, allow_suffix: bool = True) -> list[int]:
    """Customers owning a number: exact national digits first, else ending with *digits*.

    Several customers may share one home number (a family); all of them are returned.
    """
    number = try_normalize(digits)
    national = number.national if number else fold_digits(digits).lstrip("+")
    exact = session.scalars(
        select(Phone.customer_id).where(Phone.national == national).distinct()).all()
    if exact or not allow_suffix or len(national) < MIN_SUFFIX_DIGITS:
        return list(exact)
    rev = reversed_digits(national)
    return list(session.scalars(
        select(Phone.customer_id)
        .where(Phone.national_rev >= rev, Phone.national_rev < rev + ":")  # ':' follows '9'
        .distinct().limit(SEARCH_LIMIT)).all())


def summaries(session: Session, ids: list[int], today: date,
              settings: StageSettings = DEFAULT_SETTINGS) -> list[CustomerSummary]:
    """One query for the rows of a result list, in the order of *ids*.

    Stage and RFM score come from the stored aggregates through the one stage model
    (``domain.stages``), derived as of *today* when read.
    """
    if not ids:
        return []
    first_phone = (select(Phone.national).where(Phone.customer_id == Customer.id)
                   .order_by(Phone.id).limit(1).scalar_subquery().label("first_phone"))
    rows = session.execute(
        select(Customer.id, Customer.code, Customer.name, Customer.kana, Customer.prefecture,
               Customer.city, Customer.address1, Customer.caution,
               CustomerStats.first_order_date, CustomerStats.last_order_date,
               CustomerStats.orders_count, CustomerStats.total_amount, first_phone)
        .outerjoin(CustomerStats, CustomerStats.customer_id == Customer.id)
        .where(Customer.id.in_(ids))).all()
    by_id = {}
    for r in rows:
        agg = Aggregates(r.first_order_date, r.last_order_date, r.orders_count or 0,
                         r.total_amount or 0)
        by_id[r.id] = CustomerSummary(
            customer_id=r.id, code=r.code, name=r.name, kana=r.kana,
            stage=segment(agg, today, settings.cpm), orders_count=agg.orders_count,
            total_amount=agg.total_amount, last_order_date=agg.last_order_date,
            phone_display=display_form(r.first_phone) if r.first_phone else "",
            address="".join(p for p in (r.prefecture, r.city, r.address1) if p),
            caution=r.caution, rfm_code=_rfm_text(agg, today, settings))
    return [by_id[i] for i in ids if i in by_id]


def _rfm_text(agg: Aggregates, today: date, settings: StageSettings) -> str:
    score = rfm_score(agg, today, settings.rfm)
    return score.text if score else ""


def search_ids(session: Session, text: str, limit: int = SEARCH_LIMIT) -> list[int]:
    """Search as you type: code, phone (full or last digits), kana or name prefix, or the
    order id a caller reads from an old receipt (of a sale imported with it)."""
    text = (text or "").strip()
    if not text:
        return []
    compact = fold_digits(text).lstrip("+")
    if compact.isdigit():
        ids = list(session.scalars(select(Customer.id).where(
            Customer.code.in_({compact, compact.zfill(7)}))).all())
        if len(compact) >= MIN_SUFFIX_DIGITS:
            # with its '+' (a pasted +81… or tel: URI), so that it reads as E.164
            ids += [i for i in phone_customer_ids(session, fold_digits(text)) if i not in ids]
        ids += [i for i in customers_by_shop_ref(session, text) if i not in ids]
        return ids[:limit]
    if is_kana(text):
        key = fold_kana(text)
        cond = Customer.kana_key.between(key, prefix_upper_bound(key))
        return list(session.scalars(
            select(Customer.id).where(cond).order_by(Customer.kana_key, Customer.id)
            .limit(limit)))
    # Name, code or mixed text: each branch is its own index-ordered range scan that stops
    # after *limit* rows. One OR'ed query ordered by reading had to sort every match first,
    # and a one-kanji prefix (佐) matches a tenth of a million customers: seconds per key.
    key, kana_key = fold_name(text), fold_kana(text)
    by_order = customers_by_shop_ref(session, text)
    rows = list(session.execute(select(Customer.id, Customer.kana_key)
                                .where(or_(Customer.code == text.upper(),
                                           Customer.id.in_(by_order)))))
    branches = [(Customer.name_key, key)] + ([(Customer.kana_key, kana_key)] if kana_key else [])
    found: list = []
    for column, prefix in branches:
        found += session.execute(
            select(Customer.id, Customer.kana_key)
            .where(column.between(prefix, prefix_upper_bound(prefix)))
            .order_by(column, Customer.id).limit(limit)).all()
    rows += sorted(found, key=lambda r: (r.kana_key, r.id))  # shown in reading order
    return list(dict.fromkeys(r.id for r in rows))[:limit]


def search(session: Session, text: str, today: date, limit: int = SEARCH_LIMIT,
           settings: StageSettings = DEFAULT_SETTINGS) -> list[CustomerSummary]:
    return summaries(session, search_ids(session, text, limit), today, settings)


def card(session: Session, customer_id: int, today: date, *, n_orders: int = 10,
         n_notes: int = 10, settings: StageSettings = DEFAULT_SETTINGS) -> CustomerCard | None:
    c = session.get(Customer, customer_id)
    if c is None:
        return None
    summary = summaries(session, [customer_id], today, settings)[0]
    stats = session.get(CustomerStats, customer_id)
    phones = session.scalars(select(Phone).where(Phone.customer_id == customer_id)
                             .order_by(Phone.id)).all()
    return CustomerCard(
        summary=summary, postal_code=c.postal_code, prefecture=c.prefecture, city=c.city,
        address1=c.address1, address2=c.address2, email=c.email, birthday=c.birthday,
        dm_allowed=c.dm_allowed, caution=c.caution, caution_note=c.caution_note,
        first_order_date=stats.first_order_date if stats else None,
        days_since_last_order=days_since(summary.last_order_date, today),
        phones=tuple(PhoneView(p.kind, p.national, p.e164, display_form(p.national))
                     for p in phones),
        orders=tuple(recent_orders(session, customer_id, n_orders)),
        notes=tuple(recent_notes(session, customer_id, n_notes)),
        created_at=c.created_at, company=c.company, department=c.department,
        caution_flags=tuple(f for f in (c.caution_flags or "").split(",") if f))


def recent_notes(session: Session, customer_id: int, limit: int = 10) -> list[NoteView]:
    """Newest first, everywhere."""
    done_by = aliased(Operator)
    rows = session.execute(
        select(Note, Operator.name, done_by.name)
        .outerjoin(Operator, Operator.id == Note.operator_id)
        .outerjoin(done_by, done_by.id == Note.done_by_id)
        .where(Note.customer_id == customer_id)
        .order_by(Note.created_at.desc(), Note.id.desc()).limit(limit)).all()
    return [NoteView(n.id, n.created_at, n.category, n.body, n.needs_follow_up,
                     n.done_at is not None, op, n.done_at, by) for n, op, by in rows]


@dataclass
class NewCustomer:
    name: str
    kana: str = ""
    phones: list[tuple[str, str]] = field(default_factory=list)  # (kind, text)
    postal_code: str | None = None
    prefecture: str | None = None
    city: str | None = None
    address1: str | None = None
    address2: str | None = None
    email: str | None = None
    birthday: date | None = None
    dm_allowed: bool = True
    caution: bool = False
    caution_note: str | None = None
    code: str | None = None
    company: str | None = None
    department: str | None = None
    caution_flags: tuple[str, ...] = ()


def add_phone(customer: Customer, kind: str, text: str) -> None:
    from desk_app.domain.phone import normalize  # raises PhoneNumberError for bad input

    number = normalize(text)
    customer.phones.append(Phone(kind=kind, national=number.national, e164=number.e164,
                                 national_rev=reversed_digits(number.national)))


def create_customer(session: Session, data: NewCustomer) -> Customer:
    """Insert a customer with phones; the code defaults to the zero-padded id."""
    from desk_app.domain.kana import to_katakana_reading

    kana = to_katakana_reading(data.kana)
    c = Customer(code=data.code or f"tmp-{id(data)}", name=data.name.strip(),
                 name_key=fold_name(data.name), kana=kana, kana_key=fold_kana(kana),
                 postal_code=(data.postal_code or "").replace("-", "") or None,
                 prefecture=data.prefecture, city=data.city, address1=data.address1,
                 address2=data.address2, email=data.email, birthday=data.birthday,
                 dm_allowed=data.dm_allowed and "no_dm" not in data.caution_flags,
                 caution=data.caution or bool(data.caution_flags),
                 caution_note=data.caution_note, company=data.company,
                 department=data.department, caution_flags=",".join(data.caution_flags))
    for kind, text in data.phones:
        add_phone(c, kind, text)
    c.stats = CustomerStats(orders_count=0, total_amount=0)
    session.add(c)
    session.flush()
    if data.code is None:
        c.code = str(c.id).zfill(7)
    return c


def duplicates(session: Session, name: str, kana: str, phones: list[str]) -> list[int]:
    """重複チェック: same name and kana, or any of the same numbers."""
    ids = set(session.scalars(select(Customer.id).where(
        Customer.name_key == fold_name(name), Customer.kana_key == fold_kana(kana))).all())
    for text in phones:
        number = try_normalize(text)
        if number:
            ids.update(phone_customer_ids(session, number.national, allow_suffix=False))
    return sorted(ids)


def exists(session: Session, customer_id: int) -> bool:
    return session.get(Customer, customer_id) is not None


def dm_allowed(session: Session, customer_id: int) -> bool:
    """Whether the customer accepts DM (letters, postcards, calls of the follow-up list)."""
    return bool(session.scalar(select(Customer.dm_allowed).where(Customer.id == customer_id)))


def caution_flags(session: Session, customer_id: int | None) -> tuple[str, ...]:
    """The customer's caution flags (代引不可, DM不可 …); none for an unknown customer."""
    c = session.get(Customer, customer_id) if customer_id is not None else None
    return tuple(f for f in (c.caution_flags or "").split(",") if f) if c else ()


def count_customers(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(Customer)) or 0
