"""/action: recording action points, listing them overdue first, and updating them."""

from __future__ import annotations

from datetime import date

from sqlmodel import Session

from bot.core import access
from bot.core.dates import resolve_date
from bot.core.parsing import ActionDraft, is_user_token, parse_number, parse_user
from bot.core.replies import Actor, Reply, UserError
from bot.core.service import TableService, refuse
from bot.core.values import action_values
from bot.reminders import plan as reminder_plan
from bot.storage import store
from bot.storage.models import ActionPoint, ActionStatus, Member, SteeringTable


class Actions(TableService):
    def prepare_form(self, actor: Actor) -> tuple[str, list[str]]:
        """Check the caller may record action points; returns the language and the table's organisations."""
        with self._read() as db:
            table, _ = self._scope(db, actor, "actions.add")
            return table.language, store.organisations(db, table_id=table.id)

    def check(self, actor: Actor, draft: ActionDraft) -> None:
        """Refuse, storing nothing, a draft whose owner or due date the table cannot take (for the modal)."""
        with self._read() as db:
            table, _ = self._scope(db, actor, "actions.add")
            self._owner(db, table, draft.owner_token)
            if draft.due_text:
                self._due(table, draft.due_text)

    def add(self, actor: Actor, draft: ActionDraft) -> Reply:
        """Record an action point owned by a member or by an organisation on the table."""
        with self._write(actor) as db:
            table, _ = self._scope(db, actor, "actions.add")
            owner_user_id, organisation = self._owner(db, table, draft.owner_token)
            due = self._due(table, draft.due_text) if draft.due_text else None
            origin = store.latest_started_meeting(db, table_id=table.id, now=self._clock.now())
            point = store.add_action_point(db, table_id=table.id, text=draft.text, owner_user_id=owner_user_id,
                                           owner_organisation=organisation, due_date=due,
                                           meeting_id=origin.id if origin else None, created_by=actor.user_id,
                                           now=self._clock.now())
            reminder_plan.plan_action(db, table=table, action=point, now=self._clock.now())
            self._audit(db, table, actor, "action.add", f"action#{point.number}", owner=organisation, due=due)
            return Reply.ephemeral("action_added", table.language,
                                   action=action_values(point, today=self._today(table)))

    def show(self, actor: Actor, text: str = "") -> Reply:
        """Action points by filter (`open`, `mine`, `all`, `@user`, `ORG`), overdue first."""
        selector = text.strip() or "open"
        with self._read() as db:
            table, _ = self._scope(db, actor, "actions.view")
            statuses: tuple[ActionStatus, ...] | None = (ActionStatus.open,)
            owner_user_id = owner_organisation = person = None
            if selector.lower() == "all":
                statuses = None
            elif selector.lower() == "mine":
                owner_user_id = actor.user_id
            elif is_user_token(selector):
                owner_user_id = person = parse_user(selector).user_id
            elif selector.lower() != "open":
                owner_organisation = self._known_organisation(db, table, selector)
            points = store.action_points(db, table_id=table.id, statuses=statuses, owner_user_id=owner_user_id,
                                         owner_organisation=owner_organisation)
            today = self._today(table)
            views = sorted((action_values(p, today=today) for p in points),
                           key=lambda v: (not v["overdue"], v["status"] != "open", v["due"] or date.max, v["number"]))
            # the header names the filter: a keyword, the organisation as the table spells it, or the person
            return Reply.ephemeral("action_list", table.language, table=table.name, actions=views, user_id=person,
                                   selector=owner_organisation or (None if person else selector.lower()))

    def mark_done(self, actor: Actor, number_text: str) -> Reply:
        return self._set_status(actor, number_text, ActionStatus.done)

    def reopen(self, actor: Actor, number_text: str) -> Reply:
        return self._set_status(actor, number_text, ActionStatus.open)

    def set_due(self, actor: Actor, text: str) -> Reply:
        """Give an action point a new due date."""
        parts = text.split(None, 1)
        if len(parts) != 2:
            raise UserError("missing_argument", argument="date" if parts else "number")
        number = parse_number(parts[0])
        with self._write(actor) as db:
            table, member = self._scope(db, actor, "actions.view")
            point = self._updatable(db, table, member, actor, number)
            point.due_date = self._due(table, parts[1])
            reminder_plan.plan_action(db, table=table, action=point, now=self._clock.now())
            self._audit(db, table, actor, "action.due", f"action#{number}", due=point.due_date)
            view = action_values(point, today=self._today(table))
            return Reply.ephemeral("action_due_set", table.language, action=view)

    def _set_status(self, actor: Actor, number_text: str, status: ActionStatus) -> Reply:
        number = parse_number(number_text)
        with self._write(actor) as db:
            table, member = self._scope(db, actor, "actions.view")
            point = self._updatable(db, table, member, actor, number)
            verb, template = ("done", "action_done") if status == ActionStatus.done else ("reopen", "action_reopened")
            if point.status == status:
                return Reply.ephemeral(template, table.language, unchanged=True,
                                       action=action_values(point, today=self._today(table)))
            point.status = status
            point.closed_at = self._clock.now() if status == ActionStatus.done else None
            reminder_plan.plan_action(db, table=table, action=point, now=self._clock.now())
            self._audit(db, table, actor, f"action.{verb}", f"action#{number}")
            return Reply.ephemeral(template, table.language, unchanged=False,
                                   action=action_values(point, today=self._today(table)))

    def _updatable(self, db: Session, table: SteeringTable, member: Member | None, actor: Actor,
                   number: int) -> ActionPoint:
        point = store.action_point(db, table_id=table.id, number=number)
        if point is None:
            raise refuse("unknown_action", table, number=number)
        owns = point.owner_user_id == actor.user_id or (
            point.owner_user_id is None and member is not None
            and member.organisation.casefold() == point.owner_organisation.casefold())
        if not owns and not access.allowed(member, "actions.update.any"):
            raise refuse("not_allowed", table, action="action.update", roles=["owner", "secretary"])
        return point

    def _owner(self, db: Session, table: SteeringTable, token: str) -> tuple[str | None, str]:
        if is_user_token(token):
            person = parse_user(token)
            owner = store.member(db, table_id=table.id, user_id=person.user_id)
            if owner is None:
                raise refuse("owner_not_member", table, user_id=person.user_id, field="owner")
            return owner.user_id, owner.organisation
        return None, self._known_organisation(db, table, token)

    def _known_organisation(self, db: Session, table: SteeringTable, token: str) -> str:
        known = store.organisations(db, table_id=table.id)
        for organisation in known:
            if organisation.casefold() == token.strip().casefold():
                return organisation
        raise refuse("unknown_organisation", table, value=token.strip(), known=known)

    def _due(self, table: SteeringTable, text: str) -> date:
        due = resolve_date(text, today=self._local_now(table).replace(tzinfo=None))
        if due < self._today(table):
            raise refuse("date_in_past", table, value=text.strip(), field="due")
        return due

    def _today(self, table: SteeringTable) -> date:
        return self._local_now(table).date()
