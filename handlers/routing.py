"""What every listener shares: acknowledging on the request's thread and queueing the work, and turning a
payload into the Actor the services take."""

from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import Any

from bot.core.parsing import extract_channel
from bot.core.replies import Actor
from bot.services import Services

Body = dict[str, Any]


def acknowledge_first(services: Services, listener: Callable[..., None], *,
                      urgent: Callable[[Body], bool] = lambda body: False) -> Callable[..., None]:
    """The Bolt listener for `listener`: acks on the request's own thread, then queues `listener` with the
    arguments it names (body, context, respond, event, view) on the work queue; `urgent(body)` when the work must
    start at once, to open a modal while its trigger lives. The queued context holds only the request id: Bolt's
    own, with its clients and helpers, would stay alive for every queued job of a burst."""
    wanted = tuple(inspect.signature(listener).parameters)

    def acknowledge(ack, body, context, respond, event, view):  # Bolt injects these names
        ack()
        given = {"body": body, "context": {"request_id": context.get("request_id")}, "respond": respond,
                 "event": event, "view": view}
        arguments = {name: given[name] for name in wanted}
        services.work.submit(lambda: listener(**arguments), urgent=urgent(body))

    return acknowledge


def always(_body: Body) -> bool:
    return True


def command_actor(body: Body) -> tuple[Actor, str]:
    """The caller of a slash command, and its text without an `in #channel` reference."""
    text, target = extract_channel(body.get("text") or "")
    actor = Actor(team_id=body.get("team_id", ""), user_id=body.get("user_id", ""),
                  channel_id=body.get("channel_id", ""), delivery=f"command:{body.get('trigger_id', '')}",
                  user_name=body.get("user_name", ""), target_channel_id=target)
    return actor, text


def button_actor(body: Body) -> Actor:
    """Who pressed a button, acting on the table whose channel the button's value names.

    Every button's value is `<channel>` or `<channel>:<argument>` (bot/slack/blocks.py), so a button acts on its
    own table wherever it is pressed: a channel, a direct message or the App Home tab."""
    user = body.get("user", {})
    channel_id = _button_value(body).partition(":")[0]
    return Actor(team_id=user.get("team_id") or body.get("team", {}).get("id", ""), user_id=user.get("id", ""),
                 channel_id=channel_id or body.get("channel", {}).get("id", ""),
                 delivery=f"action:{body.get('trigger_id', '')}")


def button_argument(body: Body) -> str:
    """What a button's value names after its channel: a session, an action point, a summary."""
    return _button_value(body).partition(":")[2]


def event_actor(body: Body, user_id: str, channel_id: str = "") -> Actor:
    """The person an Events API delivery is about; its event id makes a retried delivery recognisable."""
    return Actor(team_id=body.get("team_id", ""), user_id=user_id, channel_id=channel_id,
                 delivery=f"event:{body.get('event_id', '')}")


def _button_value(body: Body) -> str:
    return str((body.get("actions") or [{}])[0].get("value") or "")
