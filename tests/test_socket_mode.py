"""`regiebot serve --socket`: the same listeners over Socket Mode, with the app token and no public URL."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path
from urllib.parse import parse_qs

from bot.testing import payloads as slack_payloads
from bot.testing.slack_double import FakeSlack
from tests.conftest import BOT_TOKEN
from tests.fake_socket import FakeSocketMode
from tests.harness import ADMIN, CHANNEL, TEAM

REGIEBOT = Path(sys.executable).parent / "regiebot"
APP_TOKEN = "xapp-test-app-level-token"


def _envelope(number: int, text: str, slack: FakeSlack) -> dict:
    body = slack_payloads.slash_command(command="/regie", text=text, user_id=ADMIN, channel_id=CHANNEL,
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
    process = subprocess.Popen([str(REGIEBOT), "serve", "--socket"], cwd=tmp_path, env=environment,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert socket.connected.wait(30), "the bot did not open a Socket Mode connection"
        socket.send(_envelope(1, "setup Regietafel en", slack))
        ack = socket.acks.get(timeout=10)
        assert ack["envelope_id"] == "envelope-1"
        assert slack.wait_for(lambda: bool(slack.responses("socket1")), timeout=10)
        assert "is now the steering table *Regietafel*" in slack.responses("socket1")[0]["text"]
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
    outcomes = [json.loads(line).get("outcome") for line in stderr.splitlines()
                if line.startswith("{") and json.loads(line).get("message") == "command"]
    assert outcomes == ["ok"]
