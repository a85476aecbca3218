"""The words inside a pattern: neutralised, people turned into organisations or nothing, organisations kept
only where the guide allows them. Every change is recorded as an issue for the review list."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from bot.objectivity import lexicon as lx
from bot.objectivity.names import Marked, NameIndex
from bot.objectivity.phrases import Phrases
from bot.objectivity.values import Clause

ORGANISATION_CLASSES = {Clause.fact, Clause.commitment, Clause.action, Clause.decision, Clause.agreement}
GLUE = r"(?:van|door|namens|bij|via|volgens|met|from|by|of|with|according\s+to)"
# the attribution that goes with a person: "…, zegt Jan", "…, aldus Jan", "…, Jan argued", "Jan said that …"
ATTRIBUTION = r"zegt|zei|aldus|meldt|merkt\s+op|said|says|argued|stated|stressed|noted|added"
SAID_AFTER = r"zegt|zei|said|says|argued|argues|stated|stressed|noted|added|insisted"
SAID_THAT = r"said|says|argued|argues|stated|stressed|noted|added|insisted|thinks|believes|feels"
SECRETARIAT = re.compile(r"secretaria(?:at|t)", re.IGNORECASE)
SPEAKER_ONLY = re.compile(r"\s*(?:ik|i|wij|we)\s*", re.IGNORECASE)  # "ik" as the owner: the author


@dataclass
class Issues:
    """problem → the words that raised it; `check` puts the [CONTROLEREN] marker on the sentence."""

    found: dict[str, list[str]] = field(default_factory=dict)
    check: bool = False
    topic: str = ""

    def add(self, problem: str, *words: str) -> None:
        bucket = self.found.setdefault(problem, [])
        bucket.extend(w.strip() for w in words if w.strip() and w.strip() not in bucket)


def neutralise(text: str, issues: Issues) -> str:
    """Hedges, intensifiers and leading opinion markers out, quotes off; drama/chaos/mess stay, flagged for review."""
    if lx.QUOTES.search(text):
        issues.add("quote", *re.findall(r"[\"“„«']([^\"”“»']{3,})[\"”“»']", text))
        text = lx.QUOTES.sub("", text)
    while (match := lx.LEADING_MARKER.match(text)) is not None:
        marker = match.group(0).strip(" ,:")
        issues.add("opinion_marker" if lx.OPINION_MARKERS.search(marker) else "evaluative", marker)
        text = text[match.end():]
    for regex in (lx.HEDGES, lx.INTENSIFIERS):
        for word in regex.findall(text):
            issues.add("evaluative", word)
        text = regex.sub("", text)
    for match in lx.TOO_MUCH.finditer(text):
        issues.add("evaluative", match.group(1))
    text = lx.TOO_MUCH.sub(r"\2", text)

    for match in lx.EMOTIVE_NOUNS.finditer(text):  # kept as written: no word the note did not use
        issues.add("evaluative", match.group("noun"))
        issues.check = True
    return tidy(text)


class People:
    """Resolves the tokens and organisations left in a piece of content, for one clause class."""

    def __init__(self, marked: Marked, index: NameIndex, phrases: Phrases, chatham: bool) -> None:
        self.marked, self.index, self.phrases, self.chatham = marked, index, phrases, chatham

    def organisations_allowed(self, clause: Clause) -> bool:
        return clause in ORGANISATION_CLASSES and not (self.chatham and clause not in (Clause.commitment,
                                                                                       Clause.action))

    def resolve(self, text: str, clause: Clause, issues: Issues) -> str:
        allowed = self.organisations_allowed(clause)
        for token in lx.TOKENS.findall(text):
            entity = self.marked.entity(token)
            if entity.kind == "unknown":
                issues.add("unknown_participant", entity.display)
                text = text.replace(token, self.phrases("unknown_participant"))
                continue
            if entity.kind == "person":
                issues.add("name", entity.display)
            if entity.kind == "stranger":  # no one on the roster: out of every class, never an organisation
                issues.add("stranger", entity.display)
                text = _without_person(token, text, issues)
                continue
            if clause is Clause.procedural and entity.chair:
                text = text.replace(token, self.phrases("chair_label"))
                continue
            if allowed and entity.organisation and entity.kind == "role":
                text = text.replace(token, entity.organisation)
                continue
            glued = _glued_person(token)
            if glued.search(text):
                text = glued.sub("", text)
            elif allowed and entity.organisation:
                text = text.replace(token, entity.organisation)
            else:
                issues.add("name", entity.display)
                issues.check = True  # a subject taken out: the sentence may no longer read
                text = re.sub(rf"(?:(?:de|het|the)\s+)?{token}(?:['’]s)?\s*", "", text)
        if not allowed:
            text = self.drop_organisations(text, issues)
        return tidy(text)

    def drop_organisations(self, text: str, issues: Issues) -> str:
        """An organisation with a view is a person: take it out where that leaves the sentence whole."""
        glued = _glued_organisations(self.index.org)
        for match in glued.finditer(text):
            issues.add("organisation_in_view", match.group(0).strip(" ,()"))
        return glued.sub("", text)

    def owner(self, subject: str, author: str) -> str:
        """An owner phrase ("<@U…>", "de Rijksheren", "ik", "het secretariaat") → organisation code or label."""
        owners: list[str] = []
        for token in lx.TOKENS.findall(subject):
            entity = self.marked.entity(token)
            if entity.secretary:
                owners.append(self.phrases("secretariat_label"))
            elif entity.organisation:
                owners.append(entity.organisation)
        owners += [self.index.organisation(code) for code in self.index.org_words.findall(subject)]
        if SECRETARIAT.search(subject):
            owners.append(self.phrases("secretariat_label"))
        if SPEAKER_ONLY.fullmatch(subject):
            owners.append(author)
        return "/".join(dict.fromkeys(o for o in owners if o))


def _without_person(token: str, text: str, issues: Issues) -> str:
    """The person out: as an aside with its attribution, else as a subject (the sentence is then marked)."""
    glued = _glued_person(token)
    if glued.search(text):
        return glued.sub("", text)
    issues.check = True  # a subject taken out: the sentence may no longer read
    return re.sub(rf"(?:(?:de|het|the)\s+)?{token}(?:['’]s)?\s*", "", text)


# The asides below are compiled once per token and per roster, not for every clause.
@lru_cache(maxsize=64)
def _glued_person(token: str) -> re.Pattern[str]:
    """A person as an aside: "(X)", "van X", "by X", ", X" at the end, "X, " at the start."""
    return re.compile(rf"\s*\(\s*{token}\s*\)|,?\s*(?:{ATTRIBUTION})\s+{token}(?=\s*(?:[,.;:!?]|$))|"
                      rf",?\s+{GLUE}\s+{token}|^{GLUE}\s+{token}\s*,?\s*|,\s*{token}(?=\s*(?:[,.;:!?]|$))|"
                      rf",?\s*{token}\s+(?:{SAID_AFTER})(?=\s*(?:[,.;:!?]|$))|"
                      rf"^{token}\s+(?:{SAID_THAT})\s+that\s+|^{token}\s*,\s*", re.IGNORECASE)


@lru_cache(maxsize=16)
def _glued_organisations(org: str) -> re.Pattern[str]:
    """An organisation as an aside: ", according to X," (both commas go), "(X)", "van de X", "by X"."""
    return re.compile(rf",\s*{GLUE}\s+(?:(?:de|het|the)\s+)?{org}\s*,(?=\s)|\s*\(\s*{org}\s*\)|"
                      rf",?\s+{GLUE}\s+(?:(?:de|het|the)\s+)?{org}(?!\w)", re.IGNORECASE)


SPACE_BEFORE_MARK = re.compile(r" ([,.;:!?])")  # `tidy` has made every run of white space one space
REPEATED_MARKS = re.compile(r"([,;:])(?:\s*[,;:])+")
EMPTY_BRACKETS = lx.Gated(r"\(\s*\)", fragments="(")


def tidy(text: str) -> str:
    text = " ".join(text.split())  # white space as `\s+` → " " does, but faster; the ends go in the strip below
    text = SPACE_BEFORE_MARK.sub(r"\1", text)
    text = REPEATED_MARKS.sub(r"\1", text)
    text = EMPTY_BRACKETS.sub("", text)
    return text.strip(" ,;:.!-—–").strip()
