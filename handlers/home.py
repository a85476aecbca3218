"""app_home_opened → the person's App Home tab, published with views.publish."""

from __future__ import annotations

import logging

from slack_bolt import App

from bot.core.replies import Actor, DuplicateDelivery
from bot.services import Services
from bot.slack.blocks import HOME_ACTION_DONE, home_view
from handlers.routing import acknowledge_first, button_actor, button_argument, run_button

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
        services.slack.publish_home(actor.user_id, home_view(services.renderer, language, page))
        log.info("event", extra={"request_id": context.get("request_id"), "event": "app_home_opened",
                                 "user": actor.user_id, "outcome": "ok"})

    def home_action_done(body, context):
        """Done on the Home tab: the action point is marked done and the tab shows what is left."""
        actor, number = button_actor(body), button_argument(body)

        def mark_done() -> None:
            services.actions.mark_done(actor, number)
            language, page = services.home.overview(Actor(actor.team_id, actor.user_id, ""),
                                                    default_language=services.tables.default_language)
            services.slack.publish_home(actor.user_id, home_view(services.renderer, language, page))

        run_button(services, actor, context, mark_done)

    app.event("app_home_opened")(acknowledge_first(services, app_home_opened))
    app.action(HOME_ACTION_DONE)(acknowledge_first(services, home_action_done))
