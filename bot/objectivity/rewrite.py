"""One clause → one sentence in the language's impersonal pattern. Only words of the note, the pattern's own
words, organisation codes and dates reach the output; what cannot be made neutral mechanically stays and is
flagged (lint.py adds the marker). The shapes a clause is matched against are in shapes.py."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from bot.objectivity import lexicon as lx
from bot.objectivity import shapes as sh
from bot.objectivity.classify import Segment
from bot.objectivity.content import Issues, People, neutralise, tidy
from bot.objectivity.due import Due, find_due
from bot.objectivity.names import NameIndex
from bot.objectivity.phrases import Phrases, capfirst
from bot.objectivity.values import Clause, Policy


@dataclass
class Draft:
    clause: Clause
    text: str
    issues: Issues
    owner: str = ""
    due: Due | None = None
    task: str = ""


Render = Callable[[Segment, str, Issues], Draft | None]  # one clause class's rewrite


def _link_and_rest(match: re.Match[str]) -> str:
    """What follows the verb of an attributed clause, its link word included: "wie de beveiliging betaalt"."""
    return ((match.group("link") or "") + " " + match.group("rest")).strip()


# words that begin a clause and are never a name: written in lower case once a pattern stands before them
OPENING_WORDS = frozenset({"de", "het", "een", "die", "dat", "deze", "dit", "er", "the", "a", "an", "this", "that",
                           "these", "those", "there", "it"})


def _inside_pattern(content: str) -> str:
    """ "De cijfers kloppen" after "Er wordt opgemerkt:" reads "de cijfers kloppen"; a name or code keeps its
    capital, so only an opening word that is never one is lowered."""
    first, _, rest = content.partition(" ")
    if first[:1].isupper() and (len(first) == 1 or first[1:].islower()) and first.lower() in OPENING_WORDS:
        return f"{first.lower()} {rest}" if rest else first.lower()
    return content


def _first_word(text: str, default: str) -> str:
    return text.split()[0] if text.split() else default


class Rewriter:
    def __init__(self, index: NameIndex, people: People, policy: Policy, phrases: Phrases) -> None:
        self.index, self.people, self.policy, self.say = index, people, policy, phrases
        self.subject = sh.subject(index.org)
        self.plain_form = "that" if phrases.language == "en" else "colon"  # a sentence with no link word of its own
        self._renderers: dict[Clause, Render] = {
            Clause.decision: self._decision, Clause.agreement: self._decision, Clause.commitment: self._commitment,
            Clause.action: self._action, Clause.question: self._question, Clause.fact: self._fact,
            Clause.proposal: self._proposal, Clause.opinion: self._opinion, Clause.procedural: self._procedural}

    def render(self, segment: Segment, clause: Clause) -> Draft | None:
        """The clause's sentence, or None when nothing but names and feelings is left of it (noise)."""
        issues = Issues()
        return self._renderers[clause](segment, neutralise(segment.text, issues), issues)

    # --- helpers ---
    def _shape(self, pattern: str, verbs: str = "") -> re.Pattern[str]:
        return sh.compiled_shape(pattern, self.subject, verbs)

    def _attributed(self, text: str, verbs: str, issues: Issues) -> re.Match[str] | None:
        match = self._shape(sh.ATTRIBUTED, verbs).match(text)
        if match is not None:
            self._first_person(match.group("subj"), issues)
        return match

    def _first_person(self, subject: str, issues: Issues) -> None:
        if sh.FIRST_PERSON.fullmatch(subject.strip()):
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

    def _due(self, text: str) -> Due | None:
        return find_due(text, self.policy.meeting_date, self.policy.next_meeting_date, self.policy.table_label)

    # --- classes ---
    def _decision(self, segment: Segment, text: str, issues: Issues) -> Draft | None:
        clause = Clause.agreement if lx.AGREEMENT.search(text) or segment.label == "agreement" else Clause.decision
        if sh.FORMULA_START.match(text):  # "Afgesproken wordt …", "De tafel besluit …": never a second formula
            return self._draft(clause, "as_written", issues, self._content(text, clause, issues))
        if segment.consent:
            return self._consented(text, issues)
        consent = sh.CONSENTED.search(text)
        if (consent is not None and self._bare_subject(text[:consent.start()])
                and not sh.THAT_CLAUSE.match(consent.group("x"))):
            x = self._content(consent.group("x"), Clause.decision, issues)
            return self._draft(Clause.decision, "consent", issues, x, label=self.policy.table_label)
        linked = sh.DECIDED_THAT.search(text)
        if linked is not None and self._bare_subject(text[:linked.start()]):
            x = self._content(linked.group("x"), clause, issues)
            return self._draft(clause, clause.value, issues, x, form=self._form(linked.group("link")))
        x = self._content(text, clause, issues)
        return self._draft(clause, clause.value, issues, x, form=self.plain_form)

    def _consented(self, text: str, issues: Issues) -> Draft | None:
        """A clause followed by a bare "akkoord": what was proposed is what was agreed."""
        x, form = self._proposal_parts(text, issues)
        x = self._content(x, Clause.agreement, issues)
        return self._draft(Clause.agreement, "agreement", issues, x, form=form)

    def _bare_subject(self, prefix: str) -> bool:
        """Nothing but who before the decision word: "iedereen is akkoord met …", not "VNG vraagt of … akkoord"."""
        return self._shape(sh.BARE_SUBJECT).fullmatch(sh.DECIDING_FILLER.sub("", prefix)) is not None

    def _commitment(self, segment: Segment, text: str, issues: Issues) -> Draft | None:
        match = self._attributed(text, sh.COMING_BACK, issues)
        if match is not None:
            owner = self.people.owner(match.group("subj"), self._author(segment))
            x = self._content(_link_and_rest(match), Clause.commitment, issues)
            return self._draft(Clause.commitment, "commitment", issues, x, owner=owner, form="return", task=x)
        owner, rest, form = self._promise(segment, text, issues)
        x = self._content(rest, Clause.commitment, issues)
        draft = self._draft(Clause.commitment, "commitment", issues, x, owner=owner, form=form, task=x)
        if draft is not None:
            draft.due = self._due(rest)
        return draft

    def _promise(self, segment: Segment, text: str, issues: Issues) -> tuple[str, str, str]:
        """(owner, what is promised, form) of "BZK zegt toe dat …", "The Minister promised BZK will …"."""
        author = self._author(segment)
        match = self._attributed(text, sh.PROMISING, issues) or sh.UNATTRIBUTED_PROMISE.match(text)
        if match is None and (body := sh.BODY_PROMISE.match(text)) is not None:
            form = self._form(body.group("link"))
            return body.group("subj"), body.group("rest"), form if form != "colon" else (
                "to" if self.say.language == "en" else "plain")
        if match is None:
            return author, text, "that"
        owner = self.people.owner(match.group("subj"), author)
        rest, form = match.group("rest"), self._form(match.group("link"))
        inner = self._shape(sh.SUBJECT_WILL).match(rest)
        if inner is not None:  # "promised BZK will send …": BZK undertook to send …
            return self.people.owner(inner.group("subj"), author), inner.group("x"), "to"
        if form == "that" and (lead := self._shape(sh.SUBJECT_FIRST).match(rest)) is not None:
            owner = self.people.owner(lead.group("subj"), author) or owner
        if form == "colon":
            form = "to" if self.say.language == "en" else "plain"
        return owner, rest, form

    def _action(self, segment: Segment, text: str, issues: Issues) -> Draft | None:
        due = self._due(text)
        if due is not None:
            text = tidy(text.replace(due.phrase, " ", 1))
        owner, task = self._owner_and_task(segment, text, issues)
        if not owner:
            issues.add("owner_missing", _first_word(task, ""))
            issues.check = True
        task = self._content(task, Clause.action, issues)
        if due is None:
            issues.add("due_missing", _first_word(task, "-"))
        form = "colon" if self.say.language == "en" and sh.NOT_BASE_FORM.match(task) else "to"
        draft = self._draft(Clause.action, "action", issues, owner=owner, task=task, form=form,
                            due=due.day if due else None,
                            weekday=bool(due and due.weekday), due_text=due.text if due else "")
        if draft is not None:
            draft.due = due
        return draft

    def _owner_and_task(self, segment: Segment, text: str, issues: Issues) -> tuple[str, str]:
        """ "ik regel de zaal" → (the author's organisation, "regelt de zaal"); "VNG stuurt …" → ("VNG", "stuurt …")."""
        first = sh.FIRST_PERSON_TASK.match(text)
        if first is not None:
            issues.add("first_person", text.split()[0])
            verb = first.group("nl")
            task = (verb + ("" if verb.endswith("t") else "t") + first.group("rest")) if verb else first.group("en")
            return self._author(segment), task
        match = self._shape(sh.OWNER_AND_TASK).match(text)
        if match is not None:
            return self.people.owner(match.group("subj"), self._author(segment)), match.group("task")
        return "", text

    def _question(self, segment: Segment, text: str, issues: Issues) -> Draft | None:
        match = self._attributed(text, sh.ASKING, issues)
        if match is not None:
            text = _link_and_rest(match)
        text = self._shape(sh.QUESTION_OF).sub("", text)
        x = self._content(text, Clause.question, issues)
        return self._draft(Clause.question, "question", issues, x)

    def _fact(self, segment: Segment, text: str, issues: Issues) -> Draft | None:
        source = segment.speaker_org or self._author(segment)
        form = "colon"
        match = self._attributed(text, sh.REPORTING, issues)
        if match is not None and match.group("link") in (None, "dat", "that", "Dat", "That"):
            source = self.people.owner(match.group("subj"), source) or source
            text, form = match.group("rest"), self._form(match.group("link"))
        if not self.policy.facts_credited or self.policy.chatham:
            source = ""
        x = self._content(text, Clause.fact, issues)
        return self._draft(Clause.fact, "fact", issues, x, source=source, form=form)

    def _proposal_parts(self, text: str, issues: Issues) -> tuple[str, str]:
        """(what is proposed, form) by the first of `shapes.PROPOSALS` that fits; the whole clause otherwise."""
        for shape, dutch, english in sh.PROPOSALS:
            match = self._shape(shape).match(text)
            if match is None:
                continue
            if match.groupdict().get("subj"):
                self._first_person(match.group("subj"), issues)
            link, x = match.groupdict().get("link"), match.group("x")
            form = self._form(link) if link else english if self.say.language == "en" else dutch
            if form == "to" and not link and self.say.language == "nl" and not sh.TE_INFINITIVE.search(x):
                form = "colon"  # "moeten we X vragen": no te-infinitive to hang "om" on
            return x, form
        return text, self.plain_form

    def _proposal(self, segment: Segment, text: str, issues: Issues) -> Draft | None:
        x, form = self._proposal_parts(text, issues)
        return self._draft(Clause.proposal, "proposal", issues, self._content(x, Clause.proposal, issues), form=form)

    def _opinion(self, segment: Segment, text: str, issues: Issues) -> Draft | None:
        disagreement = self._disagreement(text, issues)
        if disagreement is not None:
            return disagreement
        emotion = self._shape(sh.EMOTION).match(text)
        if emotion is not None:
            return self._emotion(emotion, issues)
        concern = self._shape(sh.CONCERN).match(text)
        if concern is not None:
            issues.add("opinion_marker", concern.group(0)[:concern.start("x")].strip())
            return self._draft(Clause.opinion, "concern", issues,
                               self._content(concern.group("x"), Clause.opinion, issues))
        return self._view(text, issues)

    def _emotion(self, emotion: re.Match[str], issues: Issues) -> Draft | None:
        """ "Karin is boos over X": only X is said; the emotion goes to the review list."""
        issues.add("emotion", *emotion.group("adverbs").split(), emotion.group("emotion"))
        x = self._content(emotion.group("x"), Clause.opinion, issues)
        issues.topic = x
        if emotion.group("link").lower() in ("dat", "that"):
            return self._draft(Clause.opinion, "view", issues, x, form="that")
        return self._draft(Clause.opinion, "topic", issues, x)

    def _view(self, text: str, issues: Issues) -> Draft | None:
        """ "Joris denkt dat X" → it is noted that X; "… vindt het jammer dat X" → X is judged a pity."""
        form = self.plain_form
        match = self._attributed(text, sh.OPINING, issues)
        if match is not None:
            issues.add("opinion_marker", text[:match.start("rest")].strip())
            text, form = match.group("rest"), "that" if match.group("link") in ("dat", "that") else form
            judged = sh.JUDGED.match(text)
            if judged is not None:
                x = self._content(judged.group("x"), Clause.opinion, issues)
                issues.topic = x
                return self._draft(Clause.opinion, "judgement", issues, x, adjective=judged.group("adjective"))
        x = self._content(text, Clause.opinion, issues)
        return self._draft(Clause.opinion, "view", issues, x, form=form)

    def _disagreement(self, text: str, issues: Issues) -> Draft | None:
        """Two organisations or more at odds over a topic: the views differ, nobody is named."""
        if not lx.DISSENT.search(text):
            return None
        organisations = {self.index.organisation(o) for o in self.index.org_words.findall(text)}
        organisations |= {self.people.marked.entity(t).organisation for t in lx.TOKENS.findall(text)}
        organisations.discard("")
        topic = sh.DISAGREEMENT_TOPIC.search(text)
        if len(organisations) < 2 or topic is None:
            return None
        issues.add("disagreement", *sorted(organisations))
        x = self._content(topic.group("x"), Clause.opinion, issues)
        return self._draft(Clause.opinion, "disagreement", issues, x)

    def _procedural(self, segment: Segment, text: str, issues: Issues) -> Draft | None:
        if (lx.DEFERRED.search(text) and len(sh.DEFERRAL_WORDS.sub("", text).split()) <= 2
                and not lx.FIGURE.search(lx.TOKENS.sub("", text))):
            return self._draft(Clause.procedural, "deferred", issues)
        return self._draft(Clause.procedural, "procedural", issues, self._content(text, Clause.procedural, issues))

    def _draft(self, clause: Clause, macro: str, issues: Issues, x: str | None = None,
               **context: object) -> Draft | None:
        if x is not None and not lx.WORD.search(x):
            return None  # nothing left but names and feelings: the caller lists the clause as noise
        arguments = dict(context)
        if x is not None:
            arguments["x"] = x if macro == "as_written" else _inside_pattern(x)
        owner = str(arguments.get("owner", ""))
        task = str(arguments.pop("task", "") or "")
        if macro == "action":
            arguments["task"] = task
            if not lx.WORD.search(task):
                return None
        return Draft(clause, capfirst(self.say(macro, **arguments)), issues, owner=owner, task=task)
