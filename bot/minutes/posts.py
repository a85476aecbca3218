"""A long mrkdwn text as Slack thread messages that stay inside Block Kit's limits (slack-facts §5).

Each message carries mrkdwn section blocks of at most 3,000 characters, at most 50 of them and at most
12,000 characters of block text in all: Slack answers `msg_blocks_too_long` somewhere above ~13,200. The text
is cut on line boundaries, a single over-long line at a word boundary; nothing is cut off and order is kept.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from slack_sdk.models.blocks import MarkdownTextObject, SectionBlock

SECTION_LIMIT = 3_000
BLOCKS_PER_MESSAGE = 50
BLOCK_TEXT_PER_MESSAGE = 12_000
MESSAGES_BEFORE_FILE = 10


@dataclass(frozen=True)
class ThreadMessage:
    text: str  # the notification fallback, e.g. "Samenvatting, deel 2 van 5"
    blocks: list[dict[str, Any]]


def thread_messages(text: str, *, label: Callable[[int, int], str]) -> list[ThreadMessage]:
    """The text as messages whose blocks, read in order, hold all of it; `label(n, total)` names each."""
    groups = _messages(sections(text))
    return [ThreadMessage(text=label(number, len(groups)),
                          blocks=[SectionBlock(text=MarkdownTextObject(text=section)).to_dict() for section in group])
            for number, group in enumerate(groups, start=1)]


def should_attach(text: str) -> bool:
    """True when the text needs more than ten thread messages: then it goes up as a file instead."""
    return len(_messages(sections(text))) > MESSAGES_BEFORE_FILE


def sections(text: str, limit: int = SECTION_LIMIT) -> list[str]:
    """Pieces of at most `limit` characters: whole lines where they fit, else a line cut between words."""
    pieces: list[str] = []
    current: list[str] = []
    size = 0
    for line in text.split("\n"):
        if len(line) > limit:
            pieces.append("\n".join(current))
            *whole, line = _cut_line(line, limit)
            pieces.extend(whole)
            current, size = [line], len(line)
        elif current and size + 1 + len(line) > limit:
            pieces.append("\n".join(current))
            current, size = [line], len(line)
        else:
            size += len(line) + (1 if current else 0)
            current.append(line)
    pieces.append("\n".join(current))
    # Slack refuses an empty section; a piece of blank lines only carries nothing to lose.
    return [piece for piece in pieces if piece.strip()]


def _cut_line(line: str, limit: int) -> list[str]:
    """The line in pieces of at most `limit`, each ending just after a space where there is one."""
    pieces = []
    while len(line) > limit:
        space = line.rfind(" ", 0, limit)
        cut = space + 1 if space > 0 else limit
        pieces.append(line[:cut])
        line = line[cut:]
    pieces.append(line)
    return pieces


def _messages(pieces: list[str]) -> list[list[str]]:
    groups: list[list[str]] = []
    size = 0
    for piece in pieces:
        if not groups or len(groups[-1]) >= BLOCKS_PER_MESSAGE or size + len(piece) > BLOCK_TEXT_PER_MESSAGE:
            groups.append([])
            size = 0
        groups[-1].append(piece)
        size += len(piece)
    return groups
