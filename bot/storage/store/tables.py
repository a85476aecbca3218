"""Steering tables and their members."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session, col, select

from bot.storage.models import Member, Role, SteeringTable
from bot.storage.store.rows import stored


def table_for_channel(db: Session, *, channel_id: str) -> SteeringTable | None:
    return db.exec(select(SteeringTable).where(SteeringTable.channel_id == channel_id)).first()


def table_by_calendar_token(db: Session, *, token: str) -> SteeringTable | None:
    """The table whose calendar feed has this secret; never a table without one."""
    if not token:
        return None
    return db.exec(select(SteeringTable).where(SteeringTable.calendar_token == token)).first()


def tables_of_user(db: Session, *, team_id: str, user_id: str) -> list[SteeringTable]:
    statement = (
        select(SteeringTable)
        .join(Member, col(Member.table_id) == col(SteeringTable.id))
        .where(Member.user_id == user_id, SteeringTable.team_id == team_id)
        .order_by(col(SteeringTable.name))
    )
    return list(db.exec(statement).all())


def tables_with_rhythm(db: Session) -> list[SteeringTable]:
    return list(db.exec(select(SteeringTable).where(SteeringTable.recurrence != "")
                        .order_by(col(SteeringTable.id))).all())


def lock_table(db: Session, *, table: SteeringTable) -> None:
    """Hold the table's row until commit (PostgreSQL), so two processes never plan one rhythm twice."""
    db.refresh(table, with_for_update=True)


def add_table(
    db: Session, *, team_id: str, channel_id: str, name: str, language: str, timezone: str, now: datetime
) -> SteeringTable:
    return stored(db, SteeringTable(team_id=team_id, channel_id=channel_id, name=name, language=language,
                                    timezone=timezone, created_at=now))


def add_member(
    db: Session, *, table_id: int, user_id: str, name: str, organisation: str, role: Role, deputy: bool, now: datetime
) -> Member:
    return stored(db, Member(table_id=table_id, user_id=user_id, display_name=name or user_id,
                             organisation=organisation, role=role, deputy=deputy, created_at=now))


def member(db: Session, *, table_id: int, user_id: str) -> Member | None:
    return db.exec(select(Member).where(Member.table_id == table_id, Member.user_id == user_id)).first()


def members(db: Session, *, table_id: int) -> list[Member]:
    statement = select(Member).where(Member.table_id == table_id).order_by(col(Member.organisation), col(Member.id))
    return list(db.exec(statement).all())


def members_by_role(db: Session, *, table_id: int, role: Role) -> list[Member]:
    return list(db.exec(select(Member).where(Member.table_id == table_id, Member.role == role)).all())


def organisations(db: Session, *, table_id: int) -> list[str]:
    statement = select(Member.organisation).where(Member.table_id == table_id).distinct()
    return sorted(set(db.exec(statement).all()), key=str.casefold)
