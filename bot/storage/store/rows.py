"""What the query modules share: storing a new row, and the per-table counters that number it.

Per-table numbers come from counters on the table row, raised by one atomic UPDATE … RETURNING, so two
writers can never hand out the same `#n` (a row lock on PostgreSQL, the write lock on SQLite).
"""

from __future__ import annotations

from typing import Literal, TypeVar

from sqlalchemy import update
from sqlmodel import Session, SQLModel, col

from bot.storage.models import SteeringTable

Counter = Literal["meeting_seq", "item_seq", "action_seq", "note_seq"]
Row = TypeVar("Row", bound=SQLModel)


def next_number(db: Session, *, table_id: int, counter: Counter) -> int:
    """The table's next `#n` for this counter, raised in the caller's transaction (its rollback gives it back)."""
    column = getattr(SteeringTable, counter)
    statement = (
        update(SteeringTable).where(col(SteeringTable.id) == table_id).values({counter: column + 1}).returning(column)
    )
    return int(db.exec(statement).scalar_one())


def stored(db: Session, row: Row) -> Row:
    """Add the row and flush it, so that its id and defaults are there when the caller reads them."""
    db.add(row)
    db.flush()
    return row
