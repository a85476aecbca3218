"""The one place where bytes leave for Slack's Web API.

Every call goes to SLACK_API_URL, is logged (method, outcome, duration; never the token), and is retried
by slack-sdk's handlers: connection errors, HTTP 429 honouring Retry-After, and 5xx answers. All
handlers share one attempt counter per call (see slack-facts §4), so the counts below are a total.
"""

from __future__ import annotations

import logging
import time
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackRequestError
from slack_sdk.http_retry.builtin_handlers import (
    ConnectionErrorRetryHandler,
    RateLimitErrorRetryHandler,
    ServerErrorRetryHandler,
)
from slack_sdk.web import SlackResponse

from bot.render import split_text

log = logging.getLogger("regiebot.slack")
MAX_ATTEMPTS = 5


class LoggingWebClient(WebClient):
    """A WebClient that writes one log line per Web API call."""

    def api_call(self, api_method: str, **kwargs: Any) -> SlackResponse:
        started = time.perf_counter()
        try:
            response = super().api_call(api_method, **kwargs)
        except SlackApiError as error:
            log.warning("web api call failed", extra={"method": api_method, "outcome": error.response.get("error"),
                                                       "status": error.response.status_code,
                                                       "ms": round((time.perf_counter() - started) * 1000, 1)})
            raise
        except Exception as error:
            log.warning("web api call failed", extra={"method": api_method, "outcome": type(error).__name__,
                                                       "ms": round((time.perf_counter() - started) * 1000, 1)})
            raise
        log.info("web api call", extra={"method": api_method, "outcome": "ok", "status": response.status_code,
                                        "ms": round((time.perf_counter() - started) * 1000, 1)})
        return response


def make_client(token: str, base_url: str, *, attempts: int = MAX_ATTEMPTS) -> LoggingWebClient:
    """A client that retries connection errors, 429s (after Retry-After) and 5xx answers `attempts` times.

    Reminders use attempts=1: their delivery retries on its own schedule, so one failing reminder does not
    hold the others back for long.
    """
    return LoggingWebClient(
        token=token or None,
        base_url=base_url,
        timeout=10,
        retry_handlers=[
            ConnectionErrorRetryHandler(max_retry_count=attempts),
            RateLimitErrorRetryHandler(max_retry_count=attempts),
            ServerErrorRetryHandler(max_retry_count=attempts),
        ],
    )


class SlackGateway:
    """What the bot asks of Slack, in the bot's words."""

    def __init__(self, client: WebClient) -> None:
        self.client = client

    def post(self, channel: str, text: str, *, thread_ts: str | None = None,
             blocks: list[dict[str, Any]] | None = None) -> list[str]:
        """Post to a channel (or a user id: their direct messages with the bot), split over several messages
        when long; `blocks` go with the last piece. Returns the messages' timestamps."""
        stamps = []
        pieces = split_text(text)
        for index, piece in enumerate(pieces):
            response = self.client.chat_postMessage(
                channel=channel, text=piece, thread_ts=thread_ts, unfurl_links=False, unfurl_media=False,
                blocks=blocks if index == len(pieces) - 1 else None)
            stamps.append(str(response["ts"]))
        return stamps

    def post_blocks(self, channel: str, text: str, blocks: list[dict[str, Any]], *,
                    thread_ts: str | None = None) -> str:
        """Post one message built to Slack's limits by the caller (`text` is its notification line)."""
        response = self.client.chat_postMessage(channel=channel, text=text, blocks=blocks, thread_ts=thread_ts,
                                                unfurl_links=False, unfurl_media=False)
        return str(response["ts"])

    def update(self, channel: str, ts: str, text: str, blocks: list[dict[str, Any]]) -> None:
        self.client.chat_update(channel=channel, ts=ts, text=text, blocks=blocks)

    def post_ephemeral(self, channel: str, user: str, text: str, *, thread_ts: str | None = None) -> None:
        for piece in split_text(text):
            self.client.chat_postEphemeral(channel=channel, user=user, text=piece, thread_ts=thread_ts)

    def upload(self, channel_id: str, filename: str, content: bytes, title: str, initial_comment: str, *,
               thread_ts: str | None = None) -> bool:
        """Share a file in a channel (files v2: upload URL, bytes, complete); False when Slack would not take it."""
        try:
            self.client.files_upload_v2(channel=channel_id, filename=filename, content=content, title=title,
                                        initial_comment=initial_comment, thread_ts=thread_ts)
        except SlackApiError as error:
            log.warning("file upload refused", extra={"channel": channel_id, "outcome": error.response.get("error")})
            return False
        except (SlackRequestError, OSError) as error:  # the byte transfer (step 2) is not a Web API call
            log.warning("file upload failed", extra={"channel": channel_id, "outcome": type(error).__name__})
            return False
        return True

    def open_view(self, trigger_id: str, view: dict[str, Any]) -> None:
        self.client.views_open(trigger_id=trigger_id, view=view)

    def publish_home(self, user_id: str, view: dict[str, Any]) -> None:
        self.client.views_publish(user_id=user_id, view=view)

    def user_name(self, user_id: str) -> str:
        """The person's display name, or their id when Slack cannot tell."""
        try:
            user = self.client.users_info(user=user_id)["user"]
        except SlackApiError:
            return user_id
        profile = user.get("profile", {})
        return profile.get("display_name") or profile.get("real_name") or user.get("name") or user_id

    def is_workspace_admin(self, user_id: str) -> bool:
        try:
            user = self.client.users_info(user=user_id)["user"]
        except SlackApiError:
            return False
        return bool(user.get("is_admin") or user.get("is_owner") or user.get("is_primary_owner"))
