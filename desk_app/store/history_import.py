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
    LetterPrint,
    Note,
    Order,
    OrderLine,
    Product,
)

SALE_COLUMNS = ("line", "customer_id", "sale_date", "amount", "order_ref", "import_key", "sku",
                "quantity")
PERSON_COLUMNS = ("line", "code", "name", "name_key", "kana", "kana_key", "company",
                  "postal_code", "prefecture", "city", "address1", "address2", "email",
                  "birthday", "dm_allowed", "caution", "caution_note")
PHONE_COLUMNS = ("code", "seq", "kind", "national", "e164", "national_rev")
CODE_COLUMNS = ("code", "pid", "first_line")
STATS_COLUMNS = ("customer_id", "first_order_date", "last_order_date", "orders_count",
                 "total_amount")
IMPORTED_LINE_NAME = "取込売上"  # the one line of an imported sale without products
_STAGING = ("imp_sales", "imp_people", "imp_phones", "imp_codes", "imp_errors", "imp_stats",
            "imp_touched")


def _is_pg(conn: Connection) -> bool:
    return conn.dialect.name == "postgresql"


def create_staging(conn: Connection, *, unique_refs: bool) -> None:
    """TEMP tables for one import (private to this connection, gone when it closes).

    imp_sales.customer_id is the store's id for a known customer and a provisional negative
    id (``imp_codes.pid``) for an imported id the store does not know yet. With
    *unique_refs* (one row per order) a repeated order id is dropped as it is staged, on
    SQLite by a unique index; PostgreSQL marks it afterwards."""
    pg = _is_pg(conn)
    date_type = "DATE" if pg else "TEXT"
    bool_type = "BOOLEAN" if pg else "INTEGER"
    drop_staging(conn)
    conn.exec_driver_sql(
        "CREATE TEMP TABLE imp_sales (line INTEGER PRIMARY KEY, customer_id INTEGER NOT NULL,"
        f" sale_date {date_type} NOT NULL, amount BIGINT NOT NULL, order_ref TEXT, import_key"
        " TEXT, sku TEXT, quantity INTEGER, dup INTEGER NOT NULL DEFAULT 0, product_id INTEGER,"
        " tax_rate INTEGER)")
    if unique_refs and not pg:
        conn.exec_driver_sql("CREATE UNIQUE INDEX imp_sales_key ON imp_sales (import_key)")
    conn.exec_driver_sql(
        "CREATE TEMP TABLE imp_people (line INTEGER PRIMARY KEY, code TEXT NOT NULL, name TEXT, "
        "name_key TEXT, kana TEXT, kana_key TEXT, company TEXT, postal_code TEXT, prefecture "
        "TEXT, city TEXT, address1 TEXT, address2 TEXT, email TEXT, birthday "
        f"{date_type}, dm_allowed {bool_type}, caution {bool_type}, caution_note TEXT)")
    conn.exec_driver_sql(
        "CREATE TEMP TABLE imp_phones (code TEXT NOT NULL, seq INTEGER NOT NULL, kind TEXT, "
        "national TEXT NOT NULL, e164 TEXT NOT NULL, national_rev TEXT NOT NULL)")
    conn.exec_driver_sql(
        "CREATE TEMP TABLE imp_codes (code TEXT PRIMARY KEY, pid INTEGER NOT NULL UNIQUE,"
        " first_line INTEGER NOT NULL, customer_id INTEGER, how TEXT)")
    conn.exec_driver_sql(
        "CREATE TEMP TABLE imp_errors (line INTEGER PRIMARY KEY, code TEXT, params TEXT)")
    conn.exec_driver_sql(
        f"CREATE TEMP TABLE imp_stats (customer_id INTEGER PRIMARY KEY, first_order_date"
        f" {date_type}, last_order_date {date_type}, orders_count INTEGER, total_amount BIGINT)")
    conn.exec_driver_sql("CREATE TEMP TABLE imp_touched (id INTEGER PRIMARY KEY)")


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
    for name in _STAGING:
        conn.exec_driver_sql(f"DROP TABLE IF EXISTS {name}")


def bulk_insert(conn: Connection, table: str, columns: Sequence[str],
                rows: Sequence[Sequence], *, ignore_duplicates: bool = False) -> int:
    """Staging rows in one round trip: executemany on SQLite, COPY on PostgreSQL. Returns
    the rows kept (fewer than given when *ignore_duplicates* drops repeats, SQLite only)."""
    if not rows:
        return 0
    cursor = conn.connection.driver_connection.cursor()  # type: ignore[union-attr]
    try:
        if _is_pg(conn):
            with cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            return len(rows)
        marks = ", ".join("?" * len(columns))
        verb = "INSERT OR IGNORE" if ignore_duplicates else "INSERT"
        cursor.executemany(f"{verb} INTO {table} ({', '.join(columns)}) VALUES ({marks})", rows)
        return cursor.rowcount if cursor.rowcount >= 0 else len(rows)
    finally:
        cursor.close()


def code_map(conn: Connection) -> dict[str, int]:
    """Every customer code and alias the store knows → customer id (a million codes take
    about 130 MB: the import resolves them in Python instead of sorting millions of rows)."""
    codes: dict[str, int] = dict(iter(conn.exec_driver_sql("SELECT code, id FROM customers")))
    for code, cid in conn.exec_driver_sql("SELECT code, customer_id FROM import_aliases"):
        codes.setdefault(code, cid)
    return codes


def max_customer_id(conn: Connection) -> int:
    return int(conn.execute(select(func.coalesce(func.max(Customer.id), 0))).scalar_one())


# --- resolving -------------------------------------------------------------------------

def match_new_codes(conn: Connection) -> None:
    """Imported ids the store did not know when the file was read: by code (a desk may
    have registered one since), then by phone and name (a family shares a home number, so
    the number alone is not enough); the rest become new customers."""
    conn.exec_driver_sql("UPDATE imp_codes SET customer_id = c.id, how = 'code' FROM customers c "
                         "WHERE c.code = imp_codes.code AND imp_codes.customer_id IS NULL")
    conn.exec_driver_sql(
        "UPDATE imp_codes SET customer_id = m.customer_id, how = 'phone' FROM ("
        " SELECT ip.code AS code, MIN(c.id) AS customer_id FROM imp_phones ip"
        " JOIN imp_people pp ON pp.code = ip.code"
        " JOIN phones ph ON ph.national = ip.national"
        " JOIN customers c ON c.id = ph.customer_id"
        " WHERE c.name_key = pp.name_key AND pp.name_key <> ''"
        " GROUP BY ip.code) m WHERE m.code = imp_codes.code AND imp_codes.customer_id IS NULL")


def code_counts(conn: Connection) -> tuple[int, int, int]:
    """(new customers, matched by code since, matched by phone and name) among the ids the
    store did not know when the file was read."""
    row = conn.execute(text(
        "SELECT COALESCE(SUM(CASE WHEN customer_id IS NULL THEN 1 ELSE 0 END), 0),"
        " COALESCE(SUM(CASE WHEN how = 'code' THEN 1 ELSE 0 END), 0),"
        " COALESCE(SUM(CASE WHEN how = 'phone' THEN 1 ELSE 0 END), 0) FROM imp_codes")).one()
    return int(row[0]), int(row[1]), int(row[2])


def resolve_sales(conn: Connection, *, per_line: bool) -> None:
    """Products, idempotency keys and in-file duplicates of the staged sales.

    The key is ``o:<order id>`` (set while staging) when the file has order ids, else a
    fingerprint ``f:<customer>|<date>|<amount>|<n>`` where n counts identical rows in file
    order, so a second run or an overlapping later export yields the same keys for the same
    sales. Rows of an order with another customer or date than its first row, and lines
    with an unknown product, become row errors."""
    if per_line:
        conn.exec_driver_sql(
            "UPDATE imp_sales SET product_id = p.id, tax_rate = p.tax_rate FROM products p "
            "WHERE p.sku = imp_sales.sku AND imp_sales.sku IS NOT NULL")
        conn.exec_driver_sql(
            "INSERT INTO imp_errors (line, code, params) SELECT line, 'import.unknown_sku', sku"
            " FROM imp_sales WHERE sku IS NOT NULL AND product_id IS NULL")
        conn.exec_driver_sql(
            "INSERT INTO imp_errors (line, code, params) SELECT s.line, 'import.order_conflict',"
            " CAST(f.line AS TEXT) || '|' || s.order_ref FROM imp_sales s"
            " JOIN (SELECT order_ref, MIN(line) AS line FROM imp_sales"
            "  WHERE order_ref IS NOT NULL GROUP BY order_ref) m"
            " ON m.order_ref = s.order_ref JOIN imp_sales f ON f.line = m.line"
            " WHERE s.line <> f.line AND (s.customer_id <> f.customer_id"
            "  OR s.sale_date <> f.sale_date)")
        conn.exec_driver_sql("DELETE FROM imp_sales WHERE line IN (SELECT line FROM imp_errors)")
    fingerprint_keys(conn)
    if _is_pg(conn) and not per_line:  # SQLite dropped repeated order ids while staging
        conn.exec_driver_sql(
            "UPDATE imp_sales SET dup = 1 FROM (SELECT line, ROW_NUMBER() OVER (PARTITION BY"
            " import_key ORDER BY line) AS n FROM imp_sales) d WHERE d.line = imp_sales.line"
            " AND d.n > 1")
    if _is_pg(conn) or per_line:
        conn.exec_driver_sql("CREATE INDEX IF NOT EXISTS imp_sales_key2 ON imp_sales (import_key)")


def fingerprint_keys(conn: Connection) -> None:
    conn.exec_driver_sql(
        "UPDATE imp_sales SET import_key = k.key FROM (SELECT line, 'f:' ||"
        " CAST(customer_id AS TEXT) || '|' || CAST(sale_date AS TEXT) || '|' ||"
        " CAST(amount AS TEXT) || '|' || CAST(ROW_NUMBER() OVER (PARTITION BY customer_id,"
        " sale_date, amount ORDER BY line) AS TEXT) AS key FROM imp_sales"
        " WHERE import_key IS NULL) k WHERE k.line = imp_sales.line")


def already_imported(conn: Connection) -> int:
    """Staged rows whose sale the store already has (marked dup); 0 at once when the store
    has no imported orders at all (the first import of a shop)."""
    if conn.execute(select(Order.id).where(Order.import_key.is_not(None)).limit(1)).first() is None:
        return 0
    return conn.exec_driver_sql(
        "UPDATE imp_sales SET dup = 1 WHERE dup = 0 AND EXISTS (SELECT 1 FROM orders o WHERE"
        " o.import_key = imp_sales.import_key)").rowcount


def sale_counts(conn: Connection) -> tuple[int, int]:
    """(staged rows marked duplicate, staged rows to write)."""
    row = conn.execute(text(
        "SELECT COALESCE(SUM(dup), 0), COALESCE(SUM(1 - dup), 0) FROM imp_sales")).one()
    return int(row[0]), int(row[1])


def order_count(conn: Connection) -> int:
    """Orders the rows to write make (rows per order line share one)."""
    return int(conn.execute(text("SELECT COUNT(DISTINCT import_key) FROM imp_sales"
                                 " WHERE dup = 0")).scalar_one())


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
    """New customers (code = the imported id), their phones, aliases for phone matches;
    then every staged sale carries its customer's real id."""
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
    if conn.execute(text("SELECT 1 FROM imp_codes LIMIT 1")).first() is not None:
        # fingerprints name the customer: those of provisional ids are made again
        conn.exec_driver_sql(
            "UPDATE imp_sales SET customer_id = c.customer_id, import_key = CASE WHEN"
            " imp_sales.order_ref IS NULL THEN NULL ELSE imp_sales.import_key END"
            " FROM imp_codes c WHERE c.pid = imp_sales.customer_id AND imp_sales.customer_id < 0")
        fingerprint_keys(conn)


def write_orders(conn: Connection, import_id: int, *, per_line: bool) -> tuple[int, int]:
    """Orders and their lines for the staged sales the store does not have yet.

    Returns (orders written, rows they came from). One row per order (no product columns):
    the order's one line carries the amount. On SQLite, which has one writer and holds the
    write lock here, the order number is the row's line after the highest number so far
    (numbers with gaps where rows were rejected), so no join is needed to find the lines'
    orders; PostgreSQL numbers them from its sequence. A sale already in the store is
    skipped by the unique import key, as the database checks it anyway."""
    params = {"import_id": import_id, "false": False, "line_name": IMPORTED_LINE_NAME}
    if per_line:
        conn.execute(text(
            "UPDATE imp_sales SET dup = 1 WHERE dup = 0 AND EXISTS (SELECT 1 FROM orders o"
            " WHERE o.import_key = imp_sales.import_key)"))
        conn.execute(text(
            "INSERT INTO orders (customer_id, order_date, status, payment, gift_wrap, subtotal_8,"
            " subtotal_10, tax_8, tax_10, shipping_fee, cod_fee, total, import_id, import_key)"
            " SELECT f.customer_id, f.sale_date, 'active', '', :false, g.s8, g.s10,"
            " g.s8 * 8 / 108, g.s10 * 10 / 110, 0, 0, g.total, :import_id, g.import_key"
            " FROM (SELECT import_key, MIN(line) AS line, CAST(SUM(amount) AS BIGINT) AS total,"
            "  CAST(SUM(CASE WHEN tax_rate = 8 THEN amount ELSE 0 END) AS BIGINT) AS s8,"
            "  CAST(SUM(CASE WHEN tax_rate = 10 THEN amount ELSE 0 END) AS BIGINT) AS s10"
            "  FROM imp_sales WHERE dup = 0 GROUP BY import_key) g"
            " JOIN imp_sales f ON f.line = g.line ORDER BY g.line"), params)
        conn.execute(text(
            "INSERT INTO order_lines (order_id, line_no, product_id, sku, name, unit_price,"
            " quantity, tax_rate, amount)"
            " SELECT o.id, ROW_NUMBER() OVER (PARTITION BY s.import_key ORDER BY s.line),"
            " s.product_id, COALESCE(s.sku, ''), COALESCE(p.name, :line_name),"
            " CASE WHEN s.quantity IS NULL THEN s.amount ELSE s.amount / s.quantity END,"
            " COALESCE(s.quantity, 1), COALESCE(s.tax_rate, 0), s.amount"
            " FROM imp_sales s JOIN orders o ON o.import_key = s.import_key"
            " LEFT JOIN products p ON p.id = s.product_id"
            " WHERE s.dup = 0 AND o.import_id = :import_id ORDER BY s.line"), params)
        fill_runs_out(conn, import_id)  # the replenishment reminders' trigger
        rows = int(conn.execute(text("SELECT COUNT(*) FROM imp_sales WHERE dup = 0")).scalar_one())
    else:
        columns = ("customer_id, order_date, status, payment, gift_wrap, subtotal_8, subtotal_10,"
                   " tax_8, tax_10, shipping_fee, cod_fee, total, import_id, import_key")
        values = ("s.customer_id, s.sale_date, 'active', '', :false, 0, 0, 0, 0, 0, 0, s.amount,"
                  " :import_id, s.import_key FROM imp_sales s WHERE s.dup = 0 ORDER BY s.line")
        if _is_pg(conn):
            rows = conn.execute(text(f"INSERT INTO orders ({columns}) SELECT {values}"
                                     " ON CONFLICT (import_key) DO NOTHING"), params).rowcount
        else:
            base = int(conn.execute(select(func.coalesce(func.max(Order.id), 0))).scalar_one())
            rows = conn.execute(text(f"INSERT OR IGNORE INTO orders (id, {columns})"
                                     f" SELECT :base + s.line, {values}"),
                                params | {"base": base}).rowcount
        conn.execute(text(
            "INSERT INTO order_lines (order_id, line_no, product_id, sku, name, unit_price,"
            " quantity, tax_rate, amount) SELECT o.id, 1, NULL, '', :line_name, o.total, 1, 0,"
            " o.total FROM orders o WHERE o.import_id = :import_id ORDER BY o.id"), params)
    written = int(conn.execute(select(func.count()).select_from(Order)
                               .where(Order.import_id == import_id)).scalar_one())
    return written, rows


def fill_runs_out(conn: Connection, import_id: int) -> None:
    """Each imported line's runs-out date (order date + the product's consumption days ×
    quantity), as the desk fixes it for the lines it writes (``OrderLine.runs_out_on``)."""
    if _is_pg(conn):
        conn.execute(text(
            "UPDATE order_lines l SET runs_out_on = o.order_date + p.consumption_days * l.quantity"
            " FROM orders o, products p WHERE o.id = l.order_id AND p.id = l.product_id"
            " AND o.import_id = :import_id AND p.consumption_days > 0 AND l.quantity > 0"),
            {"import_id": import_id})
        return
    conn.execute(text(
        "UPDATE order_lines SET runs_out_on = (SELECT date(o.order_date, '+' ||"
        " (p.consumption_days * order_lines.quantity) || ' days') FROM orders o, products p"
        " WHERE o.id = order_lines.order_id AND p.id = order_lines.product_id)"
        " WHERE order_id IN (SELECT id FROM orders WHERE import_id = :import_id)"
        " AND product_id IN (SELECT id FROM products WHERE consumption_days > 0)"
        " AND quantity > 0"), {"import_id": import_id})


def merge_stats(conn: Connection) -> None:
    """Add the imported sales' aggregates (imp_stats, summed while staging) to the
    customers' figures: the result equals a recompute, as the figures already equal their
    orders and imp_stats holds exactly the orders written."""
    pg = _is_pg(conn)
    least = "LEAST" if pg else "MIN"
    greatest = "GREATEST" if pg else "MAX"
    conn.exec_driver_sql(
        "UPDATE customer_stats SET"
        f" first_order_date = COALESCE({least}(customer_stats.first_order_date,"
        " t.first_order_date), customer_stats.first_order_date, t.first_order_date),"
        f" last_order_date = COALESCE({greatest}(customer_stats.last_order_date,"
        " t.last_order_date), customer_stats.last_order_date, t.last_order_date),"
        " orders_count = customer_stats.orders_count + t.orders_count,"
        " total_amount = customer_stats.total_amount + t.total_amount"
        " FROM imp_stats t WHERE t.customer_id = customer_stats.customer_id")
    conn.exec_driver_sql(
        "INSERT INTO customer_stats (customer_id, first_order_date, last_order_date,"
        " orders_count, total_amount) SELECT t.customer_id, t.first_order_date,"
        " t.last_order_date, t.orders_count, t.total_amount FROM imp_stats t"
        " WHERE NOT EXISTS (SELECT 1 FROM customer_stats s WHERE s.customer_id = t.customer_id)")


def map_provisional_stats(conn: Connection) -> None:
    """imp_stats rows of not-yet-known ids (negative) → the customers they became."""
    conn.exec_driver_sql(
        "UPDATE imp_stats SET customer_id = c.customer_id FROM imp_codes c"
        " WHERE c.pid = imp_stats.customer_id AND imp_stats.customer_id < 0")


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
