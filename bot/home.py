"""The App Home tab: for one person, the tables they sit on, each one's next session, their own open action
points and, for a chair or deputy, the drafts awaiting approval (for the secretary, those with points still
to check). Read-only, but a retried `app_home_opened`
delivery is still claimed once."""

from __future__ import annotations

from datetime import date

from bot.core.replies import Actor
from bot.core.service import TableService, meeting_of
from bot.core.values import action_values, meeting_values
from bot.minutes.review import open_findings
from bot.storage import store
from bot.storage.models import ActionStatus, Role


class Home(TableService):
    def overview(self, actor: Actor, *, default_language: str) -> tuple[str, dict[str, object]]:
        """The language and context of the person's home page."""
        with self._write(actor) as db:
            tables = store.tables_of_user(db, team_id=actor.team_id, user_id=actor.user_id)
            entries = []
            for table in tables:
                today = self._local_now(table).date()
                upcoming = store.upcoming_meetings(db, table_id=table.id, now=self._clock.now(), limit=1)
                points = store.action_points(db, table_id=table.id, statuses=(ActionStatus.open,),
                                             owner_user_id=actor.user_id)
                actions = sorted((action_values(p, today=today) for p in points),
                                 key=lambda v: (not v["overdue"], v["due"] or date.max, v["number"]))
                member = store.member(db, table_id=table.id, user_id=actor.user_id)
                approver = member is not None and (member.role == Role.chair or member.deputy)
                secretary = member is not None and member.role == Role.secretary
                drafts = [{"meeting_number": meeting_of(db, s).number, "version": s.version,
                           "open_findings": open_findings(db, s)}
                          for s in store.summaries_awaiting_approval(db, table_ids=[table.id])]
                drafts = [d for d in drafts if approver or (secretary and d["open_findings"])]
                entries.append({"name": table.name, "channel_id": table.channel_id, "drafts": drafts,
                                "meeting": meeting_values(upcoming[0], table) if upcoming else None,
                                "item_count": len(store.agenda(db, meeting_id=upcoming[0].id)) if upcoming else 0,
                                "actions": actions})
            language = tables[0].language if tables else default_language
            return language, {"tables": entries}
