"""The clause shapes the rewriter matches: where a clause's subject, verb, link word and content stand.

A shape written with "{subject}" (and "{verbs}") becomes a regex per roster in `compiled_shape`, the subject being
the roster's people and organisations (`subject`); the other patterns are the same for every table.
"""

from __future__ import annotations

import re
from functools import lru_cache

from bot.objectivity import lexicon as lx

I = re.IGNORECASE  # noqa: E741
PRONOUN_SUBJECT = r"ik|wij|we|i"
FIRST_PERSON = re.compile(PRONOUN_SUBJECT, I)
LINKS = r"dat|that|om|to|of|whether|if|wie|wat|waar|wanneer|waarom|hoe|welke|who|what|where|when|why|how|which"


def _alternatives(*verbs: str) -> str:
    return "|".join(v.replace(" ", r"\s+") for v in verbs)


REPORTING = _alternatives(*lx.REPORT_VERBS, *lx.SPEECH_VERBS)
OPINING = _alternatives(*lx.OPINION_VERBS, *lx.SPEECH_VERBS)
ASKING = r"vraagt(?:\s+zich\s+af)?|vragen(?:\s+zich\s+af)?|asked|asks|wonders|wondered"
PROMISING = (r"zegt\s+toe|zeggen\s+toe|heeft\s+toegezegd|belooft|beloven|promised|promises|undertook|"
             r"undertakes|commits\s+to|committed\s+to")
COMING_BACK = (r"komt\s+(?:hier|daar)op\s+terug|komt\s+terug\s+op|komen\s+terug\s+op|"
               r"will\s+(?:come|get)\s+back(?:\s+(?:on|to))?|will\s+revert(?:\s+on)?")

# --- shapes: "{subject}" is the roster's subject pattern, "{verbs}" a verb list ---
ATTRIBUTED = (r"^{subject}\s+(?:(?:is|was|zijn|waren|has|have|had)\s+)?(?P<verb>{verbs})"
              rf"(?:\s+(?P<link>{LINKS})(?!\w))?\s*(?P<rest>.*)$")
EMOTION = (r"^(?:{subject}\s+)?(?:is|was|zijn|waren|are|were|raakte|became|got)\s+(?P<adverbs>(?:\w+\s+){0,2}?)"
           rf"(?P<emotion>{'|'.join(lx.EMOTIONS)}|{lx.EVALUATIVES.pattern})\s+"
           r"(?P<link>over|about|met|with|at|by|on|dat|that)\s+(?P<x>.+)$")
CONCERN = (r"^(?:{subject}\s+)?(?:(?:maakt|maken)\s+zich\s+zorgen|(?:is|are|was|were)\s+(?:concerned|worried)|"
           r"zorgen?|concerns?)\s+(?:over|about|by|regarding)\s+(?P<x>.+)$")
BARE_SUBJECT = r"\s*(?:{subject})?\s*"
SUBJECT_FIRST = r"^{subject}\s"
SUBJECT_WILL = r"^{subject}\s+(?:will|would|shall|'ll)\s+(?P<x>.+)$"
OWNER_AND_TASK = r"^{subject}\s+(?:(?:to|will|shall|'ll|is\s+to|are\s+to)\s+)?(?P<task>.+)$"
QUESTION_OF = r"^(?:vraag\s+van\s+{subject}\s*:?\s*)"
# (shape, the sentence's form when the note writes no link word: in Dutch, in English)
PROPOSALS = (
    (r"^(?:{subject}\s+)?(?:stel|stelt|stellen)\s+voor\s*(?:(?P<link>om|dat)\s+)?(?P<x>.+)$", "to", "to"),
    (r"^(?:{subject}\s+)?(?:pleit|pleiten|argued|argues)\s+(?:voor|for)\s+(?P<x>.+)$", "for", "for"),
    (r"^(?:{subject}\s+)?(?:suggest(?:s|ed)?|propose[sd]?|recommend(?:s|ed)?)\s+"
     r"(?:(?P<link>that|to)\s+)?(?P<x>.+)$", "that", "that"),
    (r"^(?P<subj>we|wij|i|ik)\s+(?:should|must|need\s+to|moeten|zouden\s+moeten|zullen\s+moeten)\s+"
     r"(?P<x>.+)$", "colon", "to"),
    (r"^(?:moeten|zouden|zullen)\s+(?P<subj>we|wij)\s+(?:moeten\s+)?(?P<x>.+)$", "colon", "colon"),
)

# --- the same for every roster ---
CONSENTED = re.compile(r"(?:(?:gaat|gaan)\s+akkoord|akkoord|stemt\s+in|stemmen\s+in|instemming|agreed|approved|"
                       r"consented|signed\s+off)\s+(?:(?:gaat|gaan)\s+)?(?:met|to|on|with)?\s*(?P<x>.+)$", I)
# a clause that is already a decision or agreement: kept as written, never wrapped in a second formula
FORMULA_START = re.compile(r"^(?:besloten\s+wordt|afgesproken\s+wordt|(?:de|het)\s+(?:tafel|lrt|overleg)\s+"
                           r"(?:besluit|besluiten|stemt\s+in)|(?:it\s+was|it\s+is)\s+(?:agreed|decided)|"
                           r"the\s+(?:table|lrt)\s+(?:agreed|decided|agrees|decides))\b", I)
# an English task whose verb is not in the base form ("sends", "sent", "is sending"): "to" would break it
NOT_BASE_FORM = re.compile(r"^(?:\w+(?<![su])s|\w+ed|is|are|was|has|had|will)\b", I)
THAT_CLAUSE = re.compile(r"that\b", I)
DECIDED_THAT = re.compile(r"(?:besloten|decided|afgesproken|overeengekomen|agreed)\s+(?:wordt\s+|is\s+|was\s+)?"
                          r"(?P<link>dat|that|om|to)\s+(?P<x>.+)$", I)
# the words that may stand before "akkoord" or "besloten" besides a subject: "iedereen is akkoord", "er wordt …"
DECIDING_FILLER = re.compile(r"\b(?:is|zijn|was|were|de tafel|the table|iedereen|everyone|allen|all|wordt|er)\b", I)
# "Het Rijk zegt toe …", "The province undertook to …": a public body that is no roster code, its name kept
BODY_PROMISE = re.compile(rf"^(?P<subj>(?i:het|de|the)\s+[A-Z]\w+)\s+(?P<verb>{PROMISING})(?:\s+(?P<link>{LINKS}))?"
                          r"\s*(?P<rest>.*)$")
UNATTRIBUTED_PROMISE = re.compile(rf"^(?P<subj>)(?P<verb>{PROMISING})(?:\s+(?P<link>{LINKS}))?\s*(?P<rest>.*)$", I)
FIRST_PERSON_TASK = re.compile(r"^(?:ik\s+(?P<nl>\w+)|i(?:'ll|\s+will|\s+shall)\s+(?P<en>.+))(?P<rest>.*)$", I)
TE_INFINITIVE = re.compile(r"\bte\s+\w+$")
JUDGED = re.compile(r"^(?:het|it(?:'s|\s+is|\s+was))\s+(?P<adjective>\w+)\s+(?:dat|that)\s+(?P<x>.+)$", I)
DISAGREEMENT_TOPIC = re.compile(r"(?:oneens|niet\s+eens|disagree[ds]?|differ(?:ed)?|verschillen)\s+"
                                r"(?:van\s+mening\s+)?(?:met|over|with|on|about)\s+(?P<x>[^,;]+)", I)
# what a deferral says besides "uitgesteld": when nothing else is left, the item was simply deferred
DEFERRAL_WORDS = re.compile(rf"{lx.DEFERRED.pattern}|{lx.TOKEN}|\b(?:dit|het|this|the|punt|item|agendapunt|wordt|"
                            r"is|was|naar|to|de|volgende|next|vergadering|meeting)\b", I)


@lru_cache(maxsize=16)
def subject(org: str) -> str:
    """Who a clause can start with: people and organisations of the roster, "ik", "iedereen", the secretariat."""
    core = rf"(?:(?:de|het|the)\s+)?(?:{lx.TOKEN}|{org})"
    return (rf"(?P<subj>{core}(?:\s*(?:,|en|and|&)\s*{core})*|{PRONOUN_SUBJECT}|iedereen|everyone|"
            r"everybody|allen|all|(?:alle\s+|de\s+|the\s+)?(?:deelnemers|participants)|"
            r"(?:het\s+|the\s+)?(?:secretariaat|secretariat))")


@lru_cache(maxsize=128)
def compiled_shape(pattern: str, subject: str, verbs: str) -> re.Pattern[str]:
    """A clause shape compiled once per roster and verb list. Formatted in an f-string for every clause instead, it
    cost a format and a lookup in re's cache, keyed on a few hundred characters, each time."""
    return re.compile(pattern.replace("{subject}", subject).replace("{verbs}", verbs), I)
