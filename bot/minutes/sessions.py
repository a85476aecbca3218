"""Which session's minutes a secretary may still change: one that has started, and has no approved summary."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session

from bot.core.service import held_meeting, refuse
from bot.core.values import meeting_values
from bot.storage import store
from bot.storage.models import Meeting, SteeringTable, Summary, SummaryStatus


def open_minutes(db: Session, table: SteeringTable, *, now: datetime, ref: str = "") -> Meeting:
    """The session named (else the current or last one), refused once a version of its summary is approved."""
    meeting = held_meeting(db, table, ref, now=now)
    refuse_if_approved(db, table, meeting)
    return meeting


def refuse_if_approved(db: Session, table: SteeringTable, meeting: Meeting,
                       versions: list[Summary] | None = None) -> None:
    """An approved summary freezes its session's minutes: notes, attendance and drafts."""
    if versions is None:
        versions = store.summaries(db, meeting_id=meeting.id)
    if any(s.status == SummaryStatus.approved for s in versions):
        raise refuse("summary_approved_already", table, meeting=meeting_values(meeting, table))
