"""The engine's plain values: what the minutes service passes in and gets back."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum


@dataclass(frozen=True)
class Person:
    user_id: str
    name: str  # display name as stored: "Jan de Vries", "mr. drs. P. (Piet) Jansen"
    organisation: str
    role: str  # chair | secretary | member | observer


@dataclass(frozen=True)
class Roster:
    people: tuple[Person, ...]
    organisations: tuple[str, ...]  # every organisation code on the table


@dataclass(frozen=True)
class Note:
    key: str
    text: str  # entities decoded, Slack tokens kept as typed
    kind: str  # discussion | decision | information | question
    author_id: str | None = None  # metadata only: never output
    item_number: int | None = None


@dataclass(frozen=True)
class Policy:
    language: str  # nl | en
    meeting_date: date
    next_meeting_date: date | None = None
    facts_credited: bool = True
    chatham: bool = False
    table_label: str = "de tafel"


class Clause(StrEnum):
    decision = "decision"
    agreement = "agreement"
    commitment = "commitment"
    action = "action"
    question = "question"
    fact = "fact"
    proposal = "proposal"
    opinion = "opinion"
    procedural = "procedural"


@dataclass(frozen=True)
class Sentence:
    note_key: str
    item_number: int | None
    clause: Clause
    text: str  # plain text, ends with a full stop; the callers escape it for Slack
    owner: str = ""  # commitment/action: organisation code or the secretariat label
    due: date | None = None
    due_text: str = ""  # the due moment kept in words when no date is known
    flagged: bool = False  # a finding points at this sentence
    task: str = ""  # action/commitment: the verb and object alone, for the actions table


@dataclass(frozen=True)
class Dropped:
    note_key: str
    text: str
    reason: str  # off_record | noise


@dataclass(frozen=True)
class Finding:
    note_key: str
    original: str
    output: str
    problem: str
    words: tuple[str, ...]
    suggestion: str


@dataclass(frozen=True)
class Outcome:
    sentences: tuple[Sentence, ...]
    dropped: tuple[Dropped, ...]
    findings: tuple[Finding, ...]
