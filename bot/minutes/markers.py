"""What approval does to a document: the review markers out, the action points' numbers in.

A marker ([CONTROLEREN]/[CHECK]) tells the secretary a sentence needs a look; once every finding of the version
is checked, the sentence stands as it is and the marker has no place in the approved record. A placeholder for an
unknown participant is never taken out here: it must be corrected in the note (bot.minutes.review refuses it).
"""

from __future__ import annotations

import re
from dataclasses import replace

from bot.minutes.document import SummaryAction, SummaryDocument

MARKERS = ("[CONTROLEREN]", "[CHECK]", "[onbekende deelnemer]", "[unknown participant]")
REVIEW_MARKER = re.compile(r"\s*\[(?:CONTROLEREN|CHECK)\]\s*")


def _clean(text: str) -> str:
    return REVIEW_MARKER.sub(" ", text).strip()


def _action(action: SummaryAction) -> SummaryAction:
    return replace(action, text=_clean(action.text))


def without_markers(document: SummaryDocument) -> SummaryDocument:
    """The document with every review marker removed from its sentences."""
    items = tuple(replace(item, discussion=tuple(map(_clean, item.discussion)),
                          decisions=tuple(map(_clean, item.decisions)), actions=tuple(map(_action, item.actions)))
                  for item in document.items)
    return replace(document, items=items, actions=tuple(map(_action, document.actions)),
                   commitments=tuple(map(_clean, document.commitments)),
                   open_questions=tuple(map(_clean, document.open_questions)))


def with_action_numbers(document: SummaryDocument, numbers: dict[SummaryAction, int]) -> SummaryDocument:
    """The document whose new action points carry the numbers approval gave them."""
    def numbered(action: SummaryAction) -> SummaryAction:
        return replace(action, number=numbers[action]) if action in numbers else action
    items = tuple(replace(item, actions=tuple(map(numbered, item.actions))) for item in document.items)
    return replace(document, items=items, actions=tuple(map(numbered, document.actions)))
