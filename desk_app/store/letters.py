"""The SQL behind the follow-up letters: candidate customers and the facts the rules are
judged on (rules, templates and print records: :mod:`desk_app.store.letter_records`; the
shop calendar: :mod:`desk_app.store.shop_calendar`).

The rules themselves are judged in ``domain.letters``; this module only narrows the
customers worth judging on a day with indexed range queries (each rule's trigger range,
``domain.letters.trigger_range``) whose rows already carry what the rules read about them
(:func:`summaries`), so today's list at a million customers reads the candidates' rows,
never their histories.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any, TypeVar

from sqlalchemy import and_, exists, extract, func, or_, select
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import Session, aliased
from sqlalchemy.sql.functions import FunctionElement

from desk_app.domain.calendar import BusinessCalendar
from desk_app.domain.clock import to_local
from desk_app.domain.customer import postal_address_complete
from desk_app.domain.letters import (
    CustomerFacts,
    CustomerSummary,
    LineFact,
    OrderFact,
    Rule,
    trigger_range,
)
from desk_app.store.models import (
    Customer,
    CustomerStats,
    ImportRecord,
    Order,
    OrderLine,
    Phone,
)

T = TypeVar("T")
CHUNK = 900  # SQLite's bound-parameter limit is 999 on old builds
# triggers dated by an order (or a stage change, which happens on a day up to *day*); a
# runs-out date or a birthday may lie after the day asked about (negative offsets)
ORDER_DATED = ("first_order", "any_order", "since_last_order", "segment_entered")


def chunks(ids: Sequence[T]) -> Iterable[Sequence[T]]:
    for i in range(0, len(ids), CHUNK):
        yield ids[i:i + CHUNK]


# -- candidates ---------------------------------------------------------------------------


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


def _last_order_between(lo: date, hi: date, day: date, *columns: Any):
    """Customers whose last active order up to *day* is dated in [lo, hi] (those orders'
    *columns*; by default the customer ids)."""
    later = aliased(Order)
    return select(*(columns or (Order.customer_id,))).where(
        unindexed(Order.status) == "active", Order.order_date.between(lo, hi),
        ~exists().where(later.customer_id == Order.customer_id, later.status == "active",
                        later.order_date > hi, later.order_date <= day))


# -- today's candidates with what the rules read (the fast path) ---------------------------


def import_days(session: Session) -> dict[int, date]:
    """Each history import's day (the shop's, in Japan): orders it brought dated before it
    were the shop's previous system's to follow up (``OrderFact.imported``). SQLite returns
    the stored UTC time without its offset; :func:`to_local` reads that as UTC too."""
    out = {}
    for iid, at in session.execute(select(ImportRecord.id, ImportRecord.created_at)):
        out[iid] = to_local(at).date() if at else date.max
    return out


def _handled(import_id: int | None, order_date: date, days: dict[int, date]) -> bool:
    return import_id is not None and order_date < days.get(import_id, date.max)


def _order(row: Any, days: dict[int, date]) -> OrderFact:
    """An OrderFact from a row starting with :data:`_ORDER_COLS` (read by position: a
    Row's attribute access costs more than the rest of the judgement)."""
    _cid, oid, odate, total, import_id = row[:5]
    return OrderFact(oid, odate, total, (),
                     import_id is not None and odate < days.get(import_id, date.max))


@dataclass
class _Found:
    """What the per-rule queries returned, per customer."""

    ids: set[int]
    first: dict[int, OrderFact]
    last: dict[int, OrderFact]
    orders: dict[int, dict[int, OrderFact]]
    lines: dict[int, dict[int, tuple[OrderFact, LineFact]]]
    history_ids: set[int]
    rows: dict[int, CustomerRow] = field(default_factory=dict)
    stats: dict[int, tuple[date | None, date | None, int, int]] = field(default_factory=dict)

    def customer(self, r: Any) -> None:
        """Keep the customer columns :func:`_with_customer` added to a rule's row."""
        cid = r[0]
        if cid in self.ids:
            return
        self.ids.add(cid)
        (code, name, kana, postal_code, prefecture, city, address1, address2, birthday, dm,
         phone, first, last, count, total) = r[-_CUSTOMER_COLS:]
        self.rows[cid] = CustomerRow(cid, code, name, kana, postal_code, prefecture, city,
                                     address1, address2, birthday, bool(dm), phone)
        if count:
            self.stats[cid] = (first, last, int(count), int(total or 0))


def summaries(session: Session, rules: Sequence[Rule], day: date,
              calendar: BusinessCalendar, lapse_days: int | None = None,
              loyal_amount: int | None = None, history_for_all: bool = False
              ) -> dict[int, tuple[CustomerRow, CustomerSummary]]:
    """Today's candidates (a superset of who can have a letter due on *day*) with what the
    rules read about them, in a few indexed queries and no history reads: each rule's
    query returns the rows its trigger is judged on (first / last order, the orders in its
    range, the lines running out in its range and not ordered again since), and the
    aggregates as of *day* come from ``customer_stats`` (or, for a day before the newest
    order, from the covering orders index). Full histories are read only for the
    candidates of ``segment_entered`` rules (or every candidate with *history_for_all*,
    for a stage model that needs the orders). ``domain.letters.summarize`` on a full
    history gives the same summary for every letter that can be due on *day* (tested on
    random histories)."""
    days = import_days(session)
    # the newest active order's date, read backwards on the date index (max() with the
    # status condition would walk every active order)
    latest = session.scalar(select(Order.order_date).where(unindexed(Order.status) == "active")
                            .order_by(Order.order_date.desc()).limit(1)) or day
    found = _Found(set(), {}, {}, defaultdict(dict), defaultdict(dict), set())
    for rule in rules:
        if rule.enabled:
            _rule_rows(session, rule, day, calendar, lapse_days, loyal_amount, days, latest,
                       found)
    ids = sorted(found.ids)
    history_ids = set(ids) if history_for_all else found.history_ids
    rows = found.rows
    rows.update(_customer_rows(session, [c for c in ids if c not in rows]))
    aggs = found.stats if day >= latest else _aggregates(session, ids, day)
    histories = _histories(session, sorted(history_ids), day, days) if history_ids else {}
    out = {}
    for cid in ids:
        row = rows.get(cid)
        if row is None:
            continue
        first, last, count, total = aggs.get(cid, (None, None, 0, 0))
        lines = sorted(found.lines.get(cid, {}).items())
        out[cid] = (row, CustomerSummary(
            cid, first, last, count, total, found.first.get(cid), found.last.get(cid),
            tuple(o for _, o in sorted(found.orders.get(cid, {}).items(),
                                       key=lambda kv: (kv[1].order_date, kv[0]))),
            tuple(v for _, v in sorted(lines, key=lambda kv: (kv[1][0].order_date,
                                                              kv[1][0].order_id, kv[0]))),
            row.birthday, bool(row.dm_allowed), usable_address(row), row.phone is not None,
            tuple(histories.get(cid, ())) if cid in history_ids else None))
    return out


_ORDER_COLS = (Order.customer_id, Order.id, Order.order_date, Order.total, Order.import_id)
_CUSTOMER_COLS = 15  # what _with_customer adds at the end of a row


def _rule_rows(session: Session, rule: Rule, day: date, calendar: BusinessCalendar,
               lapse_days: int | None, loyal_amount: int | None, days: dict[int, date],
               latest: date, found: _Found) -> None:
    lo, hi = trigger_range(rule, day, calendar)
    t = rule.trigger
    if t in ORDER_DATED:
        hi = min(hi, day)
    if lo > hi:
        return
    active = unindexed(Order.status) == "active"
    stats = CustomerStats
    stmt: Any
    if t == "first_order":
        stmt = (select(*_ORDER_COLS).join(stats, and_(
            stats.customer_id == Order.customer_id,
            unindexed(Order.order_date) == stats.first_order_date))
            .where(stats.first_order_date.between(lo, hi), active))
        for r in _narrowed(session, stmt, rule, loyal_amount, Order.customer_id):
            have = found.first.get(r[0])
            if have is None or r[1] < have.order_id:
                found.first[r[0]] = _order(r, days)
            found.customer(r)
    elif t == "since_last_order":
        if day >= latest:  # no order after the day: the aggregates know the last one
            stmt = (select(*_ORDER_COLS).join(stats, and_(
                stats.customer_id == Order.customer_id,
                unindexed(Order.order_date) == stats.last_order_date))
                .where(stats.last_order_date.between(lo, hi), active))
        else:
            stmt = _last_order_between(lo, hi, day, *_ORDER_COLS)
        for r in _narrowed(session, stmt, rule, loyal_amount, Order.customer_id):
            have = found.last.get(r[0])
            if have is None or (r[2], r[1]) > (have.order_date, have.order_id):
                found.last[r[0]] = _order(r, days)
            found.customer(r)
    elif t == "any_order":
        stmt = select(*_ORDER_COLS).where(active, Order.order_date.between(lo, hi))
        for r in _narrowed(session, stmt, rule, loyal_amount, Order.customer_id):
            found.orders[r[0]][r[1]] = _order(r, days)
            found.customer(r)
    elif t == "replenish":
        # lines running out in the range whose product no later order up to the day has
        # (later: a later date, or the same date and a higher order number)
        o2, l2 = aliased(Order), aliased(OrderLine)
        again = exists().where(
            o2.customer_id == Order.customer_id, o2.status == "active",
            o2.order_date >= Order.order_date, o2.order_date <= day,
            or_(o2.order_date > Order.order_date, o2.id > Order.id),
            l2.order_id == o2.id, l2.sku == OrderLine.sku)
        stmt = (select(*_ORDER_COLS, OrderLine.id.label("line_id"), OrderLine.sku,
                       OrderLine.name, OrderLine.quantity, OrderLine.runs_out_on)
                .join(OrderLine, OrderLine.order_id == Order.id)
                .where(active, OrderLine.runs_out_on.between(lo, hi), Order.order_date <= day,
                       ~again))
        for r in _narrowed(session, stmt, rule, loyal_amount, Order.customer_id):
            line_id, sku, name, quantity, runs_out = r[5:10]
            found.lines[r[0]][line_id] = (_order(r, days),
                                          LineFact(sku, name, quantity, runs_out))
            found.customer(r)
    elif t == "birthday_month":
        months = {d.month for d in _days(lo, hi) if d.day == 1}
        if months:
            stmt = select(Customer.id.label("customer_id")).where(
                Customer.birthday.is_not(None), extract("month", Customer.birthday).in_(months))
            for r in _narrowed(session, stmt, rule, loyal_amount, Customer.id, joined=True):
                found.customer(r)
    elif t == "segment_entered":
        stmt = select(Order.customer_id).where(active,
                                                          Order.order_date.between(lo, hi))
        got = {r[0] for r in _narrowed(session, stmt, rule, loyal_amount,
                                       Order.customer_id, with_customer=False)}
        if lapse_days is not None:
            got.update(session.scalars(_last_order_between(
                lo - timedelta(days=lapse_days), hi - timedelta(days=lapse_days), day)))
        found.ids.update(got)
        found.history_ids.update(got)


class unindexed(FunctionElement[Any]):
    """*column* in a condition that must not drive the query plan.

    SQLite without ANALYZE statistics takes ``status = 'active'`` on the leading column of
    ix_orders_rfm for the most selective condition and walks every active order; on SQLite
    this renders ``+column`` (which no index serves), so the planner uses the date or
    customer index the query is built for. PostgreSQL plans from its own statistics and
    gets the column unchanged."""

    inherit_cache = True
    name = "unindexed"

    def __init__(self, column: Any) -> None:
        super().__init__(column)
        self.type = column.type


@compiles(unindexed)
def _unindexed_default(element, compiler, **kw):
    return compiler.process(element.clauses, **kw)


@compiles(unindexed, "sqlite")
def _unindexed_sqlite(element, compiler, **kw):
    return "+" + compiler.process(element.clauses, **kw)


def _narrowed(session: Session, stmt, rule: Rule, loyal_amount: int | None, cid, *,
              joined: bool = False, with_customer: bool = True):
    narrowing = _stage_superset(rule.segments, loyal_amount, cid)
    if narrowing is not None:
        stmt = stmt.where(narrowing)
    if with_customer:
        stmt = _with_customer(stmt, cid, joined)
    return session.execute(stmt)


def _first_phone(cid):
    return (select(Phone.national).where(Phone.customer_id == cid).order_by(Phone.id)
            .limit(1).scalar_subquery())


def _with_customer(stmt, cid, joined: bool):
    """*stmt* with the customer's columns, first phone and aggregates on each row (found
    by primary key in the same query: no second round of IN lists per candidate)."""
    stats = aliased(CustomerStats)
    stmt = stmt.add_columns(
        Customer.code.label("c_code"), Customer.name.label("c_name"),
        Customer.kana.label("c_kana"), Customer.postal_code.label("c_postal_code"),
        Customer.prefecture.label("c_prefecture"), Customer.city.label("c_city"),
        Customer.address1.label("c_address1"), Customer.address2.label("c_address2"),
        Customer.birthday.label("c_birthday"), Customer.dm_allowed.label("c_dm_allowed"),
        _first_phone(Customer.id).label("c_phone"),
        stats.first_order_date.label("s_first"), stats.last_order_date.label("s_last"),
        stats.orders_count.label("s_count"), stats.total_amount.label("s_total"))
    if not joined:
        stmt = stmt.join(Customer, Customer.id == cid)
    return stmt.outerjoin(stats, stats.customer_id == Customer.id)


def _customer_rows(session: Session, ids: Sequence[int]) -> dict[int, CustomerRow]:
    out = {}
    phones = _phones(session, ids)
    for part in chunks(ids):
        for found in session.execute(select(
                Customer.id, Customer.code, Customer.name, Customer.kana, Customer.postal_code,
                Customer.prefecture, Customer.city, Customer.address1, Customer.address2,
                Customer.birthday, Customer.dm_allowed).where(Customer.id.in_(part))):
            out[found.id] = CustomerRow(**found._asdict(), phone=phones.get(found.id))
    return out


def _phones(session: Session, ids: Sequence[int]) -> dict[int, str]:
    phones: dict[int, str] = {}
    for part in chunks(ids):
        for cid, national in session.execute(
                select(Phone.customer_id, Phone.national).where(Phone.customer_id.in_(part))
                .order_by(Phone.customer_id, Phone.id)):
            phones.setdefault(cid, national)
    return phones


def _aggregates(session: Session, ids: Sequence[int], day: date
                ) -> dict[int, tuple[date | None, date | None, int, int]]:
    """The aggregates as of a *day* before the newest order (the covering index
    ix_orders_rfm answers this without the table)."""
    out: dict[int, tuple[date | None, date | None, int, int]] = {}
    for part in chunks(ids):
        stmt = (select(Order.customer_id, func.min(Order.order_date),
                       func.max(Order.order_date), func.count(), func.sum(Order.total))
                .where(Order.status == "active", Order.customer_id.in_(part),
                       Order.order_date <= day).group_by(Order.customer_id))
        for cid, first, last, count, total in session.execute(stmt):
            if count:
                out[cid] = (first, last, int(count), int(total or 0))
    return out


def _histories(session: Session, ids: Sequence[int], day: date, days: dict[int, date]
               ) -> dict[int, list[OrderFact]]:
    out: dict[int, list[OrderFact]] = defaultdict(list)
    for part in chunks(ids):
        for r in session.execute(select(*_ORDER_COLS).where(
                Order.customer_id.in_(part), Order.status == "active", Order.order_date <= day)):
            out[r.customer_id].append(_order(r, days))
    for orders in out.values():
        orders.sort(key=lambda o: (o.order_date, o.order_id))
    return out


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
    """A letter can be posted (``domain.customer.postal_address_complete``)."""
    return postal_address_complete(c.postal_code, c.prefecture, c.city, c.address1)


def load_facts(session: Session, ids: Iterable[int], day: date, with_lines: bool = True
               ) -> dict[int, tuple[CustomerRow, CustomerFacts]]:
    ids = sorted(set(ids))
    customers: dict[int, dict[str, Any]] = {}
    orders: dict[int, list[tuple[int, date, int]]] = defaultdict(list)
    lines: dict[int, list[LineFact]] = defaultdict(list)
    phones: dict[int, str] = {}
    days = import_days(session)
    handled: set[int] = set()
    for part in chunks(ids):
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
        for oid, cid, odate, total, import_id in session.execute(
                select(Order.id, Order.customer_id, Order.order_date, Order.total,
                       Order.import_id)
                .where(Order.customer_id.in_(part), Order.status == "active",
                       Order.order_date <= day)):
            orders[cid].append((oid, odate, total))
            order_ids.append(oid)
            if _handled(import_id, odate, days):
                handled.add(oid)
        if with_lines:
            for chunk in chunks(order_ids):
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
            tuple(OrderFact(oid, odate, total, tuple(lines.get(oid, ())), oid in handled)
                  for oid, odate, total in sorted(orders.get(cid, ()), key=lambda o: (o[1], o[0]))),
            row.birthday, bool(row.dm_allowed), usable_address(row), row.phone is not None)
        out[cid] = (row, facts)
    return out
