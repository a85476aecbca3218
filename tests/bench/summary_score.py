"""How fit for parliament a drafted summary is (issue 12, 'Measured'): `python -m tests.bench.summary_score [--readme]`.

Runs each language's corpus (tests/corpus/<language>.toml: a roster and annotated secretariat notes) through the
real drafting path (`bot.minutes.drafting.draft_document`) and counts, by the notes' annotations, what a reader of
the draft would object to: names left without a marker, figures lost, broken sentences output unmarked,
decisions/commitments/actions the notes did not hold, opinions next to an organisation, action points lost. The
broken-sentence detector is this module's own, independent of the engine's checks, so it can catch what they miss.
Also times the first and the warm draft of tests/bench/summary.py's 60-item summary in a fresh process, and the
memory that draft costs. `--readme` writes the figures between the README's summary-quality markers.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tomllib
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from pathlib import Path
from typing import Any

from bot.minutes.drafting import MeetingFacts, draft_document
from bot.objectivity.values import Clause, Note, Person, Roster, Sentence
from tests.bench import report

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "tests" / "corpus"
START, END = "<!-- summary-quality:start -->", "<!-- summary-quality:end -->"
LANGUAGES = ("nl", "en")
MARKERS = {"nl": "[CONTROLEREN]", "en": "[CHECK]"}
ORGANISATIONS = ("BZK", "SZW", "JenV", "VNG", "IPO", "COA", "Aedes", "Rijksheren")
TUSSENVOEGSELS = {"van", "de", "den", "der", "het", "ten", "ter", "el", "al", "la", "le", "du", "da", "di", "'t"}
LABEL = re.compile(r"^\s*(actie(punt)?|ap|action( point)?|to ?do)\b", re.IGNORECASE)


# ---------------------------------------------------------------- the corpus

@dataclass(frozen=True)
class Action:
    owner: str
    due: date | None


@dataclass(frozen=True)
class CorpusNote:
    key: str
    text: str
    kind: str
    item: int | None
    strangers: tuple[str, ...]
    decisions: int
    commitments: int
    actions: tuple[Action, ...]
    opinion: bool
    off_record: bool

    @property
    def labelled(self) -> bool:
        return bool(LABEL.match(self.text))


@dataclass(frozen=True)
class Corpus:
    language: str
    meeting_date: date
    next_meeting_date: date | None
    agenda: tuple[tuple[int, str], ...]
    roster: Roster
    notes: tuple[CorpusNote, ...]


def load(language: str) -> Corpus:
    raw = tomllib.loads((CORPUS / f"{language}.toml").read_text(encoding="utf-8"))
    people = tuple(Person(p["user_id"], p["name"], p["organisation"], p["role"]) for p in raw["people"])
    notes = tuple(CorpusNote(
        key=str(n), text=note["text"], kind=note["kind"], item=note.get("item"),
        strangers=tuple(note.get("strangers", ())), decisions=note.get("decisions", 0),
        commitments=note.get("commitments", 0),
        actions=tuple(Action(a["owner"], date.fromisoformat(a["due"]) if "due" in a else None)
                      for a in note.get("actions", ())),
        opinion=note.get("opinion", False), off_record=note.get("off_record", False))
        for n, note in enumerate(raw["notes"], start=1))
    return Corpus(language=raw["language"], meeting_date=raw["meeting_date"],
                  next_meeting_date=raw.get("next_meeting_date"),
                  agenda=tuple((number, title) for number, title in raw["agenda"]),
                  roster=Roster(people, ORGANISATIONS), notes=notes)


def facts(corpus: Corpus) -> MeetingFacts:
    chair = next((p.organisation for p in corpus.roster.people if p.role == "chair"), "")
    return MeetingFacts(language=corpus.language, table_name="LRT", number=3,
                        starts_at=datetime.combine(corpus.meeting_date, time(10), tzinfo=UTC), location="Den Haag",
                        present=ORGANISATIONS, absent=(), chair_organisation=chair, agenda=corpus.agenda,
                        general_title="Algemeen" if corpus.language == "nl" else "General",
                        next_meeting_date=corpus.next_meeting_date,
                        table_label="de LRT" if corpus.language == "nl" else "the LRT")


# ---------------------------------------------------------------- names

def name_forms(person: Person) -> set[str]:
    """The forms a note writes a roster name in: whole, first name, surname with and without its tussenvoegsels
    (and capitalised, "De Vries"), each also possessive."""
    words = person.name.split()
    first, rest = words[0], words[1:]
    core = [w for w in rest if w.lower() not in TUSSENVOEGSELS]
    forms = {person.name, first}
    if rest:
        surname = " ".join(rest)
        forms |= {surname, surname[:1].upper() + surname[1:]}
    if core:
        forms.add(" ".join(core))
    return forms | {f + "s" for f in forms} | {f + "'s" for f in forms}


def stranger_forms(stranger: str) -> set[str]:
    words = stranger.split()
    core = [w for w in words if w.lower() not in TUSSENVOEGSELS]
    return {stranger, " ".join(core)} - {""}


def names_in(text: str, forms: Iterable[str]) -> list[str]:
    """Each name written in `text`, once: the longest form wins ("Van den Berg", not also "Berg")."""
    found = []
    for form in sorted(forms, key=len, reverse=True):
        match = re.search(rf"(?<![\w'’]){re.escape(form)}(?![\w'’])", text)
        if match:
            found.append(form)
            text = text[:match.start()] + "\0" * len(form) + text[match.end():]
    return found


# ---------------------------------------------------------------- figures

NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
SLACK = re.compile(r"<[@#!][^>]*>")


def figures(text: str) -> list[str]:
    """Numbers with their separators taken out (35.200 = 35,200), Slack tokens ignored."""
    return [n.replace(".", "").replace(",", "").lstrip("0") or "0" for n in NUMBER.findall(SLACK.sub(" ", text))]


# ---------------------------------------------------------------- broken sentences

SPEECH_END = re.compile(r"(,|\b)\s*(zegt|zei|aldus|volgens|stelt|vindt|argued|said|says|stated|noted|according to)"
                        r"\s*[.?!]$", re.IGNORECASE)
DOUBLED_FORMULA = re.compile(
    r"\b(it was (agreed|decided|noted|suggested|reported)( that)?)\b.*\b(it was (agreed|decided|noted|suggested|"
    r"reported))\b|\b(that )?it was (agreed|decided) that it was\b|"
    r"\b(besloten|afgesproken) wordt\b.*\b(besluit|besloten|besluiten|afgesproken wordt)\b|"
    r"\ber wordt (opgemerkt|voorgesteld)\b.*\ber wordt (opgemerkt|voorgesteld)\b|"
    r"\bdecided\b[^.]*:\s*the (table|lrt) decide|"
    r"\b(it was \w+ that|wordt dat|wordt:)[^.]*\b(reported that|reported:|said|meldt dat|meldt:|zegt)\b",
    re.IGNORECASE)
CAPITAL_AFTER_FORMULA = re.compile(r"\b(that|dat)\s+(The|De|Het|It|A|An|Een|Er)\b")
OWNER_VERB_S = re.compile(rf"\b({'|'.join(ORGANISATIONS)}|the secretariat) to \w+(?<![su])s\b")
URL_CUT = re.compile(r"(open vraag|open question):\s*(zie|see)\s+https?://|https?://\S*[?&=]\s*$|https?://\S*[?&]$",
                     re.IGNORECASE)
CUT_ABBREVIATION = re.compile(r"\((ca|approx|c|bijv|o\.a|e\.g|i\.e|circa)\.?\s*[.)]?$", re.IGNORECASE)
DOUBLED_WORD = re.compile(r"\b(\w+)\s+\1\b", re.IGNORECASE)
DANGLING = {
    # no particles of separable verbs ("schieten bij", "komt voor"): a Dutch sentence may end in them
    "nl": {"de", "het", "een", "van", "met", "naar", "te", "tot", "en", "of", "dat", "die", "zie", "volgens", "als"},
    "en": {"the", "a", "an", "of", "for", "with", "on", "in", "at", "to", "by", "from", "and", "or", "that", "see",
           "according", "as"},
}
BAD_PUNCTUATION = re.compile(r"\s[.,;:?!]|[,;:]\s*[.?!]$|[.,;:]{2,}|^[\s.,;:?!)\]-]")


def broken(sentence: str, language: str) -> list[str]:
    """Why `sentence` (its marker taken off) reads as broken; empty when it reads as whole."""
    text = sentence.strip()
    problems = []
    if len(text.split()) < 2:
        problems.append("too short")
    if SPEECH_END.search(text):
        problems.append("dangling attribution")
    if text.count('"') % 2 or text.count("„") != text.count("”") or text.count("“") > text.count("”"):
        problems.append("stray quote")
    if sum(1 for c in text if c == "'" ) % 2 and not re.search(r"\w'\w|\w's\b|s'(?=\s|$)", text):
        problems.append("stray quote")
    if text.count("(") != text.count(")") or text.count("[") != text.count("]"):
        problems.append("stray bracket")
    if DOUBLED_FORMULA.search(text):
        problems.append("doubled formula")
    if CAPITAL_AFTER_FORMULA.search(text):
        problems.append("capital after a formula")
    if OWNER_VERB_S.search(text):
        problems.append("owner to verb-s")
    if URL_CUT.search(text):
        problems.append("cut url")
    if CUT_ABBREVIATION.search(text):
        problems.append("cut at abbreviation")
    doubled = [m.group(1) for m in DOUBLED_WORD.finditer(text) if not m.group(1).isdigit()]
    if doubled:
        problems.append("doubled word")
    first = next((c for c in text if c.isalpha()), "")
    if first and first.islower() and not text.startswith(("'s", "e-")):
        problems.append("lower-case start")
    words = re.findall(r"[\w']+", text.rstrip(".?!"))
    if words and words[-1].lower() in DANGLING[language]:
        problems.append("ends in a function word")
    if not text.endswith((".", "?", "!")):
        problems.append("no final stop")
    if BAD_PUNCTUATION.search(text):
        problems.append("punctuation")
    return problems


# ---------------------------------------------------------------- scoring

@dataclass
class Score:
    language: str
    notes: int = 0
    sentences: int = 0
    names_unmarked: int = 0
    names_all: int = 0
    figures_wanted: int = 0
    figures_kept: int = 0
    broken_unmarked: int = 0
    invented_decisions: int = 0
    invented_commitments: int = 0
    invented_actions: int = 0
    opinions_with_organisation: int = 0
    actions_wanted: int = 0
    actions_lost: int = 0
    labelled_wanted: int = 0
    labelled_lost: int = 0
    findings: int = 0
    examples: dict[str, list[str]] = field(default_factory=dict)

    def example(self, key: str, text: str) -> None:
        self.examples.setdefault(key, []).append(text)

    @property
    def figures_pct(self) -> float:
        return 100.0 * self.figures_kept / self.figures_wanted if self.figures_wanted else 100.0


def unmarked(sentence: Sentence, language: str) -> bool:
    return not sentence.text.lstrip().startswith(MARKERS[language])


def body(sentence: Sentence, language: str) -> str:
    return sentence.text.replace(MARKERS[language], "", 1).strip()


def has_organisation(text: str) -> bool:
    return any(re.search(rf"\b{re.escape(org)}\b", text, re.IGNORECASE) for org in ORGANISATIONS)


def same_owner(wanted: str, given: str) -> bool:
    if wanted.lower().startswith("secretaria"):
        return "secretaria" in given.lower()
    return wanted.lower() == given.lower()


def score_outcome(language: str, notes: Sequence[CorpusNote], roster: Roster,
                  sentences: Sequence[Sentence], findings: int = 0) -> Score:
    """The counts for `sentences` (what a draft of `notes` holds), by the notes' annotations."""
    score = Score(language, notes=len(notes), sentences=len(sentences), findings=findings)
    roster_forms = set().union(*(name_forms(p) for p in roster.people)) if roster.people else set()
    by_note: dict[str, list[Sentence]] = {}
    for sentence in sentences:
        by_note.setdefault(sentence.note_key, []).append(sentence)
    for note in notes:
        mine = by_note.get(note.key, [])
        forms = roster_forms | set().union(*(stranger_forms(s) for s in note.strangers))
        for sentence in mine:
            found = names_in(body(sentence, language), forms)
            score.names_all += len(found)
            if found and unmarked(sentence, language):
                score.names_unmarked += len(found)
                score.example("names", sentence.text)
            if unmarked(sentence, language):
                problems = broken(body(sentence, language), language)
                if problems:
                    score.broken_unmarked += 1
                    score.example("broken", f"{sentence.text}  ({', '.join(problems)})")
                if note.opinion and has_organisation(body(sentence, language)):
                    score.opinions_with_organisation += 1
                    score.example("opinion_organisation", sentence.text)
        if not note.off_record:
            wanted = Counter(figures(note.text))
            written = Counter(figures(" ".join(s.text + " " + _due_words(s) for s in mine)))
            score.figures_wanted += sum(wanted.values())
            kept = sum((wanted & written).values())
            score.figures_kept += kept
            if kept < sum(wanted.values()):
                score.example("figures", f"{note.text} → {' | '.join(s.text for s in mine) or '(nothing)'}")
        clauses = Counter(s.clause for s in mine)
        invented = (("invented_decisions", clauses[Clause.decision] + clauses[Clause.agreement] - note.decisions),
                    ("invented_commitments", clauses[Clause.commitment] - note.commitments),
                    ("invented_actions", clauses[Clause.action] - len(note.actions)))
        for key, extra in invented:
            if extra > 0:
                setattr(score, key, getattr(score, key) + extra)
                score.example(key, f"{note.text} → {' | '.join(s.text for s in mine)}")
        outputs = [s for s in mine if s.clause == Clause.action]
        for action in note.actions:
            score.actions_wanted += 1
            score.labelled_wanted += note.labelled
            match = next((s for s in outputs if same_owner(action.owner, s.owner)
                          and (action.due is None or s.due == action.due)), None)
            if match is None:
                score.actions_lost += 1
                score.labelled_lost += note.labelled
                score.example("actions_lost", f"{note.text} → {' | '.join(f'{s.owner}/{s.due}' for s in outputs)}")
            else:
                outputs.remove(match)
    return score


def _due_words(sentence: Sentence) -> str:
    return f"{sentence.due.day} {sentence.due.year}" if sentence.due else ""


def engine_notes(notes: Sequence[CorpusNote]) -> list[Note]:
    return [Note(key=n.key, text=n.text, kind=n.kind, item_number=n.item) for n in notes]


def score(language: str) -> Score:
    corpus = load(language)
    _, outcome = draft_document(facts(corpus), engine_notes(corpus.notes), corpus.roster, (), version=1)
    return score_outcome(language, corpus.notes, corpus.roster, outcome.sentences, len(outcome.findings))


# ---------------------------------------------------------------- time and memory

def draft_costs() -> dict[str, float]:
    """In this process (meant to be a fresh one): the first and the warm draft of the 60-item summary, and the
    resident memory before, after and at the peak (MiB)."""
    import statistics
    import time as clock

    from tests.bench import summary

    def rss(field_name: str) -> float:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith(field_name):
                return int(line.split()[1]) / 1024
        return float("nan")

    meeting, notes, people = summary.facts("nl"), summary.engine_notes("nl"), summary.roster()
    before = rss("VmRSS:")
    started = clock.perf_counter()
    draft_document(meeting, notes, people, (), version=1)
    first = clock.perf_counter() - started
    after_first = rss("VmRSS:")
    warm = []
    for _ in range(5):
        started = clock.perf_counter()
        draft_document(meeting, notes, people, (), version=1)
        warm.append(clock.perf_counter() - started)
    return {"first_ms": first * 1000, "warm_ms": statistics.median(warm) * 1000, "rss_before_mib": before,
            "rss_after_mib": after_first, "peak_mib": rss("VmHWM:"), "draft_mib": after_first - before}


def measured_costs() -> dict[str, float]:
    code = "import json; from tests.bench.summary_score import draft_costs; print(json.dumps(draft_costs()))"
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


# ---------------------------------------------------------------- the table

ROWS: tuple[tuple[str, Any], ...] = (
    ("notes", lambda s: str(s.notes)),
    ("output sentences", lambda s: str(s.sentences)),
    ("names left without a marker (target 0)", lambda s: str(s.names_unmarked)),
    ("names left in the draft, marked or not", lambda s: str(s.names_all)),
    ("figures kept (target 100 %)", lambda s: f"{s.figures_kept} of {s.figures_wanted} ({s.figures_pct:.1f} %)"),
    ("broken sentences output unmarked (target 0)",
     lambda s: f"{s.broken_unmarked} ({100 * s.broken_unmarked / max(s.sentences, 1):.0f} %)"),
    ("decisions the notes did not hold (target 0)", lambda s: str(s.invented_decisions)),
    ("commitments the notes did not hold (target 0)", lambda s: str(s.invented_commitments)),
    ("action points the notes did not hold (target 0)", lambda s: str(s.invented_actions)),
    ("opinions next to an organisation (target 0)", lambda s: str(s.opinions_with_organisation)),
    ("labelled action points lost (target 0)", lambda s: f"{s.labelled_lost} of {s.labelled_wanted}"),
    ("action points lost, all", lambda s: f"{s.actions_lost} of {s.actions_wanted}"),
    ("findings per note", lambda s: f"{s.findings / max(s.notes, 1):.2f}"),
)


def table(scores: Sequence[Score]) -> list[str]:
    lines = ["| figure | " + " | ".join(s.language for s in scores) + " |",
             "| --- | " + " | ".join("---:" for _ in scores) + " |"]
    lines += [f"| {label} | " + " | ".join(cell(s) for s in scores) + " |" for label, cell in ROWS]
    return lines


def cost_lines(costs: dict[str, float]) -> list[str]:
    return [f"60-item summary (tests/bench/summary.py, nl), `draft_document` in a fresh process: first draft "
            f"{costs['first_ms']:.0f} ms, warm draft {costs['warm_ms']:.0f} ms (median of 5); resident memory "
            f"{costs['rss_before_mib']:.0f} MiB before the first draft, {costs['rss_after_mib']:.0f} MiB after "
            f"(a draft costs {costs['draft_mib']:.0f} MiB), peak {costs['peak_mib']:.0f} MiB."]


def readme_block(scores: Sequence[Score], costs: dict[str, float], commit: str) -> str:
    return "\n".join([
        "### Summary quality", "",
        f"Measured at commit `{commit}` by `python -m tests.bench.summary_score --readme` on the corpus in "
        "`tests/corpus/` (annotated secretariat notes, one file per language), drafted by `draft_document`; "
        "tests/test_summary_corpus.py asserts the targets.", "",
        *table(scores), "", *cost_lines(costs)])


def main(argv: list[str] | None = None) -> int:
    arguments = argparse.ArgumentParser(prog="python -m tests.bench.summary_score",
                                        description=__doc__.splitlines()[0])
    arguments.add_argument("--readme", action="store_true", help="write the figures into the README")
    arguments.add_argument("--examples", action="store_true", help="print the sentences behind each count")
    given = arguments.parse_args(argv)
    scores = [score(language) for language in LANGUAGES]
    print("\n".join(table(scores)))
    costs = measured_costs()
    print("\n".join(cost_lines(costs)))
    if given.examples:
        for s in scores:
            for key, texts in s.examples.items():
                print(f"\n[{s.language}] {key}:")
                print("\n".join(f"  {t}" for t in texts))
    if given.readme:
        commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True,
                                text=True).stdout.strip()
        if not report.update_readme(readme_block(scores, costs, commit), START, END):
            print("README: no summary-quality markers", file=sys.stderr)
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
