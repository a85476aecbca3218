"""review findings, and no review marker in an approved summary

The engine's findings of each version are stored, numbered, so the secretary can confirm them one by one and
the chair cannot approve while one is open. A trigger refuses an approved summary row whose body or content
still holds a review marker or a placeholder, whatever code writes it.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-02 11:50:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

from bot.storage.models import UTCDateTime

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

MARKERS = ("[CONTROLEREN]", "[CHECK]", "[onbekende deelnemer]", "[unknown participant]")
UNCHECKED = "an approved summary cannot hold a review marker"


def _holds_marker(find: str) -> str:
    return " OR ".join(f"{find}(NEW.{column}, '{marker}') > 0" for column in ("body", "content") for marker in MARKERS)


GUARD = {
    "sqlite": [
        f"CREATE TRIGGER summary_unchecked_{event.lower()} BEFORE {event} ON summary "
        f"WHEN NEW.status = 'approved' AND ({_holds_marker('instr')}) "
        f"BEGIN SELECT RAISE(ABORT, '{UNCHECKED}'); END"
        for event in ("INSERT", "UPDATE")
    ],
    "postgresql": [
        f"CREATE FUNCTION summary_unchecked() RETURNS trigger LANGUAGE plpgsql AS "
        f"$$ BEGIN RAISE EXCEPTION '{UNCHECKED}'; END $$",
        "CREATE TRIGGER summary_unchecked BEFORE INSERT OR UPDATE ON summary FOR EACH ROW "
        f"WHEN (NEW.status = 'approved' AND ({_holds_marker('strpos')})) EXECUTE FUNCTION summary_unchecked()",
    ],
}
UNGUARD = {
    "sqlite": ["DROP TRIGGER summary_unchecked_insert", "DROP TRIGGER summary_unchecked_update"],
    "postgresql": ["DROP TRIGGER summary_unchecked ON summary", "DROP FUNCTION summary_unchecked()"],
}


def upgrade() -> None:
    op.create_table("review_finding",
    sa.Column("id", sa.Integer(), nullable=False),
    sa.Column("summary_id", sa.Integer(), nullable=False),
    sa.Column("number", sa.Integer(), nullable=False),
    sa.Column("note_number", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column("problem", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
    sa.Column("words", sa.Text(), nullable=False),
    sa.Column("original", sa.Text(), nullable=False),
    sa.Column("output", sa.Text(), nullable=False),
    sa.Column("suggestion", sa.Text(), nullable=False),
    sa.Column("checked_by", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column("checked_at", UTCDateTime(), nullable=True),
    sa.ForeignKeyConstraint(["summary_id"], ["summary.id"], ondelete="CASCADE"),
    sa.PrimaryKeyConstraint("id"),
    sa.UniqueConstraint("summary_id", "number")
    )
    with op.batch_alter_table("review_finding", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_review_finding_summary_id"), ["summary_id"], unique=False)
    for statement in GUARD[op.get_bind().dialect.name]:
        op.execute(statement)


def downgrade() -> None:
    for statement in UNGUARD[op.get_bind().dialect.name]:
        op.execute(statement)
    with op.batch_alter_table("review_finding", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_review_finding_summary_id"))
    op.drop_table("review_finding")
