"""/meeting: translate payloads into calls on bot.meetings. No rules live here."""

from __future__ import annotations

from slack_bolt import App

from bot.wiring import Services
from handlers.routing import no_arguments, run_command


def register(app: App, services: Services) -> None:
    meetings = services.meetings

    def meeting_command(ack, body, respond, context):
        ack()  # inside Slack's three seconds; the work below may take longer
        verbs = {
            "schedule": meetings.schedule,
            "next": lambda actor, rest: no_arguments(rest) or meetings.next(actor),
            "list": lambda actor, rest: no_arguments(rest) or meetings.upcoming(actor),
            "move": meetings.move,
            "cancel": meetings.cancel,
        }
        run_command(services, body, respond, verbs, context)

    app.command("/meeting")(meeting_command)

