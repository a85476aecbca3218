"""app_home_opened → the person's App Home tab, published with views.publish; its Done buttons."""

from __future__ import annotations

from slack_bolt import App

from bot.core.replies import Actor
from bot.services import Services
from bot.slack.blocks import HOME_ACTION_DONE, home_notice, home_view
from handlers.answers import Tell, in_channel
from handlers.outcome import outcome
from handlers.routing import acknowledge_first, button_actor, button_argument, event_actor


def register(app: App, services: Services) -> None:
    def publish(actor: Actor) -> None:
        language, page = services.home.overview(actor, default_language=services.tables.default_language)
        services.slack.publish_home(actor.user_id, home_view(services.renderer, language, page))

    def on_the_tab(user_id: str) -> Tell:
        """The tab has no channel to answer in: a failure is told on the tab itself."""
        return lambda text: services.slack.publish_home(user_id, home_notice(text))

    def app_home_opened(event, body, context):
        if event.get("tab", "home") != "home":
            return
        actor = event_actor(body, event["user"])
        with outcome(services, "event", context, actor, on_the_tab(actor.user_id), event="app_home_opened"):
            publish(actor)

    def home_action_done(body, context):
        """Done on the Home tab: the action point is marked done and the tab shows what is left."""
        actor, number = button_actor(body), button_argument(body)
        with outcome(services, "block_action", context, actor, in_channel(services, actor)):
            services.actions.mark_done(actor, number)
            publish(Actor(actor.team_id, actor.user_id, ""))

    app.event("app_home_opened")(acknowledge_first(services, app_home_opened))
    app.action(HOME_ACTION_DONE)(acknowledge_first(services, home_action_done))
