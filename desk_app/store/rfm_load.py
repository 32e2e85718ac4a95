"""Columns for the analysis engine: the active orders, the customers and their voices.

One pass over each table through the raw DB-API cursor (SQLAlchemy's row objects would
triple the cost at five million orders), fetched in chunks straight into numpy arrays so
the peak memory stays near the size of the columns themselves. Dates come as whole days
since 1970-01-01 (the database computes them), so nothing is parsed in Python.

Only the analysis engine imports this module: the pop-up path never loads numpy.
"""

from __future__ import annotations

import itertools
import logging
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import numpy as np
from sqlalchemy import Engine, text
from sqlalchemy.exc import DBAPIError

from desk_app.store.db import Store

log = logging.getLogger(__name__)

CHUNK = 250_000

# Note categories the voice counts use, as small codes in the columns.
VOICE_CODES = {"complaint": 1, "praise": 2}


@dataclass(frozen=True)
class OrderRows:
    customer_id: np.ndarray  # int32
    day: np.ndarray  # int32, days since 1970-01-01
    total: np.ndarray  # int64 yen


@dataclass(frozen=True)
class CustomerRows:
    customer_id: np.ndarray  # int32
    created_day: np.ndarray  # int32, Japan date the customer was registered


@dataclass(frozen=True)
class VoiceRows:
    customer_id: np.ndarray  # int32
    day: np.ndarray  # int32, Japan date of the note
    kind: np.ndarray  # int8: 0 other, 1 complaint, 2 praise
    nps: np.ndarray  # int8: 0–10, -1 when the note records no answer


def _day_sql(engine: Engine, column: str, *, timestamp: bool = False) -> str:
    if engine.dialect.name == "sqlite":
        shift = ", '+9 hours'" if timestamp else ""
        return f"CAST(julianday({column}{shift}) - 2440587.5 AS INTEGER)"
    if timestamp:
        return f"(CAST(({column} AT TIME ZONE 'Asia/Tokyo') AS DATE) - DATE '1970-01-01')"
    return f"({column} - DATE '1970-01-01')"


def _in_clause(ids: Iterable[int] | None, column: str) -> tuple[str, list[int]]:
    if ids is None:
        return "", []
    values = sorted({int(i) for i in ids})
    if not values:
        return " AND 1 = 0", []
    return f" AND {column} IN ({', '.join(str(v) for v in values)})", values


@contextmanager
def _scan_cursor(store: Store) -> Iterator[Any]:
    """A cursor for one pass over a table. On SQLite the connection's page cache is made
    small for the pass (a scan reads every page once: a cache only keeps 64 MB of them
    resident in the pooled connection afterwards) and put back after."""
    raw = store.engine.raw_connection()
    sqlite = store.engine.dialect.name == "sqlite"
    try:
        cur = raw.cursor()
        if sqlite:
            cur.execute("PRAGMA cache_size")
            row = cur.fetchone()
            before = int(row[0]) if row else -2000
            cur.execute("PRAGMA cache_size=-2048")
            cur.execute("PRAGMA shrink_memory")
        try:
            yield cur
        finally:
            if sqlite:
                cur.execute(f"PRAGMA cache_size={before}")
            cur.close()
    finally:
        raw.close()


def _fetch(store: Store, sql: str, width: int, dtype=np.int64) -> np.ndarray:
    """All rows of *sql* as one (n, width) integer array, built chunk by chunk."""
    with _scan_cursor(store) as cur:
        cur.execute(sql)
        parts = []
        while True:
            rows = cur.fetchmany(CHUNK)
            if not rows:
                break
            # fromiter over the flattened tuples: about twice as fast as np.array(rows)
            parts.append(np.fromiter(itertools.chain.from_iterable(rows), dtype=dtype,
                                     count=len(rows) * width).reshape(-1, width))
    if not parts:
        return np.empty((0, width), dtype=dtype)
    return np.concatenate(parts) if len(parts) > 1 else parts[0]


def _fetch_packed(store: Store, select: str, where: str, dtypes: tuple, top: int,
                  step: int = 100_000) -> list[np.ndarray]:
    """Rows as one string per customer-id range (``group_concat`` / ``string_agg``), parsed
    by numpy in C: no Python object per value, about a quarter less CPU than fetching
    tuples, and only one range's text in memory at a time. Each range is narrowed to the
    columns' own dtypes at once, so the peak stays near the size of the result (not the
    int64 text parse of everything plus a copy)."""
    agg = "group_concat({}, ' ')" if store.engine.dialect.name == "sqlite" else (
        "string_agg({}, ' ')")
    width = len(dtypes)
    parts: list[list[np.ndarray]] = [[] for _ in dtypes]
    with _scan_cursor(store) as cur:
        for lo in range(0, top + 1, step):
            cur.execute(f"SELECT {agg.format(select)} FROM orders WHERE {where} "
                        f"AND customer_id >= {lo} AND customer_id < {lo + step}")
            row = cur.fetchone()  # an aggregate: always one row
            text = row[0] if row else None
            if text:
                a = np.fromstring(text, dtype=np.int64, sep=" ").reshape(-1, width)
                del text
                for i, dtype in enumerate(dtypes):
                    parts[i].append(a[:, i].astype(dtype))
    return [np.concatenate(p) if p else np.empty(0, dtype) for p, dtype in zip(parts, dtypes,
                                                                            strict=True)]


def load_orders(store: Store, customer_ids: Iterable[int] | None = None) -> OrderRows:
    """Active (non-cancelled) orders, all of them or those of *customer_ids*.

    All of them come through the covering index ``ix_orders_rfm`` in customer order."""
    if customer_ids is None:
        raw = store.engine.raw_connection()
        try:
            cur = raw.cursor()
            cur.execute("SELECT max(customer_id) FROM orders")
            row = cur.fetchone()  # an aggregate: always one row
            top = (row[0] if row else None) or 0
            cur.close()
        finally:
            raw.close()
        day = _day_sql(store.engine, "order_date")
        sep = "' '"
        cid, days, total = _fetch_packed(
            store, f"customer_id || {sep} || {day} || {sep} || total", "status = 'active'",
            (np.int32, np.int32, np.int64), int(top))
        return OrderRows(cid, days, total)
    where, _ = _in_clause(customer_ids, "customer_id")
    sql = (f"SELECT customer_id, {_day_sql(store.engine, 'order_date')}, total FROM orders "
           f"WHERE status = 'active'{where}")
    a = _fetch(store, sql, 3)
    return OrderRows(a[:, 0].astype(np.int32), a[:, 1].astype(np.int32),
                     a[:, 2].astype(np.int64))


def load_customers(store: Store, customer_ids: Iterable[int] | None = None) -> CustomerRows:
    where, _ = _in_clause(customer_ids, "id")
    sql = (f"SELECT id, COALESCE({_day_sql(store.engine, 'created_at', timestamp=True)}, 0) "
           f"FROM customers WHERE 1 = 1{where}")
    a = _fetch(store, sql, 2)
    return CustomerRows(a[:, 0].astype(np.int32), a[:, 1].astype(np.int32))


def load_voices(store: Store) -> VoiceRows:
    """Notes that are a クレーム, an お褒め or carry a recommend answer (NPS 0–10)."""
    day = _day_sql(store.engine, "created_at", timestamp=True)
    sql = (f"SELECT customer_id, {day}, CASE category WHEN 'complaint' THEN 1 "
           f"WHEN 'praise' THEN 2 ELSE 0 END, COALESCE(nps, -1) FROM notes "
           f"WHERE category IN ('complaint', 'praise') OR nps IS NOT NULL")
    a = _fetch(store, sql, 4)
    return VoiceRows(a[:, 0].astype(np.int32), a[:, 1].astype(np.int32),
                     a[:, 2].astype(np.int8), a[:, 3].astype(np.int8))


# -- what changed since the engine's columns were read -------------------------------------


@dataclass(frozen=True)
class ChangeMarker:
    """Where the store stood when columns were read: the largest order and customer ids,
    the last entry of the ``analysis_changes`` log (written by triggers on every update
    of an order's customer/date/status/total or a customer's registration, and on
    deletes: see :func:`change_marker`) and the number of order rows (a second guard
    against another store); on PostgreSQL also how many log rows stood in the look-back
    window below that last entry (``recent``): a row that commits after the marker was
    read can carry a lower number than its last entry, and with nothing else changed
    since, only that count tells (:func:`changes_since`)."""

    orders_max_id: int
    customers_max_id: int
    change_seq: int
    orders_count: int
    recent: int = 0

    def to_dict(self) -> dict[str, int]:
        return {"orders_max_id": self.orders_max_id, "customers_max_id": self.customers_max_id,
                "change_seq": self.change_seq, "orders_count": self.orders_count,
                "recent": self.recent}


LOOKBACK = 1000  # log rows before the marker read again on PostgreSQL (see changes_since)
# The log is cut (prune_changes) this many rows behind the newest cache's marker: a cache
# so far behind reads everything again, every later one still finds all its rows.
KEEP = 100_000
CUT = -1  # the customer id of the row that stands where the log was cut (no customer's)
SETTLED = -2  # the customer id of the row a marker wrote after a run of deletes (SQLite)


@dataclass(frozen=True)
class ChangesSince:
    customer_ids: frozenset[int]  # whose orders or registration changed (incl. new ones)
    deleted: bool  # a row was deleted: ids may be reused, read everything again
    new_orders: int
    cut: bool = False  # rows it needed were pruned (prune_changes): read everything again


def _scalar(cur, sql: str) -> int:
    cur.execute(sql)
    row = cur.fetchone()
    return int(row[0]) if row and row[0] is not None else 0


# the newest log row is a delete: on SQLite, more deletes write nothing until another row
LAST_IS_DELETE = "(SELECT deleted FROM analysis_changes ORDER BY seq DESC LIMIT 1)"


def _read_marker(cur, lookback: int = 0) -> ChangeMarker:
    orders_max_id = _scalar(cur, "SELECT max(id) FROM orders")
    customers_max_id = _scalar(cur, "SELECT max(id) FROM customers")
    # the last entry and the rows in the look-back window below it, in one statement (one
    # snapshot under PostgreSQL's READ COMMITTED)
    cur.execute(f"SELECT last, (SELECT count(*) FROM analysis_changes WHERE seq <= last "
                f"AND seq > last - {int(lookback)}) FROM (SELECT coalesce(max(seq), 0) AS last "
                f"FROM analysis_changes) AS newest")
    last, recent = cur.fetchone()
    return ChangeMarker(orders_max_id, customers_max_id, int(last),
                        _scalar(cur, "SELECT count(*) FROM orders"), int(recent))


def change_marker(store: Store) -> ChangeMarker | None:
    """The store's marker now; None when none can be trusted now (see below).

    On SQLite a run of deletes is one log row (``0007_rfm2``: SQLite has no statement
    triggers, and undoing a big import deletes millions of rows): a delete after a
    delete row writes nothing, which only a marker taken *before* that row can afford
    (it rebuilds on the row anyway). So a marker is never taken on a delete row: when
    the newest row is one, a :data:`SETTLED` row goes after it first, in the same
    write transaction as the reading, and the next delete is logged again. If the
    store cannot be written now (locked, read-only), there is no marker: columns read
    now must not be cached. PostgreSQL logs every statement's deletes (``0010_rfm3``)
    and needs none of this."""
    raw = store.engine.raw_connection()
    try:
        cur = raw.cursor()
        marker: ChangeMarker | None = _read_marker(cur, _lookback(store))
        if store.engine.dialect.name == "sqlite" and _scalar(cur, f"SELECT {LAST_IS_DELETE}"):
            marker = _settled(raw)
        cur.close()
    finally:
        raw.close()
    return marker


def _settled(raw) -> ChangeMarker | None:
    cur = raw.cursor()
    try:
        cur.execute("BEGIN IMMEDIATE")  # no delete can come between the check and the read
        try:
            cur.execute(f"INSERT INTO analysis_changes (customer_id, deleted) "
                        f"SELECT {SETTLED}, 0 WHERE {LAST_IS_DELETE}")
            settled = _read_marker(cur)
            raw.commit()
        except BaseException:
            raw.rollback()
            raise
    except raw.driver_connection.Error as exc:  # sqlite3's own: a raw DB-API connection
        log.info("analysis change log not settled (%s): no cache until it is",
                 type(exc).__name__)
        return None
    finally:
        cur.close()
    return settled


def changes_since(store: Store, marker: ChangeMarker, now: ChangeMarker) -> ChangesSince:
    """The customers to read again to bring columns made at *marker* up to *now*."""
    raw = store.engine.raw_connection()
    try:
        cur = raw.cursor()
        cur.execute(f"SELECT DISTINCT customer_id FROM orders WHERE id > {marker.orders_max_id}"
                    f" AND id <= {now.orders_max_id}")
        ids = {int(r[0]) for r in cur.fetchall()}
        new_orders = _scalar(cur, f"SELECT count(*) FROM orders WHERE id > "
                                  f"{marker.orders_max_id} AND id <= {now.orders_max_id}")
        cur.execute(f"SELECT id FROM customers WHERE id > {marker.customers_max_id} "
                    f"AND id <= {now.customers_max_id}")
        ids |= {int(r[0]) for r in cur.fetchall()}
        # PostgreSQL hands out seq numbers before commit: an update committed after the
        # marker was read can carry a lower number. Its customers are looked at again
        # (reading a customer twice is harmless). Deletes at or before the marker were
        # rebuilt on, unless they came in late: more rows in the marker's look-back window
        # now than it counted then (``ChangeMarker.recent``) means some did, and a delete
        # among the window's rows then rebuilds too.
        back = _lookback(store)
        cur.execute(f"SELECT customer_id, deleted, seq > {marker.change_seq} FROM "
                    f"analysis_changes WHERE seq > {marker.change_seq - back} "
                    f"AND seq <= {now.change_seq}")
        found = cur.fetchall()
        late = bool(back) and sum(1 for *_, after in found if not after) != marker.recent
        deleted = cut = False
        for cid, was_deleted, after in found:
            if cid == CUT:  # the rows before it, which this marker reads, are gone
                cut = True
                continue
            if cid == SETTLED:  # no customer's: a marker was taken here
                continue
            ids.add(int(cid))
            deleted = deleted or (bool(was_deleted) and (bool(after) or late))
        cur.close()
    finally:
        raw.close()
    return ChangesSince(frozenset(ids), deleted, new_orders, cut)


def _lookback(store: Store) -> int:
    return LOOKBACK if store.engine.dialect.name == "postgresql" else 0


def prune_changes(store: Store, marker: ChangeMarker, keep: int | None = None) -> int:
    """Delete the log rows more than *keep* (:data:`KEEP`) rows behind a cache made at
    *marker* (and its
    PostgreSQL look-back); returns how many went.

    Other desks' caches (on a shared PostgreSQL, each desk has its own) are not known here,
    so the cut is marked: the newest row at or before it stays, its customer id set to
    :data:`CUT`, and a cache whose reading of the log reaches back to it reads everything
    again (:func:`changes_since`) instead of missing the rows that were deleted. The newest
    rows are never touched (the marker's own row, the run-of-deletes check of ``0007``
    on SQLite, SQLite's next seq). Best effort: a store that cannot be written now (locked, read-only)
    keeps its rows until the next time."""
    limit = marker.change_seq - _lookback(store) - max(KEEP if keep is None else keep, 1)
    try:
        return _prune(store, limit)
    except DBAPIError as exc:
        log.warning("analysis change log not pruned: %s", type(exc.orig).__name__)
        return 0


def _prune(store: Store, limit: int) -> int:
    with store.engine.begin() as conn:
        last = conn.execute(text("SELECT seq, customer_id FROM analysis_changes "
                                 "WHERE seq <= :limit ORDER BY seq DESC LIMIT 2"),
                            {"limit": limit}).all()
        if len(last) < 2:
            return 0  # nothing before the cut
        cut = last[0].seq
        gone = conn.execute(text("DELETE FROM analysis_changes WHERE seq < :cut"), {"cut": cut})
        conn.execute(text("UPDATE analysis_changes SET customer_id = :marked, deleted = :no "
                          "WHERE seq = :cut"), {"marked": CUT, "no": False, "cut": cut})
        return max(gone.rowcount, 0)
