"""Opening a store already at the newest schema does not import Alembic (a cost of every
desk start and CLI command): the migration heads are read from the scripts themselves, and
that reading must agree with Alembic's."""

from __future__ import annotations

import subprocess
import sys

from alembic.script import ScriptDirectory

from desk_app.store import db


def test_heads_read_from_the_scripts_equal_alembics(tmp_path):
    engine = db.make_engine(f"sqlite:///{tmp_path / 'x.db'}")
    assert db.script_heads() == set(
        ScriptDirectory.from_config(db.alembic_config(engine)).get_heads())


def test_a_store_at_head_opens_without_alembic_and_an_old_one_is_migrated(tmp_path):
    url = f"sqlite:///{tmp_path / 'shop.db'}"
    db.Store(url).dispose()  # a new store: migrated to head
    code = ("import sys\nfrom desk_app.store.db import Store\n"
            f"s = Store({url!r})\nprint('alembic' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    assert out.stdout.strip() == "False"
    # a store at an older revision is not taken for one at head: opening it upgrades it
    old_url = f"sqlite:///{tmp_path / 'old.db'}"
    engine = db.make_engine(old_url)
    db.migrate(engine, "0006_rfm2")
    assert not db._at_head(engine)
    engine.dispose()
    store = db.Store(old_url)
    assert db._at_head(store.engine)
    store.dispose()
    assert not db._at_head(db.make_engine(f"sqlite:///{tmp_path / 'empty.db'}"))


def test_no_scripts_found_is_never_taken_for_a_store_at_head(tmp_path, monkeypatch):
    """(e.g. a build that shipped no migration sources): an empty store is migrated."""
    monkeypatch.setattr(db, "MIGRATIONS", tmp_path / "nowhere")
    assert db.script_heads() is None
