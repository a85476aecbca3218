"""The chair's approval of a summary, a request for changes, and what may be read and exported afterwards.

Approval freezes a version: its document gets the approver, the moment and the SHA-256 of its Markdown body,
in the same transaction that marks it approved; from then on the database refuses any change to the row
(migration 0003). A version is approved only once every finding of it is checked (bot.minutes.review); the
review markers are then taken out of the document before it is stamped and its body hashed, and the database
refuses an approved row that still holds one (migration 0004). The action points the summary names that are not
yet on the table's list are recorded then, with their reminders, and the document carries their numbers.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from sqlmodel import Session

from bot.core.access import Permissions
from bot.core.clock import Clock
from bot.core.replies import Actor, Message, UserError
from bot.core.service import TableService, held_meeting, refuse
from bot.core.values import meeting_values
from bot.minutes.document import SummaryAction, SummaryDocument, SummaryStamp
from bot.minutes.drafting import stamped
from bot.minutes.markers import MARKERS, with_action_numbers, without_markers
from bot.minutes.review import open_findings
from bot.minutes.service import parent_message
from bot.reminders import plan as reminder_plan
from bot.storage import store
from bot.storage.db import Database
from bot.storage.models import Meeting, Member, Role, SteeringTable, Summary, SummaryStatus

APPROVAL_WORDS = frozenset({"approve", "approved", "akkoord", "goedgekeurd"})
REASON_LIMIT = 3000


@dataclass(frozen=True)
class ThreadUpdate:
    """What the session's thread is owed: the parent message updated, and a line in the thread."""

    channel_id: str
    parent_ts: str
    parent: Message
    buttons: bool
    summary_id: int
    note: Message


@dataclass(frozen=True)
class Readable:
    """A version someone may read or export, rebuilt from what was stored."""

    channel_id: str
    language: str
    document: SummaryDocument


class Approval(TableService):
    def __init__(self, database: Database, clock: Clock, permissions: Permissions, *,
                 body: Callable[[SummaryDocument], str]) -> None:
        super().__init__(database, clock, permissions)
        self._body = body

    def approve(self, actor: Actor, summary_id: int) -> ThreadUpdate:
        """Approve this version (the Approve button): only the chair or a deputy, only the current draft."""
        with self._write(actor) as db:
            summary = self._summary(db, summary_id)
            return self._approve(db, actor, summary)

    def approve_in_thread(self, actor: Actor, *, parent_ts: str, text: str) -> ThreadUpdate | None:
        """A reply in a summary's thread: `akkoord`, `approve`, … approves the latest version; anything else is
        a comment and changes nothing (None)."""
        if _words(text) not in APPROVAL_WORDS:
            return None
        with self._write(actor) as db:
            found = store.summary_in_thread(db, channel_id=actor.channel_id, parent_ts=parent_ts)
            if found is None:
                return None
            return self._approve(db, actor, self._summary(db, found.id))

    def check_request(self, actor: Actor, summary_id: int) -> str:
        """Refuse early (before the reason's modal opens) anyone who may not ask for changes; the language."""
        with self._read() as db:
            summary = self._summary(db, summary_id)
            table, member = self._table_and_member(db, actor, summary)
            self._require_approver(table, member)
            self._require_current(db, table, summary)
            return table.language

    def request_changes(self, actor: Actor, summary_id: int, reason: str) -> ThreadUpdate:
        """Mark the draft `changes_requested` with the chair's reason; the secretary's next draft supersedes it."""
        reason = reason.strip()
        if not reason:
            raise UserError("empty_text", field="reason")
        if len(reason) > REASON_LIMIT:
            raise UserError("too_long", field="reason", limit=REASON_LIMIT, length=len(reason))
        with self._write(actor) as db:
            summary = self._summary(db, summary_id)
            table, member = self._table_and_member(db, actor, summary)
            self._require_approver(table, member)
            meeting = self._require_current(db, table, summary)
            summary.status, summary.changes_reason = SummaryStatus.changes_requested, reason
            store.drop_pending_reminders(db, summary_id=summary.id)
            self._audit(db, table, actor, "minutes.request_changes", f"session#{meeting.number}",
                        version=summary.version, reason=reason)
            note = Message("summary_changes_requested", table.language, {"version": summary.version,
                                                                         "reason": reason, "user_id": actor.user_id})
            return ThreadUpdate(channel_id=summary.channel_id, parent_ts=summary.parent_ts,
                                parent=parent_message(table, meeting, summary), buttons=False,
                                summary_id=summary.id, note=note)

    def readable(self, actor: Actor, ref: str = "", *, approved_first: bool = True) -> Readable:
        """The approved version of a session (else its latest draft), for anyone on the table."""
        with self._read() as db:
            table = self._table(db, actor)
            return self._readable(db, table, ref, approved_first=approved_first)

    def for_channel(self, channel_id: str, ref: str = "") -> Readable:
        """The same for `regiebot export`: whoever runs the command line already holds the database."""
        with self._read() as db:
            table = store.table_for_channel(db, channel_id=channel_id)
            if table is None:
                raise UserError("not_a_table", channels=[])
            return self._readable(db, table, ref, approved_first=True)

    def _readable(self, db: Session, table: SteeringTable, ref: str, *, approved_first: bool) -> Readable:
        meeting = held_meeting(db, table, ref, now=self._clock.now())
        versions = store.summaries(db, meeting_id=meeting.id)
        if not versions:
            raise refuse("no_summary", table, meeting=meeting_values(meeting, table))
        approved = [s for s in versions if s.status == SummaryStatus.approved]
        chosen = approved[-1] if approved and approved_first else versions[-1]
        document = SummaryDocument.from_json(chosen.content)
        if chosen.status != document.stamp.status:  # superseded or changes_requested since it was drafted
            document = stamped(document, SummaryStamp(version=chosen.version, status=str(chosen.status)))
        return Readable(channel_id=table.channel_id, language=table.language, document=document)

    # the rules

    def _approve(self, db: Session, actor: Actor, summary: Summary) -> ThreadUpdate:
        table, member = self._table_and_member(db, actor, summary)
        self._require_approver(table, member)
        meeting = self._require_current(db, table, summary)
        if summary.status == SummaryStatus.changes_requested:
            raise refuse("summary_changes_pending", table, version=summary.version)
        waiting = open_findings(db, summary)
        if waiting:
            raise refuse("approval_findings_open", table, count=waiting)
        now = self._clock.now()
        document = without_markers(SummaryDocument.from_json(summary.content))
        numbered = self._record_actions(db, table, meeting, document, actor)
        document = with_action_numbers(document, numbered)
        body = self._body(document)
        if any(marker in body or marker in document.to_json() for marker in MARKERS):
            raise refuse("approval_findings_open", table, count=1)  # a placeholder no finding covers
        digest = hashlib.sha256(body.encode("utf-8")).hexdigest()
        assert member is not None  # _require_approver refused anyone else
        stamp = SummaryStamp(version=summary.version, status=SummaryStatus.approved, approved_by=member.display_name,
                             approved_at=now.astimezone(ZoneInfo(table.timezone)), content_hash=digest)
        summary.content, summary.body = stamped(document, stamp).to_json(), body
        summary.status, summary.content_hash = SummaryStatus.approved, digest
        summary.approved_by, summary.approved_by_name, summary.approved_at = actor.user_id, member.display_name, now
        store.drop_pending_reminders(db, summary_id=summary.id)
        created = sorted(set(numbered.values()))
        self._audit(db, table, actor, "minutes.approve", f"session#{meeting.number}", version=summary.version,
                    sha256=digest, actions=created)
        note = Message("summary_approved", table.language, {
            "version": summary.version, "user_id": actor.user_id, "at": now.astimezone(ZoneInfo(table.timezone)),
            "content_hash": digest, "actions": created})
        return ThreadUpdate(channel_id=summary.channel_id, parent_ts=summary.parent_ts,
                            parent=parent_message(table, meeting, summary), buttons=False, summary_id=summary.id,
                            note=note)

    def _record_actions(self, db: Session, table: SteeringTable, meeting: Meeting, document: SummaryDocument,
                        actor: Actor) -> dict[SummaryAction, int]:
        """The summary's new action points join the table's list (with reminders); recorded ones already did.
        Each new one's number, so the approved document carries it."""
        secretaries = store.members_by_role(db, table_id=table.id, role=Role.secretary)
        items = {i.number: i for i in store.agenda(db, meeting_id=meeting.id, include_withdrawn=True)}
        numbers: dict[SummaryAction, int] = {}
        for action in document.actions:
            if action.number is not None or action in numbers:
                continue
            organisations = {m.organisation.casefold() for m in store.members(db, table_id=table.id)}
            by_secretariat = action.owner.casefold() not in organisations and secretaries
            point = store.add_action_point(
                db, table_id=table.id, text=action.text[:500], owner_organisation=action.owner[:40],
                owner_user_id=secretaries[0].user_id if by_secretariat else None, due_date=action.due,
                meeting_id=meeting.id, created_by=actor.user_id, now=self._clock.now())
            item = items.get(action.item_number) if action.item_number is not None else None
            point.agenda_item_id = item.id if item else None
            reminder_plan.plan_action(db, table=table, action=point, now=self._clock.now())
            numbers[action] = point.number
        return numbers

    def _summary(self, db: Session, summary_id: int) -> Summary:
        """The version, locked for this transaction: a button and a thread reply at once approve it once, and
        the second is told it is approved (PostgreSQL; SQLite's writers queue at the delivery claim)."""
        summary = db.get(Summary, summary_id, with_for_update=True, populate_existing=True)
        if summary is None:
            raise UserError("unknown_summary")
        return summary

    def _table(self, db: Session, actor: Actor) -> SteeringTable:
        table, _ = self._scope(db, actor, "minutes.view")
        return table

    def _table_and_member(self, db: Session, actor: Actor, summary: Summary) -> tuple[SteeringTable, Member | None]:
        table = db.get(SteeringTable, summary.table_id)
        assert table is not None
        if table.team_id != actor.team_id:
            raise UserError("other_workspace", language=table.language)
        return table, store.member(db, table_id=table.id, user_id=actor.user_id)

    def _require_approver(self, table: SteeringTable, member: Member | None) -> None:
        if member is None or not (member.role == Role.chair or member.deputy):
            raise refuse("only_chair_approves", table)

    def _require_current(self, db: Session, table: SteeringTable, summary: Summary) -> Meeting:
        meeting = db.get(Meeting, summary.meeting_id)
        assert meeting is not None
        if summary.status == SummaryStatus.approved:
            raise refuse("summary_approved_already", table, meeting=meeting_values(meeting, table))
        latest = store.summaries(db, meeting_id=meeting.id)[-1]
        if summary.status == SummaryStatus.superseded or latest.id != summary.id:
            raise refuse("summary_superseded", table, version=summary.version, current=latest.version)
        return meeting


def _words(text: str) -> str:
    """A reply reduced to its words: `Akkoord!` and ` approved. ` both count."""
    return " ".join(text.casefold().strip(" \t\n.!:;,").split())
