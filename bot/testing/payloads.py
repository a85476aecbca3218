"""Requests built exactly as Slack builds them: form-encoded or JSON bodies, signed with the app's secret.

Nothing here sends anything: `regiebot console` and the tests sign what these return and hand it to Bolt.
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlencode

from slack_sdk.signature import SignatureVerifier

from bot.testing.slack_double import BOT_USER_ID

APP_ID = "A0000001"
VERIFICATION_TOKEN = "legacy-verification-token"
FORM = "application/x-www-form-urlencoded"
JSON = "application/json"
MENTION = re.compile(r"(?<![\w@])@([a-z0-9][a-z0-9_-]*)", re.IGNORECASE)
CHANNEL = re.compile(r"(?<![\w#&])#([a-z][a-z0-9_-]*)", re.IGNORECASE)
URL = re.compile(r"(?<![<|])\b(https?://[^\s<>|]+)")


def signed_headers(secret: str, body: str, *, timestamp: int | None = None, content_type: str) -> dict[str, str]:
    stamp = str(int(time.time()) if timestamp is None else timestamp)
    signature = SignatureVerifier(secret).generate_signature(timestamp=stamp, body=body)
    assert signature is not None  # None only for a missing timestamp or body
    return {"Content-Type": content_type, "X-Slack-Request-Timestamp": stamp, "X-Slack-Signature": signature}


def typed_text(text: str, *, people: Mapping[str, str], channels: Mapping[str, str]) -> str:
    """What a person typed as Slack sends it with `should_escape`: `&`, `<`, `>` escaped, `@handle` and
    `#channel` of known people (handle → user id) and channels (name → id) as mentions, links in brackets."""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")

    def person(match: re.Match[str]) -> str:
        handle = match.group(1).lower()
        return f"<@{people[handle]}|{handle}>" if handle in people else match.group(0)

    def channel(match: re.Match[str]) -> str:
        name = match.group(1).lower()
        return f"<#{channels[name]}|{name}>" if name in channels else match.group(0)

    return URL.sub(r"<\1>", CHANNEL.sub(channel, MENTION.sub(person, text)))


def slash_command(*, command: str, text: str, user_id: str, channel_id: str, team_id: str, response_url: str,
                  trigger_id: str, user_name: str | None = None, channel_name: str = "table") -> str:
    return urlencode({
        "token": VERIFICATION_TOKEN, "team_id": team_id, "team_domain": "test",
        "channel_id": channel_id, "channel_name": channel_name, "user_id": user_id,
        "user_name": user_name or user_id.lower(), "command": command, "text": text, "api_app_id": APP_ID,
        "is_enterprise_install": "false", "response_url": response_url, "trigger_id": trigger_id,
    })


def view_submission(*, callback_id: str, view_id: str, values: dict[str, dict[str, Any]], private_metadata: str,
                    user_id: str, team_id: str, view: dict[str, Any] | None = None,
                    action_ids: dict[str, str] | None = None, trigger_id: str | None = None) -> str:
    """A modal's submission. `values` maps each input block to its element's state; the element's action id
    is `value` unless `action_ids` names it. `view` is the modal as it was opened (title, blocks, …)."""
    state = {block: {(action_ids or {}).get(block, "value"): value} for block, value in values.items()}
    opened = {key: value for key, value in (view or {}).items() if key not in ("state", "id")}
    payload = {
        "type": "view_submission", "team": {"id": team_id, "domain": "test"},
        "user": {"id": user_id, "username": user_id.lower(), "team_id": team_id},
        "api_app_id": APP_ID, "token": VERIFICATION_TOKEN, "trigger_id": trigger_id or f"trigger-{view_id}",
        "view": {"blocks": [], **opened, "id": view_id, "team_id": team_id, "type": "modal",
                 "callback_id": callback_id, "private_metadata": private_metadata, "hash": "hash-1",
                 "state": {"values": state}},
    }
    return urlencode({"payload": json.dumps(payload)})


def block_actions(*, action: dict[str, Any], user_id: str, team_id: str, trigger_id: str,
                  channel_id: str | None = None, message: dict[str, Any] | None = None,
                  view: dict[str, Any] | None = None, response_url: str | None = None,
                  user_name: str | None = None) -> str:
    """A button pressed in a message (`channel_id` and `message`, with its `ts`) or in a view (the App Home)."""
    payload: dict[str, Any] = {
        "type": "block_actions", "team": {"id": team_id, "domain": "test"},
        "user": {"id": user_id, "username": user_name or user_id.lower(), "name": user_name or user_id.lower(),
                 "team_id": team_id},
        "api_app_id": APP_ID, "token": VERIFICATION_TOKEN, "trigger_id": trigger_id, "is_enterprise_install": False,
        "state": {"values": {}}, "actions": [{"action_ts": f"{time.time():.6f}", **action}],
    }
    if view is not None:
        payload["container"] = {"type": "view", "view_id": view.get("id", "")}
        payload["view"] = view
    else:
        payload["container"] = {"type": "message", "message_ts": (message or {}).get("ts", ""),
                                "channel_id": channel_id, "is_ephemeral": bool((message or {}).get("ephemeral"))}
        payload["channel"] = {"id": channel_id, "name": "table"}
        payload["message"] = {key: value for key, value in (message or {}).items() if key != "ephemeral"}
    if response_url:
        payload["response_url"] = response_url
    return urlencode({"payload": json.dumps(payload)})


def event_callback(*, event: dict[str, Any], event_id: str, team_id: str) -> str:
    return json.dumps({
        "token": VERIFICATION_TOKEN, "team_id": team_id, "api_app_id": APP_ID, "event": event,
        "type": "event_callback", "event_id": event_id, "event_time": int(time.time()),
        "authorizations": [{"team_id": team_id, "user_id": BOT_USER_ID, "is_bot": True}],
    })


def app_home_opened(*, user_id: str, channel_id: str, event_ts: str) -> dict[str, Any]:
    """The event Slack sends when someone opens the bot's Home tab."""
    return {"type": "app_home_opened", "user": user_id, "channel": channel_id, "tab": "home", "event_ts": event_ts}


def message(*, user_id: str, channel_id: str, text: str, ts: str, thread_ts: str | None = None) -> dict[str, Any]:
    """The `message` event of something a person typed in a channel, or in a thread (`thread_ts`)."""
    event = {"type": "message", "user": user_id, "channel": channel_id, "text": text, "ts": ts, "event_ts": ts,
             "channel_type": "channel"}
    if thread_ts:
        event["thread_ts"] = thread_ts
    return event
