"""Secondary indexes a large import of sales leaves out while it writes, built at the end.

Each checkpoint merges its sales into the figures of the customers it touches, and every
changed customer_stats row moves an entry in each of that table's four secondary indexes
(first and last order date, orders count, total: the analysis screens' quintile bounds and
the letters' candidates, not the desk's own paths). A large import (see ``job``) drops them
before its checkpoints and builds them once at the end, one per transaction (about a
second each for a million customers, like a checkpoint: a desk saves between two). Measured
(docs/BENCHMARKS.md): 5M sales into 1M customers with 6.3M orders, a fifth less CPU.

The orders' own secondary indexes stay: leaving out ``ix_orders_rfm`` and
``ix_orders_order_date`` as well saved a little more CPU at 5M, but building them again over
11M orders holds the store's write lock for tens of seconds (every desk's save fails after
its 5 s busy timeout), and at 500k it cost more than it saved. Kept throughout too: what the
pop-up lookup (phones, customers, customer_stats by its key), the card's history
(``ix_orders_customer_date``, ``ix_order_lines_order_id``) and the search use, the order
ids' unique key (idempotency) and ``ix_orders_import_id`` (checkpoints, undo).

A cancel builds them before it returns. A crash between the drop and the build leaves a
store that works (the analysis screens are only slower), and :func:`restore` — run by every
start of the store — builds whatever is missing, one per transaction. While an import runs
(another desk, the CLI) the indexes are missing on purpose: the import holds an OS lock on a
file beside the store from the drop to the build (:func:`deferring`), which the operating
system lets go if the process dies, and :func:`restore` leaves the indexes to it while it is
held. SQLite only: on PostgreSQL, dropping an
index waits for every desk's open transaction on the table, so the indexes stay.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

from sqlalchemy import Connection, Engine
from sqlalchemy.engine import URL

from desk_app.store.models import Base

DEFERRED = ("ix_customer_stats_first_order_date", "ix_customer_stats_last_order_date",
            "ix_customer_stats_orders_count", "ix_customer_stats_total_amount")


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


def _lock_file(url: URL) -> Path | None:
    database = url.database
    if not database or database == ":memory:" or database.startswith("file:"):
        return None
    return Path(database + ".import-lock")


def _try_lock(f: IO[bytes], *, wait: bool) -> bool:
    if sys.platform == "win32":  # mypy narrows on this, not on os.name
        import msvcrt

        try:
            msvcrt.locking(f.fileno(), msvcrt.LK_LOCK if wait else msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True
    import fcntl

    try:
        fcntl.flock(f.fileno(), fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
    except BlockingIOError:
        return False
    return True


@contextmanager
def deferring(conn: Connection) -> Iterator[None]:
    """Held by an import from dropping the deferred indexes until they are built again:
    :func:`restore` in another process leaves them alone meanwhile."""
    path = _lock_file(conn.engine.url) if conn.dialect.name == "sqlite" else None
    if path is None:
        yield
        return
    with open(path, "a+b") as f:
        _try_lock(f, wait=True)
        yield  # closing the file releases the lock (so does the process ending)


def _import_running(url: URL) -> bool:
    path = _lock_file(url)
    if path is None or not path.exists():
        return False
    with open(path, "a+b") as f:
        return not _try_lock(f, wait=False)


def restore(engine: Engine) -> list[str]:
    """At the store's start: build, one per transaction, any deferred index an interrupted
    import left missing (one look at the schema when none is); none while an import that
    left them out on purpose is still running."""
    if engine.dialect.name != "sqlite":
        return []
    with engine.connect() as conn:
        gone = missing(conn)
    if not gone or _import_running(engine.url):
        return []
    built = []
    for name in gone:
        with engine.begin() as conn:
            built += build(conn, [name])
    return built
