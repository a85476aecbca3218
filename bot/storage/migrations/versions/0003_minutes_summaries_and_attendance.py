"""minutes, summaries and attendance

An approved summary is frozen in the database itself: a trigger refuses any UPDATE or DELETE of a row whose
status is `approved`, whatever code (or person with a SQL prompt) tries.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-29 03:18:41.256477
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

from bot.storage.db import FREEZE, THAW
from bot.storage.models import UTCDateTime

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

def upgrade() -> None:
    op.create_table("attendance",
    sa.Column("id", sa.Integer(), nullable=False),
    sa.Column("meeting_id", sa.Integer(), nullable=False),
    sa.Column("organisation", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
    sa.Column("user_id", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column("present", sa.Boolean(), nullable=False),
    sa.Column("at", UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(["meeting_id"], ["meeting.id"], ondelete="CASCADE"),
    sa.PrimaryKeyConstraint("id"),
    sa.UniqueConstraint("meeting_id", "organisation", "user_id")
    )
    with op.batch_alter_table("attendance", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_attendance_meeting_id"), ["meeting_id"], unique=False)

    op.create_table("summary",
    sa.Column("id", sa.Integer(), nullable=False),
    sa.Column("table_id", sa.Integer(), nullable=False),
    sa.Column("meeting_id", sa.Integer(), nullable=False),
    sa.Column("version", sa.Integer(), nullable=False),
    sa.Column("language", sqlmodel.sql.sqltypes.AutoString(length=2), nullable=False),
    sa.Column("status", sa.String(length=24), nullable=False),
    sa.Column("content", sa.Text(), nullable=False),
    sa.Column("body", sa.Text(), nullable=False),
    sa.Column("content_hash", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column("channel_id", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column("parent_ts", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column("created_by", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column("created_at", UTCDateTime(), nullable=False),
    sa.Column("approved_by", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column("approved_by_name", sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
    sa.Column("approved_at", UTCDateTime(), nullable=True),
    sa.Column("changes_reason", sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(["meeting_id"], ["meeting.id"], ondelete="CASCADE"),
    sa.ForeignKeyConstraint(["table_id"], ["steering_table.id"], ondelete="CASCADE"),
    sa.PrimaryKeyConstraint("id"),
    sa.UniqueConstraint("meeting_id", "version")
    )
    with op.batch_alter_table("summary", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_summary_meeting_id"), ["meeting_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_summary_table_id"), ["table_id"], unique=False)

    op.create_table("note",
    sa.Column("id", sa.Integer(), nullable=False),
    sa.Column("table_id", sa.Integer(), nullable=False),
    sa.Column("meeting_id", sa.Integer(), nullable=False),
    sa.Column("agenda_item_id", sa.Integer(), nullable=True),
    sa.Column("number", sa.Integer(), nullable=False),
    sa.Column("kind", sa.String(length=16), nullable=False),
    sa.Column("text", sa.Text(), nullable=False),
    sa.Column("author_id", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column("source_ts", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column("created_by", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column("created_at", UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(["agenda_item_id"], ["agenda_item.id"], ondelete="SET NULL"),
    sa.ForeignKeyConstraint(["meeting_id"], ["meeting.id"], ondelete="CASCADE"),
    sa.ForeignKeyConstraint(["table_id"], ["steering_table.id"], ondelete="CASCADE"),
    sa.PrimaryKeyConstraint("id"),
    sa.UniqueConstraint("table_id", "number")
    )
    with op.batch_alter_table("note", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_note_meeting_id"), ["meeting_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_note_table_id"), ["table_id"], unique=False)

    with op.batch_alter_table("reminder", schema=None) as batch_op:
        batch_op.add_column(sa.Column("summary_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key("fk_reminder_summary_id", "summary", ["summary_id"], ["id"], ondelete="CASCADE")

    with op.batch_alter_table("steering_table", schema=None) as batch_op:
        batch_op.add_column(sa.Column("facts_credited", sa.Boolean(), server_default="1", nullable=False))
        batch_op.add_column(sa.Column("chatham", sa.Boolean(), server_default="0", nullable=False))
        batch_op.add_column(sa.Column("note_seq", sa.Integer(), server_default="0", nullable=False))

    for statement in FREEZE[op.get_bind().dialect.name]:
        op.execute(statement)



def downgrade() -> None:
    for statement in THAW[op.get_bind().dialect.name]:
        op.execute(statement)
    with op.batch_alter_table("steering_table", schema=None) as batch_op:
        batch_op.drop_column("note_seq")
        batch_op.drop_column("chatham")
        batch_op.drop_column("facts_credited")

    with op.batch_alter_table("reminder", schema=None) as batch_op:
        batch_op.drop_constraint("fk_reminder_summary_id", type_="foreignkey")
        batch_op.drop_column("summary_id")

    with op.batch_alter_table("note", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_note_table_id"))
        batch_op.drop_index(batch_op.f("ix_note_meeting_id"))

    op.drop_table("note")
    with op.batch_alter_table("summary", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_summary_table_id"))
        batch_op.drop_index(batch_op.f("ix_summary_meeting_id"))

    op.drop_table("summary")
    with op.batch_alter_table("attendance", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_attendance_meeting_id"))

    op.drop_table("attendance")
