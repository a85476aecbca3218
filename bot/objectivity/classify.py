"""Segment a note into clauses and give each clause its class (first match wins, as in the guide)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from bot.objectivity import lexicon as lx
from bot.objectivity.names import Entity, Marked, NameIndex, fold
from bot.objectivity.values import Clause, Note

OFF_RECORD = "off_record"
NOISE = "noise"
ABBREVIATIONS = {"dhr", "mevr", "mw", "mr", "mrs", "ms", "dr", "drs", "ir", "ing", "prof", "bijv", "ca", "nr", "vs",
                 "zgn", "evt", "incl", "excl", "resp", "etc", "jl", "a.s", "o.a", "m.i", "e.g", "i.e", "t.a.v",
                 "z.s.m", "st"}
BULLET = re.compile(r"^\s*(?:[-•*·]|\d{1,2}[.)])\s+")
SENTENCE_END = re.compile(r"[.!?]+(?=\s)")
CLAUSE_BREAK = lx.Gated(r"\s*;\s*|\s+[—–]\s+|\s+--?\s+|^[—–-]+\s*", fragments=";—–-")
SHORT_OR_INITIALS = re.compile(r"[a-z]|(?:\w\.)+\w")
LABELS = {"decision": r"besluit|besloten|decision|decided", "question": r"vraag|question",
          "action": r"actiepunt|actie|ap|action point|action|to ?do", "agreement": r"afspraak|agreement|agreed"}
LABEL = re.compile(r"^(?:" + "|".join(rf"(?P<{k}>{v})" for k, v in LABELS.items()) + r")\s*:\s*", re.IGNORECASE)
NEGATED = re.compile(r"(?<!\w)(?:niet|geen|not|no|nog\s+geen)\s+(?:\w+\s+)?(?:akkoord|agreed|approved|besloten|"
                     r"decided|ingestemd)", re.IGNORECASE)
FIRST_PERSON_ACTION = re.compile(r"^(?:ik\s+regel|i'll\s|i\s+will\s)", re.IGNORECASE)
OFF_RECORD_LINE = re.compile(rf"^\s*(?:{lx.OFF_RECORD.pattern})\s*[:\-—–]", re.IGNORECASE)
OWNER_START = (rf"^(?:(?:de|het|the)\s+)?(?:{lx.TOKEN}|(?:het\s+|the\s+)?(?:secretariaat|secretariat)|ik|i|wij|we|"
               r"{org})")


@dataclass
class Segment:
    """One clause of one note, with what the secretary's filing and the line around it say about it."""

    note: Note
    text: str  # the clause, people as tokens (a leading label is taken off by classify)
    raw: str = ""  # the clause as segmented, for the secretary's review list
    speaker: Entity | None = None  # "Milo: …" or "COA: …" at the start of the line
    speaker_org: str = ""
    label: str = ""  # action | decision | question | agreement, from a leading "Actie:" and the like
    off_record: bool = False
    consent: bool = False  # followed by a bare "akkoord" / "agreed"
    unanswered: bool = False  # followed by "geen antwoord" / "no answer"
    kind: str = ""  # the class, or off_record / noise


def segments(note: Note, marked: Marked, index: NameIndex) -> list[Segment]:
    """Lines, then sentences, then clauses (";" and " — "); figures like 35.200 and 1.5 stay whole."""
    speaker_pattern = _speaker(index.org)
    result: list[Segment] = []
    for line in marked.text.splitlines():
        line = BULLET.sub("", line)
        speaker, speaker_org = None, ""
        match = speaker_pattern.match(line)
        if match is not None:
            token = lx.TOKENS.search(match.group("who"))
            speaker = marked.entity(token.group(0)) if token else None
            speaker_org = (index.organisation(match.group("org") or "") or (speaker.organisation if speaker else "")
                           or index.organisation(re.sub(r"^(?:de|het|the)\s+", "", match.group("who"), flags=re.I)))
            line = line[match.end():]
        off_line = OFF_RECORD_LINE.match(line) is not None
        for sentence in _sentences(line):
            for part in CLAUSE_BREAK.split(sentence):
                text = part.strip(" \t,")
                if not lx.WORD.search(text):
                    continue
                if result and result[-1].note is note and not off_line:
                    if lx.CONSENT_ONLY.match(text):
                        result[-1].consent = True
                        continue
                    if lx.UNANSWERED.match(text):
                        result[-1].unanswered = True
                        continue
                result.append(Segment(note, text, text, speaker, speaker_org, off_record=off_line))
    return result


@lru_cache(maxsize=16)
def _speaker(org: str) -> re.Pattern[str]:
    """ "Milo: …", "COA: …", "<@U…> (VNG): …" at the start of a line; built once per roster."""
    return re.compile(rf"^\s*(?P<who>(?:(?:de|het|the)\s+)?(?:{lx.TOKEN}|{org}))\s*"
                      rf"(?:\((?P<org>[^()]{{1,40}})\))?\s*:\s*", re.IGNORECASE)


def _sentences(line: str) -> list[str]:
    pieces, start = [], 0
    for match in SENTENCE_END.finditer(line):
        words = line[start:match.start()].split()
        last = fold(words[-1]) if words else ""
        if match.group(0) == "." and (last in ABBREVIATIONS or SHORT_OR_INITIALS.fullmatch(last)):
            continue
        pieces.append(line[start:match.end()])
        start = match.end()
    pieces.append(line[start:])
    return pieces


def classify(segment: Segment, index: NameIndex) -> str:
    """OFF_RECORD > DECISION > COMMITMENT > ACTION > QUESTION > FACT > PROPOSAL > OPINION > PROCEDURAL > NOISE."""
    text = segment.text
    label = LABEL.match(text)
    if label is not None:
        segment.label = next(k for k, v in label.groupdict().items() if v)
        text = segment.text = text[label.end():]
    if segment.off_record or lx.OFF_RECORD.search(text):
        return OFF_RECORD
    found = _cue_class(text, segment, index)
    if found == NOISE or found in (Clause.decision, Clause.agreement, Clause.commitment, Clause.action):
        return found
    hinted = {"decision": Clause.decision, "question": Clause.question}.get(segment.note.kind)
    return hinted or found


def _cue_class(text: str, segment: Segment, index: NameIndex) -> str:
    contentful = lx.TOKENS.sub("", text)
    if segment.label in ("decision", "agreement"):
        return Clause(segment.label)
    if segment.consent:
        return Clause.agreement
    if (lx.DECISION.search(text) or lx.AGREEMENT.search(text)) and not (NEGATED.search(text)
                                                                          or lx.DISSENT.search(text)):
        return Clause.agreement if lx.AGREEMENT.search(text) else Clause.decision
    if lx.COMMITMENT.search(text):
        return Clause.commitment
    if segment.label == "action" or _action_shape(text, index):
        return Clause.action
    if segment.label == "question" or lx.QUESTION.search(text):
        return Clause.question
    subjective = (lx.OPINION_MARKERS.search(text) or lx.PROPOSAL.search(text) or lx.EVALUATIVES.search(text)
                  or lx.DISSENT.search(text))
    if lx.REPORT.search(text) or (lx.FIGURE.search(contentful) and not subjective and not lx.PROCEDURAL.search(text)):
        return Clause.fact
    if lx.PROPOSAL.search(text):
        return Clause.proposal
    if lx.OPINION.search(text) or lx.EVALUATIVES.search(text) or lx.DISSENT.search(text):
        words = lx.WORD.findall(contentful)
        return NOISE if len(words) <= 2 and not lx.FIGURE.search(contentful) else Clause.opinion
    if lx.PROCEDURAL.search(text):
        return Clause.procedural
    words = lx.WORD.findall(contentful)
    if not words or (lx.NOISE.search(text) and len(words) <= 6 and not lx.FIGURE.search(contentful)):
        return NOISE
    return {"information": Clause.fact, "question": Clause.question,
            "decision": Clause.decision}.get(segment.note.kind, Clause.opinion)


def _action_shape(text: str, index: NameIndex) -> bool:
    if _owner_then_verb(index.org).match(text):
        return True
    return FIRST_PERSON_ACTION.match(text) is not None


@lru_cache(maxsize=64)
def _owner_then_verb(org: str) -> re.Pattern[str]:
    """An owner followed by an action verb; built once per roster (it runs for every clause)."""
    owner = OWNER_START.format(org=org)
    verbs = lx.words(*lx.ACTION_VERBS_NL, *(f"{a} {v}" for a in ("to", "will", "shall") for v in lx.ACTION_VERBS_EN))
    return re.compile(rf"{owner}\s+(?:{verbs}|'ll\s|will\s|zal\s|gaat\s)", re.IGNORECASE)
