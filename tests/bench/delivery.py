"""1,000 reminders due at one moment, delivered by a running `regiebot serve` through the rate-limiting double.

The rows are written the way the planner writes them (`reminder_plan.schedule`), table by table: each table's
sessions (a call for items and a meeting reminder each, in its channel), then its members' action points (direct
messages). Rows are claimed in id order, so a table's channel reminders come in one run, the hard case for a
sender that waits on one channel while the others could go. All are then made due at one moment, T0.

The floor: Slack lets one message a second into each channel, so a channel with n messages needs n - 1 seconds,
plus the Retry-After of every extra 429 it was given; the busiest channel sets the floor.
"""

from __future__ import annotations

import time
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from itertools import pairwise
from typing import Any

from sqlalchemy import func, update
from sqlmodel import select

from bot.reminders import plan as reminder_plan
from bot.storage.db import Database
from bot.storage.models import (
    ActionPoint,
    Meeting,
    Member,
    Reminder,
    ReminderKind,
    ReminderStatus,
    Role,
    SteeringTable,
)
from tests.bench import limited_slack
from tests.bench.load import TEAM
from tests.bench.processes import Process, get_json

TABLES = 5
DMS_PER_OWNER = 4


@dataclass
class Plan:
    owners: int  # members, each owning DMS_PER_OWNER action points with a reminder due
    channel_reminders: int  # spread over the TABLES channels: a call and a meeting reminder per session

    @property
    def total(self) -> int:
        return self.owners * DMS_PER_OWNER + self.channel_reminders


def seed(database: Database, plan: Plan) -> None:
    now = datetime.now(UTC)
    later = now + timedelta(days=1)  # not due until made due
    sessions_per_table = plan.channel_reminders // TABLES // 2
    owners_per_table = plan.owners // TABLES
    with database.session() as db:
        for t in range(TABLES):
            table = SteeringTable(team_id=TEAM, channel_id=f"C0BENCH{t + 1:02d}", name=f"Benchtafel {t + 1}",
                                  language="en", timezone="Europe/Amsterdam", created_at=now)
            db.add(table)
            db.flush()
            meetings = [Meeting(table_id=table.id, number=n + 1, starts_at=now + timedelta(days=10 + n),  # type: ignore[arg-type]
                                created_at=now) for n in range(sessions_per_table)]
            db.add_all(meetings)
            db.flush()
            for meeting in meetings:
                for kind in (ReminderKind.call, ReminderKind.meeting):
                    reminder_plan.schedule(db, table=table, kind=kind, target=table.channel_id, due_at=later, now=now,
                                           meeting=meeting)
            for m in range(owners_per_table):
                user = f"U0B{t + 1}{m:04d}"
                db.add(Member(table_id=table.id, user_id=user, display_name=f"Member {t + 1}.{m}",  # type: ignore[arg-type]
                              organisation=f"ORG{m % 7}", role=Role.member, created_at=now))
                actions = [ActionPoint(table_id=table.id, number=m * DMS_PER_OWNER + a + 1,  # type: ignore[arg-type]
                                       text=f"Bench action {t + 1}.{m}.{a}: send the figures", owner_user_id=user,
                                       owner_organisation=f"ORG{m % 7}", due_date=date.today() + timedelta(days=20),
                                       created_by=user, created_at=now) for a in range(DMS_PER_OWNER)]
                db.add_all(actions)
                db.flush()
                for a, action in enumerate(actions):
                    kind = ReminderKind.action_before if a % 2 == 0 else ReminderKind.action_due
                    reminder_plan.schedule(db, table=table, kind=kind, target=user, due_at=later, now=now,
                                           action=action)
            table.meeting_seq, table.action_seq = sessions_per_table, owners_per_table * DMS_PER_OWNER
        db.commit()


def make_due(database: Database, lead_seconds: float = 2.0) -> datetime:
    """Make every reminder due at one moment a little ahead (T0), and return it."""
    moment = datetime.now(UTC) + timedelta(seconds=lead_seconds)
    with database.session() as db:
        db.execute(update(Reminder).values(due_at=moment))
        db.commit()
    return moment


def settled(database: Database) -> dict[str, int]:
    with database.session() as db:
        return {str(status): count for status, count in
                db.execute(select(Reminder.status, func.count()).group_by(Reminder.status)).all()}


def wait_for_delivery(database: Database, plan: Plan, timeout: float) -> dict[str, int]:
    """Wait until no reminder is pending (or time runs out), then a little longer for any double to show."""
    deadline = time.monotonic() + timeout
    statuses = settled(database)
    while time.monotonic() < deadline and statuses.get(ReminderStatus.pending, 0) > 0:
        time.sleep(0.5)
        statuses = settled(database)
    time.sleep(3)
    return settled(database)


def measure(double: Process, plan: Plan, due: datetime, statuses: dict[str, int]) -> dict[str, Any]:
    attempts = get_json(f"{double.url}/bench/messages")
    posted = [a for a in attempts if a["outcome"] == "ok"]
    per_message = Counter((a["channel"], a["text"]) for a in posted)
    per_channel: dict[str, int] = defaultdict(int)
    extra: dict[str, int] = defaultdict(int)
    for channel, _text in per_message:
        per_channel[channel] += 1
    for attempt in attempts:
        if attempt["outcome"] == "extra_429":
            extra[attempt["channel"]] += 1
    floor = max(((count - 1) * limited_slack.INTERVAL + extra[channel] * limited_slack.RETRY_AFTER
                 for channel, count in per_channel.items()), default=0.0)
    t0 = due.timestamp()
    total = max((a["at"] for a in posted), default=t0) - t0
    channels = sorted(c for c in per_channel if c.startswith("C"))
    timeline = {}
    for channel in channels:
        times = sorted(a["at"] - t0 for a in posted if a["channel"] == channel)
        gaps = [later - earlier for earlier, later in pairwise(times)]
        timeline[channel] = {"messages": per_channel[channel], "extra_429": extra[channel],
                             "first_s": round(times[0], 2), "last_s": round(times[-1], 2),
                             "mean_gap_s": round(sum(gaps) / len(gaps), 3) if gaps else None,
                             "max_gap_s": round(max(gaps), 2) if gaps else None}
    return {
        "reminders": plan.total, "owners": plan.owners, "channels": len(channels),
        "per_channel": timeline,
        "delivered": len(per_message), "messages": len(posted), "duplicates": len(posted) - len(per_message),
        "extra_429": sum(extra.values()), "paced_429": sum(a["outcome"] == "limited" for a in attempts),
        "first_s": round(min((a["at"] for a in attempts), default=t0) - t0, 2),
        "total_s": round(total, 2), "floor_s": round(floor, 2),
        "over_floor_pct": round((total / floor - 1) * 100, 1) if floor else None,
        "statuses": statuses,
    }
