"""The guide's lint checks, run over each finished sentence. Identifiers are removed outright; anything else
that fails gets the [CONTROLEREN]/[CHECK] marker and a finding, never a silent fix."""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache

from bot.objectivity import lexicon as lx
from bot.objectivity.classify import Segment
from bot.objectivity.content import Issues, People, tidy
from bot.objectivity.names import EMAIL, PHONE, USER_ID, NameIndex, fold
from bot.objectivity.phrases import Phrases
from bot.objectivity.rewrite import Draft
from bot.objectivity.sentences import broken
from bot.objectivity.values import Clause, Note

NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
SLACK_TOKEN = re.compile(r"<[@!#][^>\s]*>?|\ue000\d+\ue001")


def figures(text: str) -> list[str]:
    """Numbers with their separators taken out, so 35.200 and 35,200 compare equal; sorted, so that two lists are
    equal when they hold the same figures as often."""
    return sorted(n.replace(".", "").replace(",", "").lstrip("0") or "0"
                  for n in NUMBER.findall(lx.TOKENS.sub(" ", text)))


@lru_cache(maxsize=16)
def _credited_view(org: str) -> re.Pattern[str]:
    """A view put in an organisation's mouth, even inside a fact: "volgens BZK", "VNG is worried"."""
    return re.compile(rf"(?<!\w)(?:volgens|according\s+to)\s+(?:de\s+|het\s+|the\s+)?(?:{org})(?!\w)|"
                      rf"(?<!\w)(?:{org})\s+(?:is|are|was|were|maakt\s+zich|maken\s+zich)\s+"
                      r"(?:worried|concerned|bezorgd|zorgen|of\s+the\s+view|van\s+mening)(?!\w)|"
                      rf"(?<!\w)(?:{org})\s+(?:vindt|vinden|denkt|meent|acht|thinks|believes|feels|fears|considers|finds)(?!\w)",
                      re.IGNORECASE)


class Lint:
    def __init__(self, index: NameIndex, people: People, phrases: Phrases) -> None:
        self.index, self.people, self.say = index, people, phrases

    def finish(self, draft: Draft, segment: Segment) -> str:
        """The sentence as it goes into the draft: identifiers gone, marker in front when a check failed."""
        issues = draft.issues
        text = self._scrub(draft.text, issues)
        failed = [self._subjectivity(text, issues), self._organisations(text, draft, issues),
                  self._decision_cue(draft.clause, segment, issues), self._figures(text, draft, segment, issues),
                  self._sentence(text, issues)]
        if issues.check or any(failed):
            text = f"{self.say('check_marker')} {text}"
        return text

    def _sentence(self, text: str, issues: Issues) -> bool:
        """A sentence a rewrite broke (sentences.py) is marked and listed, never output as if it were whole."""
        reasons = broken(text)
        issues.add("broken_sentence", *reasons)
        return bool(reasons)

    def _scrub(self, text: str, issues: Issues) -> str:
        for problem, regex in (("name", SLACK_TOKEN), ("user_id", USER_ID), ("contact", EMAIL), ("contact", PHONE)):
            if regex.search(text):
                issues.add(problem, *regex.findall(text))
                issues.check = True
                text = regex.sub("", text)
        spans = [(m.start("name"), m.end("name")) for m in self.index.names.finditer(fold(text))
                 if m.group("possessive") != "s" or text[m.start("name"):m.start("name") + 1].isupper()]
        spans += [(m.start(), m.end()) for m in self.index.exact.finditer(text)]
        for start, end in sorted(spans, reverse=True):
            if text[start:end].lower() in lx.COMMON_WORDS and not text[start:start + 1].isupper():
                continue
            issues.add("name", text[start:end])
            issues.check = True
            text = text[:start] + text[end:]
        return tidy(text) + ("" if text.rstrip().endswith((".", "?")) else ".") if spans else text

    def _subjectivity(self, text: str, issues: Issues) -> bool:
        found = False
        for problem, regexes in (("first_person", (lx.PRONOUNS, lx.PRONOUN_I)),
                                 ("opinion_marker", (lx.OPINION_MARKERS,)),
                                 ("evaluative", (lx.EVALUATIVES, lx.HYPERBOLE, lx.INTENSIFIERS, lx.HEDGES)),
                                 ("quote", (lx.QUOTES,))):
            for regex in regexes:
                words = regex.findall(text)  # no groups in these patterns: the whole matches
                if words:
                    issues.add(problem, *words)
                    found = True
        return found

    def _organisations(self, text: str, draft: Draft, issues: Issues) -> bool:
        if self.people.organisations_allowed(draft.clause):
            credited = [m.group(0) for m in _credited_view(self.index.org).finditer(text)]
            issues.add("organisation_in_view", *credited)
            return bool(credited)
        body = text.replace(draft.owner, " ", 1) if draft.clause in (Clause.commitment, Clause.action) else text
        found = self.index.org_words.findall(body)
        issues.add("organisation_in_view", *found)
        return bool(found)

    def _decision_cue(self, clause: Clause, segment: Segment, issues: Issues) -> bool:
        note: Note = segment.note
        if clause not in (Clause.decision, Clause.agreement) or (
                lx.DECISION.search(segment.raw) or lx.AGREEMENT.search(segment.raw) or note.kind == "decision"
                or segment.consent or segment.label in ("decision", "agreement")):
            return False
        issues.add("decision_cue", clause.value)
        return True

    def _figures(self, text: str, draft: Draft, segment: Segment, issues: Issues) -> bool:
        source = segment.text
        if draft.due is not None and draft.due.day is not None and draft.clause is Clause.action:
            source = source.replace(draft.due.phrase, " ", 1)
            text = text.replace(self.say.day(draft.due.day, draft.due.weekday), " ", 1)
        wanted, written = figures(source), figures(text)
        if wanted == written:
            return False
        missing, added = Counter(wanted) - Counter(written), Counter(written) - Counter(wanted)
        issues.add("figures", *sorted(missing + added))
        return True
