"""Alembic `upgrade head` on an empty database must produce exactly the models' schema."""

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect

from desk_app.store.db import Store, migrate
from desk_app.store.models import Base


def _diff(engine):
    with engine.connect() as conn:
        ctx = MigrationContext.configure(conn, opts={"compare_type": True})
        return compare_metadata(ctx, Base.metadata)


def test_sqlite_upgrade_head_equals_models(tmp_path):
    store = Store(f"sqlite:///{tmp_path / 'm.db'}")
    assert _diff(store.engine) == []
    assert set(inspect(store.engine).get_table_names()) >= set(Base.metadata.tables)


def test_migrate_twice_is_a_no_op(tmp_path):
    store = Store(f"sqlite:///{tmp_path / 'm.db'}")
    migrate(store.engine)
    assert _diff(store.engine) == []


def test_sqlite_pragmas(tmp_path):
    store = Store(f"sqlite:///{tmp_path / 'm.db'}")
    with store.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1


def test_postgresql_upgrade_head_equals_models(pg_url):
    store = Store(pg_url)
    try:
        assert _diff(store.engine) == []
        assert store.engine.dialect.name == "postgresql"
    finally:
        store.dispose()


def test_url_from_environment(tmp_path, monkeypatch):
    from desk_app.store.db import resolve_url

    monkeypatch.setenv("DESK_DB_URL", f"sqlite:///{tmp_path / 'env.db'}")
    assert resolve_url(None).endswith("env.db")
    assert resolve_url("sqlite:///other.db") == "sqlite:///other.db"
    monkeypatch.delenv("DESK_DB_URL")
    monkeypatch.setenv("DESK_DATA_DIR", str(tmp_path / "data"))
    assert resolve_url(None) == f"sqlite:///{tmp_path / 'data' / 'desk.db'}"
