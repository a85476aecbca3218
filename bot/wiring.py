"""The services the Slack edge may call, gathered in one value that `bot.app` builds and handlers receive."""

from __future__ import annotations

from dataclasses import dataclass

from bot.actions import Actions
from bot.agenda import Agenda
from bot.approval import Approval
from bot.calendar_feed import CalendarFeed
from bot.home import Home
from bot.meetings import Meetings
from bot.minutes import Minutes
from bot.render import Renderer
from bot.slack import SlackGateway
from bot.summary_render import SummaryRenderer
from bot.summary_thread import SummaryThread
from bot.tables import Tables
from bot.work_queue import WorkQueue


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
    work: WorkQueue  # what listeners leave after their ack (bot.work_queue)
