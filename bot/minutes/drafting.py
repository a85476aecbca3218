"""From a session's notes to a `SummaryDocument`: the objectivity engine's sentences sorted into the skeleton.

Pure: plain values in, a document and the engine's review out, so the minutes service, the benchmark and the
tests all draft the same way. Where each kind of sentence goes follows objectivity.md ('Skeleton'):
discussion and decisions under their agenda item, actions under their item and in the actions table,
commitments and open questions after the items.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime

from bot.minutes.document import SummaryAction, SummaryDocument, SummaryItem, SummaryStamp
from bot.objectivity.engine import objectivise
from bot.objectivity.values import Clause, Note, Outcome, Policy, Roster, Sentence

DISCUSSION = (Clause.fact, Clause.proposal, Clause.opinion, Clause.procedural)
DECIDED = (Clause.decision, Clause.agreement)


@dataclass(frozen=True)
class MeetingFacts:
    """What the header needs to know about the session and its table."""

    language: str
    table_name: str
    number: int
    starts_at: datetime
    location: str
    present: tuple[str, ...]
    absent: tuple[str, ...]
    chair_organisation: str
    agenda: tuple[tuple[int, str], ...]  # (number, title) of the items discussed, in agenda order
    general_title: str  # the section for notes on no particular item
    next_meeting_date: date | None = None
    facts_credited: bool = True
    chatham: bool = False
    table_label: str = ""


def draft_document(session: MeetingFacts, notes: Sequence[Note], roster: Roster, recorded: Sequence[SummaryAction],
                   *, version: int) -> tuple[SummaryDocument, Outcome]:
    """The summary of `notes` (recorded action points of the session listed too), and the engine's review."""
    policy = Policy(language=session.language, meeting_date=session.starts_at.date(),
                    next_meeting_date=session.next_meeting_date, facts_credited=session.facts_credited,
                    chatham=session.chatham, table_label=session.table_label or session.table_name)
    outcome = objectivise(notes, roster, policy)
    by_item: dict[int | None, list[Sentence]] = {}
    for sentence in outcome.sentences:
        by_item.setdefault(sentence.item_number, []).append(sentence)
    items = [_item(number, title, by_item.get(number, [])) for number, title in session.agenda]
    known = {number for number, _ in session.agenda}
    general = [s for s in outcome.sentences if s.item_number not in known]
    if general:
        items.append(_item(None, session.general_title, general))
    noted = [action for item in items for action in item.actions]
    document = SummaryDocument(
        language=session.language, table_name=session.table_name, meeting_number=session.number,
        starts_at=session.starts_at, location=session.location, present=session.present, absent=session.absent,
        chair_organisation=session.chair_organisation, items=tuple(items),
        actions=tuple(noted) + tuple(recorded),
        commitments=tuple(s.text for s in outcome.sentences if s.clause == Clause.commitment),
        open_questions=tuple(s.text for s in outcome.sentences if s.clause == Clause.question),
        stamp=SummaryStamp(version=version, status="draft"),
    )
    return document, outcome


def _item(number: int | None, title: str, mine: Sequence[Sentence]) -> SummaryItem:
    """The item's section, from its own sentences in note order."""
    return SummaryItem(
        title=title, number=number,
        discussion=tuple(s.text for s in mine if s.clause in DISCUSSION),
        decisions=tuple(s.text for s in mine if s.clause in DECIDED),
        actions=tuple(SummaryAction(text=s.task or s.text, owner=s.owner, due=s.due, due_text=s.due_text,
                                    item_number=number) for s in mine if s.clause == Clause.action),
    )


def stamped(document: SummaryDocument, stamp: SummaryStamp) -> SummaryDocument:
    return replace(document, stamp=stamp)
