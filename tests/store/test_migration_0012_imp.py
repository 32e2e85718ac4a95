"""0011 → 0012_imp: an import's undo records who, as the import does (the desk's operator,
the OS user for the CLI). An upgrade keeps the imports, those undone before it with an empty
"who"; a downgrade gives the table back as it was."""

from alembic import command
from sqlalchemy import inspect, text

from desk_app.store.db import alembic_config, make_engine, migrate


def _alembic(engine, action, revision):
    cfg = alembic_config(engine)
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        action(cfg, revision)


def _imports(engine) -> list[tuple]:
    with engine.begin() as conn:
        return [tuple(r) for r in conn.execute(text(
            "SELECT id, file_name, operator_id, created_by, undone_at IS NOT NULL"
            " FROM imports ORDER BY id"))]


def _check(url):
    engine = make_engine(url)
    _alembic(engine, command.upgrade, "0011_calls")
    with engine.begin() as conn:
        conn.execute(text("INSERT INTO operators (id, name, active) VALUES (1, '山本', TRUE)"))
        for import_id, undone in ((1, "CURRENT_TIMESTAMP"), (2, "NULL")):
            conn.execute(text(
                "INSERT INTO imports (id, kind, file_name, file_hash, file_size, encoding,"
                " mapping, rows, imported, skipped_duplicates, new_customers,"
                " matched_customers, errors, orders_written, operator_id, created_by,"
                f" undone_at) VALUES (:id, 'orders', :name, 'h', 1, 'cp932', '{{}}', 1, 1, 0,"
                f" 0, 0, 0, 1, 1, 'clerk', {undone})"), {"id": import_id,
                                                         "name": f"売上{import_id}.csv"})
    before = _imports(engine)
    migrate(engine)
    columns = {c["name"] for c in inspect(engine).get_columns("imports")}
    assert {"undone_operator_id", "undone_by"} <= columns
    assert _imports(engine) == before
    with engine.begin() as conn:
        assert conn.execute(text("SELECT undone_operator_id, undone_by FROM imports")).all() == [
            (None, None), (None, None)]
        conn.execute(text("UPDATE imports SET undone_operator_id = 1, undone_by = 'clerk'"
                          " WHERE id = 2"))
    fks = [fk for fk in inspect(engine).get_foreign_keys("imports")
           if fk["constrained_columns"] == ["undone_operator_id"]]
    assert fks and fks[0]["referred_table"] == "operators"
    _alembic(engine, command.downgrade, "0011_calls")
    assert "undone_by" not in {c["name"] for c in inspect(engine).get_columns("imports")}
    assert _imports(engine) == before
    engine.dispose()


def test_sqlite_imports_upgrade(tmp_path):
    _check(f"sqlite:///{tmp_path / 'old.db'}")


def test_postgresql_imports_upgrade(pg_url):
    _check(pg_url)
