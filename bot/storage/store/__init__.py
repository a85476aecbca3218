"""Every query, behind one name. Keyword-only functions taking the session first; no rules, no Slack.

The services read "the store" as one list of queries (`store.members(db, table_id=…)`), each keyword-only with
`db` first, and do not care in which module a query lives: the modules below split it by concept for whoever
changes a query, and this package gives it one face. Only the queries some caller uses are listed here; the
helpers the modules share (`rows`) stay inside.
"""

from bot.storage.store.items import (
    action_point,
    action_points,
    add_action_point,
    add_agenda_item,
    agenda,
    agenda_item,
)
from bot.storage.store.meetings import (
    add_meeting,
    last_recurring_meeting,
    latest_started_meeting,
    meeting_after,
    meeting_by_number,
    meetings_between,
    meetings_since,
    next_open_meeting,
    upcoming_meetings,
)
from bot.storage.store.minutes import (
    add_finding,
    add_note,
    attendance,
    findings,
    note,
    note_from_message,
    notes,
    set_attendance,
    summaries,
    summaries_awaiting_approval,
    summary_in_thread,
)
from bot.storage.store.records import claim_delivery, forget_deliveries, record_audit
from bot.storage.store.reminders import (
    add_reminder,
    claim_due_reminders,
    drop_pending_reminders,
    reminder_by_key,
    reminders,
)
from bot.storage.store.tables import (
    add_member,
    add_table,
    lock_table,
    member,
    members,
    members_by_role,
    organisations,
    table_by_calendar_token,
    table_for_channel,
    tables_of_user,
    tables_with_rhythm,
)

__all__ = [
    "action_point", "action_points", "add_action_point", "add_agenda_item", "add_finding", "add_meeting",
    "add_member", "add_note", "add_reminder", "add_table", "agenda", "agenda_item", "attendance", "claim_delivery",
    "claim_due_reminders", "drop_pending_reminders", "findings", "forget_deliveries", "last_recurring_meeting",
    "latest_started_meeting", "lock_table", "meeting_after", "meeting_by_number", "meetings_between",
    "meetings_since", "member", "members", "members_by_role", "next_open_meeting", "note", "note_from_message",
    "notes", "organisations", "record_audit", "reminder_by_key", "reminders", "set_attendance", "summaries",
    "summaries_awaiting_approval", "summary_in_thread", "table_by_calendar_token", "table_for_channel",
    "tables_of_user", "tables_with_rhythm", "upcoming_meetings",
]
