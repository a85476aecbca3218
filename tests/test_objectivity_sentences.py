"""The sentence check (bot/objectivity/sentences.py) and the rewrites that keep the note's words."""

from __future__ import annotations

import pytest

from bot.objectivity.sentences import broken
from tests.test_objectivity import DUTCH, EN, ENGLISH, MARKER, NL, run


@pytest.mark.parametrize(("sentence", "reason"), [
    ("Er wordt opgemerkt: de cijfers kloppen niet, zegt.", "dangling_end"),
    ("It was noted that the figures are wrong, argued.", "dangling_end"),
    ("Er wordt opgemerkt: de cijfers kloppen, aldus.", "dangling_end"),
    ("Er wordt opgemerkt dat het plan te duur is volgens.", "dangling_end"),
    ("Er wordt gesproken over de aanpak van de.", "dangling_end"),
    ('Er wordt opgemerkt: "het plan is te duur.', "stray_quote"),
    ("It was noted that the plan (approx.", "unbalanced_bracket"),
    ("Gemeld wordt: 300 plekken (ca.", "unbalanced_bracket"),
    ("It was agreed that it was agreed that the plan stands.", "doubled_formula"),
    ("Besloten wordt: De tafel besluit het plan vast te stellen.", "doubled_formula"),
    ("Er wordt opgemerkt dat er wordt opgemerkt dat het kan.", "doubled_formula"),
    ("Er wordt opgemerkt: vraagt of de regeling doorloopt.", "missing_subject"),
    ("Er wordt voorgesteld: stelt voor de pilot uit te breiden.", "missing_subject"),
    ("It was noted that asked whether the scheme continues.", "missing_subject"),
    ("Action: VNG to sends the letter by 15 March 2025.", "to_verb_s"),
    ("Open vraag: zie https://example.org/x?y=1. Hierop wordt teruggekomen.", "link_only_question"),
    ("Open question: see https://example.org/x?y=1; to be followed up.", "link_only_question"),
    ("Er wordt gesproken over de de aanpak.", "doubled_word"),
    ("It was noted that the the plan works.", "doubled_word"),
    ("Besloten wordt: .", "empty_after_colon"),
    ("It was reported: .", "empty_after_colon"),
    ("de voorzitter opent de vergadering.", "lower_case_start"),
])
def test_a_broken_sentence_is_recognised(sentence: str, reason: str) -> None:
    assert reason in broken(sentence)


@pytest.mark.parametrize("sentence", [
    "Er wordt opgemerkt dat de cijfers kloppen.", "It was noted that the figures hold.",
    "Action: VNG to send the letter by 15 March 2025.", "Open vraag: wie betaalt? Hierop wordt teruggekomen.",
    "Besloten wordt: het plan wordt vastgesteld.", "De voorzitter opent de vergadering.",
])
def test_a_whole_sentence_passes(sentence: str) -> None:
    assert broken(sentence) == []


@pytest.mark.parametrize(("note", "policy", "expected"), [
    ("De cijfers kloppen niet, zegt Jan.", NL, "Er wordt opgemerkt: de cijfers kloppen niet."),
    ("De cijfers kloppen niet, aldus Jan.", NL, "Er wordt opgemerkt: de cijfers kloppen niet."),
    ("The figures are wrong, Jan argued.", EN, "It was noted that the figures are wrong."),
    ("Jan said that the figures are wrong.", EN, "It was noted that the figures are wrong."),
    ("Afgesproken wordt dat VNG de brief stuurt.", NL, "Afgesproken wordt dat VNG de brief stuurt."),
    ("It was agreed that VNG sends the letter.", EN, "It was agreed that VNG sends the letter."),
    ("Het Rijk zegt toe de compensatie voor 2026 vóór 1 oktober uit te betalen.", NL,
     "Het Rijk zegt toe de compensatie voor 2026 vóór 1 oktober uit te betalen."),
    ("The State undertook to pay the compensation before 1 October.", EN,
     "The State undertook to pay the compensation before 1 October."),
    ("A minimum of 1,500 places is, according to BZK, the minimum for dispersal.", EN,
     "It was noted that a minimum of 1,500 places is the minimum for dispersal."),
    ("Action: VNG sends the letter by 15 March.", EN, "Action: VNG — sends the letter, by 15 March 2025."),
])
def test_safe_transforms_give_the_exact_sentence(note: str, policy: object, expected: str) -> None:
    outcome = run(note, policy)  # type: ignore[arg-type]
    assert [s.text for s in outcome.sentences] == [expected]


@pytest.mark.parametrize(("note", "policy"), [("Het is een drama met de planning.", NL),
                                              ("The planning is a mess.", EN)])
def test_an_emotive_noun_is_kept_and_marked(note: str, policy: object) -> None:
    outcome = run(note, policy)  # type: ignore[arg-type]
    [sentence] = outcome.sentences
    assert sentence.flagged and ("drama" in sentence.text or "mess" in sentence.text)
    assert "knelpunt" not in sentence.text and "problem" not in sentence.text


def test_every_unmarked_sentence_of_the_corpora_passes_the_check() -> None:
    for policy, corpus in ((NL, DUTCH), (EN, ENGLISH)):
        for _, note, *_ in corpus:
            for sentence in run(note, policy).sentences:
                if not sentence.text.startswith(MARKER[policy.language]):
                    assert broken(sentence.text) == [], sentence.text
