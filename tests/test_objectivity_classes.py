"""A sentence's class comes only from what the secretary said: the note's kind, a label or a formula at the
clause's start (issue 12, part 3). A cue word in the middle leaves a suggestion for the review instead."""

from __future__ import annotations

from datetime import date

import pytest

from bot.objectivity.engine import objectivise
from bot.objectivity.values import Clause, Note, Outcome, Person, Policy, Roster

ROSTER = Roster((Person("U01JAN", "Jan de Vries", "VNG", "member"), Person("U05PIET", "Piet Jansen", "JenV", "member"),
                 Person("U07SANNE", "Sanne Mulder", "BZK", "secretary")),
                ("BZK", "JenV", "VNG", "IPO", "COA"))
MONDAY = date(2025, 3, 10)
NL, EN = Policy("nl", MONDAY, table_label="de LRT"), Policy("en", MONDAY, table_label="the LRT")
ACTS = {Clause.decision, Clause.agreement, Clause.commitment, Clause.action}


def run(text: str, policy: Policy = NL, kind: str = "discussion") -> Outcome:
    return objectivise([Note("n", text, kind)], ROSTER, policy)


# (note, policy, the class it must get, the review finding a mid-sentence cue must leave or "")
TRAPS = [
    ("Het is decision time voor de gemeenten.", NL, Clause.opinion, "reads_like_decision"),
    ("It is decision time for the municipalities.", EN, Clause.opinion, "reads_like_decision"),
    ("COA meldt dat de bezetting in januari is vastgesteld op 35.200.", NL, Clause.fact, "reads_like_decision"),
    ("COA reported that occupancy was approved at 35,200 in January.", EN, Clause.fact, "reads_like_decision"),
    ("Het plan wordt volgende week besproken, na het besluit van de gemeenteraad.", NL, Clause.opinion,
     "reads_like_decision"),
    ("The municipalities are waiting for a decision on the 40 sites.", EN, Clause.fact, "reads_like_decision"),
    ("BZK is gefrustreerd, ondanks wat er eerder beloofd is.", NL, Clause.opinion, "reads_like_commitment"),
    ("The Minister promised that BZK is frustrated about the delay.", EN, Clause.opinion, ""),
    ("Gemeenten wachten op wat er toegezegd is over de 40 locaties.", NL, Clause.fact, "reads_like_commitment"),
    ("The sites were promised last year and 12 are open.", EN, Clause.fact, "reads_like_commitment"),
    ("Dit is vertrouwelijk materiaal van de gemeenten, het gaat over de spreiding.", NL, Clause.opinion,
     "reads_like_off_record"),
    ("The plan is confidential for now, the dispersal is on track.", EN, Clause.opinion, "reads_like_off_record"),
    ("VNG en IPO waren het oneens over de verdeelsleutel.", NL, Clause.opinion, ""),
    ("VNG and IPO disagreed on the distribution key.", EN, Clause.opinion, ""),
    ("Volgens VNG is 40 procent het minimum.", NL, Clause.opinion, ""),
    ("According to VNG 40 per cent is the minimum.", EN, Clause.opinion, ""),
    ("VNG maakt zich zorgen over de 300 extra plekken.", NL, Clause.opinion, ""),
    ("VNG is worried that the 300 extra places are not enough.", EN, Clause.opinion, ""),
    ("Ik vind de 35.200 plekken veel te weinig.", NL, Clause.opinion, ""),
    ("I think the 35,200 places are far too few.", EN, Clause.opinion, ""),
    ("Er is een actie nodig rond de 12 locaties.", NL, Clause.fact, "reads_like_action"),
    ("VNG stuurt de cijfers rond.", NL, Clause.opinion, "reads_like_action"),
    ("VNG vraagt of de 12 locaties op tijd open gaan", NL, Clause.question, ""),
    ("IPO asked whether the regional figures are complete", EN, Clause.question, ""),
    ("Het overzicht staat op https://example.org/plan?id=3 en is bijgewerkt.", NL, Clause.fact, ""),  # not a question
    ("See https://example.org/plan?id=3 for the plan.", EN, Clause.fact, ""),
]


@pytest.mark.parametrize(("text", "policy", "clause", "hint"), TRAPS)
def test_a_cue_word_in_the_middle_never_decides_the_class(text: str, policy: Policy, clause: Clause,
                                                          hint: str) -> None:
    outcome = run(text, policy)
    [sentence] = outcome.sentences
    assert sentence.clause is clause
    assert not outcome.dropped
    if hint:
        finding = next(f for f in outcome.findings if f.problem == hint)
        assert finding.suggestion.strip()


# (note, policy, kind, class)
SAID = [
    ("Besluit: het transitieplan wordt vastgesteld.", NL, "discussion", Clause.decision),
    ("Decision: the transition plan is adopted.", EN, "discussion", Clause.decision),
    ("het transitieplan gaat door", NL, "decision", Clause.decision),
    ("the transition plan goes ahead", EN, "decision", Clause.decision),
    ("Afgesproken wordt dat de Rijksheren een overzicht maken.", NL, "discussion", Clause.agreement),
    ("It was agreed that the Rijksheren map the provinces.", EN, "discussion", Clause.agreement),
    ("Afspraak: de Rijksheren maken een overzicht.", NL, "discussion", Clause.agreement),
    ("Besloten wordt om de pilot te verlengen.", NL, "discussion", Clause.decision),
    ("It was decided to extend the pilot.", EN, "discussion", Clause.decision),
    ("BZK zegt toe voor 1 mei een voorstel te doen.", NL, "discussion", Clause.commitment),
    ("BZK undertook to send a proposal before 1 May.", EN, "discussion", Clause.commitment),
    ("Toezegging: BZK komt voor 1 mei met een voorstel.", NL, "discussion", Clause.commitment),
    ("JenV komt terug op de kosten.", NL, "discussion", Clause.commitment),
    ("Vraag: wie betaalt de beveiliging", NL, "discussion", Clause.question),
    ("Question: who pays for security", EN, "discussion", Clause.question),
    ("wie betaalt de beveiliging", NL, "question", Clause.question),
    ("Niet voor het verslag: de minister twijfelt.", NL, "discussion", "off_record"),
    ("Off the record: the minister has doubts.", EN, "discussion", "off_record"),
]


@pytest.mark.parametrize(("text", "policy", "kind", "clause"), SAID)
def test_kind_label_or_formula_gives_the_class(text: str, policy: Policy, kind: str, clause: str) -> None:
    outcome = run(text, policy, kind)
    if clause == "off_record":
        assert outcome.sentences == () and [d.reason for d in outcome.dropped] == ["off_record"]
    else:
        assert [s.clause for s in outcome.sentences] == [clause]


def test_no_act_comes_from_a_note_without_kind_label_or_formula() -> None:
    for text, policy, _clause, _hint in TRAPS:
        assert not {s.clause for s in run(text, policy).sentences} & ACTS, text


@pytest.mark.parametrize(("text", "policy", "owner", "due"), [
    ("Actie @jenv: stuurt de brief voor 15 maart", NL, "JenV", date(2025, 3, 15)),
    ("AP <@U01JAN>: stuurt de cijfers rond, uiterlijk 15 maart.", NL, "VNG", date(2025, 3, 15)),
    ("Actie VNG: stuurt de cijfers rond, uiterlijk 15 maart.", NL, "VNG", date(2025, 3, 15)),
    ("Action VNG: circulate the figures by Friday", EN, "VNG", date(2025, 3, 14)),
    ("Action point: IPO to send the figures by 2 April.", EN, "IPO", date(2025, 4, 2)),
])
def test_a_labelled_action_has_its_owner_and_due_date(text: str, policy: Policy, owner: str, due: date) -> None:
    [action] = run(text, policy).sentences
    assert (action.clause, action.owner, action.due) == (Clause.action, owner, due)


@pytest.mark.parametrize(("text", "policy"), [
    ("De bezetting stijgt (ca. 300 plekken) in de regio.", NL),
    ("Occupancy rises (approx. 300 places) in the region.", EN),
    ("Er zijn o.a. 12 locaties bijv. in Zeeland, zie art. 5 t/m 7.", NL),
    ("There are e.g. 12 sites, i.e. in Zeeland, vs. 10 last year.", EN),
    ("Zie https://example.org/plan?id=1.5 voor de 12 locaties.", NL),
    ("Mail info@example.org voor de 12 locaties.", NL),
])
def test_abbreviations_and_addresses_do_not_cut_a_sentence(text: str, policy: Policy) -> None:
    assert len(run(text, policy).sentences) == 1
