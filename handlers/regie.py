"""/regie: translate payloads into calls on bot.tables. No rules live here."""

from __future__ import annotations

from slack_bolt import App

from bot.core.parsing import split_verb
from bot.core.replies import Actor, Reply, UserError
from bot.services import Services
from handlers.routing import acknowledge_first, no_arguments, run_command


def register(app: App, services: Services) -> None:
    tables = services.tables

    def member(actor: Actor, rest: str) -> Reply:
        verb, arguments = split_verb(rest)
        if verb == "add":
            return tables.add_member(actor, arguments)
        if verb == "remove":
            return tables.remove_member(actor, arguments)
        if verb == "list":
            return no_arguments(arguments) or tables.list_members(actor)
        if not verb:
            raise UserError("missing_argument", argument="member")
        raise UserError("unknown_command", value=f"member {verb}")

    def regie_command(body, respond, context):
        verbs = {"setup": tables.setup, "member": member, "settings": tables.settings}
        run_command(services, body, respond, verbs, context)

    app.command("/regie")(acknowledge_first(services, regie_command))
