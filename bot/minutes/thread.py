"""Posting a summary's versions in its Slack thread, and updating the thread's parent as the status changes.

The parent message is made once per session; each version's text goes into its thread, split over as many
messages as Block Kit's limits need (bot.minutes.posts), or attached as a Markdown file when that would be
more than a reader scrolls through. Nothing is cut off and the order is kept.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.core.replies import Actor, Reply
from bot.minutes.approval import ThreadUpdate
from bot.minutes.export import export
from bot.minutes.posts import should_attach, thread_messages
from bot.minutes.rendering import SummaryRenderer
from bot.minutes.review import Review
from bot.minutes.service import Minutes, SummaryPost
from bot.render import Renderer
from bot.slack.blocks import summary_parent_blocks
from bot.slack.gateway import SlackGateway


@dataclass(frozen=True)
class SummaryThread:
    slack: SlackGateway
    renderer: Renderer
    summaries: SummaryRenderer
    minutes: Minutes
    review: Review

    def draft(self, actor: Actor, ref: str = "") -> Reply:
        """/minutes draft: version n+1 posted for approval; the secretary's answer is the engine's review."""
        post = self.minutes.draft(actor, ref)
        self.publish(post)
        return Reply(post.review)

    def publish(self, post: SummaryPost) -> str:
        """Post (or update) the parent with buttons for this version, then the version in the thread."""
        language = post.document.language
        text = self.renderer.message(post.parent)
        blocks = summary_parent_blocks(self.renderer, language, text, post.channel_id, post.summary_id)
        parent_ts = post.parent_ts
        if parent_ts:
            self.slack.update(post.channel_id, parent_ts, text, blocks)
        else:
            parent_ts = self.slack.post_blocks(post.channel_id, text, blocks)
            self.minutes.record_thread(post.summary_id, parent_ts)
        summary = self.summaries.slack(post.document)
        if should_attach(summary):
            shared = export(post.document, "md", self.summaries)
            comment = self.renderer.label(language, "summary_attached").format(version=post.document.stamp.version)
            self.slack.upload(post.channel_id, shared.filename, shared.content, shared.title, comment,
                               thread_ts=parent_ts)
            return parent_ts
        for message in thread_messages(summary, label=self.summaries.part_label(language)):
            self.slack.post_blocks(post.channel_id, message.text, message.blocks, thread_ts=parent_ts)
        return parent_ts

    def follow(self, update: ThreadUpdate) -> None:
        """After approval or a request for changes: the parent without buttons, and a line in the thread."""
        if not update.parent_ts:
            return  # the version never reached Slack; nothing there to update
        text = self.renderer.message(update.parent)
        language = update.parent.language
        blocks = summary_parent_blocks(self.renderer, language, text, update.channel_id,
                                       update.summary_id if update.buttons else None)
        self.slack.update(update.channel_id, update.parent_ts, text, blocks)
        self.slack.post(update.channel_id, self.renderer.message(update.note), thread_ts=update.parent_ts)

    def checked(self, actor: Actor, text: str) -> Reply:
        """/minutes checked: findings confirmed; the parent shows how many are left, its buttons unchanged."""
        checked = self.review.checked(actor, text)
        if checked.parent_ts:
            parent = self.renderer.message(checked.parent)
            blocks = summary_parent_blocks(self.renderer, checked.parent.language, parent, checked.channel_id,
                                           checked.summary_id)
            self.slack.update(checked.channel_id, checked.parent_ts, parent, blocks)
        return checked.reply
