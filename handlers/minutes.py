"""/minutes, the Add to minutes shortcut, Approve / Request changes, thread replies and attendance buttons.

Translate payloads into calls on bot.minutes.service and bot.minutes.approval;
bot.minutes.thread posts what the thread is owed.
"""

from __future__ import annotations

import logging
from functools import partial
from typing import Any

from slack_bolt import App

from bot.core.replies import Actor, DuplicateDelivery, Reply, UserError
from bot.minutes.export import export
from bot.minutes.service import NOTE_VERBS, Minutes
from bot.services import Services
from bot.slack.blocks import (
    ADD_TO_MINUTES,
    APOLOGIES,
    APPROVE_SUMMARY,
    ATTENDING,
    CHANGES_CALLBACK,
    REQUEST_CHANGES,
    changes_modal,
)
from bot.storage.models import NoteKind
from handlers.modals import run_submission
from handlers.routing import (
    acknowledge_first,
    always,
    answer,
    button_actor,
    button_argument,
    deliver,
    error_text,
    run_button,
    run_command,
)

log = logging.getLogger("regiebot.requests")
FORMATS = ("md", "html", "docx")


def register(app: App, services: Services) -> None:
    minutes, approval = services.minutes, services.approval

    def minutes_command(body, respond, context):

        def draft(actor: Actor, rest: str) -> Reply:
            post = minutes.draft(actor, rest)
            services.thread.publish(post)
            return Reply(post.review)

        def show(actor: Actor, rest: str) -> None:
            readable = approval.readable(actor, rest, approved_first=False)
            answer(services, respond, services.summaries.slack(readable.document), ephemeral=True, actor=actor)

        def export_verb(actor: Actor, rest: str) -> Reply:
            words = rest.split()
            fmt = words.pop().lower() if words and words[-1].lower() in FORMATS else "docx"
            readable = approval.readable(actor, " ".join(words))
            shared = export(readable.document, fmt, services.summaries)
            uploaded = services.slack.upload(readable.channel_id, shared.filename, shared.content, shared.title, "")
            return Reply.ephemeral("summary_exported" if uploaded else "summary_export_failed", readable.language,
                                   filename=shared.filename, version=readable.document.stamp.version,
                                   status=readable.document.stamp.status)

        verbs: dict[str, Any] = {verb: partial(_note, minutes, kind) for verb, kind in NOTE_VERBS.items()}
        verbs |= {
            "notes": minutes.notes,
            "edit": minutes.edit,
            "delete": minutes.delete,
            "present": lambda actor, rest: minutes.correct_attendance(actor, rest, present=True),
            "absent": lambda actor, rest: minutes.correct_attendance(actor, rest, present=False),
            "draft": draft,
            "show": show,
            "export": export_verb,
        }
        run_command(services, body, respond, verbs, context)

    def add_to_minutes(body, respond, context):
        message = body.get("message", {})
        actor = Actor(team_id=body.get("team", {}).get("id", ""), user_id=body.get("user", {}).get("id", ""),
                      channel_id=body.get("channel", {}).get("id", ""), delivery=f"shortcut:{body.get('trigger_id')}")

        def record() -> None:
            reply = minutes.note_from_message(actor, text=message.get("text", ""), author_id=message.get("user", ""),
                                              message_ts=message.get("ts", ""))
            deliver(services, respond, reply, actor)

        run_button(services, actor, context, record, respond)

    def minutes_approve(body, context):
        actor = button_actor(body)
        run_button(services, actor, context,
                   lambda: services.thread.follow(approval.approve(actor, _summary_id(body))))

    def minutes_request_changes(body, context):
        actor = button_actor(body)

        def open_modal() -> None:
            summary_id = _summary_id(body)
            language = approval.check_request(actor, summary_id)
            services.slack.open_view(body["trigger_id"], changes_modal(services.renderer, language, actor.channel_id,
                                                                        summary_id))

        run_button(services, actor, context, open_modal)

    def minutes_changes_submission(ack, body, view, context):
        channel_id, _, summary = (view.get("private_metadata") or "").partition(":")
        summary_id = int(summary) if summary.isdigit() else 0
        view = {**view, "private_metadata": channel_id}  # the table's channel, as every modal carries it

        def submit(actor: Actor, values: dict[str, Any]) -> Reply:
            update = approval.request_changes(actor, summary_id, values["reason"])
            services.thread.follow(update)
            return Reply.ephemeral("summary_changes_noted", update.parent.language,
                                   version=update.note.context["version"])

        run_submission(services, ack, body, view, context, field_of={"reason": "reason"},
                       validate=lambda actor, values: {"reason": _reason(values)}, submit=submit)

    def thread_reply(event, body, context):
        if event.get("bot_id") or event.get("subtype") not in (None, "thread_broadcast"):
            return  # the bot's own posts and edits, joins, deletions: never an approval, never a loop
        thread_ts = event.get("thread_ts")
        if not thread_ts or thread_ts == event.get("ts"):
            return
        actor = Actor(team_id=body.get("team_id", ""), user_id=event.get("user", ""),
                      channel_id=event.get("channel", ""), delivery=f"event:{body.get('event_id', '')}")
        try:
            update = approval.approve_in_thread(actor, parent_ts=thread_ts, text=event.get("text") or "")
            if update is not None:
                services.thread.follow(update)
        except UserError as error:
            services.slack.post_ephemeral(actor.channel_id, actor.user_id, error_text(services, error, actor, ""),
                                          thread_ts=thread_ts)
        except DuplicateDelivery:
            log.info("event", extra={"request_id": context.get("request_id"), "event": "message",
                                     "outcome": "duplicate"})

    def attendance_button(present: bool):
        def attendance(body, context):
            actor, number = button_actor(body), button_argument(body)
            run_button(services, actor, context, lambda: deliver(
                services, None, minutes.answer_attendance(actor, int(number or 0), present=present), actor))

        return attendance

    app.command("/minutes")(acknowledge_first(services, minutes_command))
    app.shortcut(ADD_TO_MINUTES)(acknowledge_first(services, add_to_minutes))
    app.action(APPROVE_SUMMARY)(acknowledge_first(services, minutes_approve))
    app.action(REQUEST_CHANGES)(acknowledge_first(services, minutes_request_changes, urgent=always))
    app.view(CHANGES_CALLBACK)(minutes_changes_submission)
    app.action(ATTENDING)(acknowledge_first(services, attendance_button(True)))
    app.action(APOLOGIES)(acknowledge_first(services, attendance_button(False)))
    app.event("message")(acknowledge_first(services, thread_reply))


def _note(minutes: Minutes, kind: NoteKind, actor: Actor, rest: str) -> Reply:
    return minutes.note(actor, kind, rest)


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

