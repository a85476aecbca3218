"""Settings: every variable documented in .env.example, and bad configuration stops with one clear line."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from bot.config import ConfigError, Settings

ROOT = Path(__file__).resolve().parent.parent


def _example_variables() -> dict[str, str]:
    pairs = re.findall(r"^([A-Z_]+)=(.*)$", (ROOT / ".env.example").read_text(), flags=re.MULTILINE)
    return dict(pairs)


def test_env_example_lists_exactly_the_settings():
    assert set(_example_variables()) == {name.upper() for name in Settings.model_fields}


def test_env_example_values_are_valid_settings_but_not_usable_secrets():
    values = {key.lower(): value for key, value in _example_variables().items()}
    settings = Settings(_env_file=None, **values)  # type: ignore[arg-type]
    with pytest.raises(ConfigError, match="SLACK_BOT_TOKEN still holds the placeholder"):
        settings.require_slack()


def test_every_setting_has_help_text():
    assert all(field.description for field in Settings.model_fields.values())


@pytest.mark.parametrize(("override", "message"), [
    ({"port": "eighty"}, "PORT: Input should be a valid integer, unable to parse string as an integer"),
    ({"default_timezone": "Mars/Olympus"}, "DEFAULT_TIMEZONE: Value error, unknown time zone 'Mars/Olympus'"),
    ({"log_format": "xml"}, "LOG_FORMAT: Input should be 'text' or 'json'"),
    ({"slack_api_url": "slack.com/api"}, "SLACK_API_URL: Value error, must start with http:// or https://"),
])
def test_malformed_setting_is_one_clear_line(override, message):
    with pytest.raises(ConfigError) as caught:
        Settings.load(_env_file=None, **override)
    assert str(caught.value) == message


def test_api_url_gets_its_trailing_slash():
    assert Settings(_env_file=None, slack_api_url="http://127.0.0.1:9/api").slack_api_url == "http://127.0.0.1:9/api/"


@pytest.mark.parametrize(("environment", "expected"), [
    ({}, "regiebot: configuration error: SLACK_BOT_TOKEN is not set (see .env.example)"),
    ({"SLACK_BOT_TOKEN": "xoxb-1"},
     "regiebot: configuration error: SLACK_SIGNING_SECRET is not set (see .env.example)"),
    ({"SLACK_BOT_TOKEN": "xoxp-1", "SLACK_SIGNING_SECRET": "s"},
     "regiebot: configuration error: SLACK_BOT_TOKEN must start with xoxb-"),
    ({"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_SIGNING_SECRET": "s", "PORT": "x"},
     "regiebot: configuration error: PORT: Input should be a valid integer, unable to parse string as an integer"),
])
def test_serve_refuses_to_start_with_one_line(tmp_path, environment, expected):
    result = subprocess.run([sys.executable, "-m", "bot.cli", "serve"], cwd=tmp_path, capture_output=True, text=True,
                            env={"PATH": "/usr/bin:/bin", **environment}, timeout=60)
    assert result.returncode == 2
    assert result.stderr.strip() == expected
    assert "Traceback" not in result.stderr


def test_socket_mode_needs_an_app_token(tmp_path):
    result = subprocess.run([sys.executable, "-m", "bot.cli", "serve", "--socket"], cwd=tmp_path,
                            capture_output=True, text=True, env={"PATH": "/usr/bin:/bin", "SLACK_BOT_TOKEN": "xoxb-1"},
                            timeout=60)
    assert result.returncode == 2
    assert result.stderr.strip() == "regiebot: configuration error: SLACK_APP_TOKEN is not set (see .env.example)"


def test_version_and_help():
    from bot import __version__
    version = subprocess.run([sys.executable, "-m", "bot.cli", "--version"], capture_output=True, text=True,
                             timeout=60)
    assert version.stdout.strip() == f"regiebot {__version__}"
    shown = subprocess.run([sys.executable, "-m", "bot.cli", "--help"], capture_output=True, text=True, timeout=60)
    assert shown.returncode == 0
    assert all(word in shown.stdout for word in ("serve", "migrate", "--version"))
