"""The closed sets of words a row may hold: roles, kinds and statuses.

Stored as their string values in VARCHAR columns, not as a database enum type, so a new word that fits its
column needs no migration. `bot.storage.models` re-exports them beside the tables they describe.
"""

from enum import StrEnum


class Role(StrEnum):
    chair = "chair"
    secretary = "secretary"
    member = "member"
    observer = "observer"


class MeetingStatus(StrEnum):
    planned = "planned"
    agenda_closed = "agenda_closed"
    held = "held"
    cancelled = "cancelled"


class ItemKind(StrEnum):
    decision = "decision"
    discussion = "discussion"
    information = "information"


class ItemStatus(StrEnum):
    proposed = "proposed"
    accepted = "accepted"
    deferred = "deferred"
    withdrawn = "withdrawn"


class ActionStatus(StrEnum):
    open = "open"
    done = "done"
    cancelled = "cancelled"


class NoteKind(StrEnum):
    discussion = "discussion"
    decision = "decision"
    information = "information"
    question = "question"


class SummaryStatus(StrEnum):
    draft = "draft"
    changes_requested = "changes_requested"
    approved = "approved"
    superseded = "superseded"


class ReminderKind(StrEnum):
    call = "call"  # call for agenda items, in the channel
    close = "close"  # the agenda closes and is posted
    meeting = "meeting"  # the final agenda, the day before
    action_before = "action_before"  # DM to the owner before the due date
    action_due = "action_due"  # DM to the owner on the due date
    overdue_digest = "overdue_digest"  # weekly DM to the secretary
    draft_missing = "draft_missing"  # no summary draft after the session
    approval_pending = "approval_pending"  # a draft waiting for the chair


class ReminderStatus(StrEnum):
    pending = "pending"
    sent = "sent"
    failed = "failed"  # gave up after its attempts; shown to the secretary
    dropped = "dropped"  # its cause went away (session started, moved or cancelled, action done)
