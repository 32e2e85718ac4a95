"""Opening the store: which database, engine settings, migrations at start.

The URL comes from ``--db``, else ``DESK_DB_URL``, else ``[store] url`` of the settings file
(``desk_app.config``), else a SQLite file in the platform's user data folder. SQLite runs
in WAL mode with foreign keys on so that the GUI can read while the background worker writes; PostgreSQL is used as is (several desks share it).
"""

from __future__ import annotations

import ast
import logging
import os
from pathlib import Path
from typing import TYPE_CHECKING

from platformdirs import user_data_dir
from sqlalchemy import Engine, create_engine, event, inspect
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import NullPool

if TYPE_CHECKING:
    from alembic.config import Config

log = logging.getLogger(__name__)
APP_NAME = "PhoneOrderDesk"
MIGRATIONS = Path(__file__).with_name("migrations")


def data_dir() -> Path:
    """Per-user folder for the store, drafts and settings (created on first use)."""
    path = Path(os.environ.get("DESK_DATA_DIR") or user_data_dir(APP_NAME, appauthor=False))
    path.mkdir(parents=True, exist_ok=True)
    return path


def demo_url() -> str:
    """The demo shop's database: beside the real store, never the same file."""
    return f"sqlite:///{data_dir() / 'demo.db'}"


def resolve_url(url: str | None = None) -> str:
    url = url or os.environ.get("DESK_DB_URL") or _configured_url()
    if url:
        if "://" not in url:  # a bare file path is friendlier to type
            url = f"sqlite:///{Path(url).expanduser().resolve()}"
        return url
    return f"sqlite:///{data_dir() / 'desk.db'}"


def _configured_url() -> str | None:
    """``[store] url`` of the settings file (``desk_app.config``), when set."""
    from desk_app import config

    return config.store_url()


def _sqlite_pragmas(dbapi_conn, _record) -> None:
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.execute("PRAGMA busy_timeout=5000")
    cur.execute("PRAGMA cache_size=-65536")  # 64 MB page cache: the pop-up reads hot pages
    cur.close()


def make_engine(url: str | None = None) -> Engine:
    url = resolve_url(url)
    if url.startswith("sqlite"):
        db_path = url.split("///", 1)[-1]
        if db_path and db_path != ":memory:":
            Path(db_path).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"check_same_thread": False})
        event.listen(engine, "connect", _sqlite_pragmas)
    else:
        if url.startswith("postgresql://"):
            url = "postgresql+psycopg://" + url.removeprefix("postgresql://")
        engine = create_engine(url, pool_pre_ping=True)
    return engine


def alembic_config(engine: Engine) -> Config:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.set_main_option("sqlalchemy.url", engine.url.render_as_string(hide_password=False))
    return cfg


def script_heads() -> set[str] | None:
    """The head revisions of the migration scripts, read from their ``revision`` and
    ``down_revision`` assignments without importing Alembic (which costs ~0.2 s of every
    start, the desk's and each CLI command's); None when a script does not assign them
    as plain literals (then Alembic itself is asked)."""
    revisions: set[str] = set()
    parents: set[str] = set()
    for path in sorted((MIGRATIONS / "versions").glob("*.py")):
        found: dict[str, object] = {}
        for node in ast.parse(path.read_text("utf-8")).body:
            if isinstance(node, ast.Assign) and len(node.targets) == 1:
                target, value = node.targets[0], node.value
            elif isinstance(node, ast.AnnAssign) and node.value is not None:
                target, value = node.target, node.value
            else:
                continue
            if isinstance(target, ast.Name) and target.id in ("revision", "down_revision"):
                try:
                    found[target.id] = ast.literal_eval(value)
                except ValueError:
                    return None
        rev, down = found.get("revision"), found.get("down_revision")
        if not isinstance(rev, str):
            return None
        revisions.add(rev)
        if isinstance(down, str):
            parents.add(down)
        elif isinstance(down, tuple | list):
            parents.update(str(d) for d in down)
        elif down is not None:
            return None
    return (revisions - parents) or None  # no scripts found: ask Alembic


def _current_heads(engine: Engine) -> set[str]:
    if not inspect(engine).has_table("alembic_version"):
        return set()
    with engine.connect() as conn:
        return {row[0] for row in conn.exec_driver_sql("SELECT version_num FROM alembic_version")}


def _at_head(engine: Engine) -> bool:
    heads = script_heads()
    if heads is None:
        from alembic.script import ScriptDirectory

        heads = set(ScriptDirectory.from_config(alembic_config(engine)).get_heads())
    return _current_heads(engine) == heads


def migrate(engine: Engine, revision: str = "head") -> None:
    """Bring the schema to the newest revision; a no-op when it already is.

    On SQLite, Alembic's batch mode rebuilds a table to alter it (copy, drop, rename).
    With foreign keys on, dropping ``customers`` would cascade-delete every phone, note and
    letter of the shop, or fail on its orders; and Python's sqlite3 commits DDL as it goes,
    so a failing step would leave the schema half-changed. So SQLite migrates on its own
    connection in one real transaction (``BEGIN`` … ``COMMIT``, DDL included) with foreign
    keys off, checked (``PRAGMA foreign_key_check``) before it commits.
    """
    if revision == "head" and _at_head(engine):
        return  # every start: a version read, no DDL, no checks over a big store
    from alembic import command
    if engine.dialect.name != "sqlite":
        cfg = alembic_config(engine)
        with engine.begin() as conn:
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, revision)
        return
    mig = create_engine(engine.url, poolclass=NullPool)

    @event.listens_for(mig, "connect")
    def _connect(dbapi_conn, _record) -> None:
        dbapi_conn.isolation_level = None  # no implicit commits: we say BEGIN ourselves
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA foreign_keys=OFF")  # only takes effect outside a transaction
        cur.execute("PRAGMA busy_timeout=5000")
        cur.close()

    @event.listens_for(mig, "begin")
    def _begin(conn) -> None:
        conn.exec_driver_sql("BEGIN IMMEDIATE")

    cfg = alembic_config(mig)
    try:
        with mig.begin() as conn:
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, revision)
            broken = conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
            if broken:
                raise RuntimeError(f"migration left {len(broken)} broken references "
                                   f"(first in table {broken[0][0]}); nothing was changed")
    finally:
        mig.dispose()


class Store:
    """An engine with its schema migrated and a session factory; one per process."""

    def __init__(self, url: str | None = None, *, migrate_schema: bool = True) -> None:
        self.url = resolve_url(url)
        self.engine = make_engine(self.url)
        if migrate_schema:
            migrate(self.engine)
            from desk_app.store.history_import.indexes import restore

            built = restore(self.engine)  # an import interrupted before it rebuilt them
            if built:
                log.warning("built the indexes an interrupted import had left out: %s",
                            ", ".join(built))
        self.session = sessionmaker(self.engine, expire_on_commit=False)

    @property
    def is_sqlite(self) -> bool:
        return self.engine.dialect.name == "sqlite"

    def has_schema(self) -> bool:
        return inspect(self.engine).has_table("customers")

    def new_session(self) -> Session:
        return self.session()

    def dispose(self) -> None:
        self.engine.dispose()

    def describe(self) -> str:
        """The URL with any password hidden, for logs and the status bar."""
        return self.engine.url.render_as_string(hide_password=True)
