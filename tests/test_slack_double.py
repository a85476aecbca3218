"""The Slack double refuses messages the way Slack does, so a bot that breaks Block Kit's limits fails a test."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.testing.slack_double import FakeSlack

CHANNEL = "C0TABLE"


@pytest.fixture
def double() -> Iterator[FakeSlack]:
    slack = FakeSlack().start()
    yield slack
    slack.stop()


@pytest.fixture
def client(double: FakeSlack) -> WebClient:
    return WebClient(token="xoxb-test", base_url=double.api_url)


def sections(*sizes: int) -> list[dict[str, Any]]:
    return [{"type": "section", "text": {"type": "mrkdwn", "text": "a" * size}} for size in sizes]


def refusal(call: Any) -> str:
    with pytest.raises(SlackApiError) as raised:
        call()
    return str(raised.value.response["error"])


def test_messages_within_the_limits_are_posted(double: FakeSlack, client: WebClient) -> None:
    client.chat_postMessage(channel=CHANNEL, text="x" * 40_000, blocks=sections(*[3_000] * 4))
    client.chat_postMessage(channel=CHANNEL, text="kort", blocks=sections(*[10] * 50))
    assert double.rejected == []
    assert len(double.sent("chat.postMessage")) == 2


def test_more_than_fifty_blocks_are_invalid(double: FakeSlack, client: WebClient) -> None:
    assert refusal(lambda: client.chat_postMessage(channel=CHANNEL, text="t", blocks=sections(*[1] * 51))) \
        == "invalid_blocks"
    assert [call.method for call in double.rejected] == ["chat.postMessage"]


def test_a_section_over_three_thousand_characters_is_invalid(double: FakeSlack, client: WebClient) -> None:
    assert refusal(lambda: client.chat_postMessage(channel=CHANNEL, text="t", blocks=sections(3_001))) \
        == "invalid_blocks"
    fields = [{"type": "section", "fields": [{"type": "mrkdwn", "text": "f" * 3_001}]}]
    assert refusal(lambda: client.chat_postEphemeral(channel=CHANNEL, user="U0MEMBER", text="t", blocks=fields)) \
        == "invalid_blocks"
    assert len(double.rejected) == 2


def test_too_much_block_text_in_one_message_is_refused(double: FakeSlack, client: WebClient) -> None:
    assert refusal(lambda: client.chat_postMessage(channel=CHANNEL, text="t", blocks=sections(*[2_700] * 5))) \
        == "msg_blocks_too_long"
    assert refusal(lambda: client.chat_update(channel=CHANNEL, ts="1700000001.000100", text="t",
                                              blocks=sections(*[2_700] * 5))) == "msg_blocks_too_long"


def test_text_over_forty_thousand_characters_is_too_long(double: FakeSlack, client: WebClient) -> None:
    assert refusal(lambda: client.chat_postMessage(channel=CHANNEL, text="x" * 40_001)) == "msg_too_long"
    assert double.rejected[0].response == {"ok": False, "error": "msg_too_long"}


def test_form_encoded_blocks_are_checked_too(double: FakeSlack, client: WebClient) -> None:
    blocks = json.dumps(sections(*[1] * 51))
    assert refusal(lambda: client.api_call("chat.postMessage", data={"channel": CHANNEL, "blocks": blocks})) \
        == "invalid_blocks"
    assert isinstance(double.rejected[0].params["blocks"], str)


def test_chat_update_answers_with_channel_ts_and_text(client: WebClient) -> None:
    response = client.chat_update(channel=CHANNEL, ts="1700000001.000100", text="bijgewerkt")
    assert response.data == {"ok": True, "channel": CHANNEL, "ts": "1700000001.000100", "text": "bijgewerkt"}
