"""The `regiebot` command: argv → Settings → migrations → the app, served over HTTP or Socket Mode."""

from __future__ import annotations

import argparse
import logging
import signal
import sys
import threading
from datetime import datetime

from slack_sdk.errors import SlackApiError

from bot import __version__
from bot.config import ConfigError, Settings
from bot.core.clock import OffsetClock
from bot.serving import logs
from bot.slack.gateway import make_client
from bot.storage.db import migrate

log = logging.getLogger("regiebot")


def parser() -> argparse.ArgumentParser:
    root = argparse.ArgumentParser(prog="regiebot", description="Regiebot: the secretariat of a steering table, "
                                   "in Slack. Configuration comes from the environment or .env (see .env.example).")
    root.add_argument("--version", action="version", version=f"regiebot {__version__}")
    commands = root.add_subparsers(dest="command", metavar="command", required=True)
    serve = commands.add_parser("serve", help="serve Slack's requests (HTTP: POST /slack/events, GET /healthz)")
    serve.add_argument("--socket", action="store_true", help="use Socket Mode (needs SLACK_APP_TOKEN) instead of HTTP")
    serve.add_argument("--port", type=int, help="port to listen on (default: PORT, 3000)")
    serve.add_argument("--workers", type=int, default=1, help="web processes (default 1)")
    serve.add_argument("--threads", type=int, default=32, help="request threads per process (default 32)")
    serve.add_argument("--clock", metavar="'YYYY-MM-DD HH:MM[:SS]'", type=moment,
                       help="for tests and rehearsals only: the bot's clock starts at this moment (in "
                       "DEFAULT_TIMEZONE, unless it gives its UTC offset) and runs on at real speed")
    console = commands.add_parser("console", help="the whole bot in a terminal, no Slack workspace needed",
                                  description="Type slash commands as any user, see what Slack would show, press "
                                  "buttons, fill modals and move a virtual clock to watch reminders fire.")
    console.add_argument("--demo", action="store_true", help="seed (or reuse) a demo table modelled on the LRT")
    console.add_argument("--script", metavar="FILE", help="run the lines of FILE (- for standard input), print the "
                         "transcript and stop with exit status 1 at the first error")
    console.add_argument("--database", metavar="URL", default="sqlite:///regiebot.db",
                         help="database of the console (default sqlite:///regiebot.db; DATABASE_URL is not used, "
                         "so a console never writes into a production database)")
    console.add_argument("--clock", metavar="'YYYY-MM-DD HH:MM'", help="start the virtual clock here (default: now)")
    commands.add_parser("migrate", help="apply database migrations to DATABASE_URL")
    exporter = commands.add_parser("export", help="write a session's summary to a file (the approved version; "
                                   "else the latest draft, marked as draft)")
    exporter.add_argument("--channel", required=True, help="the table's Slack channel id, e.g. C0123ABCD")
    exporter.add_argument("--session", default="", help="session number or date (default: the last one held)")
    exporter.add_argument("--format", choices=("md", "html", "docx"), default="docx")
    exporter.add_argument("--output", metavar="PATH", help="file to write (default: the document's own name)")
    return root


def moment(text: str) -> datetime:
    """A --clock value: 'YYYY-MM-DD HH:MM[:SS]', with or without its UTC offset (argparse names it when refused)."""
    return datetime.fromisoformat(text)


def serve_clock(arguments: argparse.Namespace, timezone: str) -> OffsetClock | None:
    """`serve --clock`: a clock that is at that moment now (in `timezone` unless it says its offset), else None."""
    if arguments.command != "serve" or arguments.clock is None:
        return None
    return OffsetClock.starting_at(arguments.clock, timezone)


def main(argv: list[str] | None = None) -> int:
    arguments = parser().parse_args(argv)
    try:
        settings = Settings.load()
        if arguments.command == "serve":
            settings.require_slack(socket_mode=arguments.socket)
    except ConfigError as error:
        print(f"regiebot: configuration error: {error}", file=sys.stderr)
        return 2
    if arguments.command == "console":  # no Slack credentials: the console plays Slack itself
        from bot.console import start as console
        return console.main(settings, arguments)
    clock = serve_clock(arguments, settings.default_timezone)  # it starts now, before the checks below
    logs.configure_for(settings)
    try:
        migrate(settings.database_url)
    except Exception as error:  # an unreachable or unusable database: one clear line, no traceback
        print(f"regiebot: database error: {type(error).__name__}: {str(error).splitlines()[0]}", file=sys.stderr)
        return 1
    if arguments.command == "migrate":
        print("regiebot: database is up to date")
        return 0
    if arguments.command == "export":
        return export(settings, arguments)
    return serve(settings, arguments, clock)


def export(settings: Settings, arguments: argparse.Namespace) -> int:
    """`regiebot export`: the same document as `/minutes export`, from the database, without Slack."""
    from pathlib import Path

    from bot.core.access import Permissions
    from bot.core.clock import SystemClock
    from bot.core.replies import Message, UserError
    from bot.minutes.approval import Approval
    from bot.minutes.export import export as export_file
    from bot.minutes.rendering import SummaryRenderer
    from bot.render import Renderer
    from bot.storage.db import Database

    # Only what an export needs: no Slack client, so no token is required to read the database.
    renderer = Renderer.default()
    summaries = SummaryRenderer(renderer)
    approval = Approval(Database.from_url(settings.database_url), SystemClock(),
                        Permissions(frozenset(), lambda _user: False), body=summaries.body_markdown)
    try:
        readable = approval.for_channel(arguments.channel, arguments.session)
    except UserError as error:
        language = error.language or settings.default_language
        print(f"regiebot: {renderer.message(Message(error.template, language, error.context))}", file=sys.stderr)
        return 1
    shared = export_file(readable.document, arguments.format, summaries)
    target = Path(arguments.output or shared.filename)
    target.write_bytes(shared.content)
    stamp = readable.document.stamp
    print(f"regiebot: wrote {target} (session {readable.document.meeting_number}, version {stamp.version}, "
          f"{stamp.status}{', sha256 ' + stamp.content_hash if stamp.content_hash else ''})")
    return 0


def serve(settings: Settings, arguments: argparse.Namespace, clock: OffsetClock | None) -> int:
    try:
        identity = make_client(settings.slack_bot_token, settings.slack_api_url).auth_test()
    except SlackApiError as error:
        print(f"regiebot: Slack refused the bot token: {error.response.get('error')}", file=sys.stderr)
        return 1
    except Exception as error:
        print(f"regiebot: cannot reach Slack at {settings.slack_api_url}: {error}", file=sys.stderr)
        return 1
    log.info("connected to Slack", extra={"team": identity.get("team_id"), "bot_user": identity.get("user_id")})
    if clock is not None:  # never meant for production: say so where an operator looks
        log.warning("the bot's clock is not the system's (serve --clock)", extra={"clock": clock.now().isoformat()})

    if arguments.socket:
        return serve_socket(settings, clock)
    from bot.serving.server import serve_http

    serve_http(port=arguments.port or settings.port, workers=arguments.workers, threads=arguments.threads,
               clock_offset=clock.offset if clock else None)


def serve_socket(settings: Settings, clock: OffsetClock | None) -> int:
    from slack_bolt.adapter.socket_mode import SocketModeHandler

    from bot.app import build

    regiebot = build(settings, clock=clock)
    regiebot.start_scheduler(settings.reminder_interval)
    handler = SocketModeHandler(regiebot.app, settings.slack_app_token, web_client=regiebot.app.client)
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    handler.connect()
    log.info("socket mode connected")
    stop.wait()
    handler.close()
    regiebot.drain()
    log.info("stopped")
    return 0


if __name__ == "__main__":
    sys.exit(main())
