"""Rows as plain values for templates and replies: they outlive the database session, and hold no ORM object."""

from __future__ import annotations

from datetime import date
from typing import Any
from zoneinfo import ZoneInfo

from bot.storage.models import ActionPoint, AgendaItem, Meeting, Member, SteeringTable


def meeting_values(meeting: Meeting, table: SteeringTable) -> dict[str, Any]:
    return {**_fields(meeting, "number", "duration_minutes", "location"), "status": str(meeting.status),
            "starts": meeting.starts_at.astimezone(ZoneInfo(table.timezone))}


def item_values(item: AgendaItem) -> dict[str, Any]:
    return {**_fields(item, "number", "title", "description", "organisation", "submitter_id", "position"),
            "kind": str(item.kind), "status": str(item.status)}


def action_values(point: ActionPoint, *, today: date) -> dict[str, Any]:
    return {**_fields(point, "number", "text", "owner_user_id", "owner_organisation"), "due": point.due_date,
            "status": str(point.status),
            "overdue": point.due_date is not None and point.due_date < today and point.status == "open"}


def member_values(member: Member) -> dict[str, Any]:
    return {**_fields(member, "user_id", "organisation", "deputy"), "name": member.display_name,
            "role": str(member.role)}


def _fields(row: object, *names: str) -> dict[str, Any]:
    return {name: getattr(row, name) for name in names}
