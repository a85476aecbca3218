"""Person names in a note that are not on the roster: rules of our own for Dutch and English, and `deduce`.

`deduce` (LGPL) is a de-identification library made for Dutch text: its name lists and patterns find the guests and
officials a secretariat names ("Ahmed Yilmaz", "aldus Fatima") that no roster holds. It is heavy (seconds and
hundreds of MB once its lookup structures are built), so it is loaded lazily, once per process, and only when a
draft is made. Its cache goes to `REGIEBOT_NAME_CACHE` (or the user's cache directory, or a temporary one), not
next to the installed package, so a read-only install works. If it cannot be loaded or run, the rules still run and
`Strangers.detector_used` says so.
"""

from __future__ import annotations

import fcntl
import logging
import os
import re
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bot.objectivity.lexicon import COMMON_WORDS, MONTHS, WEEKDAYS

log = logging.getLogger(__name__)

CACHE_ENV = "REGIEBOT_NAME_CACHE"
TITLES = (r"burgemeester|wethouder|minister|staatssecretaris|gedeputeerde|commissaris|mevrouw|meneer|de\s+heer|"
          r"dhr|mevr|mw|mr|mrs|ms|dr|drs|ir|ing|prof|professor|mayor|state\s+secretary|alderman|councillor|"
          r"councilman|councilwoman|commissioner|sir|madam|director|directeur")
CUES = r"volgens|aldus|zegt|zei|vindt|according\s+to|says|said|per"
PARTICLE = (r"(?:[Vv]an|[Dd]e|[Dd]er|[Dd]en|[Tt]er|[Tt]en|[Tt]e|[Hh]et|'t|[Ii]n|[Vv]on|[Ee]l|[Aa]l|[Bb]in|[Ll]e|"
            r"[Ll]a|[Dd]a|[Dd]i)")
CAPITAL = r"(?:[A-Z][a-z\u00e0-\u00ff]+(?:['’-][A-Za-z\u00e0-\u00ff]+)*)"
NAME = rf"(?:{PARTICLE}\s+)*{CAPITAL}(?:\s+(?:{PARTICLE}\s+)*{CAPITAL})*"
TITLED = re.compile(rf"(?<![\w\ue001])(?i:{TITLES})\.?\s+(?P<name>{NAME})")
CUED = re.compile(rf"(?<![\w])(?i:{CUES})\s+(?P<name>{NAME})")
PAIR = re.compile(rf"(?<![\w'’])(?P<name>{CAPITAL}\s+(?:{PARTICLE}\s+)*{CAPITAL})")
SENTENCE_START = re.compile(r"(?:^|[.!?:;]\s+|\n\s*|[-*•]\s+)$")
# capitalised words that are no one: places, institutions, the engine's word lists
NOT_NAMES = frozenset({
    "rijk", "het rijk", "kamer", "tweede", "eerste", "raad", "staten", "ministerie", "gemeente", "provincie",
    "europa", "europese", "unie", "commissie", "kabinet", "nederland", "netherlands", "dutch", "english", "nederlands",
    "den haag", "haag", "the hague", "hague", "utrecht", "amsterdam", "rotterdam", "groningen", "eindhoven",
    "zwolle", "arnhem", "nijmegen", "leiden", "delft", "tilburg", "breda", "maastricht", "almere", "haarlem",
    "brussel", "brussels", "londen", "london", "parliament", "house", "government", "state", "council", "ministry",
    "secretary", "kingdom", "koninkrijk", "wet", "act", "regiebot", "slack", "teams", "zoom", "covid", "corona",
    "pasen", "kerst", "christmas", "easter", "pinksteren", "q1", "q2", "q3", "q4",
    *MONTHS, *WEEKDAYS, *COMMON_WORDS})
PERSON_TAGS = ("persoon", "patient")
# words that start a sentence or join one, never part of a name: taken off the front of a hit
STARTERS = frozenset({
    "de", "het", "the", "een", "a", "an", "in", "op", "on", "at", "bij", "volgens", "aldus", "daarna", "ook", "dan",
    "toen", "also", "then", "this", "dit", "deze", "die", "dat", "er", "wij", "we", "ik", "i", "zij", "they", "he",
    "she", "hij", "it", "na", "after", "before", "voor", "per", "and", "en", "maar", "but", "or", "of", "als", "if",
    "when", "over", "about", "from", "van", "met", "with", "to", "naar", "beste", "dear", "next", "last", "besluit",
    "actie", "decision", "action", "afspraak", "agreement", "mr", "mrs", "ms", "dr"})


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    display: str  # the words as written, the title with them: "burgemeester Bakker"


@dataclass(frozen=True)
class Strangers:
    spans: tuple[Span, ...]
    detector_used: bool


def find(text: str, organisations: tuple[str, ...] = ()) -> Strangers:
    """The names in `text` (roster people already taken out) that belong to no one on the roster."""
    codes = {o.lower() for o in organisations}
    detector = _Detector.get()
    hits, places, used = detector.people_and_places(text)
    spans: list[Span] = []
    pairs = _pairs(text, detector) if used else []
    for start, name_start, end in [*_titled(text), *_cued(text), *pairs, *((s, s, e) for s, e in hits)]:
        start, end = _trim(text, start, name_start, end, codes, places)
        if start < end:
            spans.append(Span(start, end, text[start:end]))
    return Strangers(_merged(text, spans), used)


def _titled(text: str) -> list[tuple[int, int, int]]:
    """ "burgemeester Bakker", "mevrouw El Idrissi", "State Secretary Van der Burg": the title goes with the name."""
    return [(m.start(), m.start("name"), m.end()) for m in TITLED.finditer(text)]


def _cued(text: str) -> list[tuple[int, int, int]]:
    """ "volgens Bakker", "aldus Fatima", "according to Okafor": the name after the cue, not the cue."""
    return [(m.start("name"), m.start("name"), m.end("name")) for m in CUED.finditer(text)]


def _pairs(text: str, detector: _Detector) -> list[tuple[int, int, int]]:
    """ "Ahmed Yilmaz", "Jan van Dijk": two capitalised words, even at the start of a sentence, the first of them
    a first name on deduce's list (so "Social Affairs" stays)."""
    found = []
    for match in PAIR.finditer(text):
        words = match.group("name").split()
        while words and words[0].lower() in STARTERS:
            words = words[1:]
        if len(words) >= 2 and detector.first_name(words[0]):
            start = match.end("name") - len(" ".join(words))
            found.append((start, start, match.end("name")))
    return found


def _trim(text: str, start: int, name_start: int, end: int, codes: set[str],
          places: set[tuple[int, int]]) -> tuple[int, int]:
    """The span without what is no name: words that start a sentence in front, and from the first place,
    organisation code, month or known word on ("De Vries van Utrecht" → "De Vries"). A lone word at the start of a
    sentence, with no title or cue before it, is no name."""
    words = list(re.finditer(r"\S+", text[name_start:end]))
    while words and words[0].group(0).lower() in STARTERS and start == name_start:
        words = words[1:]
    if not words:
        return start, start
    if start == name_start:
        start = name_start + words[0].start()
    kept: list[re.Match[str]] = []
    for word in words:
        bare = word.group(0).strip(".,;:'’").lower()
        if bare in codes or bare in NOT_NAMES or any(s <= name_start + word.start() < e for s, e in places):
            break
        kept.append(word)
    while kept and not kept[-1].group(0)[:1].isupper():  # "De Vries van" → "De Vries"
        kept.pop()
    if not kept or " ".join(w.group(0) for w in kept).lower() in NOT_NAMES:
        return start, start
    if start == name_start + kept[0].start() and len(kept) == 1 and SENTENCE_START.search(text[:start]):
        return start, start
    return start, name_start + kept[-1].end()


def _title_word(word: str) -> bool:
    return re.fullmatch(rf"(?i:{TITLES})\.?", word) is not None


def _merged(text: str, spans: list[Span]) -> tuple[Span, ...]:
    """Overlapping hits as one span, the widest reach of them."""
    merged: list[Span] = []
    for span in sorted(spans, key=lambda s: (s.start, -s.end)):
        if merged and span.start < merged[-1].end:
            last = merged[-1]
            end = max(last.end, span.end)
            merged[-1] = Span(last.start, end, text[last.start:end])
        else:
            merged.append(span)
    return tuple(merged)


def warm() -> bool:
    """Loads the detector now rather than at the first draft; whether it can be used."""
    return _Detector.get().deduce is not None


def cache_dir() -> Path:
    """Where deduce keeps its built lookup structures: the configured directory, else the user's cache directory,
    else a temporary one."""
    configured = os.environ.get(CACHE_ENV)
    if configured:
        return Path(configured)
    user = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "regiebot" / "deduce"
    try:
        user.mkdir(parents=True, exist_ok=True)
        if os.access(user, os.W_OK):
            return user
    except OSError:
        pass
    return Path(tempfile.gettempdir()) / f"regiebot-deduce-{os.getuid()}"


class _Detector:
    """deduce, loaded once per process on first use; a failure is remembered and the rules go on alone."""

    _lock = threading.Lock()
    _instance: _Detector | None = None

    def __init__(self) -> None:
        self.deduce: Any = None
        try:
            self.deduce = _load(cache_dir())
        except Exception:  # any failure of the library: the rules still run and the review says so
            log.exception("name detector (deduce) not loaded; drafting with the rules only")

    @classmethod
    def get(cls) -> _Detector:
        with cls._lock:
            if cls._instance is None:
                cls._instance = cls()
            return cls._instance

    def first_name(self, word: str) -> bool:
        try:
            return self.deduce is not None and word in self.deduce.lookup_structs["first_name"]
        except Exception:  # a lookup structure of another shape: the pair rule is left out
            return False

    def people_and_places(self, text: str) -> tuple[list[tuple[int, int]], set[tuple[int, int]], bool]:
        if self.deduce is None:
            return [], set(), False
        try:
            annotations = self.deduce.deidentify(text).annotations
        except Exception:  # a failure on one text: this note is drafted with the rules only
            log.exception("name detector (deduce) failed on a note; the rules only")
            return [], set(), False
        people = [(a.start_char, a.end_char) for a in annotations if a.tag.startswith(PERSON_TAGS)]
        places = {(a.start_char, a.end_char) for a in annotations if a.tag.startswith("locatie")}
        return people, places, True


def _load(directory: Path) -> Any:
    """deduce with its cache in `directory`; a file lock makes the processes that start together build it once."""
    directory.mkdir(parents=True, exist_ok=True)
    with open(directory / "build.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            from deduce import Deduce  # heavy: imported only when a draft is made

            return Deduce(cache_path=directory)
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)
