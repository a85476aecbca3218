"""Roster names in the forms notes write them that once leaked or crashed the engine."""

from __future__ import annotations

import pytest

from bot.objectivity.engine import objectivise
from bot.objectivity.names import NameIndex
from bot.objectivity.values import Note, Person, Roster
from tests.test_objectivity import EN, NL, ROSTER, run


@pytest.mark.parametrize(("note", "policy", "name"), [
    ("Ellens voorstel over de spreiding krijgt steun.", NL, "Ellen"),
    ("Karins notitie over inburgering wordt besproken.", NL, "Karin"),
    ("Jorises punt over flexwoningen komt terug.", NL, None),
    ("Ellen's proposal on dispersal was discussed.", EN, "Ellen"),
    ("Milos figures on occupancy were discussed.", EN, "Milo"),
])
def test_a_possessive_without_an_apostrophe_takes_the_name_with_it(note, policy, name):
    outcome = run(note, policy)
    text = " ".join(s.text for s in outcome.sentences)
    assert "Ellen" not in text and "Karin" not in text and "Milo" not in text
    if name:
        assert any(name in " ".join(f.words) for f in outcome.findings), outcome.findings


def test_a_lower_case_word_ending_in_s_is_no_possessive():
    """ "jans" is not capitalised: the possessive form without apostrophe is only taken when written as a name."""
    outcome = run("Er zijn milos nodig voor de opslag.", NL)
    assert "milos" in outcome.sentences[0].text


def test_a_roster_name_without_a_space_is_matched_and_drafts():
    roster = Roster((Person("U1", "PJansen", "VNG", "member"),), ("VNG",))
    outcome = objectivise([Note("1", "Volgens PJansen zijn er 300 plekken.", "discussion")], roster, NL)
    assert "PJansen" not in " ".join(s.text for s in outcome.sentences)
    assert "300" in outcome.sentences[0].text


def test_the_engines_own_token_marks_in_a_note_are_plain_text():
    outcome = run("Tekst \ue000 en \ue0010\ue001 en \ue00199\ue000 hier, 12 plekken.", NL)
    text = " ".join(s.text for s in outcome.sentences)
    assert "\ue000" not in text and "\ue001" not in text and "12 plekken" in text


def test_the_name_pattern_does_not_depend_on_the_hash_seed():
    """Forms of equal length in a fixed order: two processes with different seeds build the same pattern."""
    assert NameIndex(ROSTER).names.pattern == NameIndex(Roster(tuple(reversed(ROSTER.people)),
                                                               ROSTER.organisations)).names.pattern
