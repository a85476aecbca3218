"""The services the Slack edge may call, gathered in one value that `bot.app` builds and handlers receive."""

from __future__ import annotations

from dataclasses import dataclass

from bot.actions import Actions
from bot.agenda import Agenda
from bot.home import Home
from bot.meetings.feed import CalendarFeed
from bot.meetings.service import Meetings
from bot.minutes.approval import Approval
from bot.minutes.rendering import SummaryRenderer
from bot.minutes.service import Minutes
from bot.minutes.thread import SummaryThread
from bot.render import Renderer
from bot.serving.work_queue import WorkQueue
from bot.slack.gateway import SlackGateway
from bot.tables import Tables


@dataclass(frozen=True)
class Services:
    tables: Tables
    agenda: Agenda
    actions: Actions
    meetings: Meetings
    home: Home
    calendar: CalendarFeed
    minutes: Minutes
    approval: Approval
    renderer: Renderer
    slack: SlackGateway
    summaries: SummaryRenderer
    thread: SummaryThread
    work: WorkQueue  # what listeners leave after their ack (bot.serving.work_queue)
