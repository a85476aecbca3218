"""The check every finished sentence passes, in both languages: what a rewrite can break.

`broken` gives the reasons a sentence does not read (empty when it is whole). It looks at the sentence alone, not
at the note: a dangling attribution verb, a stray quote mark or bracket, a formula wrapped in a second formula, a
verb whose subject was taken out, "to sends", an open question that is only a link, a doubled word, nothing after a
colon, a lower-case start.
"""

from __future__ import annotations

import re

I = re.IGNORECASE  # noqa: E741

# words a whole sentence never ends on: attribution verbs, prepositions, articles, conjunctions
DANGLING = ("zegt", "zei", "aldus", "volgens", "stelt", "merkt op", "geeft aan", "benadrukt", "vraagt", "meldt",
            "van", "de", "het", "een", "en", "of", "dat", "om", "voor", "met", "over", "door", "bij", "naar", "als",
            "maar", "te", "said", "says", "argued", "stated", "stressed", "insisted", "noted", "asked", "warned",
            "according to", "per", "the", "a", "an", "and", "or", "that", "to", "of", "for", "with", "by", "on",
            "about", "from", "but", "as")
ENDS_DANGLING = re.compile(r"(?<![\w-])(?:" + "|".join(w.replace(" ", r"\s+") for w in DANGLING) + r")\s*[.?!]?$", I)
# a pattern's own formula, then the note's own formula again
FORMULAS = (r"besloten\s+wordt|afgesproken\s+wordt|de\s+\w+\s+(?:besluit|besluiten|stemt\s+in)|"
            r"er\s+wordt\s+(?:opgemerkt|voorgesteld|gesproken)|gemeld\s+wordt|it\s+was\s+(?:agreed|decided|noted|"
            r"suggested|reported)|the\s+\w+\s+(?:agreed|decided)")
DOUBLED_FORMULA = re.compile(rf"^(?:{FORMULAS})\b.*?(?:\b(?:dat|that)\s+|:\s*)(?:{FORMULAS})\b", I)
# a finite verb straight after a pattern's link: its subject was taken out
VERB_FIRST = re.compile(r"(?:(?:dat|that|om|to)\s+)?(?:vraagt|vragen|stelt\s+voor|zegt|merkt\s+op|geeft\s+aan|"
                        r"vindt|denkt|pleit|benadrukt|wijst\s+op|meldt|asks|asked|says|said|argued|thinks|suggested|"
                        r"proposed|stressed|noted)\b", I)
PATTERN_START = re.compile(r"^(?:\[[A-Z]+\]\s+)?(?:er\s+wordt\s+\w+|it\s+was\s+\w+|besloten\s+wordt|"
                           r"afgesproken\s+wordt|gemeld\s+wordt|open\s+(?:vraag|question)|\w+\s+(?:meldt|reported))", I)
TO_VERB_S = re.compile(r"\bto\s+(?!(?:this|is|us|as|his|its|various|serious|previous|various)\b)"
                       r"(\w+(?<![su])s)\b", I)
OPEN_QUESTION = re.compile(r"^(?:open\s+vraag|open\s+question)\s*:\s*(?P<x>.*?)(?:[.;?]?\s*(?:hierop wordt "
                           r"teruggekomen|to be followed up)\.?)?$", I)
LINK_ONLY = re.compile(r"^(?:(?:zie|see|cf\.?)\s+)?(?:\S*https?://\S+|www\.\S+|zie\b.*|see\b.*)$", I)
DOUBLED_WORD = re.compile(r"(?<![\w-])(\w+)\s+\1(?!\w)", I)
DOUBLE_ALLOWED = {"dat", "that", "had", "die"}  # "dat dat", "had had": grammatical doubles
EMPTY_AFTER_COLON = re.compile(r":\s*(?:[.;?!]|$)")
QUOTE_MARKS = re.compile(r"[\"“”„«»]")
SINGLE_QUOTE = re.compile(r"(?<!\w)'|'(?!\w)")
MARKERS = re.compile(r"^\s*\[[^\]]*\]\s*")


def broken(sentence: str) -> list[str]:
    """The reasons `sentence` (marker-free, as rendered) is not a whole sentence; [] when it is."""
    text = MARKERS.sub("", sentence).strip()
    text = re.sub(r"\[(?:onbekende deelnemer|unknown participant)\]", "X", text)
    reasons: list[str] = []
    if not text:
        return ["empty"]
    if text[0].islower():
        reasons.append("lower_case_start")
    body = re.sub(r"\s*(?:Hierop wordt teruggekomen|To be followed up)\.?$", "", text)
    body = re.sub(r";\s*to be followed up\.?$", "", body)
    if ENDS_DANGLING.search(body.rstrip(" .?!;")) or ENDS_DANGLING.search(body):
        reasons.append("dangling_end")
    if QUOTE_MARKS.search(text) or len(SINGLE_QUOTE.findall(re.sub(r"\w'\w|s'(?=\s)", "", text))) % 2:
        reasons.append("stray_quote")
    if text.count("(") != text.count(")") or text.count("[") != text.count("]"):
        reasons.append("unbalanced_bracket")
    if DOUBLED_FORMULA.search(text):
        reasons.append("doubled_formula")
    start = PATTERN_START.match(text)
    if start is not None and VERB_FIRST.match(text[start.end():].lstrip(" :")):
        reasons.append("missing_subject")
    if TO_VERB_S.search(text) and re.match(r"^Action\b", text):
        reasons.append("to_verb_s")
    question = OPEN_QUESTION.match(text)
    if question is not None and LINK_ONLY.match(question.group("x").strip(" .;?")):
        reasons.append("link_only_question")
    if any(m.group(1).lower() not in DOUBLE_ALLOWED and not m.group(1).isdigit() for m in DOUBLED_WORD.finditer(text)):
        reasons.append("doubled_word")
    if EMPTY_AFTER_COLON.search(text):
        reasons.append("empty_after_colon")
    return reasons
