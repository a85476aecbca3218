"""Two `regiebot serve` processes on one PostgreSQL with one signing secret, as behind a load balancer: commands
sent to both from several threads, some delivered twice as Slack retries them, are each stored once, numbered
without gaps and answered once."""

from __future__ import annotations

import json
import re
import urllib.error
import urllib.request
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlmodel import select

from bot.storage.db import Database
from bot.storage.models import ActionPoint, AgendaItem
from bot.testing import payloads as slack_payloads
from bot.testing.slack_double import FakeSlack
from tests.conftest import SIGNING_SECRET
from tests.harness import ADMIN, CHANNEL, MEMBER, MEMBER_IPO, SECRETARY, TEAM
from tests.serving import Served, start_serve
from tests.test_serve_reminders import postgres_database  # noqa: F401 - the fixture: migrated, emptied after

ITEMS, ACTIONS, LISTS = 36, 12, 6
RETRIED = set(range(0, ITEMS, 6))  # these agenda adds are delivered twice, the retry to the other process
ADDED = re.compile(r"\*#(\d+)\* “?((?:Item|Task) \d+)")  # `*#7* “Item 07”` in an answer, `*#7* Item 07` in a list
Job = tuple[str, str, str, str]  # request id, command, text, user


def _post(served: Served, body: str, *, retry: int = 0) -> int:
    headers = slack_payloads.signed_headers(SIGNING_SECRET, body, content_type="application/x-www-form-urlencoded")
    if retry:  # what Slack adds when it delivers again because the first delivery was not acknowledged in time
        headers |= {"X-Slack-Retry-Num": str(retry), "X-Slack-Retry-Reason": "http_timeout"}
    request = urllib.request.Request(f"http://127.0.0.1:{served.port}/slack/events", data=body.encode(),
                                     headers=headers, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def _send(slack: FakeSlack, servers: list[Served], index: int, job: Job, *, retried: bool = False) -> list[int]:
    """Deliver one command to process `index % 2`; a retried one goes again, with the same body, to the other."""
    request_id, command, text, user = job
    body = slack_payloads.slash_command(command=command, text=text, user_id=user, channel_id=CHANNEL, team_id=TEAM,
                                        response_url=slack.response_url(request_id),
                                        trigger_id=f"trigger-{request_id}")
    statuses = [_post(servers[index % 2], body)]
    if retried:
        statuses.append(_post(servers[(index + 1) % 2], body, retry=1))
    return statuses


def _answer(slack: FakeSlack, request_id: str) -> str:
    return "".join(str(response.get("text", "")) for response in slack.responses(request_id))


def _ask(slack: FakeSlack, servers: list[Served], index: int, command: str, text: str, user: str) -> str:
    request_id = f"ask-{index}"
    assert _send(slack, servers, index, (request_id, command, text, user)) == [200]
    assert slack.wait_for(lambda: bool(slack.responses(request_id)), timeout=10), command + " " + text
    return _answer(slack, request_id)


def _mixed_commands() -> list[Job]:
    users = [MEMBER, MEMBER_IPO, SECRETARY]
    jobs = [(f"item-{n}", "/agenda", f"add Item {n:02d}", users[n % 3]) for n in range(ITEMS)]
    for n in range(ACTIONS):  # spread among the adds, so numbers of both kinds are handed out at the same time
        jobs.insert(n * 3 + 1, (f"action-{n}", "/action", f"add VNG Task {n:02d}", users[n % 3]))
    for n in range(LISTS):
        jobs.insert(n * 8 + 4, (f"list-{n}", "/agenda", "list", users[n % 3]))
    return jobs


def _outcomes(servers: list[Served]) -> Counter[str]:
    lines = [json.loads(line) for served in servers for line in served.log.splitlines() if line.startswith("{")]
    return Counter(line["outcome"] for line in lines if line.get("message") == "command")


def _set_up(slack: FakeSlack, servers: list[Served]) -> None:
    """A table with a secretary and two members, and a session a month ahead: through both processes in turn."""
    assert "is now the steering table" in _ask(slack, servers, 0, "/regie", "setup Regietafel en", ADMIN)
    for n, (user, organisation, role) in enumerate([(SECRETARY, "BZK", "secretary"), (MEMBER, "VNG", "member"),
                                                    (MEMBER_IPO, "IPO", "member")], start=1):
        assert "joined" in _ask(slack, servers, n, "/regie", f"member add <@{user}> {organisation} {role}", ADMIN)
    starts = datetime.now(ZoneInfo("Europe/Amsterdam")) + timedelta(days=30)
    assert "Planned session #1" in _ask(slack, servers, 4, "/meeting", f"schedule {starts:%Y-%m-%d} 10:00", SECRETARY)


def _numbered(answers: dict[str, str]) -> tuple[dict[int, str], dict[int, str]]:
    """The numbers the adds were answered with, checked to be gapless and unique: items, then action points."""
    items = [dict(ADDED.findall(answers[f"item-{n}"])) for n in range(ITEMS)]
    actions = [dict(ADDED.findall(answers[f"action-{n}"])) for n in range(ACTIONS)]
    assert all(len(found) == 1 for found in items + actions), answers
    assert all(answers[f"list-{n}"].startswith("*Agenda of Regietafel*") for n in range(LISTS)), answers
    numbered_items = {int(number): title for found in items for number, title in found.items()}
    numbered_actions = {int(number): title for found in actions for number, title in found.items()}
    assert sorted(numbered_items) == list(range(1, ITEMS + 1))  # gapless and unique: no retry took a number
    assert sorted(numbered_items.values()) == [f"Item {n:02d}" for n in range(ITEMS)]
    assert sorted(numbered_actions) == list(range(1, ACTIONS + 1))
    assert sorted(numbered_actions.values()) == [f"Task {n:02d}" for n in range(ACTIONS)]
    return numbered_items, numbered_actions


def _stored(postgres_url: str) -> tuple[dict[int, str], dict[int, str]]:
    """The agenda items and action points in the database, by number."""
    database = Database.from_url(postgres_url)
    with database.session() as db:
        items = db.exec(select(AgendaItem.number, AgendaItem.title)).all()
        actions = db.exec(select(ActionPoint.number, ActionPoint.text)).all()
    database.dispose()
    assert len(items) == len(dict(items)) and len(actions) == len(dict(actions))
    return dict(items), dict(actions)


@pytest.mark.usefixtures("postgres_database")  # several processes need PostgreSQL: it runs there only
def test_two_processes_store_each_command_once_with_gapless_numbers(slack: FakeSlack, postgres_url: str,
                                                                    tmp_path: Path) -> None:
    servers: list[Served] = []
    try:
        for name in ("one", "two"):  # inside the try: a second that fails to start does not leave the first running
            servers.append(start_serve(slack, postgres_url, tmp_path, name=name))
        _set_up(slack, servers)
        jobs = _mixed_commands()
        retried = {i for i, job in enumerate(jobs) if job[0] in {f"item-{n}" for n in RETRIED}}
        with ThreadPoolExecutor(max_workers=8) as pool:
            sent = pool.map(lambda i: _send(slack, servers, i, jobs[i], retried=i in retried), range(len(jobs)))
            statuses = [status for pair in sent for status in pair]
        assert statuses == [200] * (len(jobs) + len(RETRIED))  # acknowledged by both processes: no 5xx, no 401
        answered = lambda: all(slack.responses(job[0]) for job in jobs)  # noqa: E731 - read again while waiting
        assert slack.wait_for(answered, timeout=30), [job[0] for job in jobs if not slack.responses(job[0])]
        numbered_items, numbered_actions = _numbered({job[0]: _answer(slack, job[0]) for job in jobs})

        # what either process lists, and what the database holds, is what the adds answered
        listed = _ask(slack, servers, 5, "/agenda", "list", MEMBER)
        assert {int(n): title for n, title in ADDED.findall(listed)} == numbered_items
        listed = _ask(slack, servers, 6, "/action", "list all", MEMBER)
        assert {int(n): title for n, title in ADDED.findall(listed)} == numbered_actions
        assert _stored(postgres_url) == (numbered_items, numbered_actions)
    finally:
        codes = [served.stop() for served in servers]  # SIGTERM: each finishes its listener work first
    assert codes == [0, 0]
    assert all(len(slack.responses(job[0])) == 1 for job in jobs if not job[0].startswith("list-"))
    # each retried delivery reached its command in one process and found the other's claim: no second effect
    outcomes = _outcomes(servers)
    assert outcomes["duplicate"] == len(RETRIED), outcomes
    asked = 7  # the five set-up commands and the two final lists
    assert outcomes["ok"] == len(jobs) + asked and set(outcomes) == {"ok", "duplicate"}, outcomes
    assert {served.name for served in servers if '"outcome": "ok"' in served.log} == {"one", "two"}

