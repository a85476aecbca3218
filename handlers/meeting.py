"""/meeting: translate payloads into calls on bot.meetings.service and bot.meetings.feed. No rules live here."""

from __future__ import annotations

from slack_bolt import App

from bot.core.replies import Actor, Reply
from bot.services import Services
from handlers.routing import acknowledge_first, no_arguments, run_command


def register(app: App, services: Services) -> None:
    meetings = services.meetings
    calendar = services.calendar

    def calendar_verb(actor: Actor, rest: str) -> Reply:
        if rest.strip().lower() == "revoke":
            return calendar.revoke(actor)
        no_arguments(rest)
        shared = calendar.share(actor)
        uploaded = services.slack.upload(shared.channel_id, shared.filename, shared.content, shared.title,
                                         services.renderer.message(shared.comment))
        return shared.answer(uploaded=uploaded)

    def meeting_command(body, respond, context):
        verbs = {
            "schedule": meetings.schedule,
            "next": lambda actor, rest: no_arguments(rest) or meetings.next(actor),
            "list": lambda actor, rest: no_arguments(rest) or meetings.upcoming(actor),
            "move": meetings.move,
            "cancel": meetings.cancel,
            "recur": meetings.recur,
            "calendar": calendar_verb,
        }
        run_command(services, body, respond, verbs, context)

    app.command("/meeting")(acknowledge_first(services, meeting_command))

