"""Slack listeners only: the one list of everything the app listens to, and the error handler."""

from __future__ import annotations

import logging
import uuid

from slack_bolt import App

from bot.replies import Actor, Message
from bot.wiring import Services
from handlers import action, agenda, meeting, regie

log = logging.getLogger("regiebot.requests")


def register(app: App, services: Services) -> None:
    app.middleware(_request_id)
    agenda.register(app, services)
    action.register(app, services)
    meeting.register(app, services)
    regie.register(app, services)
    app.error(_error_handler(services))


def _request_id(context, next):
    context["request_id"] = uuid.uuid4().hex[:12]
    next()


def _error_handler(services: Services):  # type: ignore[no-untyped-def]
    def handle_error(error, body, context, respond):
        request_id = context.get("request_id", "-")
        log.error("listener failed", exc_info=error, extra={"request_id": request_id, "outcome": "error"})
        if respond is not None and body.get("response_url"):
            language = _language(services, body)
            text = services.renderer.message(Message("internal_error", language, {"request_id": request_id}))
            respond(text=text, response_type="ephemeral")

    return handle_error


def _language(services: Services, body: dict) -> str:
    """The table's language if the database can still tell, else the bot's default."""
    channel = body.get("channel_id") or body.get("channel", {}).get("id", "")
    try:
        return services.tables.language_for(Actor(team_id="", user_id="", channel_id=channel))
    except Exception:  # the database may be what failed
        return services.tables.default_language
