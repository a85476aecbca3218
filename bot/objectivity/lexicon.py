"""The Dutch and English word lists of the guide (objectivity.md, 'Lexicon of flags' and 'Keep / drop / rephrase').

Both languages are searched in every note: a Dutch table writes English notes now and then, and the cues do not
collide. Each list is a regex fragment matched case-insensitively on word boundaries; `pattern` compiles one behind
a gate (`Gated`) that skips the regex for a text holding none of the list's key words.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from functools import lru_cache

TOKEN = "\ue000\\d+\ue001"  # a person, role or unknown participant found by names.py
WORD = re.compile(r"\w+")
# (letter, the letter of the word lists the regex engine takes it for when it ignores case) where lower() does not
# give that letter: "İ" lowers to two characters, "ı" and "ſ" stay as they are.
ENGINE_FOLDING = (("İ", "i"), ("ı", "i"), ("ſ", "s"))
# every ASCII character that is no word character (\w) → a space: an ASCII text's words are then its split()
ASCII_NON_WORD = str.maketrans({chr(c): " " for c in range(128) if not (chr(c).isalnum() or chr(c) == "_")})


def engine_lower(text: str) -> str:
    """The text in lower case as the regex engine, ignoring case, matches it to the word lists: one character for
    one, each still a word character or not as before."""
    if not text.isascii():
        for letter, folded in ENGINE_FOLDING:
            text = text.replace(letter, folded)
    return text.lower()


@lru_cache(maxsize=256)  # the texts of the clause at hand
def words_in(text: str) -> frozenset[str]:
    """The text's words (runs of \\w), lower case as `engine_lower` gives them."""
    lowered = engine_lower(text)
    if lowered.isascii():  # most clauses: a translation and a split are quicker than the regex
        return frozenset(lowered.translate(ASCII_NON_WORD).split())
    return frozenset(WORD.findall(lowered))


class Gated:
    """A compiled pattern behind a cheap test: it can only match a text that holds one of `words` as a whole word
    (in any case) or one of `fragments` as written (a string: each of its characters).

    Most clauses hold none of a list's words, yet the regex engine tries every phrase at every position (a
    case-insensitive pattern gets no prefix scan): some 10 µs a call, dozens of calls a clause. A set lookup
    answers those; where the test passes, the regex decides, so every result is still the regex's own.
    """

    def __init__(self, regex: str, flags: int = 0, *, words: Iterable[str] = (), fragments: Iterable[str] = ()) -> None:
        self.regex = re.compile(regex, flags)
        self.pattern = regex
        self.words = frozenset(word.lower() for word in words)
        fragments = sorted(set(fragments), key=len, reverse=True)
        self.fragments = re.compile("|".join(map(re.escape, fragments))) if fragments else None

    def possible(self, text: str) -> bool:
        if self.words and not self.words.isdisjoint(words_in(text)):
            return True
        return self.fragments is not None and self.fragments.search(text) is not None

    def search(self, text: str) -> re.Match[str] | None:
        return self.regex.search(text) if self.possible(text) else None

    def finditer(self, text: str) -> Iterator[re.Match[str]]:
        return self.regex.finditer(text) if self.possible(text) else iter(())

    def findall(self, text: str) -> list[str]:
        return self.regex.findall(text) if self.possible(text) else []

    def sub(self, replacement: str | Callable[[re.Match[str]], str], text: str) -> str:
        return self.regex.sub(replacement, text) if self.possible(text) else text

    def split(self, text: str) -> list[str]:
        return self.regex.split(text) if self.possible(text) else [text]


TOKENS = Gated(TOKEN, fragments="\ue000")


def words(*phrases: str) -> str:
    """`(?<!\\w)(?:a|b c)(?!\\w)`: whole words; a space in a phrase matches any run of spaces."""
    ordered = sorted(set(phrases), key=len, reverse=True)
    return r"(?<![\w'])(?:" + "|".join(re.escape(p).replace(r"\ ", r"\s+") for p in ordered) + r")(?![\w])"


def key_words(*phrases: str) -> set[str]:
    """The longest word of each phrase (the rarest, as a rule): a text without any of them holds none of the
    phrases as whole words."""
    return {max(WORD.findall(p), key=len) for p in phrases}


def pattern(*phrases: str, then: str = "") -> Gated:
    """`words(*phrases)`, case-insensitive, gated on the phrases' key words; `then` is appended to the regex."""
    return Gated(words(*phrases) + then, re.IGNORECASE, words=key_words(*phrases))


MONTHS = ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober",
          "november", "december", "january", "february", "march", "may", "june", "july", "august", "october",
          "jan", "feb", "mrt", "apr", "jun", "jul", "aug", "sep", "sept", "okt", "oct", "nov", "dec")
WEEKDAYS = {"maandag": 0, "dinsdag": 1, "woensdag": 2, "donderdag": 3, "vrijdag": 4, "zaterdag": 5, "zondag": 6,
            "monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5, "sunday": 6}
MEETING_WORDS = ("vergadering", "bijeenkomst", "sessie", "overleg", "lrt", "tafel", "meeting", "session")

OFF_RECORD = pattern("niet voor het verslag", "niet voor de notulen", "niet in het verslag", "niet notuleren",
                     "buiten het verslag", "off the record", "not for the minutes", "not for the record",
                     "vertrouwelijk", "confidential", "chatham house")

AGREEMENT = pattern("afgesproken", "afspraak", "overeengekomen", "agreed that", "it was agreed", "agreement")
DECISION = pattern("besloten", "besluit", "besluiten", "akkoord", "ingestemd", "stemt in", "stemmen in", "instemming",
                   "vastgesteld", "goedgekeurd", "aangenomen", "decided", "decision", "agreed", "approved", "adopted",
                   then=r"(?!\s+(?:with|gevraagd|nodig|needed|required|pending|over|door))")
COMMITMENT = pattern("zegt toe", "zeggen toe", "toegezegd", "toezegging", "belooft", "beloven", "beloofd",
                     "komt hierop terug", "komt daarop terug", "komt terug op", "komen terug op", "undertook",
                     "undertakes", "undertake", "promised", "promises", "commits to", "committed to",
                     "will come back", "will revert", "will get back")
ACTION_VERBS_NL = ("regelt", "regel", "stuurt", "stuur", "zoekt", "zoek", "zorgt", "zorg", "maakt", "maak",
                   "stelt", "levert", "lever", "neemt", "neem", "plant", "agendeert", "verspreidt", "bereidt",
                   "schrijft", "schrijf", "checkt", "check", "informeert", "organiseert", "organiseer", "past")
ACTION_VERBS_EN = ("circulate", "send", "prepare", "draft", "check", "share", "arrange", "organise", "organize",
                   "contact", "follow up", "look into", "update", "submit", "provide", "schedule", "write",
                   "ask", "invite", "collect", "report back", "map", "make")
QUESTION_PHRASES = ("vraagt", "vragen zich af", "vraag van", "de vraag is", "de vraag wordt", "asked", "asks", "query",
                    "the question is", "wonders", "wondered")
QUESTION = Gated(r"\?|" + words(*QUESTION_PHRASES) + r"|^(?:vraag|question)\s*:", re.IGNORECASE,
                 words=key_words(*QUESTION_PHRASES, "vraag", "question"), fragments="?")
REPORT = pattern("meldt", "melden", "informeert", "rapporteert", "stand van zaken", "deelt mee", "laat weten",
                 "reported", "reports", "informed", "update", "according to")
FIGURE = re.compile(r"\d")
PROPOSAL = pattern("stel voor", "stelt voor", "stellen voor", "voorstel om", "voorstel dat", "zou moeten",
                   "zouden moeten", "moeten we", "we moeten", "wij moeten", "pleit voor", "pleiten voor",
                   "ik adviseer", "suggest", "suggests", "suggested", "propose", "proposes", "proposed",
                   "should", "recommend", "recommends", "we need to")
OPINION = pattern("vind", "vindt", "vinden", "vond", "vonden", "denk", "denkt", "meen", "meent", "geloof",
                  "gelooft", "vrees", "vreest", "hoop", "hoopt", "betwijfel", "betwijfelt", "is van mening",
                  "van oordeel", "naar mijn mening", "naar mijn idee", "volgens mij", "mijns inziens", "m.i.",
                  "wat mij betreft", "het lijkt mij", "mening", "zorg over", "zorgen over", "oneens", "eens met",
                  "think", "thinks", "believe", "believes", "feel", "feels", "view", "concern", "concerned",
                  "worried", "fear", "hope", "opinion", "imo", "imho", "disagree", "disagreed", "disagrees")
DISSENT = pattern("oneens", "niet eens", "houdt eraan vast", "houden eraan vast", "houdt vast aan", "verschillen",
                  "disagree", "disagreed", "disagrees", "differ", "differed", "objected", "opposed")
PROCEDURAL = pattern("opent", "sluit de vergadering", "sluit af", "opening", "sluiting", "agenda", "rondvraag",
                     "volgende vergadering", "verslag", "notulen", "opens", "opened", "closes", "closed the meeting",
                     "next meeting", "minutes", "any other business", "apologies", "afmelding", "afmeldingen",
                     "doorgeschoven", "uitgesteld", "deferred", "postponed")
DEFERRED = pattern("doorgeschoven", "uitgesteld", "deferred", "postponed")
NOISE = pattern("goedemorgen", "goedemiddag", "hallo", "hoi", "welkom", "dank", "dank je", "dank u", "bedankt",
                "thanks", "thank you", "cheers", "good morning", "hi", "hello", "welcome", "haha", "hahaha", "lol",
                "grapje", "joke", "pff", "pfff", "zucht", "sigh", "prima", "top", "mooi zo", "nice")
CONSENT_ONLY = re.compile(r"^(?:iedereen\s+|allen\s+|all\s+|everyone\s+)?(?:akkoord|agreed|approved|aangenomen|"
                          r"goedgekeurd|ok|oké|okay|instemming|eens)[.!]?$", re.IGNORECASE)
UNANSWERED = re.compile(r"^(?:nog\s+)?(?:geen\s+antwoord|niet\s+beantwoord|no\s+answer|unanswered|"
                        r"not\s+answered)(?:\s+\w+)?[.!]?$", re.IGNORECASE)

# --- attribution and subjectivity (lint, neutralise) ---
PRONOUNS = pattern("ik", "'k", "mij", "me", "mijn", "m'n", "wij", "we", "ons", "onze", "jij", "je", "jou", "jouw",
                   "jullie", "hij", "hem", "diens", "my", "mine", "us", "our", "ours", "you", "your", "he", "him",
                   "his", "she", "her", "hers", "haar", "u", "uw")
PRONOUN_I = Gated(r"(?<![\w'])I(?:'(?:m|ll|d|ve))?(?!\w)", words=("i",))
OPINION_MARKERS = pattern("vind", "vindt", "vinden", "vond", "vonden", "meen", "meent", "denk", "denkt", "geloof",
                          "gelooft", "vrees", "vreest", "hoop", "hoopt", "betwijfel", "betwijfelt",
                          "is van mening", "is van oordeel", "naar mijn mening", "naar mijn idee", "volgens mij",
                          "mijns inziens", "m.i.", "wat mij betreft", "het lijkt mij", "ik zou", "ik stel voor",
                          "ik adviseer", "mijn inschatting", "i think", "i believe", "i feel", "in my view",
                          "in my opinion", "it seems to me", "i'd argue", "i suspect", "i fear", "i hope", "imo",
                          "imho", "my sense is", "i suggest", "i recommend", "we should", "is of the view")
LEADING_MARKER = re.compile(r"^(?:" + "|".join(p.replace(" ", r"\s+") for p in (
    "eerlijk gezegd", "persoonlijk", "naar mijn mening", "naar mijn idee", "volgens mij", "mijns inziens", "m\\.i\\.",
    "wat mij betreft", "het lijkt mij", "frankly", "to be honest", "honestly", "personally", "in my view",
    "in my opinion", "it seems to me", "imo", "imho", "my sense is", "natuurlijk", "uiteraard", "eigenlijk",
    "of course")) + r")[\s,:]+", re.IGNORECASE)
HEDGES = pattern("eerlijk gezegd", "persoonlijk", "natuurlijk", "uiteraard", "gewoon", "toch", "eigenlijk",
                 "behoorlijk", "best wel", "frankly", "to be honest", "honestly", "personally", "of course",
                 "basically", "actually")
INTENSIFIERS = pattern("zeer", "enorm", "extreem", "ontzettend", "volstrekt", "absoluut", "echt", "helemaal",
                       "very", "really", "extremely", "totally", "absolutely", "completely", "clearly", "obviously")
TOO_MUCH = Gated(r"(?<!\w)(veel|way|far)\s+(te|too)(?!\w)", re.IGNORECASE, words=("veel", "way", "far"))
HYPERBOLE = pattern("totaal", "nooit", "altijd", "huge", "never", "always")
EVALUATIVES = pattern("onacceptabel", "onaanvaardbaar", "schandalig", "absurd", "belachelijk", "onbegrijpelijk",
                      "rampzalig", "dramatisch", "drama", "chaos", "chaotisch", "teleurstellend", "teleurgesteld",
                      "boos", "woedend", "ontstemd", "geïrriteerd", "geirriteerd", "gefrustreerd", "blij",
                      "fantastisch", "geweldig", "uitstekend", "slecht", "naïef", "naief", "onverantwoord",
                      "unacceptable", "outrageous", "ridiculous", "shocking", "disastrous", "disaster", "terrible",
                      "awful", "chaotic", "mess", "naive", "irresponsible", "incompetent", "disappointing",
                      "disappointed", "frustrated", "furious", "angry", "upset", "great", "excellent", "brilliant")
EMOTIONS = ("teleurgesteld", "boos", "woedend", "ontstemd", "geïrriteerd", "geirriteerd", "gefrustreerd", "blij",
            "bezorgd", "disappointed", "frustrated", "furious", "angry", "upset", "irritated", "annoyed", "happy",
            "pleased")
EMOTIVE = ("drama", "chaos", "ramp", "puinhoop", "zooi", "disaster", "mess", "shambles")
EMOTIVE_NOUNS = Gated(rf"(?<!\w)(?:(?P<article>een|de|het|a|an|the)\s+)?(?P<noun>{'|'.join(EMOTIVE)})(?!\w)",
                      re.IGNORECASE, words=EMOTIVE)
QUOTES = Gated(r"[\"“”„«»]|(?<!\w)'(?=[^']{3,}'(?!\w))", fragments="\"“”„«»'")
SPEECH_VERBS = ("zegt", "zei", "merkt op", "geeft aan", "gaf aan", "stelt", "benadrukt", "onderstreept",
                "waarschuwt", "wijst op", "reageert", "said", "says", "stated", "argued", "insisted", "stressed",
                "complained", "criticised", "criticized", "warned", "noted", "remarked", "pointed out")
REPORT_VERBS = ("meldt", "melden", "informeert", "rapporteert", "deelt mee", "laat weten", "reported", "reports",
                "informed", "updated")
OPINION_VERBS = ("vindt", "vind", "vinden", "denkt", "denk", "meent", "meen", "gelooft", "geloof", "vreest",
                 "vrees", "hoopt", "hoop", "is van mening", "is van oordeel", "think", "thinks", "believe",
                 "believes", "feel", "feels", "fear", "fears", "hope", "hopes", "is of the view")
# single-word names that are also common words: matched only when written with a capital
COMMON_WORDS = frozenset({"wil", "will", "mark", "may", "rose", "roos", "hoop", "hope", "bas", "rob", "joy", "mag",
                          "ben", "art", "frank", "grace", "faith", "april", "june", "bill", "pat", "sky"})
