"""The secretary's check of a version's findings: `/minutes checked <n…|all>` and `/minutes review [session]`.

Every finding the engine raised on a version is stored, numbered (`Minutes.draft`). It is open until the secretary
either corrects its note and drafts again (a new version, with findings of its own) or confirms it as it stands
here; the chair cannot approve a version while one of its findings is open (bot.minutes.approval). A placeholder
for a participant nobody on the table matches cannot be confirmed: no approved text may hold one.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session

from bot.core.parsing import parse_number
from bot.core.replies import Actor, Message, Reply, UserError
from bot.core.service import TableService, held_meeting, refuse
from bot.core.values import meeting_values
from bot.minutes.service import finding_values, parent_message
from bot.storage import store
from bot.storage.models import Meeting, ReviewFinding, SteeringTable, Summary, SummaryStatus

PLACEHOLDER = "unknown_participant"  # the engine's problem for a mention it replaced by a placeholder


@dataclass(frozen=True)
class Checked:
    """The secretary's answer, and the thread's parent as it now reads (its count of open points changed)."""

    reply: Reply
    channel_id: str
    parent_ts: str
    parent: Message
    summary_id: int


class Review(TableService):
    def checked(self, actor: Actor, text: str) -> Checked:
        """Confirm findings of the current draft as they stand (recorded in the audit); a number that is no
        open finding, or a placeholder, is refused and nothing is confirmed."""
        words = text.split()
        if not words:
            raise UserError("empty_text", field="number")
        with self._write(actor) as db:
            table, _ = self._scope(db, actor, "minutes.manage")
            meeting = held_meeting(db, table, "", now=self._clock.now())
            summary = _draft(db, table, meeting)
            open_ones = {f.number: f for f in store.findings(db, summary_id=summary.id, open_only=True)}
            if [w.casefold() for w in words] == ["all"]:
                chosen = list(open_ones.values())
            else:
                numbers = [parse_number(w) for w in words]
                unknown = [n for n in numbers if n not in open_ones]
                if unknown:
                    raise refuse("finding_not_open", table, numbers=unknown, open=sorted(open_ones))
                chosen = [open_ones[n] for n in dict.fromkeys(numbers)]
            for finding in chosen:
                if finding.problem == PLACEHOLDER:
                    raise refuse("finding_is_placeholder", table, number=finding.number,
                                 note_key=finding.note_number)
            now = self._clock.now()
            for finding in chosen:
                finding.checked_by, finding.checked_at = actor.user_id, now
            remaining = sorted(set(open_ones) - {f.number for f in chosen})
            self._audit(db, table, actor, "minutes.checked", f"session#{meeting.number}", version=summary.version,
                        findings=[f.number for f in chosen])
            reply = Reply.ephemeral("findings_checked", table.language, version=summary.version,
                                    numbers=[f.number for f in chosen], open=remaining)
            return Checked(reply=reply, channel_id=summary.channel_id, parent_ts=summary.parent_ts,
                           parent=parent_message(table, meeting, summary, open_findings=len(remaining)),
                           summary_id=summary.id)

    def review(self, actor: Actor, ref: str = "") -> Reply:
        """The open findings of the session's latest version, numbered as `/minutes checked` takes them."""
        with self._read() as db:
            table, _ = self._scope(db, actor, "minutes.manage")
            meeting = held_meeting(db, table, ref, now=self._clock.now())
            versions = store.summaries(db, meeting_id=meeting.id)
            if not versions:
                raise refuse("no_summary", table, meeting=meeting_values(meeting, table))
            latest = versions[-1]
            return Reply.ephemeral("findings_open", table.language, meeting=meeting_values(meeting, table),
                                   version=latest.version, findings=_open(db, latest))


def open_findings(db: Session, summary: Summary) -> int:
    """How many points of this version the secretariat still has to check."""
    return len(store.findings(db, summary_id=summary.id, open_only=True))


def _open(db: Session, summary: Summary) -> list[dict[str, object]]:
    rows: list[ReviewFinding] = store.findings(db, summary_id=summary.id, open_only=True)
    return [finding_values(f) for f in rows]


def _draft(db: Session, table: SteeringTable, meeting: Meeting) -> Summary:
    versions = store.summaries(db, meeting_id=meeting.id)
    if not versions or versions[-1].status != SummaryStatus.draft:
        raise refuse("no_draft", table, meeting=meeting_values(meeting, table))
    return versions[-1]
