"""Resolving the staged rows against the store, over whole sets, once.

Which customer each imported id is (by code — a desk may have registered one since the
file was read —, then by phone *and* name: a family shares a home number, so the number
alone is not enough), the idempotency key of every sale, the sales the store already has,
and the counts a dry run reports. Only the staging tables are written here.
"""

from __future__ import annotations

from sqlalchemy import Connection, select, text

from desk_app.store.history_import.staging import is_pg as _is_pg
from desk_app.store.models import Order


def match_new_codes(conn: Connection, *, lines: tuple[int, int] | None = None,
                    import_id: int | None = None) -> None:
    """Imported ids the store did not know when the file was read: by code (a desk may
    have registered one since), then by phone and name (a family shares a home number, so
    the number alone is not enough); the rest become new customers.

    A checkpoint of customers matches only its own codes, those first seen on *lines*
    (after, upto], under the write lock, against what the store has by then except the
    customers its import (*import_id*) created in earlier checkpoints: two ids of one
    file are two customers, however the checkpoints fall."""
    params: dict = {}
    in_range = own = ""
    then = "JOIN"
    if lines is not None:
        params["after"], params["upto"] = lines
        in_range = " AND {t}.first_line > :after AND {t}.first_line <= :upto"
        if not _is_pg(conn):  # from the range's codes (SQLite would read every phone)
            then = "CROSS JOIN"
    if import_id is not None:
        params["import_id"] = import_id
        own = " AND (c.import_id IS NULL OR c.import_id <> :import_id)"
    conn.execute(text(
        "UPDATE imp_codes SET customer_id = c.id, how = 'code' FROM customers c"
        " WHERE c.code = imp_codes.code AND imp_codes.customer_id IS NULL"
        + in_range.format(t="imp_codes")), params)
    conn.execute(text(
        "UPDATE imp_codes SET customer_id = m.customer_id, how = 'phone' FROM ("
        " SELECT ip.code AS code, MIN(c.id) AS customer_id FROM imp_codes k"
        f" {then} imp_phones ip ON ip.code = k.code"
        " JOIN imp_people pp ON pp.code = ip.code"
        " JOIN phones ph ON ph.national = ip.national"
        " JOIN customers c ON c.id = ph.customer_id"
        f" WHERE k.customer_id IS NULL{in_range.format(t='k')}"
        f" AND c.name_key = pp.name_key AND pp.name_key <> ''{own}"
        " GROUP BY ip.code) m WHERE m.code = imp_codes.code AND imp_codes.customer_id IS NULL"),
        params)


def code_counts(conn: Connection, lines: tuple[int, int] | None = None) -> tuple[int, int, int]:
    """(new customers, matched by code since, matched by phone and name) among the ids the
    store did not know when the file was read (those first seen on *lines* (after, upto]):
    new are those still unknown, or already written as new."""
    params: dict = {}
    in_range = ""
    if lines is not None:
        params["after"], params["upto"] = lines
        in_range = " WHERE first_line > :after AND first_line <= :upto"
    row = conn.execute(text(
        "SELECT COALESCE(SUM(CASE WHEN customer_id IS NULL OR how = 'new' THEN 1 ELSE 0 END),"
        " 0), COALESCE(SUM(CASE WHEN how = 'code' THEN 1 ELSE 0 END), 0),"
        " COALESCE(SUM(CASE WHEN how = 'phone' THEN 1 ELSE 0 END), 0) FROM imp_codes"
        f"{in_range}"), params).one()
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
