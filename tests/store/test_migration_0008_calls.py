"""0007 → 0008_calls: calls logged as "popup" (a pop-up was shown) read as answered, as the
call list showed them; the other outcomes stay; downgrade gives "popup" back."""

from alembic import command
from sqlalchemy import text

from desk_app.store.db import alembic_config, make_engine, migrate


def _alembic(engine, action, revision):
    cfg = alembic_config(engine)
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        action(cfg, revision)


def _outcomes(engine) -> dict[int, str]:
    with engine.begin() as conn:
        return dict(conn.execute(text("SELECT id, outcome FROM calls")).all())


def _check(url):
    engine = make_engine(url)
    _alembic(engine, command.upgrade, "0007_rfm2")
    with engine.begin() as conn:
        for call_id, outcome in ((1, "popup"), (2, "missed"), (3, "order"), (4, "log")):
            conn.execute(text(
                "INSERT INTO calls (id, received_at, source, number, outcome)"
                " VALUES (:id, CURRENT_TIMESTAMP, 'test', '0311112222', :outcome)"),
                {"id": call_id, "outcome": outcome})
    migrate(engine)
    assert _outcomes(engine) == {1: "answered", 2: "missed", 3: "order", 4: "log"}
    _alembic(engine, command.downgrade, "0007_rfm2")
    assert _outcomes(engine) == {1: "popup", 2: "missed", 3: "order", 4: "log"}
    engine.dispose()


def test_sqlite_calls_upgrade(tmp_path):
    _check(f"sqlite:///{tmp_path / 'old.db'}")


def test_postgresql_calls_upgrade(pg_url):
    _check(pg_url)
