"""The minutes of a session: its notes, who attended, and the versions of its summary."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session, col, select

from bot.storage.models import Attendance, Meeting, Note, NoteKind, ReviewFinding, Summary, SummaryStatus
from bot.storage.store.rows import next_number, stored


def add_note(
    db: Session, *, meeting: Meeting, agenda_item_id: int | None, kind: NoteKind, text: str, author_id: str,
    source_ts: str, created_by: str, now: datetime,
) -> Note:
    number = next_number(db, table_id=meeting.table_id, counter="note_seq")
    return stored(db, Note(table_id=meeting.table_id, meeting_id=meeting.id, agenda_item_id=agenda_item_id,
                           number=number, kind=kind, text=text, author_id=author_id, source_ts=source_ts,
                           created_by=created_by, created_at=now))


def note(db: Session, *, table_id: int, number: int) -> Note | None:
    return db.exec(select(Note).where(Note.table_id == table_id, Note.number == number)).first()


def notes(db: Session, *, meeting_id: int) -> list[Note]:
    return list(db.exec(select(Note).where(Note.meeting_id == meeting_id).order_by(col(Note.number))).all())


def note_from_message(db: Session, *, meeting_id: int, source_ts: str) -> Note | None:
    return db.exec(select(Note).where(Note.meeting_id == meeting_id, Note.source_ts == source_ts)).first()


def attendance(db: Session, *, meeting_id: int) -> list[Attendance]:
    return list(db.exec(select(Attendance).where(Attendance.meeting_id == meeting_id)
                        .order_by(col(Attendance.organisation), col(Attendance.user_id))).all())


def set_attendance(db: Session, *, meeting_id: int, organisation: str, user_id: str, present: bool,
                   now: datetime) -> Attendance:
    """A person's answer (user_id set) or the secretary's correction for an organisation (user_id empty)."""
    row = db.exec(select(Attendance).where(Attendance.meeting_id == meeting_id,
                                           Attendance.organisation == organisation,
                                           Attendance.user_id == user_id)).first()
    if row is None:
        row = Attendance(meeting_id=meeting_id, organisation=organisation, user_id=user_id, present=present, at=now)
        db.add(row)
    else:
        row.present, row.at = present, now
    db.flush()
    return row


def summaries(db: Session, *, meeting_id: int) -> list[Summary]:
    return list(db.exec(select(Summary).where(Summary.meeting_id == meeting_id).order_by(col(Summary.version))).all())


def summary_in_thread(db: Session, *, channel_id: str, parent_ts: str) -> Summary | None:
    """The latest version of the summary whose thread starts at `parent_ts`."""
    return db.exec(select(Summary).where(Summary.channel_id == channel_id, Summary.parent_ts == parent_ts)
                   .order_by(col(Summary.version).desc())).first()


def summaries_awaiting_approval(db: Session, *, table_ids: list[int]) -> list[Summary]:
    if not table_ids:
        return []
    return list(db.exec(select(Summary).where(col(Summary.table_id).in_(table_ids),
                                              Summary.status == SummaryStatus.draft)
                        .order_by(col(Summary.created_at))).all())


def add_finding(db: Session, *, summary_id: int, number: int, note_number: str, problem: str, words: str,
                original: str, output: str, suggestion: str) -> ReviewFinding:
    return stored(db, ReviewFinding(summary_id=summary_id, number=number, note_number=note_number, problem=problem,
                                    words=words, original=original, output=output, suggestion=suggestion))


def findings(db: Session, *, summary_id: int, open_only: bool = False) -> list[ReviewFinding]:
    query = select(ReviewFinding).where(ReviewFinding.summary_id == summary_id)
    if open_only:
        query = query.where(col(ReviewFinding.checked_at).is_(None))
    return list(db.exec(query.order_by(col(ReviewFinding.number))).all())
