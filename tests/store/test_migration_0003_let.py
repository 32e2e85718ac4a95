"""0002_desk → 0003_let on a store with orders: each line gets its runs-out date (order date
+ the product's consumption days × quantity), products without consumption days none."""

from datetime import date

from alembic import command
from sqlalchemy import text

from desk_app.store.db import alembic_config, make_engine, migrate


def _upgrade_to(engine, revision):
    cfg = alembic_config(engine)
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, revision)


def _check(url):
    engine = make_engine(url)
    _upgrade_to(engine, "0002_desk")
    with engine.begin() as conn:
        conn.execute(text(
            "INSERT INTO customers (id, code, name, name_key, kana, kana_key, dm_allowed,"
            " caution) VALUES (1, '0000001', '山田', 'やまだ', 'ヤマダ', 'ヤマダ', true, false)"))
        conn.execute(text(
            "INSERT INTO products (id, sku, name, kana, kana_key, price, tax_rate,"
            " consumption_days, active) VALUES (1, 'A', '青汁', '', '', 3240, 8, 30, true),"
            " (2, 'B', '箱', '', '', 500, 10, NULL, true)"))
        conn.execute(text(
            "INSERT INTO orders (id, customer_id, order_date, status, payment, gift_wrap,"
            " subtotal_8, subtotal_10, tax_8, tax_10, shipping_fee, cod_fee, total)"
            " VALUES (1, 1, :d, 'active', 'cod', false, 0, 0, 0, 0, 0, 0, 0)"),
            {"d": date(2026, 11, 2)})
        conn.execute(text(
            "INSERT INTO order_lines (id, order_id, line_no, product_id, sku, name, unit_price,"
            " quantity, tax_rate, amount) VALUES (1, 1, 1, 1, 'A', '青汁', 3240, 3, 8, 9720),"
            " (2, 1, 2, 2, 'B', '箱', 500, 1, 10, 500)"))
    migrate(engine)
    with engine.begin() as conn:
        rows = conn.execute(text("SELECT id, runs_out_on FROM order_lines ORDER BY id")).all()
    engine.dispose()
    got = {i: (d if isinstance(d, date) or d is None else date.fromisoformat(d)) for i, d in rows}
    assert got == {1: date(2027, 1, 31), 2: None}  # 11/2 + 90 days


def test_sqlite_store_with_orders_upgrades(tmp_path):
    _check(f"sqlite:///{tmp_path / 'old.db'}")


def test_postgresql_store_with_orders_upgrades(pg_url):
    _check(pg_url)


def _check_printed_letters_carry_over(url):
    engine = make_engine(url)
    _upgrade_to(engine, "0004_rfm")
    with engine.begin() as conn:
        conn.execute(text(
            "INSERT INTO customers (id, code, name, name_key, kana, kana_key, dm_allowed,"
            " caution) VALUES (1, '0000001', '山田', 'やまだ', 'ヤマダ', 'ヤマダ', true, false)"))
        conn.execute(text(
            "INSERT INTO letters (kind, customer_id, due_date, printed_at) VALUES"
            " ('thanks', 1, :d, CURRENT_TIMESTAMP), ('thanks', 1, :d, NULL)"),
            {"d": date(2026, 11, 5)})
    migrate(engine)
    with engine.begin() as conn:
        rows = conn.execute(text("SELECT letter_key, rule_key, reprint FROM letter_prints")).all()
        tables = set(conn.execute(text(
            "SELECT name FROM sqlite_master WHERE type = 'table'" if "sqlite" in url else
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public'")).scalars())
    engine.dispose()
    assert [tuple(r) for r in rows] == [("thanks:1:first", "thanks", False)]
    assert "letters" not in tables  # derived now; only what was printed is stored


def test_printed_letters_of_the_old_table_stay_printed_sqlite(tmp_path):
    _check_printed_letters_carry_over(f"sqlite:///{tmp_path / 'old.db'}")


def test_printed_letters_of_the_old_table_stay_printed_postgresql(pg_url):
    _check_printed_letters_carry_over(pg_url)
