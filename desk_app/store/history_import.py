"""Bulk writes of a history import, set-based: staging tables first, then a few statements.

The file is streamed into TEMP staging tables on one connection (private to it: on SQLite
the desk's store is not even locked while millions of rows are read). Everything after
that is SQL over whole sets, run once: which customer each imported id is (by code, by an
alias a phone match left, by phone and name), the idempotency key of every sale, what is
already in the store, then the inserts — customers, phones, orders, lines — and the
aggregates recomputed from the orders themselves for every customer the file touched (so
they equal :func:`desk_app.store.orders.recompute_stats` by construction). Indexes are
maintained by the database as the set-based inserts run; nothing is written row by row.

Both SQLite and PostgreSQL run the same statements (window functions, UPDATE … FROM);
staging rows go in with executemany on SQLite and COPY on PostgreSQL.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timezone

from sqlalchemy import Connection, delete, func, insert, select, text, update

from desk_app.store.models import (
    Call,
    Customer,
    ImportAlias,
    ImportMapping,
    ImportRecord,
    Letter,
    Note,
    Order,
    OrderLine,
    Product,
)

SALE_COLUMNS = ("line", "order_ref", "code", "sale_date", "amount", "sku", "quantity")
PERSON_COLUMNS = ("line", "code", "name", "name_key", "kana", "kana_key", "company",
                  "postal_code", "prefecture", "city", "address1", "address2", "email",
                  "birthday", "dm_allowed", "caution", "caution_note")
PHONE_COLUMNS = ("code", "seq", "kind", "national", "e164", "national_rev")
IMPORTED_LINE_NAME = "取込売上"  # the one line of an imported sale without products


def _is_pg(conn: Connection) -> bool:
    return conn.dialect.name == "postgresql"


def create_staging(conn: Connection) -> None:
    """TEMP tables for one import (gone when the connection closes)."""
    date_type = "DATE" if _is_pg(conn) else "TEXT"
    bool_type = "BOOLEAN" if _is_pg(conn) else "INTEGER"
    for name in ("imp_sales", "imp_people", "imp_phones", "imp_codes", "imp_errors"):
        conn.exec_driver_sql(f"DROP TABLE IF EXISTS {name}")
    conn.exec_driver_sql(
        "CREATE TEMP TABLE imp_sales (line INTEGER PRIMARY KEY, order_ref TEXT, code TEXT NOT "
        f"NULL, sale_date {date_type} NOT NULL, amount BIGINT NOT NULL, sku TEXT, quantity "
        "INTEGER, import_key TEXT, dup INTEGER DEFAULT 0, product_id INTEGER, tax_rate INTEGER)")
    conn.exec_driver_sql(
        "CREATE TEMP TABLE imp_people (line INTEGER PRIMARY KEY, code TEXT NOT NULL, name TEXT, "
        "name_key TEXT, kana TEXT, kana_key TEXT, company TEXT, postal_code TEXT, prefecture "
        "TEXT, city TEXT, address1 TEXT, address2 TEXT, email TEXT, birthday "
        f"{date_type}, dm_allowed {bool_type}, caution {bool_type}, caution_note TEXT)")
    conn.exec_driver_sql(
        "CREATE TEMP TABLE imp_phones (code TEXT NOT NULL, seq INTEGER NOT NULL, kind TEXT, "
        "national TEXT NOT NULL, e164 TEXT NOT NULL, national_rev TEXT NOT NULL)")
    conn.exec_driver_sql(
        "CREATE TEMP TABLE imp_codes (code TEXT PRIMARY KEY, customer_id INTEGER, how TEXT, "
        "first_line INTEGER)")
    conn.exec_driver_sql(
        "CREATE TEMP TABLE imp_errors (line INTEGER PRIMARY KEY, code TEXT, params TEXT)")


def commit(conn: Connection) -> None:
    """Commit both what went through SQLAlchemy and the staging rows written on the driver's
    own cursor (executemany / COPY), which SQLAlchemy does not see."""
    conn.commit()
    conn.connection.dbapi_connection.commit()  # type: ignore[union-attr]


def rollback(conn: Connection) -> None:
    conn.rollback()
    conn.connection.dbapi_connection.rollback()  # type: ignore[union-attr]


def begin_write(conn: Connection, *, dry_run: bool) -> None:
    """Start the transaction that resolves and writes. On SQLite a real run takes the write
    lock first (BEGIN IMMEDIATE, waiting out a desk's short write): a deferred transaction
    that read first would fail to write once another desk had committed in between."""
    commit(conn)
    if conn.dialect.name == "sqlite" and not dry_run:
        conn.exec_driver_sql("BEGIN IMMEDIATE")
    else:
        conn.begin()


def drop_staging(conn: Connection) -> None:
    for name in ("imp_sales", "imp_people", "imp_phones", "imp_codes", "imp_errors"):
        conn.exec_driver_sql(f"DROP TABLE IF EXISTS {name}")


def bulk_insert(conn: Connection, table: str, columns: Sequence[str],
                rows: Sequence[Sequence]) -> None:
    """Staging rows in one round trip: executemany on SQLite, COPY on PostgreSQL."""
    if not rows:
        return
    cursor = conn.connection.driver_connection.cursor()  # type: ignore[union-attr]
    try:
        if _is_pg(conn):
            with cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            marks = ", ".join("?" * len(columns))
            cursor.executemany(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})",
                               rows)
    finally:
        cursor.close()


# --- resolving -------------------------------------------------------------------------

@dataclass(frozen=True)
class Plan:
    """What writing would do; the dry run's answer and the real run's counts."""

    new_customers: int
    matched_customers: int
    matched_by_phone: int
    duplicate_rows: int  # sale rows already in the store or twice in the file
    order_rows: int  # sale rows that will be written
    orders: int  # orders those rows make (rows per order line share one)


def resolve_customers(conn: Connection, kind: str) -> None:
    """Fill imp_codes: each imported id's existing customer (by code, by alias, by phone
    and name) or NULL for a new one."""
    source = "imp_sales" if kind == "orders" else "imp_people"
    conn.exec_driver_sql(f"INSERT INTO imp_codes (code, first_line) SELECT code, MIN(line) "
                         f"FROM {source} GROUP BY code")
    conn.exec_driver_sql("UPDATE imp_codes SET customer_id = c.id, how = 'code' FROM customers c "
                         "WHERE c.code = imp_codes.code")
    conn.exec_driver_sql("UPDATE imp_codes SET customer_id = a.customer_id, how = 'alias' FROM "
                         "import_aliases a WHERE a.code = imp_codes.code AND "
                         "imp_codes.customer_id IS NULL")
    # phone and name: a family shares a home number, so the number alone is not enough
    conn.exec_driver_sql(
        "UPDATE imp_codes SET customer_id = m.customer_id, how = 'phone' FROM ("
        " SELECT ip.code AS code, MIN(c.id) AS customer_id FROM imp_phones ip"
        " JOIN imp_people pp ON pp.code = ip.code"
        " JOIN phones ph ON ph.national = ip.national"
        " JOIN customers c ON c.id = ph.customer_id"
        " WHERE c.name_key = pp.name_key AND pp.name_key <> ''"
        " GROUP BY ip.code) m WHERE m.code = imp_codes.code AND imp_codes.customer_id IS NULL")


def resolve_sales(conn: Connection, *, per_line: bool) -> None:
    """Products, idempotency keys and duplicates of the staged sales.

    The key is ``o:<order id>`` when the file has order ids, else a fingerprint
    ``f:<customer id>|<date>|<amount>|<n>`` where n counts identical rows in file order, so
    a second run or an overlapping later export yields the same keys for the same sales.
    Rows whose key is already in the store, or (one row per order) repeats of an order id
    in the file, are duplicates (dup = 1); rows of a known order with another customer or
    date than its first row are row errors."""
    conn.exec_driver_sql(
        "UPDATE imp_sales SET product_id = p.id, tax_rate = p.tax_rate FROM products p "
        "WHERE p.sku = imp_sales.sku AND imp_sales.sku IS NOT NULL")
    conn.exec_driver_sql(
        "INSERT INTO imp_errors (line, code, params) SELECT line, 'import.unknown_sku', sku "
        "FROM imp_sales WHERE sku IS NOT NULL AND product_id IS NULL")
    if per_line:
        conn.exec_driver_sql(
            "INSERT INTO imp_errors (line, code, params) SELECT s.line, 'import.order_conflict',"
            " CAST(f.line AS TEXT) || '|' || s.order_ref FROM imp_sales s"
            " JOIN (SELECT order_ref, MIN(line) AS line FROM imp_sales"
            "  WHERE order_ref IS NOT NULL GROUP BY order_ref) m"
            " ON m.order_ref = s.order_ref JOIN imp_sales f ON f.line = m.line"
            " WHERE s.line <> f.line AND (s.code <> f.code OR s.sale_date <> f.sale_date)")
    conn.exec_driver_sql("DELETE FROM imp_sales WHERE line IN (SELECT line FROM imp_errors)")
    conn.exec_driver_sql(
        "UPDATE imp_sales SET import_key = k.key FROM (SELECT line, CASE WHEN order_ref IS NOT "
        "NULL THEN 'o:' || order_ref ELSE 'f:' || code || '|' || CAST(sale_date AS TEXT) || '|' "
        "|| CAST(amount AS TEXT) || '|' || CAST(ROW_NUMBER() OVER (PARTITION BY code, "
        "sale_date, amount ORDER BY line) AS TEXT) END AS key FROM imp_sales) k "
        "WHERE k.line = imp_sales.line")
    if not per_line:  # one row per order: a repeated order id is the same sale again
        conn.exec_driver_sql(
            "UPDATE imp_sales SET dup = 1 FROM (SELECT import_key, MIN(line) AS line FROM "
            "imp_sales GROUP BY import_key HAVING COUNT(*) > 1) d WHERE d.import_key = "
            "imp_sales.import_key AND imp_sales.line <> d.line")
    conn.exec_driver_sql("UPDATE imp_sales SET dup = 1 FROM orders o WHERE o.import_key = "
                         "imp_sales.import_key")
    conn.exec_driver_sql("CREATE INDEX IF NOT EXISTS imp_sales_key ON imp_sales (import_key)")


def plan(conn: Connection, kind: str) -> Plan:
    codes = conn.execute(text(
        "SELECT SUM(CASE WHEN customer_id IS NULL THEN 1 ELSE 0 END), "
        "SUM(CASE WHEN customer_id IS NOT NULL THEN 1 ELSE 0 END), "
        "SUM(CASE WHEN how = 'phone' THEN 1 ELSE 0 END) FROM imp_codes")).one()
    if kind == "orders":
        sales = conn.execute(text(
            "SELECT SUM(dup), SUM(1 - dup), COUNT(DISTINCT CASE WHEN dup = 0 THEN import_key "
            "END) FROM imp_sales")).one()
        duplicates, rows, orders = (int(x or 0) for x in sales)
    else:
        duplicates = rows = orders = 0
    return Plan(int(codes[0] or 0), int(codes[1] or 0), int(codes[2] or 0), duplicates, rows,
                orders)


def staged_errors(conn: Connection) -> list[tuple[int, str, str]]:
    return [tuple(r) for r in conn.execute(text(
        "SELECT line, code, params FROM imp_errors ORDER BY line"))]


# --- writing ---------------------------------------------------------------------------

def create_record(conn: Connection, **fields) -> int:
    return int(conn.execute(insert(ImportRecord).values(**fields)
                            .returning(ImportRecord.id)).scalar_one())


def finish_record(conn: Connection, import_id: int, **fields) -> None:
    conn.execute(update(ImportRecord).where(ImportRecord.id == import_id).values(**fields))


def write_customers(conn: Connection, import_id: int) -> None:
    """New customers (code = the imported id), their phones, and aliases for phone matches."""
    true, false = ("TRUE", "FALSE") if _is_pg(conn) else ("1", "0")
    conn.execute(text(
        "INSERT INTO customers (code, name, name_key, kana, kana_key, company, postal_code,"
        " prefecture, city, address1, address2, email, birthday, dm_allowed, caution,"
        " caution_note, import_id)"
        " SELECT c.code, COALESCE(p.name, ''), COALESCE(p.name_key, ''), COALESCE(p.kana, ''),"
        " COALESCE(p.kana_key, ''), p.company, p.postal_code, p.prefecture, p.city, p.address1,"
        f" p.address2, p.email, p.birthday, COALESCE(p.dm_allowed, {true}),"
        f" COALESCE(p.caution, {false}), p.caution_note, :import_id"
        " FROM imp_codes c LEFT JOIN imp_people p ON p.code = c.code"
        " WHERE c.customer_id IS NULL ORDER BY c.first_line"), {"import_id": import_id})
    conn.exec_driver_sql("UPDATE imp_codes SET customer_id = c.id, how = 'new' FROM customers c "
                         "WHERE c.code = imp_codes.code AND imp_codes.customer_id IS NULL")
    conn.exec_driver_sql(
        "INSERT INTO phones (customer_id, kind, national, e164, national_rev)"
        " SELECT c.customer_id, ip.kind, ip.national, ip.e164, ip.national_rev FROM imp_phones ip"
        " JOIN imp_codes c ON c.code = ip.code WHERE c.how = 'new' ORDER BY c.customer_id, ip.seq")
    conn.execute(text("INSERT INTO import_aliases (code, customer_id, import_id) SELECT code, "
                      "customer_id, :import_id FROM imp_codes WHERE how = 'phone'"),
                 {"import_id": import_id})


def write_orders(conn: Connection, import_id: int, *, per_line: bool) -> int:
    """Orders and their lines for the sales not yet in the store; returns orders written."""
    # one order per key: its first row gives the customer and the date; the total is the
    # sum of its lines (one line without product columns); tax per rate, floored once
    conn.execute(text(
        "INSERT INTO orders (customer_id, order_date, status, payment, gift_wrap, subtotal_8,"
        " subtotal_10, tax_8, tax_10, shipping_fee, cod_fee, total, import_id, import_key)"
        " SELECT c.customer_id, f.sale_date, 'active', '', :false, g.s8, g.s10,"
        " g.s8 * 8 / 108, g.s10 * 10 / 110, 0, 0, g.total, :import_id, g.import_key"
        " FROM (SELECT import_key, MIN(line) AS line, CAST(SUM(amount) AS BIGINT) AS total,"
        "  CAST(SUM(CASE WHEN tax_rate = 8 THEN amount ELSE 0 END) AS BIGINT) AS s8,"
        "  CAST(SUM(CASE WHEN tax_rate = 10 THEN amount ELSE 0 END) AS BIGINT) AS s10"
        "  FROM imp_sales WHERE dup = 0 GROUP BY import_key) g"
        " JOIN imp_sales f ON f.line = g.line JOIN imp_codes c ON c.code = f.code"
        " ORDER BY g.line"), {"import_id": import_id, "false": False})
    written = int(conn.execute(select(func.count()).select_from(Order)
                               .where(Order.import_id == import_id)).scalar_one())
    line_no = ("ROW_NUMBER() OVER (PARTITION BY s.import_key ORDER BY s.line)" if per_line
               else "1")
    conn.execute(text(
        "INSERT INTO order_lines (order_id, line_no, product_id, sku, name, unit_price,"
        " quantity, tax_rate, amount)"
        f" SELECT o.id, {line_no}, s.product_id, COALESCE(s.sku, ''),"
        " COALESCE(p.name, :line_name), CASE WHEN s.quantity IS NULL THEN s.amount"
        " ELSE s.amount / s.quantity END, COALESCE(s.quantity, 1), COALESCE(s.tax_rate, 0),"
        " s.amount FROM imp_sales s JOIN orders o ON o.import_key = s.import_key"
        " LEFT JOIN products p ON p.id = s.product_id"
        " WHERE s.dup = 0 AND o.import_id = :import_id ORDER BY s.line"),
        {"import_id": import_id, "line_name": IMPORTED_LINE_NAME})
    return written


def recompute_stats_for(conn: Connection, id_query: str, params: dict | None = None) -> None:
    """customer_stats of the customers *id_query* selects (a column named ``id``), from
    their active orders."""
    conn.execute(text(f"DELETE FROM customer_stats WHERE customer_id IN ({id_query})"),
                 params or {})
    conn.execute(text(
        "INSERT INTO customer_stats (customer_id, first_order_date, last_order_date,"
        " orders_count, total_amount)"
        " SELECT k.id, MIN(o.order_date), MAX(o.order_date), COUNT(o.id),"
        " COALESCE(SUM(o.total), 0)"
        f" FROM (SELECT DISTINCT id FROM ({id_query}) x) k"
        " LEFT JOIN orders o ON o.customer_id = k.id AND o.status = 'active'"
        " GROUP BY k.id"), params or {})


# --- undo ------------------------------------------------------------------------------

@dataclass(frozen=True)
class UndoCounts:
    orders: int
    customers_removed: int
    customers_kept: int
    customer_ids: tuple[int, ...]


def undo(conn: Connection, import_id: int, now: datetime | None = None) -> UndoCounts:
    """Remove what an import wrote: its orders and lines, the customers it created unless
    something else now refers to them (a desk order, a note, a call, a letter), its aliases;
    then the aggregates of every customer it touched, recomputed."""
    touched = sorted(set(conn.execute(select(Order.customer_id).where(
        Order.import_id == import_id).distinct()).scalars()) | set(conn.execute(
            select(Customer.id).where(Customer.import_id == import_id)).scalars()))
    order_ids = select(Order.id).where(Order.import_id == import_id)
    conn.execute(delete(Letter).where(Letter.order_id.in_(order_ids)))
    conn.execute(delete(OrderLine).where(OrderLine.order_id.in_(order_ids)))
    orders = conn.execute(delete(Order).where(Order.import_id == import_id)).rowcount
    conn.execute(delete(ImportAlias).where(ImportAlias.import_id == import_id))
    created = select(Customer.id).where(Customer.import_id == import_id)
    referenced = (select(Order.customer_id).where(Order.customer_id.in_(created))
                  .union(select(Note.customer_id).where(Note.customer_id.in_(created)),
                         select(Call.customer_id).where(Call.customer_id.in_(created)),
                         select(Letter.customer_id).where(Letter.customer_id.in_(created))))
    kept = set(conn.execute(referenced).scalars())
    removable = [cid for cid in conn.execute(created).scalars() if cid not in kept]
    for start in range(0, len(removable), 5000):
        ids = sql_ids(removable[start:start + 5000])
        for table in ("phones", "customer_stats", "ship_addresses", "import_aliases"):
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
                 .values(undone_at=now or datetime.now(timezone.utc)))
    return UndoCounts(orders, len(removable), len(kept), tuple(remaining))


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
