"""0011_calls: the desk's start closes stale rings (``store.calls.close_stale_rings``) on the
database queue the first ring's lookup waits on; through a partial index on the calls still
ringing it reads those few rows, not every call the shop ever took (``calls.outcome`` has no
index of its own). An upgrade from 0010 keeps the calls and adds the index."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from alembic import command
from sqlalchemy import event, inspect, text

from desk_app.store import calls
from desk_app.store.db import Store, alembic_config, make_engine, migrate
from desk_app.store.models import Call

NOW = datetime(2026, 12, 1, 3, 0, tzinfo=UTC)


def _add_calls(store: Store) -> dict[str, int]:
    with store.new_session() as s, s.begin():
        rows = {name: Call(received_at=NOW - age, source="test", number="0311112222",
                           outcome=outcome)
                for name, age, outcome in (("stale", timedelta(hours=2), calls.RINGING),
                                           ("fresh", timedelta(minutes=1), calls.RINGING),
                                           ("old", timedelta(days=30), calls.ANSWERED))}
        s.add_all(rows.values())
        s.flush()
        return {name: row.id for name, row in rows.items()}


def _close_stale_rings(store: Store) -> tuple[list[int], str, object]:
    """The ids closed and the SELECT that found them."""
    seen: list[tuple[str, object]] = []

    def capture(conn, cursor, statement, parameters, context, executemany):
        if statement.lstrip().upper().startswith("SELECT"):
            seen.append((statement, parameters))

    event.listen(store.engine, "before_cursor_execute", capture)
    try:
        with store.new_session() as s, s.begin():
            ids = calls.close_stale_rings(s, NOW)
    finally:
        event.remove(store.engine, "before_cursor_execute", capture)
    assert len(seen) == 1
    return ids, *seen[0]


def test_sqlite_stale_rings_are_found_through_the_ringing_index(tmp_path):
    store = Store(f"sqlite:///{tmp_path / 'c.db'}")
    ids = _add_calls(store)
    closed, statement, params = _close_stale_rings(store)
    assert closed == [ids["stale"]]
    with store.engine.connect() as conn:
        plan = " ".join(str(r[3]) for r in conn.exec_driver_sql(
            "EXPLAIN QUERY PLAN " + statement, params))
    assert "ix_calls_ringing" in plan, plan
    store.dispose()


def test_postgresql_stale_rings_can_use_the_ringing_index(pg_url):
    store = Store(pg_url)
    try:
        ids = _add_calls(store)
        closed, statement, params = _close_stale_rings(store)
        assert closed == [ids["stale"]]
        with store.engine.connect() as conn:
            conn.execute(text("SET enable_seqscan = off"))
            plan = " ".join(r[0] for r in conn.exec_driver_sql("EXPLAIN " + statement, params))
        assert "ix_calls_ringing" in plan, plan
    finally:
        store.dispose()


def _check_upgrade(url: str) -> None:
    engine = make_engine(url)
    cfg = alembic_config(engine)
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0010_rfm3")
    with engine.begin() as conn:
        conn.execute(text("INSERT INTO calls (id, received_at, source, number, outcome) "
                          "VALUES (1, CURRENT_TIMESTAMP, 'test', '0311112222', 'ringing')"))
    migrate(engine)
    assert "ix_calls_ringing" in {i["name"] for i in inspect(engine).get_indexes("calls")}
    with engine.begin() as conn:
        assert conn.execute(text("SELECT outcome FROM calls")).scalars().all() == ["ringing"]
    engine.dispose()


def test_sqlite_upgrade_from_0010_adds_the_index(tmp_path):
    _check_upgrade(f"sqlite:///{tmp_path / 'old.db'}")


def test_postgresql_upgrade_from_0010_adds_the_index(pg_url):
    _check_upgrade(pg_url)
