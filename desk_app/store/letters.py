"""The SQL behind the follow-up letters: candidate customers, their facts, print records,
rules, templates and the shop calendar.

The rules themselves are judged in ``domain.letters``; this module only narrows the
customers worth judging on a day with indexed range queries (each rule's trigger range,
``domain.letters.trigger_range``) and loads what the rules read about them, so today's list
at a million customers reads a few thousand customers, not all of them.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any, TypeVar

from sqlalchemy import delete, exists, extract, func, select
from sqlalchemy.orm import Session, aliased

from desk_app.domain.calendar import BusinessCalendar
from desk_app.domain.letters import (
    DEFAULT_RULES,
    CustomerFacts,
    LineFact,
    OrderFact,
    Rule,
    trigger_range,
)
from desk_app.store.models import (
    Call,
    Customer,
    CustomerStats,
    LetterPrint,
    LetterRule,
    LetterRuleChange,
    LetterTemplate,
    Order,
    OrderLine,
    Phone,
    ShopSetting,
)

T = TypeVar("T")
CHUNK = 900  # SQLite's bound-parameter limit is 999 on old builds
# triggers dated by an order (or a stage change, which happens on a day up to *day*); a
# runs-out date or a birthday may lie after the day asked about (negative offsets)
ORDER_DATED = ("first_order", "any_order", "since_last_order", "segment_entered")
CALENDAR_KEY = "business_calendar"


def _chunks(ids: Sequence[T]) -> Iterable[Sequence[T]]:
    for i in range(0, len(ids), CHUNK):
        yield ids[i:i + CHUNK]


# -- candidates ---------------------------------------------------------------------------


def candidate_ids(session: Session, rules: Sequence[Rule], day: date,
                  calendar: BusinessCalendar, lapse_days: int | None = None,
                  loyal_amount: int | None = None) -> set[int]:
    """Customers that may have a letter due on *day* (a superset; the domain decides).

    A rule's stage filter narrows the query where the aggregates can say so without the
    as-of day (a customer who is 優良 or 流行 on a day has at least two orders and the loyal
    amount by then, so at least as much now): the birthday letter to 優良 customers reads a
    few thousand customers, not every customer born that month."""
    out: set[int] = set()
    active = Order.status == "active"
    latest: date | None = None  # the newest active order's date, asked once when needed
    for rule in rules:
        if not rule.enabled:
            continue
        lo, hi = trigger_range(rule, day, calendar)
        t = rule.trigger
        if t in ORDER_DATED:  # the trigger is an order's date: none after *day* counts
            hi = min(hi, day)
        if lo > hi:
            continue
        if t == "first_order":
            stmt, cid = (select(CustomerStats.customer_id)
                         .where(CustomerStats.first_order_date.between(lo, hi)),
                         CustomerStats.customer_id)
        elif t == "any_order":
            stmt, cid = (select(Order.customer_id)
                         .where(active, Order.order_date.between(lo, hi)), Order.customer_id)
        elif t == "since_last_order":
            if latest is None:
                latest = session.scalar(select(func.max(Order.order_date))
                                        .where(active)) or day
            if day >= latest:  # no order after the day: the aggregates know the last one
                stmt, cid = (select(CustomerStats.customer_id)
                             .where(CustomerStats.last_order_date.between(lo, hi)),
                             CustomerStats.customer_id)
            else:
                stmt, cid = _last_order_between(lo, hi, day), Order.customer_id
        elif t == "replenish":
            # lines running out in the range whose product was not ordered again since
            o2, l2 = aliased(Order), aliased(OrderLine)
            again = exists().where(o2.customer_id == Order.customer_id, o2.status == "active",
                                   o2.order_date > Order.order_date, o2.order_date <= day,
                                   l2.order_id == o2.id, l2.sku == OrderLine.sku)
            stmt, cid = (select(Order.customer_id).join(OrderLine, OrderLine.order_id == Order.id)
                         .where(active, OrderLine.runs_out_on.between(lo, hi),
                                Order.order_date <= day, ~again)), Order.customer_id
        elif t == "birthday_month":
            months = {d.month for d in _days(lo, hi) if d.day == 1}
            if not months:
                continue
            stmt, cid = (select(Customer.id).where(
                Customer.birthday.is_not(None),
                extract("month", Customer.birthday).in_(months))), Customer.id
        elif t == "segment_entered":
            stmt, cid = (select(Order.customer_id)
                         .where(active, Order.order_date.between(lo, hi))), Order.customer_id
            if lapse_days is not None:
                out.update(session.scalars(_last_order_between(
                    lo - timedelta(days=lapse_days), hi - timedelta(days=lapse_days), day)))
        else:
            continue
        narrowing = _stage_superset(rule.segments, loyal_amount, cid)
        if narrowing is not None:
            stmt = stmt.where(narrowing)
        out.update(session.scalars(stmt.distinct()))
    return out


def _stage_superset(segments: Sequence[str], loyal_amount: int | None, cid):
    """A condition on the customer's aggregates that every customer in one of *segments*
    meets on any day up to now (None: no narrowing possible)."""
    if not segments or loyal_amount is None:
        return None
    bases = {part for s in segments for part in s.split("・")}
    if bases & {"現役", "離脱", "見込み", "初回", "新規"}:
        return None  # any customer may be (or become) one of these
    stats = aliased(CustomerStats)
    conds = [stats.customer_id == cid, stats.orders_count >= 2]
    if bases <= {"優良", "流行"}:
        conds.append(stats.total_amount >= loyal_amount)
    return exists().where(*conds)


def _days(lo: date, hi: date) -> Iterable[date]:
    d = lo
    while d <= hi:
        yield d
        d += timedelta(days=1)


def _last_order_between(lo: date, hi: date, day: date):
    """Customers whose last active order up to *day* is dated in [lo, hi]."""
    later = aliased(Order)
    return select(Order.customer_id).where(
        Order.status == "active", Order.order_date.between(lo, hi),
        ~exists().where(later.customer_id == Order.customer_id, later.status == "active",
                        later.order_date > hi, later.order_date <= day))


# -- facts --------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class CustomerRow:
    id: int
    code: str
    name: str
    kana: str
    postal_code: str | None
    prefecture: str | None
    city: str | None
    address1: str | None
    address2: str | None
    birthday: date | None
    dm_allowed: bool
    phone: str | None


def usable_address(c: CustomerRow) -> bool:
    """A letter can be posted: 7-digit postal code, prefecture, and the rest of it."""
    code = (c.postal_code or "").replace("-", "")
    return (len(code) == 7 and code.isdigit() and bool((c.prefecture or "").strip())
            and bool((c.city or "").strip() or (c.address1 or "").strip()))


def load_facts(session: Session, ids: Iterable[int], day: date, with_lines: bool = True
               ) -> dict[int, tuple[CustomerRow, CustomerFacts]]:
    ids = sorted(set(ids))
    customers: dict[int, dict[str, Any]] = {}
    orders: dict[int, list[tuple[int, date, int]]] = defaultdict(list)
    lines: dict[int, list[LineFact]] = defaultdict(list)
    phones: dict[int, str] = {}
    for part in _chunks(ids):
        for found in session.execute(select(
                Customer.id, Customer.code, Customer.name, Customer.kana, Customer.postal_code,
                Customer.prefecture, Customer.city, Customer.address1, Customer.address2,
                Customer.birthday, Customer.dm_allowed).where(Customer.id.in_(part))):
            customers[found.id] = found._asdict()  # column names are CustomerRow's fields
        for cid, national in session.execute(
                select(Phone.customer_id, Phone.national).where(Phone.customer_id.in_(part))
                .order_by(Phone.customer_id, Phone.id)):
            phones.setdefault(cid, national)
        order_ids = []
        for oid, cid, odate, total in session.execute(
                select(Order.id, Order.customer_id, Order.order_date, Order.total)
                .where(Order.customer_id.in_(part), Order.status == "active",
                       Order.order_date <= day)):
            orders[cid].append((oid, odate, total))
            order_ids.append(oid)
        if with_lines:
            for chunk in _chunks(order_ids):
                for oid, sku, name, qty, runs_out in session.execute(
                        select(OrderLine.order_id, OrderLine.sku, OrderLine.name,
                               OrderLine.quantity, OrderLine.runs_out_on)
                        .where(OrderLine.order_id.in_(chunk))):
                    lines[oid].append(LineFact(sku, name, qty, runs_out))
    out = {}
    for cid, values in customers.items():
        row = CustomerRow(**values, phone=phones.get(cid))
        facts = CustomerFacts(
            cid,
            tuple(OrderFact(oid, odate, total, tuple(lines.get(oid, ())))
                  for oid, odate, total in sorted(orders.get(cid, ()), key=lambda o: (o[1], o[0]))),
            row.birthday, bool(row.dm_allowed), usable_address(row), row.phone is not None)
        out[cid] = (row, facts)
    return out


# -- print records ------------------------------------------------------------------------


def printed(session: Session, ids: Iterable[int], day: date) -> tuple[set[str], set[int]]:
    """(letter keys ever printed for these customers, customers with a print on *day*)."""
    keys: set[str] = set()
    today: set[int] = set()
    for part in _chunks(sorted(set(ids))):
        for key, cid, on in session.execute(
                select(LetterPrint.letter_key, LetterPrint.customer_id, LetterPrint.printed_on)
                .where(LetterPrint.customer_id.in_(part))):
            keys.add(key)
            if on == day:
                today.add(cid)
    return keys, today


@dataclass(frozen=True, slots=True)
class PrintEntry:
    letter_key: str
    rule_key: str
    customer_id: int
    channel: str
    due_date: date
    reason: str = ""


def record_prints(session: Session, entries: Sequence[PrintEntry], day: date, output: str,
                  now: datetime, operator_id: int | None) -> tuple[int, int]:
    """Record *entries* as printed on *day*; returns (first prints, reprints)."""
    keys = [e.letter_key for e in entries]
    seen: set[str] = set()
    for part in _chunks(keys):
        seen.update(session.scalars(select(LetterPrint.letter_key)
                                    .where(LetterPrint.letter_key.in_(part))))
    first = reprints = 0
    for e in entries:
        again = e.letter_key in seen
        session.add(LetterPrint(letter_key=e.letter_key, rule_key=e.rule_key,
                                customer_id=e.customer_id, channel=e.channel,
                                due_date=e.due_date, reason=e.reason[:200], printed_on=day, printed_at=now,
                                operator_id=operator_id, output=output, reprint=again))
        seen.add(e.letter_key)
        reprints += again
        first += not again
    session.flush()
    return first, reprints


@dataclass(frozen=True, slots=True)
class PrintRecord:
    letter_key: str
    rule_key: str
    customer_id: int
    channel: str
    due_date: date
    reason: str
    printed_on: date
    printed_at: datetime
    operator_id: int | None
    output: str
    reprint: bool


def prints_on(session: Session, day: date) -> list[PrintRecord]:
    return [PrintRecord(*row) for row in session.execute(
        select(LetterPrint.letter_key, LetterPrint.rule_key, LetterPrint.customer_id,
               LetterPrint.channel, LetterPrint.due_date, LetterPrint.reason,
               LetterPrint.printed_on,
               LetterPrint.printed_at, LetterPrint.operator_id, LetterPrint.output,
               LetterPrint.reprint)
        .where(LetterPrint.printed_on == day).order_by(LetterPrint.id))]


# -- calls: when a customer can be reached -------------------------------------------------


def call_times(session: Session, ids: Iterable[int], limit_per_customer: int = 50
               ) -> dict[int, list[datetime]]:
    """Received-at times (UTC) of each customer's calls, newest first."""
    out: dict[int, list[datetime]] = defaultdict(list)
    for part in _chunks(sorted(set(ids))):
        for cid, at in session.execute(select(Call.customer_id, Call.received_at)
                                       .where(Call.customer_id.in_(part))
                                       .order_by(Call.customer_id, Call.received_at.desc())):
            if cid is not None and len(out[cid]) < limit_per_customer:
                out[cid].append(at)
    return out


# -- rules, templates, calendar -----------------------------------------------------------


def load_rules(session: Session) -> tuple[Rule, ...]:
    """The shop's rules; the shipped defaults until the shop saves its own."""
    rows = session.scalars(select(LetterRule).order_by(LetterRule.position, LetterRule.key)).all()
    if not rows:
        return DEFAULT_RULES
    return tuple(Rule.from_dict(json.loads(r.data)) for r in rows)


def save_rules(session: Session, rules: Sequence[Rule], reason: str, now: datetime,
               operator_id: int | None) -> None:
    session.execute(delete(LetterRule))
    for i, rule in enumerate(rules):
        session.add(LetterRule(key=rule.key, position=i,
                               data=json.dumps(rule.to_dict(), ensure_ascii=False)))
    session.add(LetterRuleChange(changed_at=now, operator_id=operator_id, reason=reason,
                                 rules=json.dumps([r.to_dict() for r in rules],
                                                  ensure_ascii=False)))
    session.flush()


@dataclass(frozen=True, slots=True)
class RuleChange:
    changed_at: datetime
    operator_id: int | None
    reason: str
    rules: tuple[Rule, ...]


def rule_changes(session: Session, limit: int = 50) -> list[RuleChange]:
    return [RuleChange(r.changed_at, r.operator_id, r.reason,
                       tuple(Rule.from_dict(d) for d in json.loads(r.rules)))
            for r in session.scalars(select(LetterRuleChange)
                                     .order_by(LetterRuleChange.id.desc()).limit(limit))]


def stored_template(session: Session, name: str) -> str | None:
    return session.scalar(select(LetterTemplate.body).where(LetterTemplate.name == name))


def stored_templates(session: Session) -> dict[str, str]:
    return {name: body for name, body in session.execute(
        select(LetterTemplate.name, LetterTemplate.body))}


def save_template(session: Session, name: str, body: str | None,
                  operator_id: int | None) -> None:
    """Store an edited template; ``None`` goes back to the shipped file."""
    row = session.get(LetterTemplate, name)
    if body is None:
        if row is not None:
            session.delete(row)
    elif row is None:
        session.add(LetterTemplate(name=name, body=body, operator_id=operator_id))
    else:
        row.body, row.operator_id = body, operator_id
    session.flush()


def load_calendar(session: Session) -> BusinessCalendar:
    raw = session.scalar(select(ShopSetting.value).where(ShopSetting.key == CALENDAR_KEY))
    if not raw:
        return BusinessCalendar()
    data = json.loads(raw)
    return BusinessCalendar.of(data.get("closed_weekdays", (6,)),
                               data.get("public_holidays", True),
                               [date.fromisoformat(d) for d in data.get("closed_dates", ())])


def save_calendar(session: Session, calendar: BusinessCalendar) -> None:
    value = json.dumps({"closed_weekdays": sorted(calendar.closed_weekdays),
                        "public_holidays": calendar.public_holidays,
                        "closed_dates": sorted(d.isoformat() for d in calendar.closed_dates)})
    row = session.get(ShopSetting, CALENDAR_KEY)
    if row is None:
        session.add(ShopSetting(key=CALENDAR_KEY, value=value))
    else:
        row.value = value
    session.flush()


def customer_ids_by_code(session: Session, codes: Iterable[str]) -> dict[str, int]:
    codes = list(codes)
    out: dict[str, int] = {}
    for i in range(0, len(codes), CHUNK):
        out.update({code: cid for code, cid in session.execute(
            select(Customer.code, Customer.id).where(Customer.code.in_(codes[i:i + CHUNK])))})
    return out

