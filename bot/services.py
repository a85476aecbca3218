"""The services the Slack edge may call, gathered in one value that `bot.app` builds and handlers receive."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from bot.actions import Actions
from bot.agenda import Agenda
from bot.config import Settings
from bot.core.access import Permissions
from bot.core.clock import Clock
from bot.home import Home
from bot.meetings.feed import CalendarFeed
from bot.meetings.service import Meetings
from bot.minutes.approval import Approval
from bot.minutes.attendance import Attendance
from bot.minutes.rendering import SummaryRenderer
from bot.minutes.review import Review
from bot.minutes.service import Minutes
from bot.minutes.sharing import SummarySharing
from bot.minutes.thread import SummaryThread
from bot.render import Renderer
from bot.slack.gateway import SlackGateway
from bot.storage.db import Database
from bot.tables import Tables


class Queue(Protocol):
    """Where a listener leaves its work after Slack's ack: bot.serving.work_queue's WorkQueue, built by bot.app."""

    def submit(self, job: Callable[[], None], *, urgent: bool = False) -> None: ...


@dataclass(frozen=True)
class Services:
    tables: Tables
    agenda: Agenda
    actions: Actions
    meetings: Meetings
    home: Home
    calendar: CalendarFeed
    minutes: Minutes
    attendance: Attendance
    approval: Approval
    review: Review
    renderer: Renderer
    slack: SlackGateway
    summaries: SummaryRenderer
    thread: SummaryThread
    sharing: SummarySharing
    work: Queue

    @classmethod
    def wired(cls, settings: Settings, *, database: Database, clock: Clock, slack: SlackGateway,
              work: Queue) -> Services:
        """Every service on one database, clock and Slack gateway."""
        permissions = Permissions(settings.bot_admin_ids, slack.is_workspace_admin)
        renderer = Renderer.default()
        summaries = SummaryRenderer(renderer)
        minutes = Minutes(database, clock, permissions, body=summaries.body_markdown, labels=renderer.label)
        review = Review(database, clock, permissions)
        approval = Approval(database, clock, permissions, body=summaries.body_markdown)
        return cls(
            tables=Tables(database, clock, permissions, default_language=settings.default_language,
                          default_timezone=settings.default_timezone, lookup_name=slack.user_name),
            agenda=Agenda(database, clock, permissions),
            actions=Actions(database, clock, permissions),
            meetings=Meetings(database, clock, permissions),
            home=Home(database, clock, permissions),
            calendar=CalendarFeed(database, clock, permissions, public_url=settings.public_url, renderer=renderer,
                                  slack=slack),
            minutes=minutes,
            attendance=Attendance(database, clock, permissions),
            approval=approval,
            renderer=renderer,
            slack=slack,
            summaries=summaries,
            thread=SummaryThread(slack, renderer, summaries, minutes, review),
            review=review,
            sharing=SummarySharing(approval, summaries, slack),
            work=work,
        )
