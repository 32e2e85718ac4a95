"""0001 → 0002_desk on a store with data: rows survive, new columns get their defaults."""

from alembic import command
from sqlalchemy import text

from desk_app.store.db import Store, alembic_config, make_engine, migrate


def _upgrade_to(engine, revision):
    cfg = alembic_config(engine)
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, revision)


def _check(url):
    engine = make_engine(url)
    _upgrade_to(engine, "0001")
    with engine.begin() as conn:
        conn.execute(text(
            "INSERT INTO customers (id, code, name, name_key, kana, kana_key, dm_allowed,"
            " caution, caution_note) VALUES (1, '0000001', '山田', 'やまだ', 'ヤマダ', 'ヤマダ',"
            " true, true, '代引拒否')"))
        conn.execute(text("INSERT INTO notes (customer_id, category, body, needs_follow_up,"
                          " created_at) VALUES (1, 'other', 'メモ', false, CURRENT_TIMESTAMP)"))
    migrate(engine)
    with engine.begin() as conn:
        row = conn.execute(text("SELECT caution_flags, company, caution_note FROM customers")).one()
        assert tuple(row) == ("", None, "代引拒否")
        assert conn.execute(text("SELECT body, number FROM notes")).one() == ("メモ", None)
        conn.execute(text("INSERT INTO notes (customer_id, number, category, body,"
                          " needs_follow_up, created_at) VALUES (NULL, '0451112222', 'inquiry',"
                          " '資料請求', false, CURRENT_TIMESTAMP)"))
    engine.dispose()
    Store(url).dispose()  # opens at head without complaint


def test_sqlite_store_with_data_upgrades(tmp_path):
    _check(f"sqlite:///{tmp_path / 'old.db'}")


def test_postgresql_store_with_data_upgrades(pg_url):
    _check(pg_url)
