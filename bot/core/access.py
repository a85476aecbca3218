"""Who may do what: the one table of roles, and the checks every service runs before it changes anything.

A request is judged by its Slack team id and user id only; the channel it came from decides the table.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlmodel import Session

from bot.core.replies import Actor, UserError
from bot.storage import store
from bot.storage.models import Member, Role, SteeringTable

EVERYONE = frozenset(Role)
PARTICIPANTS = frozenset({Role.chair, Role.secretary, Role.member})
SECRETARY = frozenset({Role.secretary})
SECRETARY_OR_CHAIR = frozenset({Role.secretary, Role.chair})

# who may take which action: the roles allowed, and whether a bot admin may too without being on the table
_WHO = (
    (EVERYONE, False, ("agenda.view", "actions.view", "meetings.view", "minutes.view")),
    (PARTICIPANTS, False, ("agenda.add", "actions.add")),
    (SECRETARY, False, ("agenda.withdraw.any", "agenda.manage", "actions.update.any", "minutes.manage")),
    (SECRETARY_OR_CHAIR, False, ("meetings.manage",)),
    (SECRETARY, True, ("members.manage", "settings.manage")),
)
RULES: dict[str, tuple[frozenset[Role], bool]] = {action: (roles, admin) for roles, admin, actions in _WHO
                                                  for action in actions}


class Permissions:
    """Answers whether someone is a bot admin: listed in BOT_ADMINS, or else a workspace admin per Slack."""

    def __init__(self, bot_admins: frozenset[str], workspace_admin: Callable[[str], bool]) -> None:
        self._bot_admins = bot_admins
        self._workspace_admin = workspace_admin

    def is_bot_admin(self, user_id: str) -> bool:
        if self._bot_admins:
            return user_id in self._bot_admins
        return self._workspace_admin(user_id)


def resolve_table(db: Session, actor: Actor) -> SteeringTable:
    """The table the request acts on, or a refusal listing the caller's tables."""
    table = store.table_for_channel(db, channel_id=actor.table_channel_id)
    if table is None:
        tables = store.tables_of_user(db, team_id=actor.team_id, user_id=actor.user_id)
        raise UserError("not_a_table", channels=[t.channel_id for t in tables])
    if table.team_id != actor.team_id:
        raise UserError("other_workspace", language=table.language)
    return table


def require(
    db: Session, *, table: SteeringTable, actor: Actor, action: str, permissions: Permissions
) -> Member | None:
    """The caller's membership, once the caller may take `action` on `table`; otherwise a refusal."""
    roles, admin_allowed = RULES[action]
    member = store.member(db, table_id=table.id, user_id=actor.user_id)
    if member is not None and member.role in roles:
        return member
    if admin_allowed and permissions.is_bot_admin(actor.user_id):
        return member
    if member is None:
        raise UserError("not_a_member", language=table.language, table=table.name)
    raise UserError("not_allowed", language=table.language, action=action, roles=sorted(roles))


def allowed(member: Member | None, action: str) -> bool:
    """Whether a membership alone permits `action` (for rules that also allow the owner or submitter)."""
    return member is not None and member.role in RULES[action][0]
