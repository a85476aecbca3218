"""Requests built exactly as Slack builds them: form-encoded bodies, signed with the app's signing secret."""

from __future__ import annotations

import json
import time
from typing import Any
from urllib.parse import urlencode

from slack_sdk.signature import SignatureVerifier


def signed_headers(secret: str, body: str, *, timestamp: int | None = None, content_type: str) -> dict[str, str]:
    stamp = str(int(time.time()) if timestamp is None else timestamp)
    signature = SignatureVerifier(secret).generate_signature(timestamp=stamp, body=body)
    return {"Content-Type": content_type, "X-Slack-Request-Timestamp": stamp, "X-Slack-Signature": signature}


def slash_command(*, command: str, text: str, user_id: str, channel_id: str, team_id: str, response_url: str,
                  trigger_id: str) -> str:
    return urlencode({
        "token": "legacy-verification-token", "team_id": team_id, "team_domain": "test",
        "channel_id": channel_id, "channel_name": "table", "user_id": user_id, "user_name": user_id.lower(),
        "command": command, "text": text, "api_app_id": "A0000001", "is_enterprise_install": "false",
        "response_url": response_url, "trigger_id": trigger_id,
    })


def view_submission(*, callback_id: str, view_id: str, values: dict[str, dict[str, Any]], private_metadata: str,
                    user_id: str, team_id: str) -> str:
    state = {block: {"value": value} for block, value in values.items()}
    payload = {
        "type": "view_submission", "team": {"id": team_id, "domain": "test"},
        "user": {"id": user_id, "username": user_id.lower(), "team_id": team_id},
        "api_app_id": "A0000001", "token": "legacy-verification-token", "trigger_id": f"trigger-{view_id}",
        "view": {"id": view_id, "team_id": team_id, "type": "modal", "callback_id": callback_id,
                 "private_metadata": private_metadata, "hash": "hash-1", "state": {"values": state}, "blocks": []},
    }
    return urlencode({"payload": json.dumps(payload)})


def event_callback(*, event: dict[str, Any], event_id: str, team_id: str) -> str:
    return json.dumps({
        "token": "legacy-verification-token", "team_id": team_id, "api_app_id": "A0000001", "event": event,
        "type": "event_callback", "event_id": event_id, "event_time": int(time.time()),
        "authorizations": [{"team_id": team_id, "user_id": "UBOT0001", "is_bot": True}],
    })
