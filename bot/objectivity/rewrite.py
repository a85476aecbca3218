"""One clause → one sentence in the language's impersonal pattern. Only words of the note, the pattern's own
words, organisation codes and dates reach the output; what cannot be made neutral mechanically stays and is
flagged (lint.py adds the marker)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from bot.objectivity import lexicon as lx
from bot.objectivity.classify import Segment
from bot.objectivity.content import Issues, People, neutralise, tidy
from bot.objectivity.due import Due, find_due
from bot.objectivity.names import NameIndex
from bot.objectivity.phrases import Phrases
from bot.objectivity.values import Clause, Policy

I = re.IGNORECASE  # noqa: E741
PRONOUN_SUBJECT = r"ik|wij|we|i"
FIRST_PERSON = re.compile(PRONOUN_SUBJECT, I)
LINKS = r"dat|that|om|to|of|whether|if|wie|wat|waar|wanneer|waarom|hoe|welke|who|what|where|when|why|how|which"
# Clause shapes hold "{subject}" (and "{verbs}") where `Rewriter._shape` puts the roster's subject pattern (and a verb
# list).
ATTRIBUTED = (r"^{subject}\s+(?:(?:is|was|zijn|waren|has|have|had)\s+)?(?P<verb>{verbs})"
              rf"(?:\s+(?P<link>{LINKS})(?!\w))?\s*(?P<rest>.*)$")
EMOTION = (r"^(?:{subject}\s+)?(?:is|was|zijn|waren|are|were|raakte|became|got)\s+(?P<adverbs>(?:\w+\s+){0,2}?)"
           rf"(?P<emotion>{'|'.join(lx.EMOTIONS)}|{lx.EVALUATIVES.pattern})\s+"
           r"(?P<link>over|about|met|with|at|by|on|dat|that)\s+(?P<x>.+)$")


def _alternatives(*verbs: str) -> str:
    return "|".join(v.replace(" ", r"\s+") for v in verbs)


REPORTING = _alternatives(*lx.REPORT_VERBS, *lx.SPEECH_VERBS)
OPINING = _alternatives(*lx.OPINION_VERBS, *lx.SPEECH_VERBS)


@lru_cache(maxsize=16)
def _subject(org: str) -> str:
    """Who a clause can start with: people and organisations of the roster, "ik", "iedereen", the secretariat."""
    core = rf"(?:(?:de|het|the)\s+)?(?:{lx.TOKEN}|{org})"
    return (rf"(?P<subj>{core}(?:\s*(?:,|en|and|&)\s*{core})*|{PRONOUN_SUBJECT}|iedereen|everyone|"
            r"everybody|allen|all|(?:alle\s+|de\s+|the\s+)?(?:deelnemers|participants)|"
            r"(?:het\s+|the\s+)?(?:secretariaat|secretariat))")


@lru_cache(maxsize=128)
def _compiled_shape(pattern: str, subject: str, verbs: str) -> re.Pattern[str]:
    """A clause shape compiled once per roster and verb list. Formatted in an f-string for every clause instead, it
    cost a format and a lookup in re's cache, keyed on a few hundred characters, each time."""
    return re.compile(pattern.replace("{subject}", subject).replace("{verbs}", verbs), I)


@dataclass
class Draft:
    clause: Clause
    text: str
    issues: Issues
    owner: str = ""
    due: Due | None = None
    task: str = ""

    @property
    def due_day(self) -> date | None:
        return self.due.day if self.due else None


class Rewriter:
    def __init__(self, index: NameIndex, people: People, policy: Policy, phrases: Phrases) -> None:
        self.index, self.people, self.policy, self.say = index, people, policy, phrases
        self.subject = _subject(index.org)

    def render(self, segment: Segment, clause: Clause) -> Draft | None:
        issues = Issues()
        text = neutralise(segment.text, issues, self.say)
        handler = getattr(self, f"_{clause.value}")
        draft: Draft | None = handler(segment, text, issues)
        return draft

    # --- helpers ---
    def _shape(self, pattern: str, verbs: str = "") -> re.Pattern[str]:
        return _compiled_shape(pattern, self.subject, verbs)

    def _attributed(self, text: str, verbs: str, issues: Issues) -> re.Match[str] | None:
        match = self._shape(ATTRIBUTED, verbs).match(text)
        if match is not None:
            self._first_person(match.group("subj"), issues)
        return match

    def _first_person(self, subject: str, issues: Issues) -> None:
        if FIRST_PERSON.fullmatch(subject.strip()):
            issues.add("first_person", subject.strip())

    def _author(self, segment: Segment) -> str:
        person = segment.speaker.people[0] if segment.speaker and len(segment.speaker.people) == 1 else None
        person = person or self.index.by_id.get(segment.note.author_id or "")
        if person is not None and person.role == "secretary" and not segment.speaker_org:
            return self.say("secretariat_label")
        return segment.speaker_org or (person.organisation if person else "")

    def _content(self, text: str, clause: Clause, issues: Issues) -> str:
        return self.people.resolve(text, clause, issues)

    def _form(self, link: str | None) -> str:
        link = (link or "").lower()
        return "that" if link in ("dat", "that") else "to" if link in ("om", "to") else "colon"

    # --- classes ---
    def _decision(self, segment: Segment, text: str, issues: Issues) -> Draft | None:
        if segment.consent:
            return self._consented(segment, text, issues)
        consent = re.search(r"(?:(?:gaat|gaan)\s+akkoord|akkoord|stemt\s+in|stemmen\s+in|instemming|agreed|"
                            r"approved|consented|signed\s+off)\s+(?:(?:gaat|gaan)\s+)?(?:met|to|on|with)?\s*(?P<x>.+)$",
                            text, I)
        if consent is not None and self._bare_subject(text[:consent.start()]) and not re.match(
                r"that\b", consent.group("x"), I):
            x = self._content(consent.group("x"), Clause.decision, issues)
            return self._draft(Clause.decision, "consent", issues, x, label=self.policy.table_label)
        clause = Clause.agreement if lx.AGREEMENT.search(text) or segment.label == "agreement" else Clause.decision
        linked = re.search(r"(?:besloten|decided|afgesproken|overeengekomen|agreed)\s+(?:wordt\s+|is\s+|was\s+)?"
                           r"(?P<link>dat|that|om|to)\s+(?P<x>.+)$", text, I)
        if linked is not None and self._bare_subject(text[:linked.start()]):
            x = self._content(linked.group("x"), clause, issues)
            return self._draft(clause, clause.value, issues, x, form=self._form(linked.group("link")))
        x = self._content(text, clause, issues)
        return self._draft(clause, clause.value, issues, x, form="that" if self.say.language == "en" else "colon")

    _agreement = _decision

    def _consented(self, segment: Segment, text: str, issues: Issues) -> Draft | None:
        x, form = self._proposal_parts(text, issues)
        x = self._content(x, Clause.agreement, issues)
        return self._draft(Clause.agreement, "agreement", issues, x, form=form)

    def _bare_subject(self, prefix: str) -> bool:
        prefix = re.sub(r"\b(?:is|zijn|was|were|de tafel|the table|iedereen|everyone|allen|all|wordt|er)\b", "",
                        prefix, flags=I)
        return self._shape(r"\s*(?:{subject})?\s*").fullmatch(prefix) is not None

    def _commitment(self, segment: Segment, text: str, issues: Issues) -> Draft | None:
        verbs = (r"zegt\s+toe|zeggen\s+toe|heeft\s+toegezegd|belooft|beloven|promised|promises|undertook|"
                 r"undertakes|commits\s+to|committed\s+to")
        returning = (r"komt\s+(?:hier|daar)op\s+terug|komt\s+terug\s+op|komen\s+terug\s+op|"
                     r"will\s+(?:come|get)\s+back(?:\s+(?:on|to))?|will\s+revert(?:\s+on)?")
        match = self._attributed(text, returning, issues)
        if match is not None:
            owner = self.people.owner(match.group("subj"), self._author(segment))
            x = self._content(((match.group("link") or "") + " " + match.group("rest")).strip(), Clause.commitment,
                              issues)
            return self._draft(Clause.commitment, "commitment", issues, x, owner=owner, form="return", task=x)
        match = self._attributed(text, verbs, issues) or re.match(rf"^(?P<subj>)(?P<verb>{verbs})(?:\s+"
                                                                  rf"(?P<link>{LINKS}))?\s*(?P<rest>.*)$", text, I)
        if match is None:
            owner, rest, form = self._author(segment), text, "that"
        else:
            owner = self.people.owner(match.group("subj"), self._author(segment))
            rest, form = match.group("rest"), self._form(match.group("link"))
            inner = self._shape(r"^{subject}\s+(?:will|would|shall|'ll)\s+(?P<x>.+)$").match(rest)
            if inner is not None:
                owner = self.people.owner(inner.group("subj"), self._author(segment))
                rest, form = inner.group("x"), "to"
            elif form == "that" and (lead := self._shape(r"^{subject}\s").match(rest)) is not None:
                owner = self.people.owner(lead.group("subj"), self._author(segment)) or owner
            if form == "colon":
                form = "to" if self.say.language == "en" else "plain"
        x = self._content(rest, Clause.commitment, issues)
        draft = self._draft(Clause.commitment, "commitment", issues, x, owner=owner, form=form, task=x)
        draft.due = find_due(rest, self.policy.meeting_date, self.policy.next_meeting_date, self.policy.table_label)
        return draft

    def _action(self, segment: Segment, text: str, issues: Issues) -> Draft | None:
        due = find_due(text, self.policy.meeting_date, self.policy.next_meeting_date, self.policy.table_label)
        if due is not None:
            text = tidy(text.replace(due.phrase, " ", 1))
        owner, task = "", text
        first = re.match(r"^(?:ik\s+(?P<nl>\w+)|i(?:'ll|\s+will|\s+shall)\s+(?P<en>.+))(?P<rest>.*)$", text, I)
        match = self._shape(r"^{subject}\s+(?:(?:to|will|shall|'ll|is\s+to|are\s+to)\s+)?(?P<task>.+)$").match(text)
        if first is not None:
            issues.add("first_person", text.split()[0])
            owner = self._author(segment)
            verb = first.group("nl")
            task = (verb + ("" if verb.endswith("t") else "t") + first.group("rest")) if verb else first.group("en")
        elif match is not None:
            owner = self.people.owner(match.group("subj"), self._author(segment))
            task = match.group("task")
        if not owner:
            issues.add("owner_missing", task.split()[0] if task.split() else "")
            issues.check = True
        task = self._content(task, Clause.action, issues)
        if due is None:
            issues.add("due_missing", task.split()[0] if task.split() else "-")
        draft = self._draft(Clause.action, "action", issues, owner=owner, task=task, due=due.day if due else None,
                            weekday=bool(due and due.weekday), due_text=due.text if due else "")
        draft.due = due
        return draft

    def _question(self, segment: Segment, text: str, issues: Issues) -> Draft | None:
        match = self._attributed(text, r"vraagt(?:\s+zich\s+af)?|vragen(?:\s+zich\s+af)?|asked|asks|wonders|"
                                       r"wondered", issues)
        if match is not None:
            text = ((match.group("link") or "") + " " + match.group("rest")).strip()
        text = self._shape(r"^(?:vraag\s+van\s+{subject}\s*:?\s*)").sub("", text)
        x = self._content(text, Clause.question, issues)
        return self._draft(Clause.question, "question", issues, x)

    def _fact(self, segment: Segment, text: str, issues: Issues) -> Draft | None:
        source = segment.speaker_org or self._author(segment)
        form = "colon"
        match = self._attributed(text, REPORTING, issues)
        if match is not None and match.group("link") in (None, "dat", "that", "Dat", "That"):
            source = self.people.owner(match.group("subj"), source) or source
            text, form = match.group("rest"), self._form(match.group("link"))
        if not self.policy.facts_credited or self.policy.chatham:
            source = ""
        x = self._content(text, Clause.fact, issues)
        return self._draft(Clause.fact, "fact", issues, x, source=source, form=form)

    def _proposal_parts(self, text: str, issues: Issues) -> tuple[str, str]:
        patterns = (
            (r"^(?:{subject}\s+)?(?:stel|stelt|stellen)\s+voor\s*(?:(?P<link>om|dat)\s+)?(?P<x>.+)$", "to"),
            (r"^(?:{subject}\s+)?(?:pleit|pleiten|argued|argues)\s+(?:voor|for)\s+(?P<x>.+)$", "for"),
            (r"^(?:{subject}\s+)?(?:suggest(?:s|ed)?|propose[sd]?|recommend(?:s|ed)?)\s+"
             r"(?:(?P<link>that|to)\s+)?(?P<x>.+)$", "that"),
            (r"^(?P<subj>we|wij|i|ik)\s+(?:should|must|need\s+to|moeten|zouden\s+moeten|zullen\s+moeten)\s+"
             r"(?P<x>.+)$", "to" if self.say.language == "en" else "colon"),
            (r"^(?:moeten|zouden|zullen)\s+(?P<subj>we|wij)\s+(?:moeten\s+)?(?P<x>.+)$", "colon"),
        )
        for regex, default in patterns:
            match = self._shape(regex).match(text)
            if match is None:
                continue
            if "subj" in match.groupdict() and match.group("subj"):
                self._first_person(match.group("subj"), issues)
            link = match.groupdict().get("link")
            form = self._form(link) if link else default
            if form == "to" and not link and self.say.language == "nl" and not re.search(r"\bte\s+\w+$",
                                                                                         match.group("x")):
                form = "colon"  # "moeten we X vragen": no te-infinitive to hang "om" on
            return match.group("x"), form
        return text, "that" if self.say.language == "en" else "colon"

    def _proposal(self, segment: Segment, text: str, issues: Issues) -> Draft | None:
        x, form = self._proposal_parts(text, issues)
        return self._draft(Clause.proposal, "proposal", issues, self._content(x, Clause.proposal, issues), form=form)

    def _opinion(self, segment: Segment, text: str, issues: Issues) -> Draft | None:
        disagreement = self._disagreement(text, issues)
        if disagreement is not None:
            return disagreement
        emotion = self._shape(EMOTION).match(text)
        if emotion is not None:
            issues.add("emotion", *emotion.group("adverbs").split(), emotion.group("emotion"))
            x = self._content(emotion.group("x"), Clause.opinion, issues)
            issues.topic = x
            if emotion.group("link").lower() in ("dat", "that"):
                return self._draft(Clause.opinion, "view", issues, x, form="that")
            return self._draft(Clause.opinion, "topic", issues, x)
        concern = self._shape(r"^(?:{subject}\s+)?(?:(?:maakt|maken)\s+zich\s+zorgen|(?:is|are|was|were)\s+"
                              r"(?:concerned|worried)|zorgen?|concerns?)\s+(?:over|about|by|regarding)\s+"
                              r"(?P<x>.+)$").match(text)
        if concern is not None:
            issues.add("opinion_marker", concern.group(0)[:concern.start("x")].strip())
            return self._draft(Clause.opinion, "concern", issues,
                               self._content(concern.group("x"), Clause.opinion, issues))
        form = "that" if self.say.language == "en" else "colon"
        match = self._attributed(text, OPINING, issues)
        if match is not None:
            issues.add("opinion_marker", text[:match.start("rest")].strip())
            text, form = match.group("rest"), "that" if match.group("link") in ("dat", "that") else form
            judged = re.match(r"^(?:het|it(?:'s|\s+is|\s+was))\s+(?P<adjective>\w+)\s+(?:dat|that)\s+(?P<x>.+)$",
                              text, I)
            if judged is not None:
                x = self._content(judged.group("x"), Clause.opinion, issues)
                issues.topic = x
                return self._draft(Clause.opinion, "judgement", issues, x, adjective=judged.group("adjective"))
        x = self._content(text, Clause.opinion, issues)
        return self._draft(Clause.opinion, "view", issues, x, form=form)

    def _disagreement(self, text: str, issues: Issues) -> Draft | None:
        if not lx.DISSENT.search(text):
            return None
        organisations = {self.index.organisation(o) for o in self.index.org_words.findall(text)}
        organisations |= {self.people.marked.entity(t).organisation for t in lx.TOKENS.findall(text)}
        organisations.discard("")
        topic = re.search(r"(?:oneens|niet\s+eens|disagree[ds]?|differ(?:ed)?|verschillen)\s+(?:van\s+mening\s+)?"
                          r"(?:met|over|with|on|about)\s+(?P<x>[^,;]+)", text, I)
        if len(organisations) < 2 or topic is None:
            return None
        issues.add("disagreement", *sorted(organisations))
        x = self._content(topic.group("x"), Clause.opinion, issues)
        return self._draft(Clause.opinion, "disagreement", issues, x)

    def _procedural(self, segment: Segment, text: str, issues: Issues) -> Draft | None:
        rest = re.sub(rf"{lx.DEFERRED.pattern}|{lx.TOKEN}|\b(?:dit|het|this|the|punt|item|agendapunt|wordt|is|was|"
                      r"naar|to|de|volgende|next|vergadering|meeting)\b", "", text, flags=I)
        if lx.DEFERRED.search(text) and len(rest.split()) <= 2 and not lx.FIGURE.search(lx.TOKENS.sub("", text)):
            return self._draft(Clause.procedural, "deferred", issues)
        return self._draft(Clause.procedural, "procedural", issues, self._content(text, Clause.procedural, issues))

    def _draft(self, clause: Clause, macro: str, issues: Issues, x: str | None = None,
               **context: object) -> Draft | None:
        if x is not None and not lx.WORD.search(x):
            return None  # nothing left but names and feelings: the caller lists the clause as noise
        arguments = dict(context)
        if x is not None:
            arguments["x"] = x
        owner = str(arguments.get("owner", ""))
        task = str(arguments.pop("task", "") or "")
        if macro == "action":
            arguments["task"] = task
            if not lx.WORD.search(task):
                return None
        text = self.say(macro, **arguments)
        return Draft(clause, text[:1].upper() + text[1:], issues, owner=owner, task=task)
