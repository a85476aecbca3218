"""`regiebot console`: the whole bot in a terminal, with Slack played by the in-process double.

Every line becomes what Slack would send (a signed slash command, a button's block_actions, a modal's
view_submission, an event) and goes through Bolt's own `App.dispatch`, signature checked; what the bot then
sent to the double is printed (bot/console/transcript.py). The console types, clicks and reads, and moves a virtual
clock; it decides nothing the bot decides.
"""

from __future__ import annotations

import argparse
import contextlib
import logging
import re
import secrets
import sys
import time
from collections.abc import Iterator
from datetime import datetime
from typing import TextIO
from zoneinfo import ZoneInfo

from bot.app import Regiebot, build
from bot.config import Settings
from bot.console import demo
from bot.console.commands import Quit
from bot.console.slack_text import Style
from bot.console.terminal import Console, Failures
from bot.console.transcript import Person, Transcript, Workspace, channel_id
from bot.core.clock import ManualClock
from bot.serving import logs
from bot.storage import store
from bot.storage.db import migrate
from bot.storage.models import ReminderStatus
from bot.testing.slack_double import FakeSlack

DEFAULT_DATABASE = "sqlite:///regiebot.db"
ROSTER = (Person("admin", admin=True), *(Person(handle) for handle, _, _ in demo.MEMBERS), Person("gast"))

GUIDE = """\
  · You are @secretaris in #lrt, on a table in Dutch. Try /meeting next, /agenda list, /action list,
    :as @vng then /agenda add (with no title: a form), :clock +7d to let a week pass and see the reminders,
    :home for the App Home tab, :users for everyone. :help lists the console's commands; :quit leaves.
  · A whole cycle: move the clock past the session (:clock +6w), note what was said as it was said
    (/minutes note #1 volgens wethouder Bakker meldt @coa een bezetting van 35.200), /minutes draft (the
    review lists the names it took out and numbers what to check), /minutes review, /minutes checked all,
    then :as @voorzitter and :click Goedkeuren, :click Wijzigingen vragen, or :reply <message> akkoord;
    /minutes export docx."""


def run(settings: Settings, source: TextIO, *, script: bool, out: TextIO | None = None,
        database_url: str = DEFAULT_DATABASE, demo_table: bool = False, start: datetime | None = None) -> int:
    """A console session reading lines from `source`; the exit status.

    A script's lines are echoed with their prompt and the first error ends it with status 1; otherwise errors
    are reported and the session goes on until :quit or the end of the input.
    """
    out = out or sys.stdout
    try:
        with session(settings, out=out, database_url=database_url, start=start,
                     color=not script and out.isatty()) as console:
            if demo_table and not _seed_demo(console):
                return 1
            return _loop(console, source, out, script=script)
    except DatabaseUnusable as error:
        print(f"regiebot: database error: {error}", file=sys.stderr)
        return 1


class DatabaseUnusable(Exception):
    pass


@contextlib.contextmanager
def session(settings: Settings, *, out: TextIO, database_url: str = DEFAULT_DATABASE,
            start: datetime | None = None, color: bool = False) -> Iterator[Console]:
    """The bot on `database_url` (created and migrated if new) with the Slack double, ready for typed lines.

    The bot's error log lines become one line each in the transcript (tracebacks go to stderr); on leaving,
    work in flight finishes and the database is closed, intact.
    """
    root = logging.getLogger()
    saved = (root.handlers[:], root.level)
    failures = Failures()
    logs.configure("ERROR", settings.log_format)
    root.addHandler(failures)
    try:
        try:
            migrate(database_url)
        except Exception as error:  # unreachable or unusable: one clear line, no traceback
            raise DatabaseUnusable(f"{type(error).__name__}: {str(error).splitlines()[0]}") from None
        slack = FakeSlack(id_prefix=secrets.token_hex(3).upper(), stamps_from=time.time_ns() // 1000).start()
        try:
            console = _open(settings, slack, out, failures=failures, database_url=database_url, start=start,
                            color=color)
            try:
                yield console
            finally:
                console.say(f"  · bye; the database keeps everything ({_safe_url(database_url)})")
                console.regiebot.drain(timeout=10)
        finally:
            slack.stop()
    finally:
        root.handlers[:] = saved[0]
        root.setLevel(saved[1])


def _open(settings: Settings, slack: FakeSlack, out: TextIO, *, failures: Failures, database_url: str,
          start: datetime | None, color: bool) -> Console:
    zone = ZoneInfo(settings.default_timezone)
    secret = secrets.token_urlsafe(32)  # signs every payload, so Bolt checks them as it checks Slack's
    for person in ROSTER:
        slack.add_user(person.user_id, person.handle, admin=person.admin)
    values = {**settings.model_dump(), "slack_bot_token": "xoxb-regiebot-console", "slack_signing_secret": secret,
              "slack_app_token": "", "slack_api_url": slack.api_url, "database_url": database_url,
              "bot_admins": ROSTER[0].user_id}
    clock = ManualClock((start or datetime.now(zone)).replace(second=0, microsecond=0))
    regiebot = build(Settings.model_validate(values), clock=clock, verify_token=True)  # no .env, no environment
    workspace = Workspace({person.handle: person for person in ROSTER},
                          {name: channel_id(name) for name in ("general", demo.CHANNEL)})
    console = Console(regiebot, slack, secret, Transcript(slack, workspace, out, style=Style(color)), zone=zone,
                      failures=failures)
    resumed = _last_reminder_sent(regiebot)
    if resumed is not None and resumed > clock.now():
        clock.set(resumed)
    console.say(f"Regiebot console on {_safe_url(database_url)}; Slack is played in-process.")
    console.say(f"It is {console.moment(clock.now())} on the console's clock"
                + (" (moved up to the last reminder an earlier session sent)" if resumed == clock.now() else "")
                + "; :clock moves it forward.")
    console.say("You are @admin in #general. /regie help shows the bot's commands, :help the console's.")
    regiebot.extend_rhythms()  # as `serve` does at start: what the rhythms owe, and what fell due meanwhile
    regiebot.reminders.deliver_due()
    console.show_new()
    return console


def _last_reminder_sent(regiebot: Regiebot) -> datetime | None:
    """The console's clock never runs behind what an earlier session already delivered."""
    with regiebot.database.session() as db:
        sent = store.reminders(db, statuses=(ReminderStatus.sent,))
    return max((r.sent_at for r in sent if r.sent_at is not None), default=None)


def _seed_demo(console: Console) -> bool:
    with console.regiebot.database.session() as db:
        present = store.table_for_channel(db, channel_id=channel_id(demo.CHANNEL)) is not None
    if present:
        console.say(f"  · the demo table #{demo.CHANNEL} is already in this database; carrying on with it")
    else:
        console.say(f"  · seeding the demo table #{demo.CHANNEL} with the commands a secretariat would type:")
        for line in demo.seed(console.clock.now().astimezone(console.zone).date()):
            if not line.startswith(":"):
                console.say(f"    @{console.actor.handle} › {line}")
            console.transcript.quiet = []
            ok = console.handle(line)
            captured, console.transcript.quiet = console.transcript.quiet, None
            if not ok or any("⚠" in said for said in captured):
                for said in captured:
                    console.say(said)
                console.say("  ! the demo could not be seeded")
                return False
    console.actor, console.channel = console.workspace.people["secretaris"], demo.CHANNEL
    console.say(console.prompt() + "/meeting next")
    console.handle("/meeting next")
    console.say(GUIDE)
    return True


def _loop(console: Console, source: TextIO, out: TextIO, *, script: bool) -> int:
    tty = not script and source.isatty() and out.isatty()
    if tty:
        with contextlib.suppress(ImportError):
            import readline  # noqa: F401 - line editing and history for input()
    for line in _lines(console, source, tty=tty, echo=not tty):
        try:
            ok = console.handle(line)
        except Quit:
            break
        except Exception as error:  # a console bug: report it, keep the database and the session
            logging.getLogger("regiebot.console").exception("console failure")
            console.say(f"  ! console failure: {type(error).__name__}: {error}")
            ok = False
        if script and not ok:
            return 1
    return 0


def _lines(console: Console, source: TextIO, *, tty: bool, echo: bool) -> Iterator[str]:
    while True:
        prompt = console.prompt()
        if tty:
            try:
                yield input(prompt)
            except EOFError:
                console.say()
                return
            except KeyboardInterrupt:
                console.say("\n  · :quit or Ctrl-D leaves")
            continue
        line = source.readline()
        if not line:
            return
        line = line.rstrip("\r\n")
        if echo:
            answering = console.modal is not None and bool(console.modal.pending)
            plain = line.strip().startswith("#") or not (line.strip() or answering)
            console.say(line if plain else prompt + line)
        yield line


def _safe_url(url: str) -> str:
    return re.sub(r"://([^:/@]+):[^@/]*@", r"://\1:***@", url)


def main(settings: Settings, arguments: argparse.Namespace) -> int:
    """`regiebot console [--demo] [--script FILE|-] [--database URL] [--clock 'YYYY-MM-DD HH:MM']`."""
    start = None
    if arguments.clock:
        try:
            start = datetime.fromisoformat(arguments.clock).replace(tzinfo=ZoneInfo(settings.default_timezone))
        except ValueError:
            print(f"regiebot: --clock wants 'YYYY-MM-DD HH:MM', not {arguments.clock!r}", file=sys.stderr)
            return 2
    if not arguments.script:
        return run(settings, sys.stdin, script=False, database_url=arguments.database, demo_table=arguments.demo,
                   start=start)
    if arguments.script == "-":
        return run(settings, sys.stdin, script=True, database_url=arguments.database, demo_table=arguments.demo,
                   start=start)
    try:
        source = open(arguments.script, encoding="utf-8")  # noqa: SIM115 - closed below, after the run
    except OSError as error:
        print(f"regiebot: cannot read the script {arguments.script}: {error.strerror}", file=sys.stderr)
        return 2
    with source:
        return run(settings, source, script=True, database_url=arguments.database, demo_table=arguments.demo,
                   start=start)
