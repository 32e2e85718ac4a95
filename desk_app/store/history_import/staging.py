"""Staging: TEMP tables one import's connection fills while the file is read.

They are private to the connection and gone when it closes; on SQLite the store itself is
not locked while millions of rows go in. Also here: the transactions the import runs
(a read snapshot to resolve against, short write transactions to write), the store's
code → customer map read once, and the connection's settings for a bulk job.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import Connection, func, select

from desk_app.store.models import Customer, Order

SALE_COLUMNS = ("line", "customer_id", "sale_date", "amount", "order_ref", "import_key", "sku",
                "quantity")
PERSON_COLUMNS = ("line", "code", "name", "name_key", "kana", "kana_key", "company",
                  "postal_code", "prefecture", "city", "address1", "address2", "email",
                  "birthday", "dm_allowed", "caution", "caution_note")
PHONE_COLUMNS = ("code", "seq", "kind", "national", "e164", "national_rev")
CODE_COLUMNS = ("code", "pid", "first_line")
KNOWN_CODE_COLUMNS = (*CODE_COLUMNS, "customer_id", "how")
_STAGING = ("imp_sales", "imp_people", "imp_phones", "imp_codes", "imp_errors", "imp_stats",
            "imp_keys", "imp_fills", "imp_new_phones")


def is_pg(conn: Connection) -> bool:
    return conn.dialect.name == "postgresql"


def tune_connection(conn: Connection) -> None:
    """Settings for the import's own connection (SQLite; the desk's connections keep
    theirs): a larger page cache for the store (the index pages a checkpoint touches stay
    in memory from one checkpoint to the next instead of being read again) and for the
    staging tables. Staging stays in a temporary file, not in memory, and the store is not
    memory-mapped, so a 5M-row file does not grow the process past its caches."""
    if is_pg(conn):
        return
    cursor = conn.connection.driver_connection.cursor()  # type: ignore[union-attr]
    try:
        cursor.execute("PRAGMA cache_size=-131072")  # 128 MB
        cursor.execute("PRAGMA temp.cache_size=-32768")  # 32 MB
    finally:
        cursor.close()


def create_staging(conn: Connection, *, unique_refs: bool) -> None:
    """TEMP tables for one import (private to this connection, gone when it closes).

    imp_sales.customer_id is the store's id for a known customer and a provisional negative
    id (``imp_codes.pid``) for an imported id the store does not know yet. A customer
    import stages the rows of known customers too (imp_codes with their id, how 'known'),
    to fill what the store has empty (``completing``). With
    *unique_refs* (one row per order) a repeated order id is dropped as it is staged, on
    SQLite by a unique index; PostgreSQL marks it afterwards."""
    pg = is_pg(conn)
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
    conn.exec_driver_sql("CREATE TEMP TABLE imp_keys (import_key TEXT PRIMARY KEY)"
                         + ("" if pg else " WITHOUT ROWID"))
    # what a customer import fills for the customers it matched (completing.py)
    conn.exec_driver_sql(
        "CREATE TEMP TABLE imp_fills (customer_id INTEGER NOT NULL, code TEXT NOT NULL,"
        " field TEXT NOT NULL, old_value TEXT, new_value TEXT)")
    conn.exec_driver_sql(
        "CREATE TEMP TABLE imp_new_phones (customer_id INTEGER NOT NULL, seq INTEGER NOT NULL,"
        " kind TEXT, national TEXT NOT NULL, e164 TEXT NOT NULL, national_rev TEXT NOT NULL)")


def has_imported_orders(conn: Connection) -> bool:
    """Whether the store has any imported sale (none before a shop's first import)."""
    return conn.execute(select(Order.id).where(Order.import_key.is_not(None))
                        .limit(1)).first() is not None


def commit(conn: Connection) -> None:
    """Commit both what went through SQLAlchemy and the staging rows written on the driver's
    own cursor (executemany / COPY), which SQLAlchemy does not see."""
    conn.commit()
    conn.connection.dbapi_connection.commit()  # type: ignore[union-attr]


def rollback(conn: Connection) -> None:
    conn.rollback()
    conn.connection.dbapi_connection.rollback()  # type: ignore[union-attr]


def begin_read(conn: Connection) -> None:
    """A transaction that reads the store and writes only the staging tables: on SQLite it
    holds no write lock (a desk saves meanwhile), on PostgreSQL it is an ordinary one."""
    commit(conn)
    conn.begin()


def begin_write(conn: Connection) -> None:
    """A short transaction that writes the store (a checkpoint). On SQLite it takes the
    write lock first (BEGIN IMMEDIATE, waiting out a desk's short write): a deferred
    transaction that read first would fail to write once another desk had committed."""
    commit(conn)
    if conn.dialect.name == "sqlite":
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
        if is_pg(conn):
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
    about 130 MB: the import resolves them in Python instead of sorting millions of rows).
    Read on the driver's cursor: SQLAlchemy's rows would double the time for a million."""
    cursor = conn.connection.driver_connection.cursor()  # type: ignore[union-attr]
    try:
        cursor.execute("SELECT code, id FROM customers")
        codes: dict[str, int] = dict(cursor.fetchall() if is_pg(conn) else cursor)
        cursor.execute("SELECT code, customer_id FROM import_aliases")
        for code, cid in cursor.fetchall():
            codes.setdefault(code, cid)
    finally:
        cursor.close()
    return codes


def orders_estimate(conn: Connection) -> int:
    """About how many orders the store has (the highest id: no count over millions)."""
    return int(conn.execute(select(func.coalesce(func.max(Order.id), 0))).scalar_one())


def max_customer_id(conn: Connection) -> int:
    return int(conn.execute(select(func.coalesce(func.max(Customer.id), 0))).scalar_one())
