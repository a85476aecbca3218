"""The services the Slack edge may call, gathered in one value that `bot.app` builds and handlers receive."""

from __future__ import annotations

from dataclasses import dataclass

from bot.actions import Actions
from bot.agenda import Agenda
from bot.calendar_feed import CalendarFeed
from bot.home import Home
from bot.meetings import Meetings
from bot.render import Renderer
from bot.slack import SlackGateway
from bot.tables import Tables


@dataclass(frozen=True)
class Services:
    tables: Tables
    agenda: Agenda
    actions: Actions
    meetings: Meetings
    home: Home
    calendar: CalendarFeed
    renderer: Renderer
    slack: SlackGateway
