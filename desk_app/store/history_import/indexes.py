"""Secondary indexes an import of sales can leave out while it writes, built once at the end.

Each imported sale adds an entry to every index of orders and, per customer it touches, to
every index of customer_stats. Most of them serve the analysis screens (the RFM pass, the
quintile bounds, letters by first or last order date), not the desk's own paths, so an
import of sales without products may drop them before its checkpoints and build them
again once at the end. Kept throughout, so the desk stays usable while a history goes in:
the pop-up lookup (phones, customers, customer_stats by its key), the card's history
(``ix_orders_customer_date``, ``ix_order_lines_order_id``), the search (customers), the
order ids' unique key (idempotency) and ``ix_orders_import_id`` (the import's own
checkpoints, undo).

A crash between the drop and the rebuild leaves a store without some of them: it still
works (queries are only slower), and :func:`restore` — run by every start of the store —
builds whatever is missing. SQLite only: on PostgreSQL, dropping an index takes a lock
that waits for every desk's open transaction, so the indexes stay.
"""

from __future__ import annotations

from sqlalchemy import Connection, Engine

from desk_app.store.models import Base

DEFERRED = ("ix_orders_rfm", "ix_orders_order_date", "ix_customer_stats_first_order_date",
            "ix_customer_stats_last_order_date", "ix_customer_stats_orders_count",
            "ix_customer_stats_total_amount")


def _indexes():
    by_name = {str(ix.name): ix for table in Base.metadata.tables.values() for ix in table.indexes}
    return [by_name[name] for name in DEFERRED]


def _present(conn: Connection) -> set[str]:
    return set(conn.exec_driver_sql(
        "SELECT name FROM sqlite_master WHERE type = 'index'").scalars())


def drop(conn: Connection) -> list[str]:
    """Drop the deferred indexes that exist (SQLite; in the caller's transaction).
    Returns their names."""
    if conn.dialect.name != "sqlite":
        return []
    present = _present(conn)
    dropped = [name for name in DEFERRED if name in present]
    for name in dropped:
        conn.exec_driver_sql(f"DROP INDEX {name}")
    return dropped


def missing(conn: Connection) -> list[str]:
    if conn.dialect.name != "sqlite":
        return []
    present = _present(conn)
    return [name for name in DEFERRED if name not in present]


def build(conn: Connection, names: tuple[str, ...] | list[str] = DEFERRED) -> list[str]:
    """Create those of the deferred indexes *names* that are missing (in the caller's
    transaction, which holds the write lock while they are built). Returns their names."""
    if conn.dialect.name != "sqlite":
        return []
    present = _present(conn)
    built = []
    for ix in _indexes():
        if ix.name in names and ix.name not in present:
            ix.create(conn)
            built.append(str(ix.name))
    return built


def restore(engine: Engine) -> list[str]:
    """At the store's start: build any deferred index an interrupted import left
    missing (one look at the schema when none is)."""
    if engine.dialect.name != "sqlite":
        return []
    with engine.connect() as conn:
        if not missing(conn):
            return []
        built = build(conn)
        conn.commit()
    return built
