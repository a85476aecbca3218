"""Agenda items and action points: what a session discusses, and what it hands out to do."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import func
from sqlmodel import Session, col, select

from bot.storage.models import ActionPoint, ActionStatus, AgendaItem, ItemKind, ItemStatus, Meeting
from bot.storage.store.rows import next_number, stored

ACTIVE_ITEM_STATUSES = (ItemStatus.proposed, ItemStatus.accepted, ItemStatus.deferred)


def agenda(db: Session, *, meeting_id: int, include_withdrawn: bool = False) -> list[AgendaItem]:
    statement = select(AgendaItem).where(AgendaItem.meeting_id == meeting_id)
    if not include_withdrawn:
        statement = statement.where(col(AgendaItem.status).in_(ACTIVE_ITEM_STATUSES))
    return list(db.exec(statement.order_by(col(AgendaItem.position), col(AgendaItem.number))).all())


def agenda_item(db: Session, *, table_id: int, number: int) -> AgendaItem | None:
    return db.exec(select(AgendaItem).where(AgendaItem.table_id == table_id, AgendaItem.number == number)).first()


def add_agenda_item(
    db: Session, *, meeting: Meeting, title: str, description: str, kind: ItemKind, submitter_id: str,
    organisation: str, now: datetime,
) -> AgendaItem:
    """A new item at the end of the session's agenda."""
    number = next_number(db, table_id=meeting.table_id, counter="item_seq")
    last = db.exec(select(func.max(AgendaItem.position)).where(AgendaItem.meeting_id == meeting.id)).one()
    return stored(db, AgendaItem(table_id=meeting.table_id, meeting_id=meeting.id, number=number, title=title,
                                 description=description, kind=kind, submitter_id=submitter_id,
                                 organisation=organisation, position=(last or 0) + 1, created_at=now))


def add_action_point(
    db: Session, *, table_id: int, text: str, owner_user_id: str | None, owner_organisation: str,
    due_date: date | None, meeting_id: int | None, created_by: str, now: datetime,
) -> ActionPoint:
    number = next_number(db, table_id=table_id, counter="action_seq")
    return stored(db, ActionPoint(table_id=table_id, number=number, text=text, owner_user_id=owner_user_id,
                                  owner_organisation=owner_organisation, due_date=due_date, meeting_id=meeting_id,
                                  created_by=created_by, created_at=now))


def action_point(db: Session, *, table_id: int, number: int) -> ActionPoint | None:
    return db.exec(select(ActionPoint).where(ActionPoint.table_id == table_id, ActionPoint.number == number)).first()


def action_points(
    db: Session, *, table_id: int, statuses: tuple[ActionStatus, ...] | None = None,
    owner_user_id: str | None = None, owner_organisation: str | None = None,
) -> list[ActionPoint]:
    """The table's action points by number, narrowed to the statuses and owner given (organisation in any case)."""
    statement = select(ActionPoint).where(ActionPoint.table_id == table_id)
    if statuses:
        statement = statement.where(col(ActionPoint.status).in_(statuses))
    if owner_user_id is not None:
        statement = statement.where(ActionPoint.owner_user_id == owner_user_id)
    if owner_organisation is not None:
        statement = statement.where(func.lower(ActionPoint.owner_organisation) == owner_organisation.lower())
    return list(db.exec(statement.order_by(col(ActionPoint.number))).all())
