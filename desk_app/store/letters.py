"""The SQL behind the follow-up letters: today's hits and the facts the rules are judged
on (rules, templates and print records: :mod:`desk_app.store.letter_records`; the shop
calendar: :mod:`desk_app.store.shop_calendar`).

The rules themselves are judged in ``domain.letters``; this module only finds, with one
indexed range query per rule over exactly the trigger dates whose letter is due on the day
(``domain.letter_choice.live_windows``), the triggers behind today's letters as plain values
(:func:`today`), and then reads the customers behind them once each — so today's list at a
million customers reads the candidates' rows, never their histories, and builds objects
only for the letters it puts on the list.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any, NamedTuple, TypeVar

from sqlalchemy import (
    String,
    and_,
    bindparam,
    exists,
    func,
    literal_column,
    or_,
    select,
    true,
    type_coerce,
)
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import Session, aliased
from sqlalchemy.sql.functions import FunctionElement

from desk_app.domain.clock import to_local
from desk_app.domain.customer import postal_address_complete
from desk_app.domain.letter_choice import Hit
from desk_app.domain.letters import (
    CustomerFacts,
    LineFact,
    OrderFact,
    Rule,
)
from desk_app.store.models import (
    Customer,
    CustomerStats,
    ImportRecord,
    Order,
    OrderLine,
    Phone,
    birth_month,
)

T = TypeVar("T")
CHUNK = 900  # SQLite's bound-parameter limit is 999 on old builds
# triggers dated by an order (or a stage change, which happens on a day up to *day*); a
# runs-out date or a birthday may lie after the day asked about (negative offsets)
ORDER_DATED = ("first_order", "any_order", "since_last_order", "segment_entered")


def chunks(ids: Sequence[T]) -> Iterable[Sequence[T]]:
    for i in range(0, len(ids), CHUNK):
        yield ids[i:i + CHUNK]


def among(session: Session, column: Any, ids: Sequence[int]) -> Iterable[Any]:
    """``column IN ids`` in as few statements as the database allows, one condition per
    statement to run: on SQLite one, the ids as a JSON array that ``json_each`` reads (no
    bound-parameter limit, one compilation; at 70,000 customers the per-chunk statements'
    compilations alone cost a tenth of a second); elsewhere one per chunk of ids."""
    if not ids:
        return
    if session.get_bind().dialect.name == "sqlite":
        values = bindparam(None, json.dumps(list(ids)), type_=String)
        yield column.in_(select(literal_column("value")).select_from(func.json_each(values)))
    else:
        for part in chunks(ids):
            yield column.in_(part)


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
    return OrderFact(oid, odate, total, (), _handled(import_id, odate, days))


_ORDER_COLS = (Order.customer_id, Order.id, Order.order_date, Order.total, Order.import_id)


def _day(value: Any) -> date:
    """A date column read without SQLAlchemy's per-value processing (:func:`_raw_date`):
    SQLite gives the ISO text, PostgreSQL a date."""
    return value if isinstance(value, date) else date.fromisoformat(value)


def _raw_date(column: Any) -> Any:
    """*column* as it comes from the driver: SQLAlchemy's SQLite date processor parses each
    value with a regular expression, which costs more than the query at 100,000 rows."""
    return type_coerce(column, String)


@dataclass
class Found:
    """Today's hits (``domain.letter_choice.Hit``: one per rule trigger whose letter is due on
    the day, before the one-a-day choice, DM, address and print checks) and what the
    choice reads about the customers behind them."""

    hits: list[Hit]
    rows: dict[int, CustomerRow]
    aggregates: dict[int, tuple[date | None, date | None, int, int]]
    histories: dict[int, list[OrderFact]]
    segment_ids: dict[int, set[int]] = field(default_factory=dict)  # rule index → ids


def today(session: Session, rules: Sequence[Rule], windows: Sequence[Mapping[date, Any] | None],
          day: date, lapse_days: int | None = None, loyal_amount: int | None = None,
          history_for_all: bool = False) -> Found:
    """The hits for *day*: one indexed query per rule over exactly the trigger dates whose
    letter is due on the day (*windows*, ``domain.letter_choice.live_windows``), each returning
    only what its trigger is judged on (first / last order, the orders in range, the lines
    running out and not ordered again since, the birthday month) as plain values; then the
    rows of the customers behind them (name, address, first phone, aggregates as of the
    day), read once each. Full histories are read only for the candidates of
    ``segment_entered`` rules (or every candidate with *history_for_all*, for a stage model
    that needs the orders). ``domain.letter_choice.choose`` over these gives the list
    ``due_for_customer`` gives on full histories (tested on random histories and rules)."""
    days = import_days(session)
    # the newest active order's date, read backwards on the date index (max() with the
    # status condition would walk every active order)
    latest = session.scalar(select(Order.order_date).where(unindexed(Order.status) == "active")
                            .order_by(Order.order_date.desc()).limit(1)) or day
    hits: list[Hit] = []
    segment_ids: dict[int, set[int]] = {}
    for i, rule in enumerate(rules):
        live = windows[i]
        if not rule.enabled or not live:
            continue
        lo, hi = min(live), max(live)
        if rule.trigger in ORDER_DATED:
            hi = min(hi, day)
        if lo > hi:
            continue
        if rule.trigger == "segment_entered":
            segment_ids[i] = _segment_candidates(session, rule, lo, hi, day, lapse_days,
                                                 loyal_amount)
        else:
            hits += _rule_hits(session, i, rule, lo, hi, day, loyal_amount, days, latest)
    ids = {h[1] for h in hits}
    for more in segment_ids.values():
        ids |= more
    ordered = sorted(ids)
    rows, stats = _customers_with_stats(session, ordered)
    aggs = stats if day >= latest else _aggregates(session, ordered, day)
    history_ids = ordered if history_for_all else sorted(
        set().union(*segment_ids.values()) if segment_ids else ())
    histories = _histories(session, history_ids, day, days) if history_ids else {}
    return Found(hits, rows, aggs, dict(histories), segment_ids)


def _rule_hits(session: Session, i: int, rule: Rule, lo: date, hi: date, day: date,
               loyal_amount: int | None, days: dict[int, date], latest: date) -> list[Hit]:
    active = unindexed(Order.status) == "active"
    stats = CustomerStats
    t = rule.trigger
    odate = _raw_date(Order.order_date)
    cols = (Order.customer_id, Order.id, odate, Order.import_id)
    out: list[Hit] = []
    if t == "first_order":
        stmt = (select(*cols).join(stats, and_(
            stats.customer_id == Order.customer_id,
            unindexed(Order.order_date) == stats.first_order_date))
            .where(stats.first_order_date.between(lo, hi), active))
        first: dict[int, tuple[int, date, int | None]] = {}
        for cid, oid, on, import_id in _rows(session, stmt, rule, loyal_amount,
                                              Order.customer_id):
            have = first.get(cid)
            if have is None or oid < have[0]:
                first[cid] = (oid, _day(on), import_id)
        for cid, (oid, on, import_id) in first.items():
            if not _handled(import_id, on, days):
                out.append((i, cid, on, "first", 0, (oid, on)))
    elif t == "since_last_order":
        if day >= latest:  # no order after the day: the aggregates know the last one
            stmt = (select(*cols).join(stats, and_(
                stats.customer_id == Order.customer_id,
                unindexed(Order.order_date) == stats.last_order_date))
                .where(stats.last_order_date.between(lo, hi), active))
        else:
            stmt = _last_order_between(lo, hi, day, *cols)
        last: dict[int, tuple[date, int]] = {}
        for cid, oid, on, _import_id in _rows(session, stmt, rule, loyal_amount,
                                               Order.customer_id):
            on = _day(on)
            latest_seen = last.get(cid)
            if latest_seen is None or (on, oid) > latest_seen:
                last[cid] = (on, oid)
        out += [(i, cid, on, f"last{on.isoformat()}", 0, (oid, on))
                for cid, (on, oid) in last.items()]
    elif t == "any_order":
        stmt = select(*cols).where(active, Order.order_date.between(lo, hi))
        for cid, oid, on, import_id in _rows(session, stmt, rule, loyal_amount,
                                              Order.customer_id):
            on = _day(on)
            if not _handled(import_id, on, days):
                out.append((i, cid, on, f"o{oid}", 0, (oid, on)))
    elif t == "replenish":
        # lines running out in the range whose product no later order up to the day has
        # (later: a later date, or the same date and a higher order number)
        o2, l2 = aliased(Order), aliased(OrderLine)
        again = exists().where(
            o2.customer_id == Order.customer_id, o2.status == "active",
            o2.order_date >= Order.order_date, o2.order_date <= day,
            or_(o2.order_date > Order.order_date, o2.id > Order.id),
            l2.order_id == o2.id, l2.sku == OrderLine.sku)
        stmt = (select(Order.customer_id, Order.id, odate, OrderLine.id, OrderLine.sku,
                       OrderLine.name, OrderLine.quantity, _raw_date(OrderLine.runs_out_on))
                .join(OrderLine, OrderLine.order_id == Order.id)
                .where(active, OrderLine.runs_out_on.between(lo, hi), Order.order_date <= day,
                       ~again))
        for cid, oid, on, line_id, sku, name, quantity, runs_out in _rows(
                session, stmt, rule, loyal_amount, Order.customer_id):
            runs_out = _day(runs_out)
            out.append((i, cid, runs_out, f"o{oid}:{sku}", line_id,
                         (oid, _day(on), sku, name, quantity, runs_out)))
    elif t == "birthday_month":
        firsts = [d for d in _days(lo, hi) if d.day == 1 and day.year - 1 <= d.year <= day.year]
        months = {d.month for d in firsts}
        if months:
            month_of = birth_month(Customer.birthday)
            stmt = select(Customer.id, month_of).where(Customer.birthday.is_not(None),
                                                      month_of.in_(months))
            for cid, month in _rows(session, stmt, rule, loyal_amount, Customer.id):
                for d in firsts:
                    if d.month == month:
                        out.append((i, cid, d, f"y{d.year}", 0, (d.year, d.month)))
    return out


def _segment_candidates(session: Session, rule: Rule, lo: date, hi: date, day: date,
                        lapse_days: int | None, loyal_amount: int | None) -> set[int]:
    """Who may enter the rule's stage in [lo, hi]: an order in the range changed their
    aggregates, or their last order lapsed in it."""
    stmt = select(Order.customer_id).where(unindexed(Order.status) == "active",
                                            Order.order_date.between(lo, hi))
    got = {r[0] for r in _rows(session, stmt, rule, loyal_amount, Order.customer_id)}
    if lapse_days is not None:
        # an order dated L lapses on L + lapse_days unless another comes before that day;
        # with L + lapse_days in [lo, hi] only an order in (L, lo) is sure to prevent it
        # (one in [lo, hi] made the customer a candidate above; a later one came after the
        # lapse, which happened all the same: a come-back order does not undo it)
        later = aliased(Order)
        got.update(session.scalars(select(Order.customer_id).where(
            unindexed(Order.status) == "active",
            Order.order_date.between(lo - timedelta(days=lapse_days),
                                     hi - timedelta(days=lapse_days)),
            ~exists().where(later.customer_id == Order.customer_id, later.status == "active",
                            later.order_date > Order.order_date, later.order_date < lo))))
    return got


def _rows(session: Session, stmt, rule: Rule, loyal_amount: int | None, cid
          ) -> Sequence[Any]:
    """*stmt* narrowed to who can be in the rule's segments, as plain tuples (Core
    execution: the ORM's per-row work would cost more than the query)."""
    narrowing = _stage_superset(rule.segments, loyal_amount, cid)
    if narrowing is not None:
        stmt = stmt.where(narrowing)
    return plain_rows(session, stmt)


def plain_rows(session: Session, stmt) -> Sequence[Any]:
    """*stmt*'s rows as the driver's own tuples: SQLAlchemy binds the parameters, but the
    rows skip its result layer (about 0.6 µs a row, a tenth of today's list at a million
    customers). Only for statements whose columns need no conversion on the way out:
    numbers, text, and dates read with :func:`_raw_date` (then :func:`_day`)."""
    result = session.connection().execute(stmt)
    try:
        return result.cursor.fetchall()
    finally:
        result.close()


def _customer_columns():
    return (Customer.id, Customer.code, Customer.name, Customer.kana, Customer.postal_code,
            Customer.prefecture, Customer.city, Customer.address1, Customer.address2,
            _raw_date(Customer.birthday), Customer.dm_allowed, _first_phone(Customer.id),
            _raw_date(CustomerStats.first_order_date),
            _raw_date(CustomerStats.last_order_date),
            CustomerStats.orders_count, CustomerStats.total_amount)


def _customers_with_stats(session: Session, ids: Sequence[int]
                          ) -> tuple[dict[int, CustomerRow],
                                     dict[int, tuple[date | None, date | None, int, int]]]:
    """The rows of the customers who want DM, with their first phone, and their
    aggregates from ``customer_stats`` (by primary key): on SQLite one statement for all
    the ids. The others get no letter at all (``domain.letter_choice.pick`` leaves out a
    customer without a row), so their rows are not read."""
    rows: dict[int, CustomerRow] = {}
    stats: dict[int, tuple[date | None, date | None, int, int]] = {}
    parts = (plain_rows(session, select(*_customer_columns())
                        .outerjoin(CustomerStats, CustomerStats.customer_id == Customer.id)
                        .where(among_ids, Customer.dm_allowed == true()))
             for among_ids in among(session, Customer.id, ids))
    for part_rows in parts:
        for (cid, code, name, kana, postal_code, prefecture, city, address1, address2,
             birthday, dm, phone, first, last, count, total) in part_rows:
            rows[cid] = CustomerRow(cid, code, name, kana, postal_code, prefecture, city,
                                    address1, address2, birthday and _day(birthday), bool(dm),
                                    phone)
            if count:
                stats[cid] = (_day(first), _day(last), int(count), int(total or 0))
    return rows, stats


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


def _first_phone(cid):
    return (select(Phone.national).where(Phone.customer_id == cid).order_by(Phone.id)
            .limit(1).scalar_subquery())


def _aggregates(session: Session, ids: Sequence[int], day: date
                ) -> dict[int, tuple[date | None, date | None, int, int]]:
    """The aggregates as of a *day* before the newest order (the covering index
    ix_orders_rfm answers this without the table)."""
    out: dict[int, tuple[date | None, date | None, int, int]] = {}
    for part in among(session, Order.customer_id, ids):
        stmt = (select(Order.customer_id, func.min(Order.order_date),
                       func.max(Order.order_date), func.count(), func.sum(Order.total))
                .where(Order.status == "active", part,
                       Order.order_date <= day).group_by(Order.customer_id))
        for cid, first, last, count, total in session.execute(stmt):
            if count:
                out[cid] = (first, last, int(count), int(total or 0))
    return out


def _histories(session: Session, ids: Sequence[int], day: date, days: dict[int, date]
               ) -> dict[int, list[OrderFact]]:
    out: dict[int, list[OrderFact]] = defaultdict(list)
    for part in among(session, Order.customer_id, ids):
        for r in session.execute(select(*_ORDER_COLS).where(
                part, Order.status == "active", Order.order_date <= day)):
            out[r.customer_id].append(_order(r, days))
    for orders in out.values():
        orders.sort(key=lambda o: (o.order_date, o.order_id))
    return out


# -- facts --------------------------------------------------------------------------------


class CustomerRow(NamedTuple):
    """A customer behind today's hits (a named tuple: built 70,000 times for one list at a
    million customers, where a frozen dataclass's checked attribute setting costs a
    tenth of a second)."""

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
