"""Undo, the import records and the remembered column mappings."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timezone

from sqlalchemy import Connection, delete, func, insert, select, update

from desk_app.store.history_import.completing import undo_completion
from desk_app.store.history_import.writing import recompute_stats_for
from desk_app.store.models import (
    Call,
    Customer,
    ImportAlias,
    ImportMapping,
    ImportRecord,
    LetterPrint,
    Note,
    Order,
    OrderLine,
    Product,
)


@dataclass(frozen=True)
class UndoCounts:
    orders: int
    customers_removed: int
    customers_kept: int
    customer_ids: tuple[int, ...]
    customers_restored: int  # customers already there whose filled fields were taken back


def undo(conn: Connection, import_id: int, now: datetime | None = None, *,
         operator_id: int | None = None, user: str | None = None) -> UndoCounts:
    """Remove what an import wrote: its orders and lines, the customers it created unless
    something else now refers to them (a desk order, a note, a call, a letter), its aliases,
    what it filled in the customers it matched (``completing.undo_completion``, recorded as
    *operator_id*'s change); then the aggregates of every customer it touched, recomputed.
    The record keeps when and by whom (the desk's *operator_id*, the OS *user*)."""
    now = now or datetime.now(timezone.utc)
    completed = undo_completion(conn, import_id, at=now, operator_id=operator_id)
    touched = sorted(set(conn.execute(select(Order.customer_id).where(
        Order.import_id == import_id).distinct()).scalars()) | set(conn.execute(
            select(Customer.id).where(Customer.import_id == import_id)).scalars()))
    order_ids = select(Order.id).where(Order.import_id == import_id)
    conn.execute(delete(OrderLine).where(OrderLine.order_id.in_(order_ids)))
    orders = conn.execute(delete(Order).where(Order.import_id == import_id)).rowcount
    conn.execute(delete(ImportAlias).where(ImportAlias.import_id == import_id))
    created = select(Customer.id).where(Customer.import_id == import_id)
    referenced = (select(Order.customer_id).where(Order.customer_id.in_(created))
                  .union(select(Note.customer_id).where(Note.customer_id.in_(created)),
                         select(Call.customer_id).where(Call.customer_id.in_(created)),
                         select(LetterPrint.customer_id)
                         .where(LetterPrint.customer_id.in_(created))))
    kept = set(conn.execute(referenced).scalars())
    removable = [cid for cid in conn.execute(created).scalars() if cid not in kept]
    for start in range(0, len(removable), 5000):
        ids = sql_ids(removable[start:start + 5000])
        for table in ("phones", "customer_stats", "ship_addresses", "import_aliases",
                      "customer_changes"):
            conn.exec_driver_sql(f"DELETE FROM {table} WHERE customer_id IN ({ids})")
        conn.exec_driver_sql(f"DELETE FROM customers WHERE id IN ({ids})")
    conn.execute(update(Customer).where(Customer.import_id == import_id)
                 .values(import_id=None))
    gone = set(removable)
    remaining = [c for c in touched if c not in gone]
    for start in range(0, len(remaining), 5000):
        ids = sql_ids(remaining[start:start + 5000])
        recompute_stats_for(conn, f"SELECT id FROM customers WHERE id IN ({ids})")
    conn.execute(update(ImportRecord).where(ImportRecord.id == import_id)
                 .values(undone_at=now, undone_operator_id=operator_id, undone_by=user))
    return UndoCounts(orders, len(removable), len(kept),
                      tuple(sorted(set(remaining) | set(completed))), len(completed))


# --- records and mappings ----------------------------------------------------------------

def records(conn: Connection, limit: int = 100) -> list[ImportRecord]:
    from sqlalchemy.orm import Session

    with Session(bind=conn) as session:
        rows = list(session.scalars(select(ImportRecord).order_by(ImportRecord.id.desc())
                                    .limit(limit)))
        session.expunge_all()
    return rows


def remembered_mapping(conn: Connection, header_key: str, kind: str) -> dict | None:
    raw = conn.execute(select(ImportMapping.mapping).where(
        ImportMapping.header_key == header_key, ImportMapping.kind == kind)).scalar()
    return json.loads(raw) if raw else None


def remember_mapping(conn: Connection, header_key: str, kind: str, mapping: dict) -> None:
    payload = json.dumps(mapping, ensure_ascii=False, sort_keys=True)
    done = conn.execute(update(ImportMapping).where(
        ImportMapping.header_key == header_key, ImportMapping.kind == kind)
        .values(mapping=payload, updated_at=func.now())).rowcount
    if not done:
        conn.execute(insert(ImportMapping).values(header_key=header_key, kind=kind,
                                                  mapping=payload))


def known_skus(conn: Connection) -> set[str]:
    return set(conn.execute(select(Product.sku)).scalars())


def sql_ids(ids: Iterable[int]) -> str:
    return ",".join(str(int(i)) for i in ids)
