"""The shape of an objectivised summary: plain, frozen values between the minutes service, the templates
and the exports.

The minutes service assembles a `SummaryDocument` from the objectivity engine's output; the templates in
`templates/<language>/summary/` render it as Slack mrkdwn (the thread), Markdown and HTML, and
`bot/minutes/export.py` as Word. An approved summary is stored as this document's JSON (`to_json`), so every
export of it is rebuilt from exactly what the chair approved.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from typing import Any


@dataclass(frozen=True)
class SummaryAction:
    """An action point in the summary: owner is an organisation code or the secretariat, never a person."""

    text: str
    owner: str
    due: date | None = None
    due_text: str = ""  # a due moment kept in words when no date is known ("vóór de volgende LRT")
    item_number: int | None = None
    number: int | None = None  # the table's action number (#n), once it is an action point


@dataclass(frozen=True)
class SummaryItem:
    """One agenda item (number None: the general section) with its objectivised sentences, in note order."""

    title: str
    number: int | None = None
    discussion: tuple[str, ...] = ()
    decisions: tuple[str, ...] = ()
    actions: tuple[SummaryAction, ...] = ()
    deferred: bool = False


@dataclass(frozen=True)
class SummaryStamp:
    """Where the summary stands: a draft has no approver and no hash; an approved one has both."""

    version: int
    status: str  # draft | changes_requested | approved | superseded
    approved_by: str = ""  # the approver's display name (the chair acts as chair: procedural, allowed)
    approved_at: datetime | None = None
    content_hash: str = ""  # SHA-256 of the approved Markdown body


@dataclass(frozen=True)
class SummaryDocument:
    language: str  # nl | en
    table_name: str
    meeting_number: int
    starts_at: datetime  # aware, in the table's time zone
    location: str
    present: tuple[str, ...]  # organisations that attended
    absent: tuple[str, ...] = ()  # organisations that sent apologies
    chair_organisation: str = ""
    items: tuple[SummaryItem, ...] = ()
    actions: tuple[SummaryAction, ...] = ()  # every action point of the session, in order
    commitments: tuple[str, ...] = ()
    open_questions: tuple[str, ...] = ()
    stamp: SummaryStamp = field(default_factory=lambda: SummaryStamp(version=1, status="draft"))

    def to_json(self) -> str:
        return json.dumps(asdict(self), default=_encode, ensure_ascii=False, sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> SummaryDocument:
        raw = json.loads(text)
        actions = lambda rows: tuple(_action(row) for row in rows)  # noqa: E731
        return cls(
            language=raw["language"], table_name=raw["table_name"], meeting_number=raw["meeting_number"],
            starts_at=datetime.fromisoformat(raw["starts_at"]), location=raw["location"],
            present=tuple(raw["present"]), absent=tuple(raw["absent"]), chair_organisation=raw["chair_organisation"],
            items=tuple(SummaryItem(title=row["title"], number=row["number"], discussion=tuple(row["discussion"]),
                                    decisions=tuple(row["decisions"]), actions=actions(row["actions"]),
                                    deferred=row["deferred"]) for row in raw["items"]),
            actions=actions(raw["actions"]), commitments=tuple(raw["commitments"]),
            open_questions=tuple(raw["open_questions"]), stamp=_stamp(raw["stamp"]),
        )


def _action(row: dict[str, Any]) -> SummaryAction:
    due = date.fromisoformat(row["due"]) if row["due"] else None
    return SummaryAction(text=row["text"], owner=row["owner"], due=due, due_text=row["due_text"],
                         item_number=row["item_number"], number=row["number"])


def _stamp(row: dict[str, Any]) -> SummaryStamp:
    approved_at = datetime.fromisoformat(row["approved_at"]) if row["approved_at"] else None
    return SummaryStamp(version=row["version"], status=row["status"], approved_by=row["approved_by"],
                        approved_at=approved_at, content_hash=row["content_hash"])


def _encode(value: object) -> str:
    if isinstance(value, datetime | date):
        return value.isoformat()
    raise TypeError(f"cannot encode {type(value).__name__}")
