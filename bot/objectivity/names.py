"""Who is in the text: Slack mentions, roster names in any form, person-role phrases, contact details.

Every person found becomes a token (`\\ue000n\\ue001`) pointing at an `Entity`, so the later steps decide per
clause whether it becomes an organisation, a label or nothing. Matching folds case and diacritics without changing
the length of the text, so a match in the folded text is a span in the original.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import lru_cache, partial

from bot.objectivity import strangers
from bot.objectivity.lexicon import COMMON_WORDS, TOKENS, Gated, engine_lower, key_words
from bot.objectivity.values import Person, Roster

TITLES = (r"(?:dhr|mevr|mw|mr|mrs|ms|dr|drs|ir|ing|prof|de\s+heer|mevrouw|minister|staatssecretaris|wethouder|"
          r"burgemeester|gedeputeerde|cdk|gouverneur|directeur|voorzitter|mayor|alderman|commissioner|chair)")
TITLE_WORDS = {"dhr", "mevr", "mw", "mr", "mrs", "ms", "dr", "drs", "ir", "ing", "prof", "bc", "msc", "phd"}
PARTICLES = {"van", "de", "der", "den", "het", "ten", "ter", "te", "in", "'t", "von", "da", "di", "du", "le", "la",
             "op", "aan"}
ROLES = ("minister", "staatssecretaris", "wethouder", "burgemeester", "gedeputeerde", "cdk", "gouverneur", "directeur",
         "bestuursvoorzitter", "voorzitter", "secretaris-generaal", "dijkgraaf", "chairwoman", "chairman",
         "chairperson", "chair", "director", "mayor", "alderman", "commissioner", "ceo", "state secretary")
ROLE_WORDS = "(?:" + "|".join(role.replace(" ", r"\s+") for role in ROLES) + ")"
ROLE_KEYS = key_words(*ROLES)
CHAIR_WORDS = {"voorzitter", "chair", "chairman", "chairwoman", "chairperson"}
DOTS_AND_SPACES = re.compile(r"[.\s]+")
SPACE_RUNS = re.compile(r"[ \t]{2,}")
MENTION = re.compile(r"<@([UW][A-Z0-9]+)(?:\|[^>]*)?>")
SPECIAL = re.compile(r"<(?:#[CG][A-Z0-9]+|!(?:here|channel|everyone|subteam\^[A-Z0-9]+))(?:\|[^>]*)?>")
BROKEN_TOKEN = re.compile(r"<[@#!][^\s>]*>?")
SLACK_DATE = re.compile(r"<!date\^[^|>]*\|([^>]*)>")
LINK = re.compile(r"<((?:https?|mailto):[^|>\s]+)(?:\|([^>]*))?>")
# contact details and ids are rare: each pattern is only run over a text holding a character it needs
EMAIL = Gated(r"(?:mailto:)?[\w.+-]+@[\w-]+(?:\.[\w-]+)+", fragments="@")
PHONE = Gated(r"(?<!\w)(?<!\d[.,])(?:(?:\+|00)\d{1,3}[\s-]?(?:\(0\)\s?)?(?:\d[\s-]?){6,11}\d|"
              r"0\d(?:[\s-]?\d){8})(?!\w|[.,]\d)", fragments="+0")
USER_ID = Gated(r"\b[UW][A-Z0-9]{8,}\b", fragments="UW")
EMOJI = re.compile(r":(?=[a-z0-9_+\-]*[a-z])[a-z0-9_+\-]+:(?::skin-tone-\d:)?|[\U0001F000-\U0001FAFF\u2600-\u27BF]")
NICKNAMES = re.compile(r"\(([^)]+)\)")
BRACKETED = re.compile(r"\([^)]*\)")
INITIALS = re.compile(r"(?:[^\W\d_]\.)+[^\W\d_]?\.?")
PRIVATE_TOKEN_MARKS = str.maketrans({"\ue000": " ", "\ue001": " "})
FORMATTING = Gated(r"```(.*?)```|(?<![\w*_~`])([*_~`])(?=\S)(.+?)(?<=\S)\2(?![\w*_~`])", re.DOTALL, fragments="*_~`")


@dataclass(frozen=True)
class Entity:
    kind: str  # person | role | unknown | stranger (a name not on the roster)
    display: str  # how the secretary's review list shows it: the roster's name, or the words as written
    people: tuple[Person, ...] = ()
    organisation: str = ""
    chair: bool = False

    @property
    def secretary(self) -> bool:
        """The table's secretary: an owner written as the secretariat, not as an organisation."""
        return len(self.people) == 1 and self.people[0].role == "secretary"


@dataclass
class Marked:
    text: str
    entities: list[Entity] = field(default_factory=list)
    removed: list[tuple[str, str]] = field(default_factory=list)  # (problem, word)
    detector_used: bool = True  # False: the name detector failed and only the rules looked for strangers

    def token(self, entity: Entity) -> str:
        self.entities.append(entity)
        return f"\ue000{len(self.entities) - 1}\ue001"

    def entity(self, token: str) -> Entity:
        return self.entities[int(token[1:-1])]

    def display(self, text: str) -> str:
        return TOKENS.sub(lambda m: self.entity(m.group(0)).display, text)


@lru_cache(maxsize=4096)
def _fold_char(character: str) -> str:
    return unicodedata.normalize("NFKD", character)[0].lower()[0] if character.strip() else character


def fold(text: str) -> str:
    """Lower case without diacritics, one character for one: "José" → "jose"."""
    if text.isascii():  # most notes: nothing to fold but the case
        return text.lower()
    return "".join(map(_fold_char, text))


@dataclass(frozen=True)
class NameParts:
    """A roster name taken apart, titles left out: "mr. drs. P. (Piet) Jansen" has the initials ("P.",), the
    nickname ("Piet",) and the surname ("Jansen",); "Jan de Vries" the given name ("Jan",) and ("de", "Vries")."""

    written: tuple[str, ...]  # the words as written, nicknames in brackets: "P. (Piet) Jansen"
    words: tuple[str, ...]  # without the nicknames: "P. Jansen"
    nicknames: tuple[str, ...]
    initials: tuple[str, ...]
    given: tuple[str, ...]  # a first name, when no initials are written
    surname: tuple[str, ...]

    @classmethod
    def of(cls, name: str) -> NameParts:
        words = _without_titles(BRACKETED.sub(" ", name).split())
        initials = tuple(w for w in words if INITIALS.fullmatch(w))
        rest = tuple(w for w in words if w not in initials)
        given, surname = ((), rest) if initials else (rest[:1], rest[1:])
        return cls(written=_without_titles(name.split()), words=words,
                   nicknames=tuple(n.strip() for n in NICKNAMES.findall(name) if n.strip()),
                   initials=initials, given=given, surname=surname)


def _without_titles(words: list[str]) -> tuple[str, ...]:
    return tuple(w for w in words if fold(w).rstrip(".") not in TITLE_WORDS)


def aliases(name: str) -> tuple[set[str], set[str]]:
    """(forms matched case-insensitively, initials matched as written) for one display name."""
    parts = NameParts.of(name)
    forms = {" ".join(parts.written), " ".join(parts.words), " ".join(parts.given + parts.surname), *parts.nicknames,
             *parts.given, *_surname_forms(parts)}
    return {fold(f) for f in forms if len(f.strip(". ")) > 1}, _initialisms(parts)


def _surname_forms(parts: NameParts) -> set[str]:
    """The surname alone ("de Vries", and "Vries" without its particles) and after a first name or initial
    ("Jan de Vries", "J. de Vries", "P. Jansen", "Piet Jansen")."""
    if not parts.surname:
        return set()
    surname = " ".join(parts.surname)
    core = " ".join(w for w in parts.surname if fold(w) not in PARTICLES)
    forms = {surname, *(f"{first} {surname}" for first in parts.given + parts.nicknames),
             *(f"{first[0]}. {surname}" for first in parts.given + parts.nicknames),
             *(f"{initial} {surname}" for initial in parts.initials)}
    if len(core) > 2:
        forms.add(core)
    return forms


def _initialisms(parts: NameParts) -> set[str]:
    """ "JdV", "J.d.V." and "JDV" for Jan de Vries: matched as written, and only as a word of their own."""
    letters = "".join(w[0] for w in parts.given + parts.surname)
    if len(letters) < 2:
        return set()
    return {letters, ".".join(letters) + ".", letters.upper()}


def name_key(form: str) -> str:
    """A name form with its dots and runs of spaces as one space: "P.  Jansen" → "p jansen" once folded."""
    return " ".join(DOTS_AND_SPACES.sub(" ", form).split())


def _alternation(keys: Iterable[str], spell: Callable[[str], str] = re.escape) -> str:
    """The keys as one regex alternation, the longest first so that the longest form wins (then alphabetical, so the
    pattern does not depend on the hash seed); one that matches nowhere when there are none."""
    return "|".join(spell(k) for k in sorted(keys, key=lambda k: (-len(k), k))) or r"(?!x)x"


def _spelled_loosely(key: str) -> str:
    """A name key as a regex: a dot, spaces or both where the key has a space ("p jansen": "P. Jansen", "P.Jansen")."""
    return r"\.?\s*".join(re.escape(t) for t in key.split())


class NameIndex:
    """The roster's people as patterns: names (with titles), initials, role phrases, organisation codes."""

    def __init__(self, roster: Roster) -> None:
        self.by_id = {p.user_id: p for p in roster.people}
        self.organisations = tuple(dict.fromkeys([*roster.organisations, *(p.organisation for p in roster.people)]))
        self.chair = next((p for p in roster.people if p.role == "chair"), None)
        self.folded: dict[str, list[Person]] = {}  # name key → the people it may be
        self.initials: dict[str, list[Person]] = {}  # initials as written → the people they may be
        self._index(roster.people)
        body = _alternation(self.folded, spell=_spelled_loosely)
        # a finished sentence seldom holds a name: it is only searched when it holds the longest word of one
        self.names = Gated(rf"(?<![\w@])(?:{TITLES}\.?\s+)*(?P<name>{body})(?P<possessive>['’]s|s)?(?![\w])",
                           fragments={max(k.split(), key=len) for k in self.folded})
        self.exact = Gated(rf"(?<![\w.])(?:{_alternation(self.initials)})(?![\w])", fragments=self.initials)
        self.org = rf"(?:{_alternation(self.organisations)})"
        self.org_words = re.compile(rf"(?<!\w){self.org}(?!\w)", re.IGNORECASE)
        self.roles = re.compile(
            rf"(?<!\w)(?:(?:de|het|the)\s+)?(?:(?P<before>{self.org})[\s-]?)?(?P<role>{ROLE_WORDS})"
            rf"(?:\s+(?:van|of|bij)\s+(?:(?:de|het|the)\s+)?(?P<after>{self.org}))?(?![\w-])", re.IGNORECASE)

    def _index(self, people: tuple[Person, ...]) -> None:
        """Every name form of every person; initials that spell an organisation code are no one's."""
        codes = {fold(o) for o in self.organisations}
        for person in people:
            forms, exact = aliases(person.name)
            for form in forms:
                self.folded.setdefault(name_key(form), []).append(person)
            for form in exact:
                if fold(form) not in codes:
                    self.initials.setdefault(form, []).append(person)

    def organisation(self, word: str) -> str:
        """The roster's spelling of an organisation code ("coa" → "COA"), or ""."""
        return next((o for o in self.organisations if o.lower() == word.lower()), "")

    def person_entity(self, people: list[Person], original: str) -> Entity:
        organisations = {p.organisation for p in people}
        return Entity("person", people[0].name if len(people) == 1 else original, tuple(people),
                      organisations.pop() if len(organisations) == 1 else "", all(p.role == "chair" for p in people))


def normalise(text: str, index: NameIndex) -> Marked:
    """Slack markup out, people in as tokens, contact details removed (and listed in `removed`)."""
    marked = Marked("")
    text = text.translate(PRIVATE_TOKEN_MARKS)  # the engine's own token marks, typed or pasted, are no tokens

    def mention(match: re.Match[str]) -> str:
        person = index.by_id.get(match.group(1))
        if person is None:
            marked.removed.append(("unknown_participant", match.group(0)))
            return marked.token(Entity("unknown", match.group(0)))
        return marked.token(index.person_entity([person], match.group(0)))

    text = MENTION.sub(mention, text)
    text = SPECIAL.sub("", text)
    text = SLACK_DATE.sub(r"\1", text)
    text = LINK.sub(lambda m: "" if m.group(1).startswith("mailto:") else (m.group(2) or m.group(1)), text)
    for broken in BROKEN_TOKEN.findall(text):  # a mention cut off mid-token still names someone
        marked.removed.append(("user_id", broken))
    text = BROKEN_TOKEN.sub("", text)
    for problem, regex in (("contact", EMAIL), ("contact", PHONE), ("user_id", USER_ID)):
        text = regex.sub(partial(_cut, marked.removed, problem), text)
    for _ in range(3):  # nested formatting: *_bold italic_*
        text = FORMATTING.sub(lambda m: m.group(1) if m.group(1) is not None else m.group(3), text)
    text = EMOJI.sub("", text)
    text = _replace_names(text, index, marked)
    text = _replace_strangers(text, index, marked)  # before the roles: "burgemeester Bakker" goes as a whole
    text = _replace_roles(text, index, marked)
    marked.text = SPACE_RUNS.sub(" ", text)
    return marked


def _cut(removed: list[tuple[str, str]], problem: str, match: re.Match[str]) -> str:
    """Takes a contact detail or id out of the text and lists it."""
    removed.append((problem, match.group(0)))
    return ""


def _replace_names(text: str, index: NameIndex, marked: Marked) -> str:
    spans: list[tuple[int, int, list[Person]]] = []
    for match in index.names.finditer(fold(text)):
        key = name_key(match.group("name"))
        original = text[match.start("name"):match.end("name")]
        if key in COMMON_WORDS and not original[:1].isupper():
            continue
        if match.group("possessive") == "s" and not original[:1].isupper():
            continue  # "Anouks voorstel" is Anouk's; a lower-case word ending in s is just a word
        spans.append((match.start(), match.end(), index.folded[key]))
    for match in index.exact.finditer(text):
        if not any(start <= match.start() < end for start, end, _ in spans):
            spans.append((match.start(), match.end(), index.initials[match.group(0)]))
    for start, end, people in sorted(spans, reverse=True):
        text = text[:start] + marked.token(index.person_entity(people, text[start:end])) + text[end:]
    return text


def _replace_strangers(text: str, index: NameIndex, marked: Marked) -> str:
    found = strangers.find(text, index.organisations)
    marked.detector_used = found.detector_used
    for span in reversed(found.spans):
        text = text[:span.start] + marked.token(Entity("stranger", span.display)) + text[span.end:]
    return text


def _replace_roles(text: str, index: NameIndex, marked: Marked) -> str:
    lowered = engine_lower(text)
    if not any(key in lowered for key in ROLE_KEYS):  # most notes name no role, and the pattern is a costly one
        return text

    def role(match: re.Match[str]) -> str:
        word = match.group("role").lower()
        bare = match.group(0).lower().startswith(word) and not match.group("before")
        if bare and not match.group(0)[:1].isupper():
            return match.group(0)  # "to chair the session" is no person
        code = index.organisation(match.group("before") or match.group("after") or "")
        chair = word in CHAIR_WORDS
        if chair and not code and index.chair is not None:
            code = index.chair.organisation
        return marked.token(Entity("role", match.group(0), organisation=code, chair=chair))

    return index.roles.sub(role, text)
