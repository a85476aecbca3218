"""`regiebot serve --socket`: the same listeners over Socket Mode, with the app token and no public URL, and on the
clock `serve --clock` gives it."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from datetime import date
from pathlib import Path
from urllib.parse import parse_qs

from bot.testing import payloads as slack_payloads
from bot.testing.slack_double import FakeSlack
from tests.conftest import BOT_TOKEN
from tests.fake_socket import FakeSocketMode
from tests.harness import ADMIN, CHANNEL, TEAM

REGIEBOT = Path(sys.executable).parent / "regiebot"
APP_TOKEN = "xapp-test-app-level-token"


def _envelope(number: int, command: str, text: str, slack: FakeSlack) -> dict:
    body = slack_payloads.slash_command(command=command, text=text, user_id=ADMIN, channel_id=CHANNEL,
                                        team_id=TEAM, response_url=slack.response_url(f"socket{number}"),
                                        trigger_id=f"trigger-socket{number}")
    payload = {key: values[0] for key, values in parse_qs(body).items()}
    return {"envelope_id": f"envelope-{number}", "type": "slash_commands", "payload": payload,
            "accepts_response_payload": True}


def test_socket_mode_serves_commands_and_stops_on_sigterm(slack: FakeSlack, database, database_url: str,
                                                          tmp_path: Path) -> None:
    socket = FakeSocketMode()
    slack.socket_url = socket.url
    environment = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "SLACK_BOT_TOKEN": BOT_TOKEN,
                   "SLACK_APP_TOKEN": APP_TOKEN, "SLACK_API_URL": slack.api_url, "DATABASE_URL": database_url,
                   "BOT_ADMINS": ADMIN, "DEFAULT_LANGUAGE": "en", "LOG_FORMAT": "json"}
    ahead = date.today().year + 5  # a year ahead of the system's clock, and behind the bot's
    process = subprocess.Popen([str(REGIEBOT), "serve", "--socket", "--clock", f"{ahead + 5}-01-01 09:00"],
                               cwd=tmp_path, env=environment, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    commands = [("/regie", "setup Regietafel en"), ("/regie", f"member add <@{ADMIN}> BZK secretary"),
                ("/meeting", f"schedule {ahead}-06-01 10:00")]
    try:
        assert socket.connected.wait(30), "the bot did not open a Socket Mode connection"
        for number, (command, text) in enumerate(commands, start=1):
            socket.send(_envelope(number, command, text, slack))
            ack = socket.acks.get(timeout=10)
            assert ack["envelope_id"] == f"envelope-{number}"
            assert slack.wait_for(lambda number=number: bool(slack.responses(f"socket{number}")), timeout=10)
        assert "is now the steering table *Regietafel*" in slack.responses("socket1")[0]["text"]
        assert "lies in the past" in slack.responses("socket3")[0]["text"]
        process.send_signal(signal.SIGTERM)
        _, stderr = process.communicate(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
        socket.stop()
    assert process.returncode == 0
    opened = [call for call in slack.calls if call.method == "apps.connections.open"]
    assert opened and opened[0].headers["Authorization"] == f"Bearer {APP_TOKEN}"
    assert APP_TOKEN not in stderr and BOT_TOKEN not in stderr
    lines = [json.loads(line) for line in stderr.splitlines() if line.startswith("{")]
    assert [line["outcome"] for line in lines if line["message"] == "command"] == ["ok", "ok", "refused:date_in_past"]
    clocks = [line["clock"] for line in lines if "clock" in line]  # serve says its clock is not the system's
    assert len(clocks) == 1 and clocks[0].startswith(f"{ahead + 5}-01-01T08:00")  # 09:00 in Amsterdam, in UTC
