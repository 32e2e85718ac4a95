"""おすすめ while taking an order: what is often bought together with the order's items,
the customer's own regular items that are about to run out, and the larger size or set.

Co-purchase pairs live in an in-memory cache (:class:`CoPurchaseCache`), not in a table:
they are derived, disposable data; the catalogue is small, so the pair counts of even a
few thousand products fit easily in memory; a table would need a migration and a writer
to keep it fresh for no gain in what the clerk sees. The pairs are counted over the most
recent ``window`` orders (a primary-key range, so the cost is bounded at any store size,
and recent habits matter more than old ones) on a background thread and swapped in
whole; the form only ever reads the finished object, so suggestions never slow it down.
"""

from __future__ import annotations

import threading
import time
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desk_app.domain.messages import Problem
from desk_app.domain.orders import Catalogue
from desk_app.store.models import Order, OrderLine

WINDOW_ORDERS = 100_000
MIN_PAIR_ORDERS = 3  # fewer shared orders than this is noise, not a habit
DUE_HORIZON_DAYS = 14


@dataclass(frozen=True, slots=True)
class Suggestion:
    sku: str
    name: str
    price: int
    kind: str  # due / upgrade / together
    why: Problem  # short, shown beside the item (a message code)

    @property
    def reason(self) -> str:
        """The reason in Japanese."""
        return self.why.message


class CoPurchase:
    """How often two products appear in the same order, over a window of recent orders."""

    def __init__(self, pairs: dict[str, Counter], counts: Counter, orders: int) -> None:
        self.pairs, self.counts, self.orders = pairs, counts, orders
        self.built_at = time.monotonic()

    @classmethod
    def build(cls, session: Session, window: int = WINDOW_ORDERS) -> CoPurchase:
        top = session.scalar(select(func.max(Order.id))) or 0
        rows = session.execute(
            select(OrderLine.order_id, OrderLine.sku).join(Order, Order.id == OrderLine.order_id)
            .where(Order.id > top - window, Order.status == "active"))
        baskets: dict[int, set[str]] = defaultdict(set)
        for order_id, sku in rows:
            baskets[order_id].add(sku)
        pairs: dict[str, Counter] = defaultdict(Counter)
        counts: Counter = Counter()
        for skus in baskets.values():
            counts.update(skus)
            for a in skus:
                for b in skus:
                    if a != b:
                        pairs[a][b] += 1
        return cls(dict(pairs), counts, len(baskets))

    def partners(self, sku: str, limit: int = 5) -> list[tuple[str, float]]:
        """Products bought with *sku*, by confidence (share of *sku*'s orders that had them)."""
        base = self.counts.get(sku, 0)
        if not base:
            return []
        found = [(other, n / base) for other, n in self.pairs.get(sku, Counter()).items()
                 if n >= MIN_PAIR_ORDERS]
        return sorted(found, key=lambda t: (-t[1], t[0]))[:limit]


class CoPurchaseCache:
    """The current :class:`CoPurchase`, replaced whole by :meth:`refresh` (thread-safe)."""

    def __init__(self, max_age_seconds: float = 30 * 60) -> None:
        self.max_age = max_age_seconds
        self._value: CoPurchase | None = None
        self._lock = threading.Lock()
        self._refreshing = False

    def get(self) -> CoPurchase | None:
        return self._value

    def stale(self) -> bool:
        value = self._value
        return value is None or time.monotonic() - value.built_at > self.max_age

    def refresh(self, session_factory) -> bool:
        """Rebuild from the store; returns False when another refresh is already running."""
        with self._lock:
            if self._refreshing:
                return False
            self._refreshing = True
        try:
            with session_factory() as session:
                value = CoPurchase.build(session)
            self._value = value
            return True
        finally:
            with self._lock:
                self._refreshing = False



def due_items(session: Session, customer_id: int, catalogue: Catalogue, today: date,
              horizon_days: int = DUE_HORIZON_DAYS, orders: int = 20) -> list[tuple[str, date]]:
    """The customer's regular items that run out within *horizon_days* (or already have):
    last purchase date + consumption days × quantity bought then. Items that ran out more
    than a year ago are habits the customer has left, not due items."""
    recent = (select(Order.id, Order.order_date)
              .where(Order.customer_id == customer_id, Order.status == "active")
              .order_by(Order.order_date.desc()).limit(orders).subquery())
    last: dict[str, tuple[date, int]] = {}
    for sku, day, qty in session.execute(
            select(OrderLine.sku, recent.c.order_date, OrderLine.quantity)
            .join(recent, recent.c.id == OrderLine.order_id)
            .order_by(recent.c.order_date)):
        last[sku] = (day, qty)
    due = []
    for sku, (day, qty) in last.items():
        product = catalogue.get(sku)
        if product is None or not product.active or not product.consumption_days:
            continue
        runs_out = day + timedelta(days=product.consumption_days * qty)
        if today - timedelta(days=365) <= runs_out <= today + timedelta(days=horizon_days):
            due.append((sku, runs_out))
    return sorted(due, key=lambda t: (t[1], t[0]))


def suggest(catalogue: Catalogue, in_order: Iterable[str], copurchase: CoPurchase | None,
            due: Iterable[tuple[str, date]] = (), limit: int = 8,
            today: date | None = None) -> list[Suggestion]:
    """Due items first (the customer's own habit), then larger sizes, then co-purchases."""
    in_order = list(in_order)
    taken = {s.upper() for s in in_order}
    out: list[Suggestion] = []

    def add(sku: str, kind: str, reason: Problem) -> None:
        product = catalogue.get(sku)
        if product is None or not product.active or product.sku.upper() in taken:
            return
        taken.add(product.sku.upper())
        out.append(Suggestion(product.sku, product.name, product.price, kind, reason))

    for sku, runs_out in due:
        when = {"month": runs_out.month, "day": runs_out.day}
        add(sku, "due", Problem("suggest.ran_out" if today and runs_out < today
                                else "suggest.running_out", when))
    for sku in in_order:
        product = catalogue.get(sku)
        if product is not None and product.upgrade_sku:
            add(product.upgrade_sku, "upgrade", Problem("suggest.upgrade", {"sku": product.sku}))
    if copurchase is not None:
        scores: dict[str, float] = defaultdict(float)
        for sku in in_order:
            product = catalogue.get(sku)
            for other, confidence in copurchase.partners(product.sku if product else sku, 10):
                scores[other] += confidence
        for other, _score in sorted(scores.items(), key=lambda t: (-t[1], t[0])):
            add(other, "together", Problem("suggest.together"))
    return out[:limit]
