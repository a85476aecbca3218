"""rhythm, reminders and calendar feed

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-29 00:52:28.285156
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

from bot.storage.models import UTCDateTime

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:

    op.create_table(
        "reminder",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("table_id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=True),
        sa.Column("action_id", sa.Integer(), nullable=True),
        sa.Column("kind", sa.String(length=24), nullable=False),
        sa.Column("target", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("due_at", UTCDateTime(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("claimed_until", UTCDateTime(), nullable=True),
        sa.Column("last_error", sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False),
        sa.Column("sent_at", UTCDateTime(), nullable=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["action_id"], ["action_point.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["meeting_id"], ["meeting.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["table_id"], ["steering_table.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("key"),
    )
    with op.batch_alter_table("reminder", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_reminder_status"), ["status"], unique=False)
        batch_op.create_index(batch_op.f("ix_reminder_table_id"), ["table_id"], unique=False)

    with op.batch_alter_table("meeting", schema=None) as batch_op:
        batch_op.add_column(sa.Column("sequence", sa.Integer(), server_default="0", nullable=False))
        batch_op.add_column(sa.Column("recurring", sa.Boolean(), server_default="0", nullable=False))
        batch_op.add_column(
            sa.Column("holiday", sqlmodel.sql.sqltypes.AutoString(length=120), server_default="", nullable=False)
        )

    with op.batch_alter_table("steering_table", schema=None) as batch_op:
        batch_op.add_column(sa.Column("call_offset_minutes", sa.Integer(), server_default="20160", nullable=False))
        batch_op.add_column(sa.Column("close_offset_minutes", sa.Integer(), server_default="4320", nullable=False))
        batch_op.add_column(sa.Column("meeting_offset_minutes", sa.Integer(), server_default="1440", nullable=False))
        batch_op.add_column(sa.Column("action_offset_minutes", sa.Integer(), server_default="2880", nullable=False))
        batch_op.add_column(
            sa.Column(
                "reminder_time", sqlmodel.sql.sqltypes.AutoString(length=5), server_default="09:00", nullable=False
            )
        )
        batch_op.add_column(
            sa.Column("recurrence", sqlmodel.sql.sqltypes.AutoString(length=200), server_default="", nullable=False)
        )
        batch_op.add_column(
            sa.Column("recurrence_duration_minutes", sa.Integer(), server_default="120", nullable=False)
        )
        batch_op.add_column(
            sa.Column(
                "recurrence_location", sqlmodel.sql.sqltypes.AutoString(length=500), server_default="", nullable=False
            )
        )
        batch_op.add_column(
            sa.Column("calendar_token", sqlmodel.sql.sqltypes.AutoString(length=64), server_default="", nullable=False)
        )
        batch_op.create_index(batch_op.f("ix_steering_table_calendar_token"), ["calendar_token"], unique=False)


def downgrade() -> None:

    with op.batch_alter_table("steering_table", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_steering_table_calendar_token"))
        batch_op.drop_column("calendar_token")
        batch_op.drop_column("recurrence_location")
        batch_op.drop_column("recurrence_duration_minutes")
        batch_op.drop_column("recurrence")
        batch_op.drop_column("reminder_time")
        batch_op.drop_column("action_offset_minutes")
        batch_op.drop_column("meeting_offset_minutes")
        batch_op.drop_column("close_offset_minutes")
        batch_op.drop_column("call_offset_minutes")

    with op.batch_alter_table("meeting", schema=None) as batch_op:
        batch_op.drop_column("holiday")
        batch_op.drop_column("recurring")
        batch_op.drop_column("sequence")

    with op.batch_alter_table("reminder", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_reminder_table_id"))
        batch_op.drop_index(batch_op.f("ix_reminder_status"))

    op.drop_table("reminder")
