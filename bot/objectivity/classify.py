"""Segment a note into clauses and give each clause its class (first match wins, as in the guide)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache

from bot.objectivity import lexicon as lx
from bot.objectivity.names import Entity, Marked, NameIndex, fold
from bot.objectivity.values import Clause, Note

OFF_RECORD = "off_record"
NOISE = "noise"
ABBREVIATIONS = {"dhr", "mevr", "mw", "mr", "mrs", "ms", "dr", "drs", "ir", "ing", "prof", "bijv", "ca", "nr", "vs",
                 "zgn", "evt", "incl", "excl", "resp", "etc", "jl", "a.s", "o.a", "m.i", "e.g", "i.e", "t.a.v",
                 "z.s.m", "st", "approx", "d.w.z", "m.b.t", "t/m", "art", "cf", "viz", "no", "p", "pp", "blz"}
OPENERS = "([{\"'“‘„«"  # a bracket or quote before an abbreviation: "(ca. 300)"
URL = re.compile(r"(?:https?://|www\.)\S+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+", re.IGNORECASE)
BULLET = re.compile(r"^\s*(?:[-•*·]|\d{1,2}[.)])\s+")
SENTENCE_END = re.compile(r"[.!?]+(?=\s)")
CLAUSE_BREAK = lx.Gated(r"\s*;\s*|\s+[—–]\s+|\s+--?\s+|^[—–-]+\s*", fragments=";—–-")
SHORT_OR_INITIALS = re.compile(r"[a-z]|(?:\w\.)+\w")
LABELS = {"decision": r"besluit|besloten|decision|decided", "question": r"vraag|question",
          "action": r"actiepunt|actie|ap|action\s+point|action|to\s*do", "agreement": r"afspraak|agreement|agreed",
          "commitment": r"toezegging|commitment"}
# "Actie @jenv:", "AP <@U…>:", "Action VNG:": the owner written between the label and its colon
LABEL = re.compile(r"^(?:" + "|".join(rf"(?P<{k}>{v})" for k, v in LABELS.items()) + r")"
                   rf"(?:\s*@|\s+)?(?P<owner>{lx.TOKEN}|@?[\w-]{{1,40}})?\s*:\s*", re.IGNORECASE)
SUBJECT_WORDS = r"(?:[^\s,;:?]+\s+){1,4}?"  # a short subject before a formula's verb: "De minister van BZK"
DECISION_FORMULA = re.compile(
    r"^(?:besloten\s+wordt|er\s+wordt\s+besloten|(?:de\s+)?(?:tafel|lrt)\s+(?:besluit|stemt\s+in)|"
    r"(?:iedereen|allen|(?:de\s+)?(?:tafel|lrt))\s+(?:is\s+|gaat\s+)?akkoord|iedereen\s+stemt\s+in|"
    r"it\s+was\s+decided|(?:the\s+)?(?:table|lrt)\s+decided|(?:everyone|everybody|all|(?:the\s+)?(?:table|lrt))\s+"
    r"(?:agreed|approved))(?!\w)", re.IGNORECASE)
AGREEMENT_FORMULA = re.compile(r"^(?:afgesproken\s+wordt\s+(?:dat|om)|er\s+wordt\s+afgesproken|"
                               r"it\s+was\s+agreed\s+(?:that|to))(?!\w)", re.IGNORECASE)
COMMITMENT_FORMULA = re.compile(
    rf"^(?:{SUBJECT_WORDS})?(?:zegt|zeggen)\s+toe(?!\w)|^{SUBJECT_WORDS}heeft\s+toegezegd|"
    rf"^{SUBJECT_WORDS}(?:komt|komen)\s+(?:(?:hier|daar)op\s+terug|terug\s+op)|"
    rf"^{SUBJECT_WORDS}(?:undertook|undertakes|commits\s+to|committed\s+to|will\s+(?:come|get)\s+back)(?!\w)|"
    rf"^{SUBJECT_WORDS}(?:promised|promises)\s+(?:to\s|(?:that\s+)?(?:\S+\s+){{1,3}}?(?:will|shall)\s)|"
    rf"^{SUBJECT_WORDS}(?:belooft|beloven)\s+(?:te|om|dat)\s", re.IGNORECASE)
ASKING_FORMULA = re.compile(
    rf"^(?:vraag\s+van|(?:{SUBJECT_WORDS})?(?:vraagt|vragen|asked|asks|wonders|wondered)(?:\s+zich\s+af)?\s+"
    r"(?:of|wie|wat|waar|wanneer|waarom|hoe|hoeveel|welke|naar|whether|if|who|what|where|when|why|how|which|about))"
    r"(?!\w)", re.IGNORECASE)
ACTION_WORDS = lx.pattern("actie", "actiepunt", "actiepunten", "action point", "action item", "to do", "todo")
# a view in a clause that holds a figure or a report verb: the clause is an opinion, not a fact
VIEW_OF = lx.pattern("volgens", "according to", "maakt zich zorgen", "maken zich zorgen", "zorgen over", "bezorgd",
                     "is worried", "are worried", "was worried", "were worried", "concerned", "concern", "zorg")
NEGATED = re.compile(r"(?<!\w)(?:niet|geen|not|no|nog\s+geen)\s+(?:\w+\s+)?(?:akkoord|agreed|approved|besloten|"
                     r"decided|ingestemd)", re.IGNORECASE)
FIRST_PERSON_ACTION = re.compile(r"^(?:ik\s+regel|i'll\s|i\s+will\s)", re.IGNORECASE)
OFF_RECORD_LINE = re.compile(rf"^\s*(?:{lx.OFF_RECORD.pattern})\s*[:\-—–]", re.IGNORECASE)
LEADING_ARTICLE = re.compile(r"^(?:de|het|the)\s+", re.IGNORECASE)
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
    hints: list[tuple[str, str]] = field(default_factory=list)  # (reads_like_…, the cue word) for the review


def segments(note: Note, marked: Marked, index: NameIndex) -> list[Segment]:
    """Lines, then sentences, then clauses (";" and " — "); figures like 35.200 and 1.5 stay whole."""
    speaker_pattern = _speaker(index.org)
    result: list[Segment] = []
    for line in marked.text.splitlines():
        line, speaker, speaker_org = _split_speaker(BULLET.sub("", line), speaker_pattern, marked, index)
        off_line = OFF_RECORD_LINE.match(line) is not None
        for text in _clauses(line):
            if result and not off_line and _absorbed_by(result[-1], text):
                continue
            result.append(Segment(note, text, text, speaker, speaker_org, off_record=off_line))
    return result


def _split_speaker(line: str, pattern: re.Pattern[str], marked: Marked,
                   index: NameIndex) -> tuple[str, Entity | None, str]:
    """The line without its leading "Milo: " or "<@U…> (VNG): ", the person speaking, and their organisation."""
    match = pattern.match(line)
    if match is None:
        return line, None, ""
    token = lx.TOKENS.search(match.group("who"))
    speaker = marked.entity(token.group(0)) if token else None
    speaker_org = (index.organisation(match.group("org") or "") or (speaker.organisation if speaker else "")
                   or index.organisation(LEADING_ARTICLE.sub("", match.group("who"))))
    return line[match.end():], speaker, speaker_org


def _clauses(line: str) -> Iterator[str]:
    """The line's clauses that hold a word, stripped."""
    for sentence in _sentences(line):
        for part in CLAUSE_BREAK.split(sentence):
            text = part.strip(" \t,")
            if lx.WORD.search(text):
                yield text


def _absorbed_by(previous: Segment, text: str) -> bool:
    """A bare "akkoord" is the table's consent to the clause before it (noted there); a bare "geen antwoord" adds
    nothing to the question before it, whose sentence says it is still open. Neither is a clause of its own."""
    if lx.CONSENT_ONLY.match(text):
        previous.consent = True
        return True
    return lx.UNANSWERED.match(text) is not None


@lru_cache(maxsize=16)
def _speaker(org: str) -> re.Pattern[str]:
    """ "Milo: …", "COA: …", "<@U…> (VNG): …" at the start of a line; built once per roster."""
    return re.compile(rf"^\s*(?P<who>(?:(?:de|het|the)\s+)?(?:{lx.TOKEN}|{org}))\s*"
                      rf"(?:\((?P<org>[^()]{{1,40}})\))?\s*:\s*", re.IGNORECASE)


def _sentences(line: str) -> list[str]:
    pieces, start = [], 0
    for match in SENTENCE_END.finditer(line):
        words = line[start:match.start()].split()
        last = fold(words[-1]).lstrip(OPENERS) if words else ""
        if match.group(0) == "." and (last in ABBREVIATIONS or SHORT_OR_INITIALS.fullmatch(last)):
            continue
        if any(url.start() <= match.start() < url.end() - 1 for url in URL.finditer(line)):
            continue  # "https://…/x?y=1.5 …": inside an address
        pieces.append(line[start:match.end()])
        start = match.end()
    pieces.append(line[start:])
    return pieces


@dataclass(slots=True)
class Cues:
    """What the rules of `CUE_RULES` look at: the clause (label taken off), without its people, and its segment."""

    text: str
    contentful: str  # the text without people tokens: their digits are no figures, their words no content
    segment: Segment
    index: NameIndex

    def word_count(self) -> int:
        return len(lx.WORD.findall(self.contentful))

    def has_figure(self) -> bool:
        return lx.FIGURE.search(self.contentful) is not None


def _labelled(cues: Cues) -> str | None:
    """ "Besluit: …", "Afspraak: …", "Toezegging: …", "Actie @x: …": the secretary's label decides."""
    label = cues.segment.label
    return Clause(label) if label in ("decision", "agreement", "commitment", "action") else None


def _consented(cues: Cues) -> str | None:
    """A clause followed by a bare "akkoord" is what the table agreed to."""
    return Clause.agreement if cues.segment.consent else None


def _decided(cues: Cues) -> str | None:
    """A fixed formula at the clause's start ("Besloten wordt", "Afgesproken wordt dat", "It was agreed that")."""
    if AGREEMENT_FORMULA.match(cues.text):
        return Clause.agreement
    return Clause.decision if DECISION_FORMULA.match(cues.text) else None


def _committed(cues: Cues) -> str | None:
    """ "<owner> zegt toe …", "<owner> undertook to …", "<owner> komt terug op …" at the clause's start."""
    return Clause.commitment if COMMITMENT_FORMULA.match(cues.text) else None


def _assigned(cues: Cues) -> str | None:
    """ "ik regel …", "I'll …": the author takes the action on."""
    return Clause.action if FIRST_PERSON_ACTION.match(cues.text) else None


def _asked(cues: Cues) -> str | None:
    """ "Vraag: …", a clause ending in "?" (not one inside an address) or "X vraagt of/wie …" at its start."""
    text = cues.text
    if cues.segment.label == "question" or ASKING_FORMULA.match(text):
        return Clause.question
    return Clause.question if URL.sub("", text).rstrip(" .)\"'”’").endswith("?") else None


def _reported(cues: Cues) -> str | None:
    """A report verb, or a figure in a clause with no view and no procedure in it."""
    text = cues.text
    if _subjective(text):
        return None  # a view that holds a figure or a report verb is still a view
    if lx.REPORT.search(text):
        return Clause.fact
    return Clause.fact if cues.has_figure() and not lx.PROCEDURAL.search(text) else None


def _subjective(text: str) -> bool:
    return bool(lx.OPINION_MARKERS.search(text) or lx.OPINION.search(text) or lx.PROPOSAL.search(text)
                or lx.EVALUATIVES.search(text) or lx.DISSENT.search(text) or VIEW_OF.search(text)
                or lx.pattern(*lx.EMOTIONS).search(text))


def _proposed(cues: Cues) -> str | None:
    return Clause.proposal if lx.PROPOSAL.search(cues.text) else None


def _view(cues: Cues) -> str | None:
    """A view; one of two words or fewer and no figure ("Echt absurd.") is noise."""
    text = cues.text
    if not (lx.OPINION.search(text) or lx.EVALUATIVES.search(text) or lx.DISSENT.search(text)):
        return None
    return NOISE if cues.word_count() <= 2 and not cues.has_figure() else Clause.opinion


def _procedure(cues: Cues) -> str | None:
    return Clause.procedural if lx.PROCEDURAL.search(cues.text) else None


def _noise(cues: Cues) -> str | None:
    """No words left, or a few words around a greeting or a thank-you and no figure."""
    words = cues.word_count()
    if not words or (lx.NOISE.search(cues.text) and words <= 6 and not cues.has_figure()):
        return NOISE
    return None


# The guide's order of precedence: the first rule that answers gives the class.
CUE_RULES = (_labelled, _consented, _decided, _committed, _assigned, _asked, _reported, _proposed, _view,
             _procedure, _noise)
# A clause without any cue takes the class of the note it was filed as; a note filed as a decision or a question
# is one whatever its cues say, unless they make it noise, a decision, a commitment or an action.
FILED_KIND = {"information": Clause.fact, "question": Clause.question, "decision": Clause.decision}
FILING_BEATS_CUES = {"decision": Clause.decision, "question": Clause.question}
BEATS_FILING = frozenset({NOISE, Clause.decision, Clause.agreement, Clause.commitment, Clause.action})


def classify(segment: Segment, index: NameIndex) -> str:
    """OFF_RECORD > DECISION > COMMITMENT > ACTION > QUESTION > FACT > PROPOSAL > OPINION > PROCEDURAL > NOISE.

    Only the note's kind, a label or a formula at the clause's start makes a decision, agreement, commitment or
    action, and only a line's start puts it off the record; such a cue word elsewhere leaves a hint for the review.
    """
    text = segment.text
    label = LABEL.match(text)
    if label is not None:
        segment.label = next(k for k in LABELS if label.group(k))
        owner = (label.group("owner") or "").lstrip("@")
        text = segment.text = f"{owner} {text[label.end():]}".strip() if owner else text[label.end():]
    if segment.off_record:
        return OFF_RECORD
    found = _cue_class(text, segment, index)
    if found not in BEATS_FILING:
        found = FILING_BEATS_CUES.get(segment.note.kind, found)
    segment.hints = _hints(text, found, index)
    return found


def _hints(text: str, found: str, index: NameIndex) -> list[tuple[str, str]]:
    """Cue words that do not decide the class: what the secretary may want to record otherwise."""
    hints = []
    cue = lx.DECISION.search(text) or lx.AGREEMENT.search(text)
    if found not in (Clause.decision, Clause.agreement) and cue and not NEGATED.search(text):
        hints.append(("reads_like_decision", cue.group(0)))
    if found != Clause.commitment and (cue := lx.COMMITMENT.search(text)):
        hints.append(("reads_like_commitment", cue.group(0)))
    if found != Clause.action and (cue := ACTION_WORDS.search(text) or _owner_then_verb(index.org).match(text)):
        hints.append(("reads_like_action", cue.group(0).strip()))
    if cue := lx.OFF_RECORD.search(text):
        hints.append(("reads_like_off_record", cue.group(0)))
    return hints


def _cue_class(text: str, segment: Segment, index: NameIndex) -> str:
    cues = Cues(text, lx.TOKENS.sub("", text), segment, index)
    for rule in CUE_RULES:
        found = rule(cues)
        if found is not None:
            return found
    return FILED_KIND.get(segment.note.kind, Clause.opinion)


@lru_cache(maxsize=64)
def _owner_then_verb(org: str) -> re.Pattern[str]:
    """An owner followed by an action verb; built once per roster (it runs for every clause)."""
    owner = OWNER_START.format(org=org)
    verbs = lx.words(*lx.ACTION_VERBS_NL, *(f"{a} {v}" for a in ("to", "will", "shall") for v in lx.ACTION_VERBS_EN))
    return re.compile(rf"{owner}\s+(?:{verbs}|'ll\s|will\s|zal\s|gaat\s)", re.IGNORECASE)
