"""The Slack double refuses messages the way Slack does, so a bot that breaks Block Kit's limits fails a test."""

from __future__ import annotations

import json
from typing import Any

import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.testing.slack_double import FakeSlack

CHANNEL = "C0TABLE"


@pytest.fixture
def client(slack_double: FakeSlack) -> WebClient:
    return WebClient(token="xoxb-test", base_url=slack_double.api_url)


def sections(*sizes: int) -> list[dict[str, Any]]:
    return [{"type": "section", "text": {"type": "mrkdwn", "text": "a" * size}} for size in sizes]


def refusal(call: Any) -> str:
    with pytest.raises(SlackApiError) as raised:
        call()
    return str(raised.value.response["error"])


def test_messages_within_the_limits_are_posted(slack_double: FakeSlack, client: WebClient) -> None:
    client.chat_postMessage(channel=CHANNEL, text="x" * 40_000, blocks=sections(*[3_000] * 4))
    client.chat_postMessage(channel=CHANNEL, text="kort", blocks=sections(*[10] * 50))
    assert slack_double.rejected == []
    assert len(slack_double.sent("chat.postMessage")) == 2


def test_more_than_fifty_blocks_are_invalid(slack_double: FakeSlack, client: WebClient) -> None:
    assert refusal(lambda: client.chat_postMessage(channel=CHANNEL, text="t", blocks=sections(*[1] * 51))) \
        == "invalid_blocks"
    assert [call.method for call in slack_double.rejected] == ["chat.postMessage"]


def test_a_section_over_three_thousand_characters_is_invalid(slack_double: FakeSlack, client: WebClient) -> None:
    assert refusal(lambda: client.chat_postMessage(channel=CHANNEL, text="t", blocks=sections(3_001))) \
        == "invalid_blocks"
    fields = [{"type": "section", "fields": [{"type": "mrkdwn", "text": "f" * 3_001}]}]
    assert refusal(lambda: client.chat_postEphemeral(channel=CHANNEL, user="U0MEMBER", text="t", blocks=fields)) \
        == "invalid_blocks"
    assert len(slack_double.rejected) == 2


def test_too_much_block_text_in_one_message_is_refused(slack_double: FakeSlack, client: WebClient) -> None:
    assert refusal(lambda: client.chat_postMessage(channel=CHANNEL, text="t", blocks=sections(*[2_700] * 5))) \
        == "msg_blocks_too_long"
    assert refusal(lambda: client.chat_update(channel=CHANNEL, ts="1700000001.000100", text="t",
                                              blocks=sections(*[2_700] * 5))) == "msg_blocks_too_long"


def test_text_over_forty_thousand_characters_is_too_long(slack_double: FakeSlack, client: WebClient) -> None:
    assert refusal(lambda: client.chat_postMessage(channel=CHANNEL, text="x" * 40_001)) == "msg_too_long"
    assert slack_double.rejected[0].response == {"ok": False, "error": "msg_too_long"}


def test_form_encoded_blocks_are_checked_too(slack_double: FakeSlack, client: WebClient) -> None:
    blocks = json.dumps(sections(*[1] * 51))
    assert refusal(lambda: client.api_call("chat.postMessage", data={"channel": CHANNEL, "blocks": blocks})) \
        == "invalid_blocks"
    assert isinstance(slack_double.rejected[0].params["blocks"], str)


def test_chat_update_answers_with_channel_ts_and_text(client: WebClient) -> None:
    response = client.chat_update(channel=CHANNEL, ts="1700000001.000100", text="bijgewerkt")
    assert response.data == {"ok": True, "channel": CHANNEL, "ts": "1700000001.000100", "text": "bijgewerkt"}


def test_a_header_over_one_hundred_fifty_characters_is_invalid(client: WebClient) -> None:
    header = [{"type": "header", "text": {"type": "plain_text", "text": "h" * 151}}]
    assert refusal(lambda: client.chat_postMessage(channel=CHANNEL, text="t", blocks=header)) == "invalid_blocks"
    header[0]["text"]["text"] = "h" * 150
    assert client.chat_postMessage(channel=CHANNEL, text="t", blocks=header)["ok"] is True


def test_blocks_that_are_not_json_are_an_invalid_format(client: WebClient) -> None:
    assert refusal(lambda: client.api_call("chat.postMessage", data={"channel": CHANNEL, "blocks": "[{"})) \
        == "invalid_blocks_format"
