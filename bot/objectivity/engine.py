"""`objectivise`: every note through the pipeline, each clause into a sentence or the dropped list."""

from __future__ import annotations

from collections.abc import Sequence

from bot.objectivity import lexicon as lx
from bot.objectivity.classify import NOISE, OFF_RECORD, Segment, classify, segments
from bot.objectivity.content import Issues, People
from bot.objectivity.lint import Lint
from bot.objectivity.names import Marked, NameIndex, normalise
from bot.objectivity.phrases import Phrases
from bot.objectivity.rewrite import Draft, Rewriter
from bot.objectivity.values import Clause, Dropped, Finding, Note, Outcome, Policy, Roster, Sentence

# internal issue key → (problem reported, suggestion macro)
PROBLEMS = {"emotion": ("evaluative", "suggest_emotion")}


def objectivise(notes: Sequence[Note], roster: Roster, policy: Policy) -> Outcome:
    """Every clause of every note ends up in exactly one place: a sentence, or the dropped list (off the record,
    noise). No roster name, mention, user id, e-mail address or phone number reaches a sentence."""
    index = NameIndex(roster)
    phrases = Phrases(policy.language)
    sentences: list[Sentence] = []
    dropped: list[Dropped] = []
    findings: list[Finding] = []
    for note in notes:
        if not note.text.strip():
            continue
        marked = normalise(note.text, index)
        people = People(marked, index, phrases, policy.chatham)
        rewriter, lint = Rewriter(index, people, policy, phrases), Lint(index, people, phrases)
        findings += _note_findings(note, marked, phrases)
        for segment in segments(note, marked, index):
            kind = classify(segment, index)
            draft = None if kind in (OFF_RECORD, NOISE) else rewriter.render(segment, Clause(kind))
            if draft is None:
                reason = OFF_RECORD if kind == OFF_RECORD else NOISE
                dropped.append(Dropped(note.key, marked.display(segment.raw).strip(), reason))
                continue
            _people_in_clause(segment, marked, draft.issues)
            for hint, word in segment.hints:  # a cue word that did not decide the class: a suggestion
                draft.issues.add(hint, word)
            text = lint.finish(draft, segment)
            found = _findings(note, marked.display(segment.raw), text, draft.issues, phrases, marked)
            findings += found
            sentences.append(_sentence(note, draft, text, bool(found)))
    return Outcome(tuple(sentences), tuple(dropped), tuple(findings))


def _sentence(note: Note, draft: Draft, text: str, flagged: bool) -> Sentence:
    due = draft.due
    return Sentence(note.key, note.item_number, draft.clause, text, owner=draft.owner,
                    due=due.day if due and draft.clause in (Clause.action, Clause.commitment) else None,
                    due_text=due.text if due else "", flagged=flagged, task=draft.task)


def _people_in_clause(segment: Segment, marked: Marked, issues: Issues) -> None:
    """A person taken out as the subject ("Ellen vraagt …") is still a name the secretary should know about."""
    for token in lx.TOKENS.findall(segment.text):
        entity = marked.entity(token)
        problem = {"unknown": "unknown_participant", "stranger": "stranger"}.get(entity.kind, "name")
        issues.add(problem, entity.display if entity.kind != "role" else "")


def _findings(note: Note, original: str, output: str, issues: Issues, phrases: Phrases,
              marked: Marked | None = None) -> list[Finding]:
    result = []
    if issues.found.get("emotion"):  # one judgement finding per clause: the hedges join the emotion
        issues.found["emotion"] = list(dict.fromkeys([*issues.found.pop("evaluative", []), *issues.found["emotion"]]))
    for key, words in issues.found.items():
        if not words:
            continue
        problem, macro = PROBLEMS.get(key, (key, f"suggest_{key}"))
        words = [marked.display(word) for word in words] if marked else words
        context: dict[str, object] = {"words": tuple(words)}
        if macro in ("suggest_evaluative", "suggest_emotion"):
            context["topic"] = issues.topic
        result.append(Finding(note.key, original.strip(), output, problem, tuple(words), phrases(macro, **context)))
    return result


def _note_findings(note: Note, marked: Marked, phrases: Phrases) -> list[Finding]:
    """Contact details and raw user ids are cut before segmenting; they are reported against the whole note."""
    issues = Issues()
    if not marked.detector_used:
        issues.add("detector_unused", phrases("detector_name"))
    for problem, word in marked.removed:
        if problem != "unknown_participant":
            issues.add(problem, word)
    return _findings(note, marked.display(marked.text), "", issues, phrases)
