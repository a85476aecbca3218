"""Who attended a session: members' Attending / Apologies on the meeting reminder, and the secretary's
correction, which wins. The summary's header lists the result."""

from __future__ import annotations

from sqlmodel import Session

from bot.core.parsing import parse_organisation
from bot.core.replies import Actor, Reply, UserError
from bot.core.service import TableService, refuse
from bot.core.values import meeting_values
from bot.minutes.sessions import open_minutes
from bot.storage import store
from bot.storage.models import Meeting, MeetingStatus, Role, SteeringTable


class Attendance(TableService):
    def correct(self, actor: Actor, text: str, *, present: bool) -> Reply:
        """The secretary's word on which organisations attended the current or last session; it wins."""
        words = text.split()
        if not words:
            raise UserError("missing_argument", argument="organisation")
        with self._write(actor) as db:
            table, _ = self._scope(db, actor, "minutes.manage")
            meeting = open_minutes(db, table, now=self._clock.now())
            known = {org.casefold(): org for org in store.organisations(db, table_id=table.id)}
            chosen = []
            for word in words:
                organisation = known.get(parse_organisation(word).casefold())
                if organisation is None:
                    raise refuse("unknown_organisation", table, value=word, known=sorted(known.values()))
                chosen.append(organisation)
            for organisation in chosen:
                store.set_attendance(db, meeting_id=meeting.id, organisation=organisation, user_id="",
                                     present=present, now=self._clock.now())
            self._audit(db, table, actor, "minutes.present" if present else "minutes.absent",
                        f"session#{meeting.number}", organisations=chosen)
            present_now, absent_now = present_and_absent(db, table, meeting)
            return Reply.ephemeral("attendance", table.language, meeting=meeting_values(meeting, table),
                                   present=present_now, absent=absent_now)

    def answer(self, actor: Actor, meeting_number: int, *, present: bool) -> Reply:
        """A member's Attending / Apologies on the meeting reminder: counts for their organisation."""
        with self._write(actor) as db:
            table, member = self._scope(db, actor, "agenda.view")
            meeting = store.meeting_by_number(db, table_id=table.id, number=meeting_number)
            if meeting is None or meeting.status == MeetingStatus.cancelled:
                raise refuse("unknown_session", table, value=meeting_number)
            if member is None or member.role == Role.observer:
                raise refuse("not_allowed", table, action="minutes.attend", roles=["chair", "secretary", "member"])
            store.set_attendance(db, meeting_id=meeting.id, organisation=member.organisation,
                                 user_id=actor.user_id, present=present, now=self._clock.now())
            self._audit(db, table, actor, "minutes.attend", f"session#{meeting.number}", present=present)
            return Reply.ephemeral("attendance_noted", table.language, meeting=meeting_values(meeting, table),
                                   present=present, organisation=member.organisation)


def present_and_absent(db: Session, table: SteeringTable, meeting: Meeting) -> tuple[list[str], list[str]]:
    """Present and excused organisations: the secretary's correction wins over members' answers; with no
    answers at all, every organisation with a participating member counts as present."""
    rows = store.attendance(db, meeting_id=meeting.id)
    members = store.members(db, table_id=table.id)
    organisations = sorted({m.organisation for m in members if m.role != Role.observer}, key=str.casefold)
    if not rows:
        return organisations, []
    verdict: dict[str, bool] = {}
    for row in rows:
        if row.user_id:
            verdict[row.organisation] = verdict.get(row.organisation, False) or row.present
    for row in rows:
        if not row.user_id:
            verdict[row.organisation] = row.present
    present = sorted((org for org, here in verdict.items() if here), key=str.casefold)
    absent = sorted((org for org, here in verdict.items() if not here), key=str.casefold)
    return present, absent
