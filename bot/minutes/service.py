"""/minutes: the secretary's notes on a session, who attended, and the objectivised draft built from them.

Notes belong to the current or last session (the latest one that has started). They can be corrected or
deleted until a version of the summary is approved; after that the session's minutes are frozen.
Approval, changes and export live in bot.minutes.approval.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from sqlmodel import Session

from bot.core.access import Permissions
from bot.core.clock import Clock
from bot.core.parsing import NOTE_LIMIT, parse_number, require_text
from bot.core.replies import Actor, Message, Reply
from bot.core.service import TableService, found, held_meeting, meeting_of, refuse
from bot.core.values import meeting_values
from bot.minutes.attendance import present_and_absent
from bot.minutes.document import SummaryAction, SummaryDocument
from bot.minutes.drafting import MeetingFacts, draft_document
from bot.minutes.sessions import open_minutes, refuse_if_approved
from bot.objectivity.values import Note as EngineNote
from bot.objectivity.values import Person, Roster
from bot.reminders import plan as reminder_plan
from bot.storage import store
from bot.storage.db import Database
from bot.storage.models import (
    ActionStatus,
    AgendaItem,
    ItemStatus,
    Meeting,
    Note,
    NoteKind,
    ReviewFinding,
    Role,
    SteeringTable,
    Summary,
    SummaryStatus,
)

MENTION = re.compile(r"<@([UW][A-Z0-9]+)(?:\|([^>]*))?>")
ITEM_PREFIX = re.compile(r"^#(\d{1,6})(?:\s+|$)")
Labels = Callable[[str, str], str]  # (language, key) → a short label from labels.j2


@dataclass(frozen=True)
class SummaryPost:
    """A new version to post: its parent message (made once per session, then updated) and its text."""

    summary_id: int
    channel_id: str
    parent_ts: str  # "" until the session's first version has been posted
    parent: Message
    document: SummaryDocument
    review: Message  # for the secretary only: what the engine flagged and left out


class Minutes(TableService):
    def __init__(self, database: Database, clock: Clock, permissions: Permissions, *,
                 body: Callable[[SummaryDocument], str], labels: Labels) -> None:
        super().__init__(database, clock, permissions)
        self._body = body
        self._labels = labels

    # notes

    def note(self, actor: Actor, text: str, *, kind: NoteKind = NoteKind.discussion) -> Reply:
        """Record a note on an agenda item (`#3 …`) or the general section of the current or last session."""
        item_number, text = _item_prefix(text)
        text = require_text(text, field="note", limit=NOTE_LIMIT)
        with self._write(actor) as db:
            table, _ = self._scope(db, actor, "minutes.manage")
            meeting = open_minutes(db, table, now=self._clock.now())
            item = self._item(db, table, meeting, item_number)
            note = store.add_note(db, meeting=meeting, agenda_item_id=item.id if item else None, kind=kind,
                                  text=text, author_id="", source_ts="", created_by=actor.user_id,
                                  now=self._clock.now())
            self._audit(db, table, actor, "minutes.note", f"note#{note.number}", kind=kind, session=meeting.number)
            return Reply.ephemeral("note_added", table.language, note=_note_values(note, item),
                                   meeting=meeting_values(meeting, table))

    def note_from_message(self, actor: Actor, *, text: str, author_id: str, message_ts: str) -> Reply:
        """Add to minutes: a message of the table's channel becomes a note; who wrote it is kept as metadata."""
        text = require_text(text, field="note", limit=NOTE_LIMIT)
        with self._write(actor) as db:
            table, _ = self._scope(db, actor, "minutes.manage")
            meeting = open_minutes(db, table, now=self._clock.now())
            if store.note_from_message(db, meeting_id=meeting.id, source_ts=message_ts):
                raise refuse("note_exists", table)
            note = store.add_note(db, meeting=meeting, agenda_item_id=None, kind=NoteKind.discussion, text=text,
                                  author_id=author_id, source_ts=message_ts, created_by=actor.user_id,
                                  now=self._clock.now())
            self._audit(db, table, actor, "minutes.note", f"note#{note.number}", source=message_ts)
            return Reply.ephemeral("note_added", table.language, note=_note_values(note, None),
                                   meeting=meeting_values(meeting, table))

    def notes(self, actor: Actor, ref: str = "") -> Reply:
        """The notes of the current or last session (or the one named), numbered as `/minutes edit` takes them."""
        with self._read() as db:
            table, _ = self._scope(db, actor, "minutes.manage")
            meeting = held_meeting(db, table, ref, now=self._clock.now())
            items: dict[int | None, AgendaItem] = {i.id: i for i in store.agenda(db, meeting_id=meeting.id,
                                                                                  include_withdrawn=True)}
            views = [_note_values(n, items.get(n.agenda_item_id)) for n in store.notes(db, meeting_id=meeting.id)]
            return Reply.ephemeral("notes_list", table.language, table=table.name,
                                   meeting=meeting_values(meeting, table), notes=views)

    def edit(self, actor: Actor, text: str) -> Reply:
        """Replace a note's text (`<#> [#item] <text>`), while its session has no approved summary."""
        number_text, _, rest = text.strip().partition(" ")
        number = parse_number(number_text)
        item_number, rest = _item_prefix(rest)
        rest = require_text(rest, field="note", limit=NOTE_LIMIT)
        with self._write(actor) as db:
            table, _ = self._scope(db, actor, "minutes.manage")
            note, meeting = self._note(db, table, number)
            item = self._item(db, table, meeting, item_number) if item_number is not None else (
                db.get(AgendaItem, note.agenda_item_id) if note.agenda_item_id else None)
            note.text, note.agenda_item_id = rest, item.id if item else None
            self._audit(db, table, actor, "minutes.edit", f"note#{number}")
            return Reply.ephemeral("note_changed", table.language, note=_note_values(note, item))

    def delete(self, actor: Actor, text: str) -> Reply:
        """Delete a note while its session has no approved summary."""
        number = parse_number(text)
        with self._write(actor) as db:
            table, _ = self._scope(db, actor, "minutes.manage")
            note, _ = self._note(db, table, number)
            db.delete(note)
            self._audit(db, table, actor, "minutes.delete", f"note#{number}", text=note.text)
            return Reply.ephemeral("note_deleted", table.language, number=number)

    # the draft

    def draft(self, actor: Actor, ref: str = "") -> SummaryPost:
        """Objectivise the session's notes into version n+1 (superseding the open one) and plan its reminder."""
        with self._write(actor) as db:
            table, _ = self._scope(db, actor, "minutes.manage")
            meeting = held_meeting(db, table, ref, now=self._clock.now())
            versions = store.summaries(db, meeting_id=meeting.id)
            refuse_if_approved(db, table, meeting, versions)
            notes = store.notes(db, meeting_id=meeting.id)
            if not notes:
                raise refuse("no_notes", table, meeting=meeting_values(meeting, table))
            document, outcome = self._document(db, table, meeting, notes, version=len(versions) + 1)
            for older in versions:
                if older.status in (SummaryStatus.draft, SummaryStatus.changes_requested):
                    older.status = SummaryStatus.superseded
                    store.drop_pending_reminders(db, summary_id=older.id)
            summary = Summary(table_id=table.id, meeting_id=meeting.id, version=document.stamp.version,
                              language=table.language, status=SummaryStatus.draft, content=document.to_json(),
                              body=self._body(document), channel_id=table.channel_id,
                              parent_ts=versions[-1].parent_ts if versions else "", created_by=actor.user_id,
                              created_at=self._clock.now())
            db.add(summary)
            db.flush()
            reminder_plan.plan_approval(db, table=table, summary=summary, now=self._clock.now())
            findings = [store.add_finding(db, summary_id=summary.id, number=number, note_number=f.note_key,
                                          problem=f.problem, words=json.dumps(list(f.words), ensure_ascii=False),
                                          original=f.original, output=f.output, suggestion=f.suggestion)
                        for number, f in enumerate(outcome.findings, start=1)]
            self._audit(db, table, actor, "minutes.draft", f"session#{meeting.number}", version=summary.version,
                        findings=len(outcome.findings), dropped=len(outcome.dropped))
            review = Message("summary_review", table.language, {
                "meeting": meeting_values(meeting, table), "version": summary.version,
                "findings": [finding_values(f) for f in findings], "dropped": [vars(d) for d in outcome.dropped]})
            return SummaryPost(summary_id=summary.id, channel_id=table.channel_id, parent_ts=summary.parent_ts,
                               parent=parent_message(table, meeting, summary, open_findings=len(findings)),
                               document=document, review=review)

    def record_thread(self, summary_id: int, parent_ts: str) -> None:
        """Remember the parent message of a session's first version: every later version goes in its thread."""
        with self._database.session() as db:
            summary = db.get(Summary, summary_id)
            if summary is not None and not summary.parent_ts:
                summary.parent_ts = parent_ts
                db.commit()

    def _document(self, db: Session, table: SteeringTable, meeting: Meeting, notes: list[Note],
                  *, version: int) -> tuple[SummaryDocument, Any]:
        zone = ZoneInfo(table.timezone)
        members = store.members(db, table_id=table.id)
        items = {i.id: i for i in store.agenda(db, meeting_id=meeting.id, include_withdrawn=True)}
        agenda = tuple((i.number, i.title) for i in items.values() if i.status != ItemStatus.withdrawn)
        following = store.meeting_after(db, meeting=meeting)
        present, absent = present_and_absent(db, table, meeting)
        chair = next((m.organisation for m in members if m.role == Role.chair), "")
        facts = MeetingFacts(
            language=table.language, table_name=table.name, number=meeting.number,
            starts_at=meeting.starts_at.astimezone(zone), location=meeting.location, present=tuple(present),
            absent=tuple(absent), chair_organisation=chair, agenda=agenda,
            general_title=self._labels(table.language, "summary_general_section"),
            next_meeting_date=following.starts_at.astimezone(zone).date() if following else None,
            facts_credited=table.facts_credited, chatham=table.chatham, table_label=table.name)
        organisations = store.organisations(db, table_id=table.id)
        codes = {code.casefold() for code in organisations}
        # A display name that is an organisation's code (a shared account "vng") names no person: removing it would
        # remove the organisation from facts and actions too.
        roster = Roster(people=tuple(Person(user_id=m.user_id, organisation=m.organisation, role=str(m.role),
                                            name="" if m.display_name.casefold() in codes else m.display_name)
                                     for m in members), organisations=tuple(organisations))
        engine_notes = [EngineNote(key=str(n.number), text=n.text, kind=str(n.kind), author_id=n.author_id or None,
                                   item_number=items[n.agenda_item_id].number if n.agenda_item_id in items else None)
                        for n in notes]
        recorded = [SummaryAction(text=p.text, owner=p.owner_organisation, due=p.due_date, number=p.number,
                                  item_number=items[p.agenda_item_id].number if p.agenda_item_id in items else None)
                    for p in store.action_points(db, table_id=table.id, statuses=(ActionStatus.open, ActionStatus.done))
                    if p.meeting_id == meeting.id]
        return draft_document(facts, engine_notes, roster, recorded, version=version)

    # lookups shared by the verbs

    def _item(self, db: Session, table: SteeringTable, meeting: Meeting, number: int | None) -> AgendaItem | None:
        if number is None:
            return None
        item = store.agenda_item(db, table_id=table.id, number=number)
        if item is None or item.meeting_id != meeting.id or item.status == ItemStatus.withdrawn:
            raise refuse("unknown_item_in_session", table, number=number, meeting=meeting_values(meeting, table))
        return item

    def _note(self, db: Session, table: SteeringTable, number: int) -> tuple[Note, Meeting]:
        note = found(store.note(db, table_id=table.id, number=number), table, "unknown_note", number=number)
        meeting = meeting_of(db, note)
        refuse_if_approved(db, table, meeting)
        return note, meeting


def parent_message(table: SteeringTable, meeting: Meeting, summary: Summary, *, open_findings: int = 0) -> Message:
    """The thread's parent: session, version and status (who approved, once approved; the points the
    secretariat still has to check, while there are any)."""
    zone = ZoneInfo(table.timezone)
    return Message("summary_parent", table.language, {
        "table": table.name, "meeting": meeting_values(meeting, table), "version": summary.version,
        "status": str(summary.status), "approved_by": summary.approved_by,
        "approved_at": summary.approved_at.astimezone(zone) if summary.approved_at else None,
        "content_hash": summary.content_hash, "open_findings": open_findings})


def finding_values(finding: ReviewFinding) -> dict[str, Any]:
    """A stored finding as the review list shows it: `[3] Note 5, …`."""
    return {"number": finding.number, "note_key": finding.note_number, "problem": finding.problem,
            "words": json.loads(finding.words or "[]"), "original": finding.original, "output": finding.output,
            "suggestion": finding.suggestion}


def _item_prefix(text: str) -> tuple[int | None, str]:
    text = text.strip()
    match = ITEM_PREFIX.match(text)
    if match is None:
        return None, text
    return int(match.group(1)), text[match.end():]


def _note_values(note: Note, item: AgendaItem | None) -> dict[str, Any]:
    """A note as the secretary reads it back: mentions as `@name` (the text is escaped, so a raw token would
    show as `<@U123|name>`)."""
    text = MENTION.sub(lambda m: f"@{m.group(2) or m.group(1)}", note.text)
    return {"number": note.number, "kind": str(note.kind), "text": text,
            "item": {"number": item.number, "title": item.title} if item else None,
            "from_message": bool(note.source_ts)}


