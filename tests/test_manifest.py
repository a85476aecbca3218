"""manifest.yml creates the app the code expects: every command has a listener and every listener is in the
manifest, the scopes are the ones the bot uses, and the Socket Mode variant is the same app."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
import yaml

from bot.core.commands import SLASH_COMMANDS
from bot.slack import blocks as views

ROOT = Path(__file__).resolve().parent.parent
SCOPES = {
    "commands": "slash commands",
    "chat:write": "chat.postMessage, chat.postEphemeral",
    "users:read": "users.info: display names, workspace admins",
    "files:write": "files_upload_v2 (files.getUploadURLExternal, files.completeUploadExternal): the .ics of "
                   "/meeting calendar and /minutes export",
    "channels:history": "message.channels: the chair's approval replied in a summary's thread",
    "groups:history": "message.groups: the same in private channels",
}


def _manifest(name: str = "manifest.yml") -> dict:
    return yaml.safe_load((ROOT / name).read_text())


def _registrations(kind: str) -> set[str]:
    """The first argument of every `app.<kind>("…")` call in handlers/."""
    found = set()
    for path in (ROOT / "handlers").glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == kind
                    and isinstance(node.func.value, ast.Name) and node.func.value.id == "app" and node.args):
                argument = node.args[0]
                if isinstance(argument, ast.Constant):
                    found.add(argument.value)
                elif isinstance(argument, ast.Name) and hasattr(views, argument.id):  # a callback id
                    found.add(getattr(views, argument.id))
    return found


def test_the_manifest_creates_exactly_the_declared_commands():
    # handlers/commands.py registers a listener for each declared command (test_regie sends each one `help`)
    manifest_commands = {command["command"] for command in _manifest()["features"]["slash_commands"]}
    assert manifest_commands == set(SLASH_COMMANDS)
    assert _registrations("command") == set()  # no command is registered by hand beside the table


@pytest.mark.parametrize("name", ["manifest.yml", "manifest.socket.yml"])
def test_each_commands_usage_hint_is_the_usage_of_its_declared_verbs(name):
    hints = {command["command"]: command["usage_hint"] for command in _manifest(name)["features"]["slash_commands"]}
    assert hints == {command.name: command.usage_hint() for command in SLASH_COMMANDS.values()}


def test_every_subscribed_event_has_a_listener_and_every_event_listener_is_subscribed():
    # message.channels and message.groups both arrive as `message` events
    subscribed = {event.split(".")[0] for event in _manifest()["settings"]["event_subscriptions"]["bot_events"]}
    assert subscribed == _registrations("event")


def test_message_shortcuts_match_their_listeners():
    shortcuts = {shortcut["callback_id"] for shortcut in _manifest()["features"].get("shortcuts", [])}
    assert shortcuts == _registrations("shortcut")


def test_the_bot_asks_for_the_scopes_it_uses_and_no_more():
    assert set(_manifest()["oauth_config"]["scopes"]["bot"]) == set(SCOPES)


def test_commands_fit_slacks_manifest_limits_and_escape_mentions():
    for command in _manifest()["features"]["slash_commands"]:
        assert 2 <= len(command["command"]) <= 32 and command["command"].startswith("/")
        assert 1 <= len(command["description"]) <= 2000
        assert len(command["usage_hint"]) <= 1000
        assert command["should_escape"] is True  # people arrive as <@U123|name>, channels as <#C123|name>
        assert command["url"].endswith("/slack/events")


def test_http_manifest_sends_everything_to_one_endpoint():
    settings = _manifest()["settings"]
    assert settings["socket_mode_enabled"] is False
    assert settings["interactivity"]["is_enabled"] is True
    assert settings["interactivity"]["request_url"].endswith("/slack/events")
    assert settings["event_subscriptions"]["request_url"].endswith("/slack/events")


def _without_urls(value):
    if isinstance(value, dict):
        return {key: _without_urls(item) for key, item in value.items() if key not in ("url", "request_url")}
    if isinstance(value, list):
        return [_without_urls(item) for item in value]
    return value


def test_socket_mode_variant_is_the_same_app_without_request_urls():
    http, socket = _manifest(), _manifest("manifest.socket.yml")
    assert socket["settings"]["socket_mode_enabled"] is True
    http["settings"]["socket_mode_enabled"] = True
    assert socket == _without_urls(http)
