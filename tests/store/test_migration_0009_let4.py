"""0009_let4: the birthday rule reads the customers born in the month through the
expression index on the birth month instead of scanning every customer; the index's
expression must stay the one ``store.letters.birth_month`` renders."""

from __future__ import annotations

from datetime import date

from sqlalchemy import event, text

from desk_app.domain.letters import Rule
from desk_app.store import letters as q
from desk_app.store.customers import NewCustomer, create_customer
from desk_app.store.db import Store

RULE = Rule("bd", "誕生日", "birthday_month", 0, "letter", "birthday", 5)
DAY = date(2026, 12, 1)


def _birthday_query(store: Store) -> tuple[list, str, object]:
    """The birthday rule's hits on DAY and the statement it ran."""
    seen: list[tuple[str, object]] = []

    def capture(conn, cursor, statement, parameters, context, executemany):
        if "birthday" in statement:
            seen.append((statement, parameters))

    event.listen(store.engine, "before_cursor_execute", capture)
    try:
        with store.new_session() as s:
            hits = q._rule_hits(s, 0, RULE, DAY, DAY, DAY, None, {}, DAY)
    finally:
        event.remove(store.engine, "before_cursor_execute", capture)
    assert len(seen) == 1
    return hits, *seen[0]


def _customers(store: Store) -> dict[str, int]:
    ids = {}
    with store.new_session() as s, s.begin():
        for i, birthday in enumerate([date(1980, 12, 24), date(1975, 11, 30), None,
                                      date(1990, 12, 1), date(2001, 1, 12)]):
            c = create_customer(s, NewCustomer(name=f"客 {i}", kana=f"キャク {i}",
                                               birthday=birthday))
            ids[str(birthday)] = c.id
    return ids


def test_sqlite_birthday_query_reads_the_birth_month_index(tmp_path):
    store = Store(f"sqlite:///{tmp_path / 'b.db'}")
    ids = _customers(store)
    hits, statement, params = _birthday_query(store)
    assert sorted(h[1] for h in hits) == sorted([ids["1980-12-24"], ids["1990-12-01"]])
    with store.engine.connect() as conn:
        plan = " ".join(str(r[3]) for r in conn.exec_driver_sql(
            "EXPLAIN QUERY PLAN " + statement, params))
    assert "ix_customers_birth_month" in plan, plan
    store.dispose()


def test_postgresql_birthday_query_can_use_the_birth_month_index(pg_url):
    store = Store(pg_url)
    try:
        ids = _customers(store)
        hits, statement, params = _birthday_query(store)
        assert sorted(h[1] for h in hits) == sorted([ids["1980-12-24"], ids["1990-12-01"]])
        with store.engine.connect() as conn:
            conn.execute(text("SET enable_seqscan = off"))
            plan = " ".join(r[0] for r in conn.exec_driver_sql(
                "EXPLAIN " + statement, params))
        assert "ix_customers_birth_month" in plan, plan
    finally:
        store.dispose()
