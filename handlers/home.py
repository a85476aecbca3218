"""app_home_opened → the person's App Home tab, published with views.publish."""

from __future__ import annotations

import logging

from slack_bolt import App

from bot.replies import Actor, DuplicateDelivery
from bot.views import home_view
from bot.wiring import Services

log = logging.getLogger("regiebot.requests")


def register(app: App, services: Services) -> None:
    def app_home_opened(event, body, context):
        if event.get("tab", "home") != "home":
            return
        actor = Actor(team_id=body.get("team_id", ""), user_id=event["user"], channel_id="",
                      delivery=f"event:{body.get('event_id', '')}")
        try:
            language, page = services.home.overview(actor, default_language=services.tables.default_language)
        except DuplicateDelivery:
            log.info("event", extra={"request_id": context.get("request_id"), "event": "app_home_opened",
                                     "user": actor.user_id, "outcome": "duplicate"})
            return
        services.slack.publish_home(actor.user_id, home_view(services.renderer.page("home.md.j2", language, **page)))
        log.info("event", extra={"request_id": context.get("request_id"), "event": "app_home_opened",
                                 "user": actor.user_id, "outcome": "ok"})

    app.event("app_home_opened")(app_home_opened)
