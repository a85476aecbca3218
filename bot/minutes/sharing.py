"""A session's summary handed out: shown to the caller in full, or exported as a file into the table's channel."""

from __future__ import annotations

from markupsafe import Markup

from bot.core.replies import Actor, Reply
from bot.minutes.approval import Approval
from bot.minutes.export import FORMATS, export
from bot.minutes.rendering import SummaryRenderer
from bot.slack.gateway import SlackGateway

DEFAULT_FORMAT = "docx"


class SummarySharing:
    def __init__(self, approval: Approval, summaries: SummaryRenderer, slack: SlackGateway) -> None:
        self._approval = approval
        self._summaries = summaries
        self._slack = slack

    def show(self, actor: Actor, ref: str = "") -> Reply:
        """The latest version of the session's summary, as the thread shows it, for the caller only."""
        readable = self._approval.readable(actor, ref, approved_first=False)
        stamp = readable.document.stamp
        # the text is Slack mrkdwn already, escaped where the summary templates escaped it
        return Reply.ephemeral("summary_shown", readable.language, version=stamp.version, status=stamp.status,
                               text=Markup(self._summaries.slack(readable.document)))

    def export(self, actor: Actor, text: str = "") -> Reply:
        """`[session] [md|html|docx]`: the approved version (else the latest draft, marked) as a file in the
        table's channel."""
        words = text.split()
        fmt = words.pop().lower() if words and words[-1].lower() in FORMATS else DEFAULT_FORMAT
        readable = self._approval.readable(actor, " ".join(words))
        shared = export(readable.document, fmt, self._summaries)
        uploaded = self._slack.upload(readable.channel_id, shared.filename, shared.content, shared.title, "")
        stamp = readable.document.stamp
        return Reply.ephemeral("summary_exported" if uploaded else "summary_export_failed", readable.language,
                               filename=shared.filename, version=stamp.version, status=stamp.status)
