"""/agenda: proposing, ordering, deferring and closing the items of a session."""

from __future__ import annotations

from sqlmodel import Session

from bot.core import access
from bot.core.parsing import Proposal, parse_number
from bot.core.replies import Actor, Announcement, Message, Reply, UserError
from bot.core.service import TableService, find_meeting, found, meeting_of, refuse
from bot.core.values import item_values, meeting_values
from bot.storage import store
from bot.storage.models import AgendaItem, ItemKind, ItemStatus, Meeting, MeetingStatus, SteeringTable


class Agenda(TableService):
    def prepare_proposal(self, actor: Actor) -> str:
        """Check the caller may propose and a session takes items; returns the table's language for the modal."""
        with self._read() as db:
            table, _ = self._scope(db, actor, "agenda.add")
            self._open_meeting(db, table)
            return table.language

    def propose(self, actor: Actor, proposal: Proposal, kind: ItemKind = ItemKind.discussion) -> Reply:
        """Put the proposal on the next session whose agenda is still open."""
        with self._write(actor) as db:
            table, member = self._scope(db, actor, "agenda.add")
            meeting = self._open_meeting(db, table)
            item = store.add_agenda_item(db, meeting=meeting, title=proposal.title, description=proposal.description,
                                         kind=kind, submitter_id=actor.user_id,
                                         organisation=member.organisation if member else "", now=self._clock.now())
            self._audit(db, table, actor, "agenda.add", f"item#{item.number}", title=item.title, kind=kind)
            return Reply.ephemeral("item_added", table.language, item=item_values(item),
                                   meeting=meeting_values(meeting, table))

    def show(self, actor: Actor, ref: str = "") -> Reply:
        """The agenda of the next session, or of the session named by number or date."""
        with self._read() as db:
            table, _ = self._scope(db, actor, "agenda.view")
            now = self._clock.now()
            if ref.strip():
                meeting: Meeting | None = find_meeting(db, table, ref, now=now)
            else:
                upcoming = store.upcoming_meetings(db, table_id=table.id, now=now, limit=1)
                meeting = upcoming[0] if upcoming else None
            if meeting is None:
                raise refuse("no_session_planned", table)
            items = [item_values(i) for i in store.agenda(db, meeting_id=meeting.id)]
            return Reply.ephemeral("agenda", table.language, table=table.name, meeting=meeting_values(meeting, table),
                                   items=items)

    def withdraw(self, actor: Actor, number_text: str) -> Reply:
        """Withdraw an item: its submitter or the secretary, before its session starts."""
        number = parse_number(number_text)
        with self._write(actor) as db:
            table, member = self._scope(db, actor, "agenda.view")
            item, meeting = self._active_item(db, table, number)
            if item.submitter_id != actor.user_id and not access.allowed(member, "agenda.withdraw.any"):
                raise refuse("not_allowed", table, action="agenda.withdraw", roles=["secretary", "submitter"])
            item.status = ItemStatus.withdrawn
            self._audit(db, table, actor, "agenda.withdraw", f"item#{number}")
            return Reply.ephemeral("item_withdrawn", table.language, item=item_values(item),
                                   meeting=meeting_values(meeting, table))

    def order(self, actor: Actor, text: str) -> Reply:
        """Move an item to a position (1 = first) on its session's agenda."""
        parts = text.split()
        if len(parts) > 2:
            raise UserError("unexpected_text", value=" ".join(parts[2:]))
        if len(parts) < 2:
            raise UserError("missing_argument", argument="position" if parts else "number")
        number, position = parse_number(parts[0]), parse_number(parts[1])
        with self._write(actor) as db:
            table, _ = self._scope(db, actor, "agenda.manage")
            item, meeting = self._active_item(db, table, number)
            items = [i for i in store.agenda(db, meeting_id=meeting.id) if i.id != item.id]
            if not 1 <= position <= len(items) + 1:
                raise refuse("bad_position", table, value=position, count=len(items) + 1)
            items.insert(position - 1, item)
            for index, each in enumerate(items, start=1):
                each.position = index
            self._audit(db, table, actor, "agenda.order", f"item#{number}", position=position)
            return Reply.ephemeral("item_ordered", table.language, item=item_values(item), position=position,
                                   meeting=meeting_values(meeting, table))

    def defer(self, actor: Actor, number_text: str) -> Reply:
        """Carry an item over to the session after its own."""
        number = parse_number(number_text)
        with self._write(actor) as db:
            table, _ = self._scope(db, actor, "agenda.manage")
            item, meeting = self._active_item(db, table, number)
            following = store.meeting_after(db, meeting=meeting)
            if following is None:
                raise refuse("no_later_session", table, item=item_values(item))
            last = store.agenda(db, meeting_id=following.id)
            item.meeting_id, item.status = following.id, ItemStatus.deferred
            item.position = (last[-1].position if last else 0) + 1
            self._audit(db, table, actor, "agenda.defer", f"item#{number}", to_session=following.number)
            return Reply.ephemeral("item_deferred", table.language, item=item_values(item),
                                   meeting=meeting_values(following, table))

    def close(self, actor: Actor) -> Reply:
        """Close the next open agenda, accept its items, and post it to the channel."""
        with self._write(actor) as db:
            table, _ = self._scope(db, actor, "agenda.manage")
            meeting = self._open_meeting(db, table)
            items = close_agenda(db, meeting)
            self._audit(db, table, actor, "agenda.close", f"session#{meeting.number}", items=len(items))
            context = {"table": table.name, "meeting": meeting_values(meeting, table),
                       "items": [item_values(i) for i in items]}
            posted = Announcement(table.channel_id, Message("agenda_published", table.language, context))
            return Reply(Message("agenda_closed", table.language, context), announcements=(posted,))

    def _open_meeting(self, db: Session, table: SteeringTable) -> Meeting:
        meeting = store.next_open_meeting(db, table_id=table.id, now=self._clock.now())
        if meeting is None:
            raise refuse("no_open_agenda", table)
        return meeting

    def _active_item(self, db: Session, table: SteeringTable, number: int) -> tuple[AgendaItem, Meeting]:
        item = found(store.agenda_item(db, table_id=table.id, number=number), table, "unknown_item", number=number)
        meeting = meeting_of(db, item)
        if item.status == ItemStatus.withdrawn:
            raise refuse("item_withdrawn_already", table, item=item_values(item))
        if meeting.starts_at <= self._clock.now() or meeting.status == MeetingStatus.held:
            raise refuse("session_past", table, meeting=meeting_values(meeting, table))
        return item, meeting


def close_agenda(db: Session, meeting: Meeting) -> list[AgendaItem]:
    """Close a session's agenda (by hand or by its reminder): proposed items become accepted."""
    items = store.agenda(db, meeting_id=meeting.id)
    if meeting.status == MeetingStatus.planned:
        for item in items:
            if item.status == ItemStatus.proposed:
                item.status = ItemStatus.accepted
        meeting.status = MeetingStatus.agenda_closed
    return items
