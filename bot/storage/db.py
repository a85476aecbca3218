"""Engine, sessions and migrations.

SQLite (the embedded default) gets WAL, foreign keys and a busy timeout; Python's sqlite3 starts a
transaction at the first write, so a write transaction holds the lock from its first write to commit.
PostgreSQL is reached through psycopg 3.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.engine import make_url
from sqlmodel import Session

MIGRATIONS = Path(__file__).parent / "migrations"

# An approved summary never changes: triggers refuse UPDATE and DELETE of its row, whatever code (or person at a
# SQL prompt) tries. Migration 0003 installs them; emptying a test database lifts them for that moment.
FROZEN = "an approved summary cannot change"
FREEZE = {
    "sqlite": [
        f"CREATE TRIGGER summary_frozen_update BEFORE UPDATE ON summary WHEN OLD.status = 'approved' "
        f"BEGIN SELECT RAISE(ABORT, '{FROZEN}'); END",
        f"CREATE TRIGGER summary_frozen_delete BEFORE DELETE ON summary WHEN OLD.status = 'approved' "
        f"BEGIN SELECT RAISE(ABORT, '{FROZEN}'); END",
    ],
    "postgresql": [
        f"CREATE FUNCTION summary_frozen() RETURNS trigger LANGUAGE plpgsql AS "
        f"$$ BEGIN RAISE EXCEPTION '{FROZEN}'; END $$",
        "CREATE TRIGGER summary_frozen BEFORE UPDATE OR DELETE ON summary FOR EACH ROW "
        "WHEN (OLD.status = 'approved') EXECUTE FUNCTION summary_frozen()",
    ],
}
THAW = {
    "sqlite": ["DROP TRIGGER summary_frozen_update", "DROP TRIGGER summary_frozen_delete"],
    "postgresql": ["DROP TRIGGER summary_frozen ON summary", "DROP FUNCTION summary_frozen()"],
}


def normalise_url(url: str) -> str:
    """Let `postgresql://` and `postgres://` mean psycopg 3, the driver we ship."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def create_db_engine(url: str) -> Engine:
    url = normalise_url(url)
    if make_url(url).get_backend_name() == "sqlite":
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30})

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_connection, _record):
            cursor = dbapi_connection.cursor()
            if make_url(url).database not in (None, "", ":memory:"):
                cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA busy_timeout=30000")
            cursor.close()

        return engine
    return create_engine(url, pool_pre_ping=True, pool_size=10, max_overflow=30)


class Database:
    """Hands out sessions on one engine; the services' only way to the data."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    @classmethod
    def from_url(cls, url: str) -> Database:
        return cls(create_db_engine(url))

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A session whose uncommitted work is rolled back when the block ends."""
        with Session(self.engine, expire_on_commit=False) as db:
            yield db

    def ping(self) -> bool:
        """True when the database answers a trivial query."""
        try:
            with self.engine.connect() as connection:
                connection.execute(text("SELECT 1"))
            return True
        except Exception:  # any failure means "not healthy"
            return False

    def dispose(self) -> None:
        self.engine.dispose()


def alembic_config(url: str) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("sqlalchemy.url", normalise_url(url).replace("%", "%%"))
    return config


def migrate(url: str) -> None:
    """Bring the database at `url` to the latest schema (idempotent)."""
    command.upgrade(alembic_config(url), "head")
