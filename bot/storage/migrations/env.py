"""Alembic environment: runs migrations on the URL that bot.storage.db.migrate passes in."""

from alembic import context
from sqlmodel import SQLModel

from bot.storage import models  # noqa: F401  (registers the tables on SQLModel.metadata)
from bot.storage.db import create_db_engine

config = context.config
target_metadata = SQLModel.metadata


def database_url() -> str:
    """The URL `bot.storage.db.alembic_config` set; there is no alembic.ini to fall back on."""
    url = config.get_main_option("sqlalchemy.url")
    if not url:
        raise RuntimeError("no sqlalchemy.url: run the migrations with `regiebot migrate`")
    return url


def run_migrations_offline() -> None:
    context.configure(url=database_url(), target_metadata=target_metadata,
                      literal_binds=True, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    engine = create_db_engine(database_url())
    with engine.connect() as connection:
        context.configure(connection=connection, target_metadata=target_metadata, render_as_batch=True)
        with context.begin_transaction():
            context.run_migrations()
    engine.dispose()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
