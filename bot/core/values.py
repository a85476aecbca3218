"""Rows as plain values for templates and replies: they outlive the database session, and hold no ORM object."""

from __future__ import annotations

from typing import Any
from zoneinfo import ZoneInfo

from bot.storage.models import ActionPoint, AgendaItem, Meeting, Member, SteeringTable


def meeting_values(meeting: Meeting, table: SteeringTable) -> dict[str, Any]:
    return {
        "number": meeting.number,
        "starts": meeting.starts_at.astimezone(ZoneInfo(table.timezone)),
        "duration_minutes": meeting.duration_minutes,
        "location": meeting.location,
        "status": str(meeting.status),
    }


def item_values(item: AgendaItem) -> dict[str, Any]:
    return {
        "number": item.number,
        "title": item.title,
        "description": item.description,
        "kind": str(item.kind),
        "status": str(item.status),
        "organisation": item.organisation,
        "submitter_id": item.submitter_id,
        "position": item.position,
    }


def action_values(point: ActionPoint, *, today: Any) -> dict[str, Any]:
    return {
        "number": point.number,
        "text": point.text,
        "owner_user_id": point.owner_user_id,
        "owner_organisation": point.owner_organisation,
        "due": point.due_date,
        "status": str(point.status),
        "overdue": point.due_date is not None and point.due_date < today and point.status == "open",
    }


def member_values(member: Member) -> dict[str, Any]:
    return {
        "user_id": member.user_id,
        "name": member.display_name,
        "organisation": member.organisation,
        "role": str(member.role),
        "deputy": member.deputy,
    }
