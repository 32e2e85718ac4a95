"""Alembic environment: runs on the connection the app hands over (or the URL in config)."""

from alembic import context
from sqlalchemy import create_engine

from desk_app.store.models import Base

config = context.config
target_metadata = Base.metadata


def run(connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


connection = config.attributes.get("connection")
if connection is not None:
    run(connection)
else:
    url = config.get_main_option("sqlalchemy.url")
    assert url, "no connection given and no sqlalchemy.url set"
    with create_engine(url).begin() as conn:
        run(conn)
