"""The chair's approval of a summary: the Approve and Request changes buttons, the reason's modal, and replies
in the summary's thread. No rules live here: bot.minutes.approval decides, bot.minutes.thread posts."""

from __future__ import annotations

from typing import Any

from slack_bolt import App

from bot.core.replies import Actor, Reply, UserError
from bot.services import Services
from bot.slack.blocks import APPROVE_SUMMARY, CHANGES_CALLBACK, REQUEST_CHANGES, changes_modal
from handlers.answers import in_channel
from handlers.modals import run_submission
from handlers.outcome import outcome
from handlers.routing import acknowledge_first, always, button_actor, button_argument, event_actor


def register(app: App, services: Services) -> None:
    _buttons(app, services)
    _changes_form(app, services)
    _thread_replies(app, services)


def _buttons(app: App, services: Services) -> None:
    approval, thread = services.approval, services.thread

    def minutes_approve(body, context):
        actor = button_actor(body)
        with outcome(services, "block_action", context, actor, in_channel(services, actor)):
            thread.follow(approval.approve(actor, _summary_id(body)))

    def minutes_request_changes(body, context):
        actor = button_actor(body)
        with outcome(services, "block_action", context, actor, in_channel(services, actor)):
            summary_id = _summary_id(body)
            language = approval.check_request(actor, summary_id)
            services.slack.open_view(body["trigger_id"], changes_modal(services.renderer, language, actor.channel_id,
                                                                        summary_id))

    app.action(APPROVE_SUMMARY)(acknowledge_first(services, minutes_approve))
    app.action(REQUEST_CHANGES)(acknowledge_first(services, minutes_request_changes, urgent=always))


def _changes_form(app: App, services: Services) -> None:
    approval, thread = services.approval, services.thread

    def minutes_changes_submission(ack, body, view, context):
        channel_id, _, summary = (view.get("private_metadata") or "").partition(":")
        summary_id = int(summary) if summary.isdigit() else 0
        view = {**view, "private_metadata": channel_id}  # the table's channel, as every modal carries it

        def submit(actor: Actor, values: dict[str, Any]) -> Reply:
            update = approval.request_changes(actor, summary_id, values["reason"])
            thread.follow(update)
            return Reply.ephemeral("summary_changes_noted", update.parent.language,
                                   version=update.note.context["version"])

        run_submission(services, ack, body, view, context, field_of={"reason": "reason"},
                       validate=lambda actor, values: {"reason": _reason(values)}, submit=submit)

    app.view(CHANGES_CALLBACK)(minutes_changes_submission)


def _thread_replies(app: App, services: Services) -> None:
    """A reply in a summary's thread: `approve`, `akkoord` … from the chair approves; anything else is a comment."""

    def thread_reply(event, body, context):
        if event.get("bot_id") or event.get("subtype") not in (None, "thread_broadcast"):
            return  # the bot's own posts and edits, joins, deletions: never an approval, never a loop
        thread_ts = event.get("thread_ts")
        if not thread_ts or thread_ts == event.get("ts"):
            return
        actor = event_actor(body, event.get("user", ""), event.get("channel", ""))
        with outcome(services, "event", context, actor, in_channel(services, actor, thread_ts=thread_ts),
                     event="message"):
            update = services.approval.approve_in_thread(actor, parent_ts=thread_ts, text=event.get("text") or "")
            if update is not None:
                services.thread.follow(update)

    app.event("message")(acknowledge_first(services, thread_reply))


def _summary_id(body: dict[str, Any]) -> int:
    value = button_argument(body)
    if not value.isdigit():
        raise UserError("unknown_summary")
    return int(value)


def _reason(values: dict[str, str]) -> str:
    reason = values.get("reason", "").strip()
    if not reason:
        raise UserError("empty_text", field="reason")
    return reason
