"""Writing what was staged and resolved: customers, then orders, in checkpoints.

New customers go first, in checkpoints over ranges of the staged ids in file order
(``first_line``): each matches its ids again under the write lock (``match_new_codes``),
then writes the customers, their phones, their empty figures and the aliases of phone
matches. A sale without product columns is an order with one line that carries the
amount. Such sales are written in **checkpoints**: short transactions, each over a range
of customer ids (the staged rows in customer order, so that each checkpoint touches one
stretch of the orders' customer indexes and of the aggregates instead of pages all over
them). Every checkpoint writes its orders, their lines and merges their sums into the
customers' aggregates, so after each commit the figures equal a recompute from the
orders; on SQLite the write lock is held for one checkpoint at a time (well under the
desks' busy timeout), and a desk saves an order between two of them. Rows per order line
(with products) go in checkpoints the same way: an order's rows share its customer, so a
range of customers never splits an order's lines.
"""

from __future__ import annotations

from collections.abc import Iterator

from sqlalchemy import Connection, insert, text, update

from desk_app.store.history_import.resolving import fingerprint_keys
from desk_app.store.history_import.staging import is_pg as _is_pg
from desk_app.store.models import ImportRecord

IMPORTED_LINE_NAME = "取込売上"  # the one line of an imported sale without products
_ORDER_COLUMNS = ("customer_id, order_date, status, payment, gift_wrap, subtotal_8,"
                  " subtotal_10, tax_8, tax_10, shipping_fee, cod_fee, total, import_id,"
                  " import_key")


def create_record(conn: Connection, **fields) -> int:
    return int(conn.execute(insert(ImportRecord).values(**fields)
                            .returning(ImportRecord.id)).scalar_one())


def finish_record(conn: Connection, import_id: int, **fields) -> None:
    conn.execute(update(ImportRecord).where(ImportRecord.id == import_id).values(**fields))


def index_new_codes(conn: Connection) -> None:
    """The staged codes in file order, and the person and phone rows by code: each
    checkpoint of new customers reads its range of codes and their rows through them."""
    conn.exec_driver_sql("CREATE INDEX IF NOT EXISTS imp_codes_line ON imp_codes (first_line)")
    conn.exec_driver_sql("CREATE INDEX IF NOT EXISTS imp_people_code"
                         " ON imp_people (code, name_key)")
    conn.exec_driver_sql("CREATE INDEX IF NOT EXISTS imp_phones_code ON imp_phones (code, seq)")


def code_bounds(conn: Connection, step: int) -> list[tuple[int, int]]:
    """(first line, staged codes up to it) about every *step* codes, in file order: the
    writer joins consecutive ones into checkpoints of new customers."""
    bounds = []
    n = 0
    last = None
    for (line,) in conn.exec_driver_sql("SELECT first_line FROM imp_codes ORDER BY first_line"):
        n += 1
        last = line
        if n % step == 0:
            bounds.append((int(line), n))
    if n % step and last is not None:
        bounds.append((int(last), n))
    return bounds


def write_customers(conn: Connection, import_id: int, *, after: int, upto: int) -> None:
    """One checkpoint of customers: for the staged codes first seen on lines (*after*,
    *upto*] that are still unknown (see ``match_new_codes``, run just before under the
    same write lock), new customers (code = the imported id) with their phones and empty
    figures (sales merge into them); for those matched by phone and name, aliases."""
    true, false = ("TRUE", "FALSE") if _is_pg(conn) else ("1", "0")
    params = {"import_id": import_id, "after": after, "upto": upto}
    in_range = "c.first_line > :after AND c.first_line <= :upto"
    conn.execute(text(
        "INSERT INTO customers (code, name, name_key, kana, kana_key, company, postal_code,"
        " prefecture, city, address1, address2, email, birthday, dm_allowed, caution,"
        " caution_note, import_id)"
        " SELECT c.code, COALESCE(p.name, ''), COALESCE(p.name_key, ''), COALESCE(p.kana, ''),"
        " COALESCE(p.kana_key, ''), p.company, p.postal_code, p.prefecture, p.city, p.address1,"
        f" p.address2, p.email, p.birthday, COALESCE(p.dm_allowed, {true}),"
        f" COALESCE(p.caution, {false}), p.caution_note, :import_id"
        " FROM imp_codes c LEFT JOIN imp_people p ON p.code = c.code"
        f" WHERE c.customer_id IS NULL AND {in_range} ORDER BY c.first_line"), params)
    conn.execute(text(
        "UPDATE imp_codes SET customer_id = n.id, how = 'new' FROM customers n"
        " WHERE n.code = imp_codes.code AND imp_codes.customer_id IS NULL"
        " AND imp_codes.first_line > :after AND imp_codes.first_line <= :upto"), params)
    conn.execute(text(
        "INSERT INTO phones (customer_id, kind, national, e164, national_rev)"
        " SELECT c.customer_id, ip.kind, ip.national, ip.e164, ip.national_rev FROM imp_codes c"
        f" JOIN imp_phones ip ON ip.code = c.code WHERE c.how = 'new' AND {in_range}"
        " ORDER BY c.customer_id, ip.seq"), params)
    conn.execute(text(
        "INSERT INTO customer_stats (customer_id, orders_count, total_amount)"
        f" SELECT c.customer_id, 0, 0 FROM imp_codes c WHERE c.how = 'new' AND {in_range}"
        " ORDER BY c.customer_id"), params)
    conn.execute(text(
        "INSERT INTO import_aliases (code, customer_id, import_id) SELECT c.code,"
        f" c.customer_id, :import_id FROM imp_codes c WHERE c.how = 'phone' AND {in_range}"),
        params)


def resolve_new_ids(conn: Connection) -> None:
    """Once every checkpoint of customers is written: each staged sale carries its
    customer's real id (staging tables only: no write lock needed)."""
    if conn.execute(text("SELECT 1 FROM imp_codes LIMIT 1")).first() is not None:
        # fingerprints name the customer: those of provisional ids are made again
        conn.exec_driver_sql(
            "UPDATE imp_sales SET customer_id = c.customer_id, import_key = CASE WHEN"
            " imp_sales.order_ref IS NULL THEN NULL ELSE imp_sales.import_key END"
            " FROM imp_codes c WHERE c.pid = imp_sales.customer_id AND imp_sales.customer_id < 0")
        fingerprint_keys(conn)


def index_sales_by_customer(conn: Connection) -> None:
    """The staged sales in customer order (one sort, after staging): checkpoints read
    their range of customers from it and write the orders in that order."""
    conn.exec_driver_sql("CREATE INDEX IF NOT EXISTS imp_sales_customer"
                         " ON imp_sales (customer_id, sale_date, line)")


def chunk_bounds(conn: Connection, step: int) -> Iterator[tuple[int, int]]:
    """(highest customer id, staged rows up to it) about every *step* rows, in customer
    order: the writer joins consecutive ones into checkpoints of the size it wants."""
    rows = 0
    last = None
    since = 0
    for cid, n in conn.exec_driver_sql(
            "SELECT customer_id, COUNT(*) FROM imp_sales GROUP BY customer_id"
            " ORDER BY customer_id"):
        rows += n
        since += n
        last = cid
        if since >= step:
            yield int(cid), rows
            since = 0
    if since and last is not None:
        yield int(last), rows


def write_sales_chunk(conn: Connection, import_id: int, *, after: int, upto: int,
                      mark: int) -> tuple[int, int]:
    """One checkpoint of sales without products: the staged rows of customers with ids in
    (*after*, *upto*] that the store does not have, as orders with one line each, and
    their sums merged into the aggregates. *mark* is the highest order id this import
    wrote so far (its new orders have higher ids, on PostgreSQL too, as a sequence only
    grows). Returns (rows written, the new mark). A sale already in the store is skipped by
    the unique import key, which the database checks anyway."""
    params = {"import_id": import_id, "false": False, "line_name": IMPORTED_LINE_NAME,
              "after": after, "upto": upto, "mark": mark}
    select_rows = (" SELECT s.customer_id, s.sale_date, 'active', '', :false, 0, 0, 0, 0, 0,"
                   " 0, s.amount, :import_id, s.import_key FROM imp_sales s"
                   " WHERE s.customer_id > :after AND s.customer_id <= :upto AND s.dup = 0"
                   " ORDER BY s.customer_id, s.sale_date, s.line")
    if _is_pg(conn):
        written = conn.execute(text(f"INSERT INTO orders ({_ORDER_COLUMNS}){select_rows}"
                                    " ON CONFLICT (import_key) DO NOTHING"), params).rowcount
    else:
        written = conn.execute(text(f"INSERT OR IGNORE INTO orders ({_ORDER_COLUMNS})"
                                    f"{select_rows}"), params).rowcount
    if not written:
        return 0, mark
    conn.execute(text(
        "INSERT INTO order_lines (order_id, line_no, product_id, sku, name, unit_price,"
        " quantity, tax_rate, amount) SELECT o.id, 1, NULL, '', :line_name, o.total, 1, 0,"
        " o.total FROM orders o WHERE o.import_id = :import_id AND o.id > :mark"
        " ORDER BY o.id"), params)
    return written, _merge_checkpoint(conn, import_id, mark)


def write_orders_chunk(conn: Connection, import_id: int, *, after: int, upto: int,
                       mark: int) -> tuple[int, int, int]:
    """One checkpoint of rows per order line (with products): the orders of customers
    with ids in (*after*, *upto*] that the store does not have, with all their lines (an
    order's rows share its customer, so a range never splits one), their runs-out dates,
    and their sums merged into the aggregates. *mark* as for :func:`write_sales_chunk`.
    Returns (orders written, rows they came from, the new mark)."""
    params = {"import_id": import_id, "false": False, "line_name": IMPORTED_LINE_NAME,
              "after": after, "upto": upto, "mark": mark}
    in_range = "customer_id > :after AND customer_id <= :upto"
    # under the write lock: an order another import wrote meanwhile is not written twice
    conn.execute(text(
        f"UPDATE imp_sales SET dup = 1 WHERE {in_range} AND dup = 0 AND EXISTS"
        " (SELECT 1 FROM orders o WHERE o.import_key = imp_sales.import_key)"), params)
    written = conn.execute(text(
        f"INSERT INTO orders ({_ORDER_COLUMNS})"
        " SELECT f.customer_id, f.sale_date, 'active', '', :false, g.s8, g.s10,"
        " g.s8 * 8 / 108, g.s10 * 10 / 110, 0, 0, g.total, :import_id, g.import_key"
        " FROM (SELECT import_key, MIN(line) AS line, CAST(SUM(amount) AS BIGINT) AS total,"
        "  CAST(SUM(CASE WHEN tax_rate = 8 THEN amount ELSE 0 END) AS BIGINT) AS s8,"
        "  CAST(SUM(CASE WHEN tax_rate = 10 THEN amount ELSE 0 END) AS BIGINT) AS s10"
        f"  FROM imp_sales WHERE dup = 0 AND {in_range} GROUP BY import_key) g"
        " JOIN imp_sales f ON f.line = g.line ORDER BY g.line"), params).rowcount
    if not written:
        return 0, 0, mark
    rows = conn.execute(text(
        "INSERT INTO order_lines (order_id, line_no, product_id, sku, name, unit_price,"
        " quantity, tax_rate, amount)"
        " SELECT o.id, ROW_NUMBER() OVER (PARTITION BY s.import_key ORDER BY s.line),"
        " s.product_id, COALESCE(s.sku, ''), COALESCE(p.name, :line_name),"
        " CASE WHEN s.quantity IS NULL THEN s.amount ELSE s.amount / s.quantity END,"
        " COALESCE(s.quantity, 1), COALESCE(s.tax_rate, 0), s.amount"
        " FROM imp_sales s JOIN orders o ON o.import_key = s.import_key"
        " LEFT JOIN products p ON p.id = s.product_id"
        " WHERE s.dup = 0 AND s.customer_id > :after AND s.customer_id <= :upto"
        " AND o.import_id = :import_id AND o.id > :mark ORDER BY s.line"), params).rowcount
    fill_runs_out(conn, import_id, mark)  # the replenishment reminders' trigger
    return written, rows, _merge_checkpoint(conn, import_id, mark)


def _merge_checkpoint(conn: Connection, import_id: int, mark: int) -> int:
    """The sums of the orders this checkpoint wrote (the import's above *mark*) merged
    into their customers' aggregates; returns the new mark."""
    params = {"import_id": import_id, "mark": mark}
    conn.exec_driver_sql("DELETE FROM imp_stats")
    conn.execute(text(
        "INSERT INTO imp_stats (customer_id, first_order_date, last_order_date, orders_count,"
        " total_amount) SELECT customer_id, MIN(order_date), MAX(order_date), COUNT(*),"
        " SUM(total) FROM orders WHERE import_id = :import_id AND id > :mark"
        " GROUP BY customer_id"), params)
    merge_stats(conn)
    new_mark = conn.execute(text("SELECT MAX(id) FROM orders WHERE import_id = :import_id"),
                            params).scalar()
    return int(new_mark if new_mark is not None else mark)


def fill_runs_out(conn: Connection, import_id: int, mark: int = 0) -> None:
    """Each imported line's runs-out date (order date + the product's consumption days ×
    quantity), as the desk fixes it for the lines it writes (``OrderLine.runs_out_on``),
    for the import's orders above *mark* (one checkpoint's)."""
    params = {"import_id": import_id, "mark": mark}
    if _is_pg(conn):
        conn.execute(text(
            "UPDATE order_lines l SET runs_out_on = o.order_date + p.consumption_days * l.quantity"
            " FROM orders o, products p WHERE o.id = l.order_id AND p.id = l.product_id"
            " AND o.import_id = :import_id AND o.id > :mark AND p.consumption_days > 0"
            " AND l.quantity > 0"), params)
        return
    conn.execute(text(
        "UPDATE order_lines SET runs_out_on = (SELECT date(o.order_date, '+' ||"
        " (p.consumption_days * order_lines.quantity) || ' days') FROM orders o, products p"
        " WHERE o.id = order_lines.order_id AND p.id = order_lines.product_id)"
        " WHERE order_id IN (SELECT id FROM orders WHERE import_id = :import_id AND id > :mark)"
        " AND product_id IN (SELECT id FROM products WHERE consumption_days > 0)"
        " AND quantity > 0"), params)


def merge_stats(conn: Connection) -> None:
    """Add the imported sales' aggregates (imp_stats, one checkpoint's orders) to the
    customers' figures: the result equals a recompute, as the figures already equal their
    orders and imp_stats holds exactly the orders written. On SQLite the update is driven
    from imp_stats (``IN``, then a lookup per row): its ``UPDATE … FROM`` would scan all of
    customer_stats for every checkpoint."""
    if _is_pg(conn):
        conn.exec_driver_sql(
            "UPDATE customer_stats SET"
            " first_order_date = COALESCE(LEAST(customer_stats.first_order_date,"
            " t.first_order_date), customer_stats.first_order_date, t.first_order_date),"
            " last_order_date = COALESCE(GREATEST(customer_stats.last_order_date,"
            " t.last_order_date), customer_stats.last_order_date, t.last_order_date),"
            " orders_count = customer_stats.orders_count + t.orders_count,"
            " total_amount = customer_stats.total_amount + t.total_amount"
            " FROM imp_stats t WHERE t.customer_id = customer_stats.customer_id")
    else:
        t = "(SELECT t.{} FROM imp_stats t WHERE t.customer_id = customer_stats.customer_id)"
        first, last = t.format("first_order_date"), t.format("last_order_date")
        conn.exec_driver_sql(
            "UPDATE customer_stats SET"
            f" first_order_date = COALESCE(MIN(first_order_date, {first}), first_order_date,"
            f" {first}),"
            f" last_order_date = COALESCE(MAX(last_order_date, {last}), last_order_date,"
            f" {last}),"
            f" orders_count = orders_count + {t.format('orders_count')},"
            f" total_amount = total_amount + {t.format('total_amount')}"
            " WHERE customer_id IN (SELECT customer_id FROM imp_stats)")
    conn.exec_driver_sql(
        "INSERT INTO customer_stats (customer_id, first_order_date, last_order_date,"
        " orders_count, total_amount) SELECT t.customer_id, t.first_order_date,"
        " t.last_order_date, t.orders_count, t.total_amount FROM imp_stats t"
        " WHERE NOT EXISTS (SELECT 1 FROM customer_stats s WHERE s.customer_id = t.customer_id)")


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
