"""Slack's limits on a message, and the error Slack gives a message that breaks one (slack-facts §5).

`invalid_blocks` for more than 50 blocks, a header over 150 characters, or a section or any mrkdwn text over
3,000; `msg_blocks_too_long` past ~13,200 characters of block text in all; `msg_too_long` for a `text` over
40,000.
"""

from __future__ import annotations

import json
from typing import Any

MESSAGE_METHODS = ("chat.postMessage", "chat.update", "chat.postEphemeral")  # the calls held to these limits
MAX_BLOCKS = 50
MAX_SECTION_TEXT = 3_000
MAX_HEADER_TEXT = 150
MAX_BLOCK_TEXT = 13_200  # where Slack was seen to answer msg_blocks_too_long (bolt-js#2509, #2867)
MAX_MESSAGE_TEXT = 40_000


def message_refusal(params: dict[str, Any]) -> str | None:
    """The error Slack gives a message that breaks its limits, or None when it would post it."""
    if len(str(params.get("text") or "")) > MAX_MESSAGE_TEXT:
        return "msg_too_long"
    blocks = params.get("blocks") or []
    if isinstance(blocks, str):
        try:
            blocks = json.loads(blocks)
        except ValueError:
            return "invalid_blocks_format"
    if not isinstance(blocks, list) or len(blocks) > MAX_BLOCKS:
        return "invalid_blocks"
    for block in blocks:
        if not isinstance(block, dict) or _over_length(block):
            return "invalid_blocks"
    if sum(len(text) for text in _texts(blocks)) > MAX_BLOCK_TEXT:
        return "msg_blocks_too_long"
    return None


def _over_length(block: dict[str, Any]) -> bool:
    if block.get("type") == "header":
        return len(str((block.get("text") or {}).get("text", ""))) > MAX_HEADER_TEXT
    if block.get("type") == "section" and len(str((block.get("text") or {}).get("text", ""))) > MAX_SECTION_TEXT:
        return True
    # any mrkdwn text object (section fields, context elements, …); a `markdown` block's text is a plain string
    return any(len(text) > MAX_SECTION_TEXT for text in _texts([block], kinds=("mrkdwn",)))


def _texts(value: Any, kinds: tuple[str, ...] = ("mrkdwn", "plain_text", "markdown")) -> list[str]:
    """Every string of a text object (or of a `markdown` block) of the given types inside blocks, depth first."""
    if isinstance(value, list):
        return [text for element in value for text in _texts(element, kinds)]
    if not isinstance(value, dict):
        return []
    text = value.get("text")
    found = [text] if isinstance(text, str) and value.get("type") in kinds else []
    return found + [text for element in value.values() if isinstance(element, dict | list)
                    for text in _texts(element, kinds)]
