"""What every service shares: sessions, the delivery claim, the table in scope, and finding a session."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, time, timedelta
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

from sqlmodel import Session

from bot.core import access
from bot.core.access import Permissions
from bot.core.clock import Clock
from bot.core.dates import resolve_date
from bot.core.parsing import NUMBER, parse_number
from bot.core.replies import Actor, DuplicateDelivery, UserError
from bot.storage import store
from bot.storage.db import Database
from bot.storage.models import AgendaItem, Meeting, MeetingStatus, Member, Note, SteeringTable, Summary

Row = TypeVar("Row")


class TableService:
    """The base of every service that acts on steering tables: its transaction (claiming the Slack delivery first),
    the table in scope with the caller's membership, and the audit trail."""

    def __init__(self, database: Database, clock: Clock, permissions: Permissions) -> None:
        self._database = database
        self._clock = clock
        self._permissions = permissions

    @contextmanager
    def _write(self, actor: Actor) -> Iterator[Session]:
        """A transaction that first claims the actor's delivery: a retried delivery changes nothing."""
        with self._database.session() as db:
            if actor.delivery and not store.claim_delivery(db, key=actor.delivery, now=self._clock.now()):
                raise DuplicateDelivery(actor.delivery)
            yield db
            db.commit()

    @contextmanager
    def _read(self) -> Iterator[Session]:
        with self._database.session() as db:
            yield db

    def _scope(self, db: Session, actor: Actor, action: str) -> tuple[SteeringTable, Member | None]:
        table = access.resolve_table(db, actor)
        try:
            member = access.require(db, table=table, actor=actor, action=action, permissions=self._permissions)
        except UserError as error:
            error.language = error.language or table.language
            raise
        return table, member

    def _audit(self, db: Session, table: SteeringTable | None, actor: Actor, action: str, target: str,
               **detail: object) -> None:
        store.record_audit(db, table_id=table.id if table else None, team_id=actor.team_id, actor_id=actor.user_id,
                           action=action, target=target, detail=detail, now=self._clock.now())

    def _local_now(self, table: SteeringTable) -> datetime:
        return self._clock.now().astimezone(ZoneInfo(table.timezone))


def refuse(template: str, table: SteeringTable, **context: Any) -> UserError:
    return UserError(template, language=table.language, **context)


def found(row: Row | None, table: SteeringTable, template: str, **context: Any) -> Row:
    """The row a lookup found, or the refusal that says what was not there."""
    if row is None:
        raise refuse(template, table, **context)
    return row


def meeting_of(db: Session, row: AgendaItem | Note | Summary) -> Meeting:
    """The session an agenda item, a note or a summary belongs to: its foreign key guarantees there is one."""
    meeting = db.get(Meeting, row.meeting_id)
    assert meeting is not None
    return meeting


def find_meeting(db: Session, table: SteeringTable, ref: str, *, now: datetime) -> Meeting:
    """A session named by its number (`3`, `#3`) or its date, in the table's time zone."""
    ref = ref.strip()
    if NUMBER.match(ref):
        meeting = store.meeting_by_number(db, table_id=table.id, number=parse_number(ref))
        if meeting is None:
            raise refuse("unknown_session", table, value=ref)
        return meeting
    zone = ZoneInfo(table.timezone)
    day = resolve_date(ref, today=now.astimezone(zone).replace(tzinfo=None))
    start = datetime.combine(day, time(0), tzinfo=zone)
    found = [m for m in store.meetings_between(db, table_id=table.id, start=start, end=start + timedelta(days=1))
             if m.status != MeetingStatus.cancelled]
    if not found:
        raise refuse("unknown_session", table, value=ref)
    return found[0]


def held_meeting(db: Session, table: SteeringTable, ref: str, *, now: datetime) -> Meeting:
    """The session named by number or date, or else the current or last one: the latest that has started."""
    if ref.strip():
        return find_meeting(db, table, ref, now=now)
    meeting = store.latest_started_meeting(db, table_id=table.id, now=now)
    if meeting is None:
        raise refuse("no_session_held", table)
    return meeting
