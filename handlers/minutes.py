"""The Add to minutes shortcut and the meeting reminder's Attending / Apologies buttons; `/minutes` itself is
dispatched with the other commands (handlers.commands). No rules live here: bot.minutes decides."""

from __future__ import annotations

from slack_bolt import App

from bot.core.replies import Actor
from bot.services import Services
from bot.slack.blocks import ADD_TO_MINUTES, APOLOGIES, ATTENDING
from handlers.answers import deliver, in_channel, through_respond
from handlers.outcome import outcome
from handlers.routing import acknowledge_first, button_actor, button_argument


def register(app: App, services: Services) -> None:
    minutes = services.minutes

    def add_to_minutes(body, respond, context):
        message = body.get("message", {})
        actor = Actor(team_id=body.get("team", {}).get("id", ""), user_id=body.get("user", {}).get("id", ""),
                      channel_id=body.get("channel", {}).get("id", ""), delivery=f"shortcut:{body.get('trigger_id')}")
        tell = through_respond(services, respond, actor)
        with outcome(services, "shortcut", context, actor, tell):
            deliver(services, tell, minutes.note_from_message(
                actor, text=message.get("text", ""), author_id=message.get("user", ""),
                message_ts=message.get("ts", "")))

    def attendance_button(present: bool):
        def attendance(body, context):
            actor, number = button_actor(body), button_argument(body)
            tell = in_channel(services, actor)
            with outcome(services, "block_action", context, actor, tell):
                deliver(services, tell, services.attendance.answer(actor, int(number or 0), present=present))

        return attendance

    app.shortcut(ADD_TO_MINUTES)(acknowledge_first(services, add_to_minutes))
    app.action(ATTENDING)(acknowledge_first(services, attendance_button(True)))
    app.action(APOLOGIES)(acknowledge_first(services, attendance_button(False)))
