"""The objectivity engine against the guide's example pairs (shared/objectivity.md) and its own edge cases.

Pure: notes in, an Outcome out. The leak checks use their own list of name forms, not the engine's patterns.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date

import pytest

from bot.objectivity import classify, content, lexicon, names
from bot.objectivity.engine import objectivise
from bot.objectivity.lexicon import Gated, engine_lower
from bot.objectivity.names import ROLE_KEYS, NameIndex
from bot.objectivity.values import Clause, Dropped, Note, Outcome, Person, Policy, Roster
from bot.render import templates_root

ORGANISATIONS = ("BZK", "SZW", "JenV", "VNG", "IPO", "COA", "Aedes", "Rijksheren")
PEOPLE = (
    Person("U01JAN", "Jan de Vries", "VNG", "member"),
    Person("U02ELLEN", "Ellen Bakker", "IPO", "member"),
    Person("U03MILO", "Milo Smit", "COA", "member"),
    Person("U04KARIN", "Karin Visser", "SZW", "member"),
    Person("U05PIET", "mr. drs. P. (Piet) Jansen", "JenV", "member"),
    Person("U07SANNE", "Sanne Mulder", "BZK", "secretary"),
    Person("U08JORIS", "Joris Meijer", "Aedes", "member"),
    Person("U09JETTA", "Jetta de Groot", "Rijksheren", "member"),
    Person("U06ANNA", "Anna Dekker", "BZK", "chair"),
    Person("U10JOSE", "José Álvarez", "IPO", "observer"),
)
ROSTER = Roster(PEOPLE, ORGANISATIONS)
# every form of every name that must never reach a sentence (folded: lower case, no diacritics)
NAME_FORMS = ("jan de vries", "de vries", "vries", "jan", "ellen", "bakker", "milo", "smit", "karin", "visser",
              "piet", "jansen", "p. jansen", "sanne", "mulder", "joris", "meijer", "jetta", "de groot", "groot",
              "anna", "dekker", "jose", "alvarez", "jdv")
MONDAY = date(2025, 3, 10)
NL = Policy("nl", MONDAY, table_label="de LRT")
EN = Policy("en", MONDAY, table_label="the LRT")
MARKER = {"nl": "[CONTROLEREN]", "en": "[CHECK]"}
JUDGEMENT = {"first_person", "opinion_marker", "evaluative"}
TEMPLATE_WORDS = {w for language in ("nl", "en")
                  for w in re.findall(r"\w+", (templates_root() / language / "objectivity.j2").read_text().lower())}
DATE_WORDS = {"maart", "march", "mei", "may", "april", "vrijdag", "friday", "maandag", "monday"}

# (number, note, class, exact sentence or None when only flags are reachable, judgemental wording?)
DUTCH = [
    (1, "<@U01JAN> (VNG): ik vind het onacceptabel dat gemeenten pas een week vooraf horen dat er noodopvang komt.",
     Clause.opinion, None, True),
    (2, "Milo: bezetting vandaag 35.200, prognose eind maart 38.000.",
     Clause.fact, "COA meldt: bezetting vandaag 35.200, prognose eind maart 38.000.", False),
    (3, "Minister zegt toe dat BZK voor 1 mei met een voorstel komt over financiering flexwoningen.",
     Clause.commitment, "BZK zegt toe dat BZK voor 1 mei met een voorstel komt over financiering flexwoningen.", False),
    (4, "Iedereen akkoord met het transitieplan, wel met de aanvulling van Ellen over regionale spreiding.",
     Clause.decision, "De LRT stemt in met het transitieplan, wel met de aanvulling over regionale spreiding.", False),
    (5, "Joris: ik denk dat we de taakstelling nooit halen als er niet veel meer flexwoningen komen.",
     Clause.opinion, None, True),
    (6, "Karin was behoorlijk geïrriteerd over de trage start van inburgering in de noodopvang.",
     Clause.opinion, "Er wordt gesproken over de trage start van inburgering in de noodopvang.", True),
    (7, "Volgens mij moeten we de Rijksheren vragen per provincie een overzicht te maken. — akkoord",
     Clause.agreement, None, True),
    (8, "Actie: <@U05PIET> maakt voor de volgende LRT een notitie over de kosten.",
     Clause.action, "Actiepunt: JenV maakt een notitie over de kosten, voor de volgende LRT.", False),
    (9, "Ellen vraagt wie de beveiliging bij nieuwe locaties betaalt; geen antwoord.",
     Clause.question, "Open vraag: wie de beveiliging bij nieuwe locaties betaalt. Hierop wordt teruggekomen.", False),
    (10, "VNG en IPO zijn het oneens met de verdeelsleutel, JenV houdt eraan vast.",
     Clause.opinion, "Over de verdeelsleutel lopen de opvattingen uiteen.", False),
]
ENGLISH = [
    (1, "Jan (VNG): I think the dispersal law is the only way out.", Clause.opinion, None, True),
    (2, "COA: occupancy 35,200 today, forecast 38,000 by end of March.",
     Clause.fact, "COA reported: occupancy 35,200 today, forecast 38,000 by end of March.", False),
    (3, "The Minister promised BZK will send a proposal on flex-housing funding before 1 May.",
     Clause.commitment, "BZK undertook to send a proposal on flex-housing funding before 1 May.", False),
    (4, "Frankly the provincial figures are a mess, <@U02ELLEN>.", Clause.opinion, None, True),
    (5, "Everyone agreed to the transition plan.", Clause.decision, "The transition plan was agreed.", False),
    (6, "Action: <@U07SANNE> to circulate the slides by Friday.",
     Clause.action, "Action: the secretariat to circulate the slides by Friday 14 March 2025.", False),
    (7, "The Aedes chair is furious about the lack of land for flex housing.",
     Clause.opinion, "The lack of land for flex housing was discussed.", True),
]
PAIRS = [pytest.param(NL, *pair, id=f"nl-{pair[0]}") for pair in DUTCH] + \
        [pytest.param(EN, *pair, id=f"en-{pair[0]}") for pair in ENGLISH]


def run(text: str, policy: Policy = NL, kind: str = "discussion", author: str | None = None) -> Outcome:
    return objectivise([Note("n", text, kind, author_id=author)], ROSTER, policy)


def fold(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c)).lower()


def leaks(outcome: Outcome) -> list[str]:
    """Names, mentions, ids, e-mail addresses and phone numbers anywhere in the sentences."""
    found = []
    for sentence in outcome.sentences:
        text = fold(sentence.text)
        found += [form for form in NAME_FORMS if re.search(rf"(?<!\w){re.escape(form)}(?!\w)", text)]
        found += re.findall(r"<[@!#]|\b[UW][A-Z0-9]{5,}\b|\S+@\S+|\d{2}-\d{8}|\ue000", sentence.text)
    return found


def organisations(text: str) -> list[str]:
    return [o for o in ORGANISATIONS if re.search(rf"(?<!\w){o}(?!\w)", text)]


def figures(text: str) -> set[str]:
    text = re.sub(r"<[@!#][^>]*>", " ", text)  # a mention's digits are an id, not a figure
    return {re.sub(r"[.,]", "", n) for n in re.findall(r"\d+(?:[.,]\d+)*", text)}


def invented(outcome: Outcome, note: str, policy: Policy) -> set[str]:
    """Words in the sentences that come from neither the note, the patterns, the organisations nor the dates."""
    allowed = set(re.findall(r"\w+", fold(note + " " + policy.table_label))) | TEMPLATE_WORDS | DATE_WORDS
    allowed |= {o.lower() for o in ORGANISATIONS}
    words = {w for s in outcome.sentences for w in re.findall(r"[^\W\d]+", fold(s.text))}
    return {w for w in words - allowed if w.rstrip("t") not in allowed}


@pytest.mark.parametrize(("policy", "number", "note", "clause", "expected", "judgemental"), PAIRS)
def test_example_pair(policy: Policy, number: int, note: str, clause: Clause, expected: str | None,
                      judgemental: bool) -> None:
    outcome = run(note, policy)
    [sentence] = outcome.sentences
    assert sentence.clause is clause
    assert leaks(outcome) == []
    assert invented(outcome, note, policy) == set()
    assert sentence.text.endswith(".")
    if clause in (Clause.proposal, Clause.opinion, Clause.question):
        assert organisations(sentence.text) == []
    assert figures(note) <= figures(sentence.text)
    if judgemental:
        flagged = [f for f in outcome.findings if f.problem in JUDGEMENT]
        assert flagged and all(f.suggestion.strip() for f in flagged)
        assert sentence.flagged
    if expected is not None:
        assert sentence.text == expected


@pytest.mark.parametrize(("number", "problem", "word"), [(1, "evaluative", "onacceptabel"), (1, "first_person", "ik"),
                                                         (5, "first_person", "we"), (5, "evaluative", "nooit"),
                                                         (7, "opinion_marker", "Volgens mij")])
def test_dutch_wording_that_cannot_be_neutralised_is_kept_marked_and_explained(number: int, problem: str,
                                                                               word: str) -> None:
    outcome = run(DUTCH[number - 1][1])
    finding = next(f for f in outcome.findings if f.problem == problem)
    assert word in finding.words
    assert finding.output == outcome.sentences[0].text
    if problem == "evaluative":
        assert outcome.sentences[0].text.startswith("[CONTROLEREN] ")
        assert word in outcome.sentences[0].text


def test_unacceptable_gets_the_attention_suggestion() -> None:
    finding = next(f for f in run(DUTCH[0][1]).findings if f.problem == "evaluative")
    assert 'Er wordt aandacht gevraagd voor gemeenten pas een week vooraf' in finding.suggestion


def test_commitment_and_action_carry_owner_and_due() -> None:
    commitment = run(DUTCH[2][1]).sentences[0]
    assert (commitment.owner, commitment.due) == ("BZK", date(2025, 5, 1))
    action = run(DUTCH[7][1]).sentences[0]
    assert (action.owner, action.due, action.due_text, action.task) == ("JenV", None, "voor de volgende LRT",
                                                                        "maakt een notitie over de kosten")
    known = run(DUTCH[7][1], Policy("nl", MONDAY, next_meeting_date=date(2025, 4, 7))).sentences[0]
    assert known.due == date(2025, 4, 7) and known.text.endswith("uiterlijk 7 april 2025.")
    english = run(ENGLISH[5][1], EN).sentences[0]
    assert (english.owner, english.due) == ("the secretariat", date(2025, 3, 14))


@pytest.mark.parametrize(("text", "meeting", "due"), [
    ("Actie: VNG stuurt de cijfers rond, uiterlijk 15 maart.", MONDAY, date(2025, 3, 15)),
    ("Actie: VNG stuurt vrijdag de cijfers rond.", date(2025, 3, 14), date(2025, 3, 21)),
    ("Actie: VNG stuurt volgende week de cijfers rond.", MONDAY, date(2025, 3, 17)),
    ("Action: IPO to send the figures by 2 April.", MONDAY, date(2025, 4, 2)),
])
def test_due_dates_resolve_against_the_meeting(text: str, meeting: date, due: date) -> None:
    [action] = run(text, Policy("nl", meeting)).sentences
    assert action.clause is Clause.action and action.due == due
    assert "cijfers" in action.text or "figures" in action.text


def test_action_without_due_or_owner_says_so() -> None:
    outcome = run("Actie: notitie opstellen over de kosten.")
    [action] = outcome.sentences
    assert action.due is None and action.due_text == "" and action.owner == ""
    assert "termijn: nader te bepalen" in action.text and action.text.startswith("[CONTROLEREN]")
    assert {"due_missing", "owner_missing"} <= {f.problem for f in outcome.findings}
    assert "due: TBD" in run("Action: COA to check the figures.", EN).sentences[0].text


def test_first_person_action_goes_to_the_authors_organisation() -> None:
    [action] = run("Ik regel dat de zaal geboekt wordt, uiterlijk 15 maart.", author="U04KARIN").sentences
    assert action.owner == "SZW" and action.text.startswith("Actiepunt: SZW regelt dat de zaal geboekt wordt")
    [secretary] = run("Ik regel de zaal.", author="U07SANNE").sentences
    assert secretary.owner == "het secretariaat"


@pytest.mark.parametrize(("text", "gone", "kept"), [
    ("Niet voor het verslag: BZK overweegt de regeling in te trekken.\nCOA meldt 12 nieuwe locaties.",
     "overweegt", "12 nieuwe locaties"),
    ("Confidential: this is a draft plan.\nIPO reported 4 new sites.", "draft plan", "4 new sites"),
    ("Off the record: de minister twijfelt. Hij belt <@U01JAN>.\nDe VNG meldt dat 40 gemeenten meedoen.",
     "twijfelt", "40 gemeenten"),
])
def test_off_the_record_is_dropped_and_reported(text: str, gone: str, kept: str) -> None:
    outcome = run(text)
    assert {d.reason for d in outcome.dropped} == {"off_record"}  # a labelled line is off the record to its end
    assert gone in outcome.dropped[0].text and len(outcome.sentences) == 1
    assert all(gone not in s.text for s in outcome.sentences)
    assert any(kept in s.text for s in outcome.sentences)


@pytest.mark.parametrize(("text", "policy"), [("BZK zegt toe", NL), ("BZK undertook", EN),
                                              ("Actie: uiterlijk 15 maart", NL), ("Action: by Friday.", EN)])
def test_a_promise_or_action_of_nothing_is_left_out_as_noise(text: str, policy: Policy) -> None:
    """A commitment or action that is only its owner or its due date gives no sentence; the review list shows it
    as left out."""
    assert run(text, policy) == Outcome((), (Dropped("n", text, "noise"),), ())


def test_noise_is_dropped_and_listed() -> None:
    outcome = run("Goedemorgen allemaal! :wave:\nDank je wel Jan.")
    assert outcome.sentences == () and [d.reason for d in outcome.dropped] == ["noise", "noise"]


def test_unknown_participant_is_named_as_such_and_reported() -> None:
    outcome = run("Actie: VNG overlegt met <@U99XYZ|bob> over de locaties.")
    [action] = outcome.sentences
    assert "[onbekende deelnemer]" in action.text and "U99XYZ" not in action.text and "bob" not in action.text
    assert any(f.problem == "unknown_participant" and f.suggestion for f in outcome.findings)
    assert "[unknown participant]" in run("Action: VNG to call <@U99XYZ>.", EN).sentences[0].text


def test_contact_details_and_user_ids_are_removed_and_reported() -> None:
    outcome = run("COA meldt 3 locaties; mail jan.devries@vng.nl of bel 06-12345678, zie ook U0123456789.",
                  kind="information")
    text = " ".join(s.text for s in outcome.sentences)
    assert "@" not in text and "12345678" not in text and "U0123456789" not in text and "3 locaties" in text
    assert {"contact", "user_id"} <= {f.problem for f in outcome.findings}


@pytest.mark.parametrize("text", [
    "Dhr. Jansen en mevrouw De Groot stellen voor om de pilot uit te breiden naar 5 regio's.",
    "Mevrouw Alvarez en de heer Jose stellen voor om de pilot uit te breiden naar 5 regio's.",
    "Wethouder De Vries en mr. drs. P. (Piet) Jansen stellen voor om de pilot uit te breiden naar 5 regio's.",
    "JdV en P. Jansen stellen voor om de pilot uit te breiden naar 5 regio's.",
    "JOSÉ ÁLVAREZ en KARIN stellen voor om de pilot uit te breiden naar 5 regio's.",
])
def test_names_with_titles_diacritics_and_initials_never_survive(text: str) -> None:
    outcome = run(text)
    assert leaks(outcome) == []
    assert [s.text for s in outcome.sentences] == ["Er wordt voorgesteld om de pilot uit te breiden naar 5 regio's."]
    assert any(f.problem == "name" for f in outcome.findings)


def test_the_chair_is_named_only_as_chair_in_procedural_clauses() -> None:
    [sentence] = run("Anna opent de vergadering.").sentences
    assert sentence.clause is Clause.procedural and sentence.text == "De voorzitter opent de vergadering."


def test_facts_without_credit_are_impersonal() -> None:
    policy = Policy("nl", MONDAY, facts_credited=False)
    expected = "Gemeld wordt: bezetting vandaag 35.200, prognose eind maart 38.000."
    assert run(DUTCH[1][1], policy).sentences[0].text == expected
    english = run(ENGLISH[1][1], Policy("en", MONDAY, facts_credited=False)).sentences[0].text
    assert english == "It was reported: occupancy 35,200 today, forecast 38,000 by end of March."


def test_chatham_names_no_organisation_in_discussion_but_keeps_owners() -> None:
    policy = Policy("nl", MONDAY, chatham=True)
    outcome = objectivise([Note(str(n), text, "discussion") for n, text, *_ in DUTCH], ROSTER, policy)
    owners = {s.note_key: s.owner for s in outcome.sentences}
    assert owners["3"] == "BZK" and owners["8"] == "JenV"
    for sentence in outcome.sentences:
        rest = sentence.text.replace(sentence.owner, "") if sentence.owner else sentence.text
        assert not organisations(rest) or sentence.text.startswith("[CONTROLEREN]"), sentence.text
    assert outcome.sentences[1].text.startswith("Gemeld wordt")


def test_an_organisation_with_a_view_is_flagged_when_it_cannot_be_removed() -> None:
    outcome = run("Piet: we should ask IPO to map the regional capacity.", EN)
    assert outcome.sentences[0].text == "[CHECK] It was suggested to ask IPO to map the regional capacity."
    assert {"first_person", "organisation_in_view"} <= {f.problem for f in outcome.findings}


def test_a_figure_lost_by_a_rule_is_marked() -> None:
    outcome = run("VNG en IPO zijn het oneens met de verdeelsleutel, JenV wil 40 procent.")
    assert outcome.sentences[0].text.startswith("[CONTROLEREN] Over de verdeelsleutel")
    assert any(f.problem == "figures" and "40" in f.words for f in outcome.findings)


def test_slack_markup_is_stripped() -> None:
    outcome = run("*Besluit*: _het plan_ wordt ~vandaag~ vastgesteld <!here> <#C123|algemeen> :tada:")
    assert [s.text for s in outcome.sentences] == ["Besloten wordt: het plan wordt vandaag vastgesteld."]


def test_empty_and_whitespace_segments_give_nothing() -> None:
    outcome = objectivise([Note("1", "   \n\t ", "discussion"), Note("2", " ; — ;\n\n- ", "discussion")], ROSTER, NL)
    assert outcome == Outcome((), (), ())


def test_a_three_thousand_character_note_is_handled_whole() -> None:
    unit = ("Milo: bezetting 35.200; ik vind het echt een drama dat <@U01JAN> niet komt. "
            "Actie: <@U05PIET> stuurt vrijdag de notitie. Ellen vraagt wie betaalt?\n")
    text = (unit * 40)[:3000]
    outcome = run(text)  # its speed is the benchmark's (tests/bench/summary.py), never a timed test
    assert len(text) == 3000 and len(outcome.sentences) >= 4 * (3000 // len(unit))
    assert leaks(outcome) == []
    assert all(s.text.endswith((".", "?")) for s in outcome.sentences)


def test_note_order_and_item_numbers_are_kept() -> None:
    notes = [Note("a", "COA meldt 4 locaties.", "information", item_number=2),
             Note("b", "Besluit: het plan wordt vastgesteld.", "decision", item_number=3)]
    outcome = objectivise(notes, ROSTER, NL)
    assert [(s.note_key, s.item_number, s.clause) for s in outcome.sentences] == [
        ("a", 2, Clause.fact), ("b", 3, Clause.decision)]


@pytest.mark.parametrize(("kind", "clause"), [("question", Clause.question), ("decision", Clause.decision),
                                               ("information", Clause.fact), ("discussion", Clause.opinion)])
def test_the_filed_kind_decides_a_clause_without_cues(kind: str, clause: Clause) -> None:
    assert run("de regeling loopt door tot de zomer", kind=kind).sentences[0].clause is clause


def test_english_uses_the_past_tense_and_dutch_the_present() -> None:
    note = "Ellen vraagt wie de beveiliging betaalt."
    assert run(note, EN).sentences[0].text == "Open question: wie de beveiliging betaalt; to be followed up."
    assert run("Karin is boos over de wachttijden.").sentences[0].text == "Er wordt gesproken over de wachttijden."
    assert run("Karin was angry about the waiting time.", EN).sentences[0].text == "The waiting time was discussed."


def _gates() -> dict[str, Gated]:
    """Every gated pattern of the engine."""
    index = NameIndex(ROSTER)
    modules = (lexicon, names, content, classify)
    found = {f"{m.__name__}.{k}": v for m in modules for k, v in vars(m).items() if isinstance(v, Gated)}
    return {**found, "NameIndex.names": index.names, "NameIndex.exact": index.exact}


def test_the_word_gates_fold_case_as_the_regex_engine_does() -> None:
    """A gate skips a case-insensitive regex when the text lacks its key words, compared in `engine_lower`'s lower
    case: every character the engine takes for a letter of those words must lower to that letter."""
    letters = {c for gate in _gates().values() for word in gate.words for c in word} | {c for k in ROLE_KEYS for c in k}
    everything = "".join(chr(c) for c in range(0x110000) if not 0xD800 <= c <= 0xDFFF)
    for match in re.finditer("[" + re.escape("".join(letters)) + "]", everything, re.IGNORECASE):
        character = match.group(0)
        for letter in letters:
            if re.fullmatch(re.escape(letter), character, re.IGNORECASE):
                assert engine_lower(character) == letter, (character, letter)


GATE_TEXTS = [note for _, note, *_ in DUTCH + ENGLISH] + [
    "IK VIND HET ONACCEPTABEL, ECHT TOTAAL CHAOS. MİNİSTER VAN BZK: ‘Niet voor het verslag’",
    "De BZK-minister en de VNGvoorzitter zeggen toe; de ſtaatssecretaris ook?",
    "Vraag: wie betaalt? I'd argue we should — m.i. is het 'veel te duur' (30.000 euro) :tada:",
    "mail jan.devries@vng.nl, bel +31 6 12345678 of 06-12345678; U0123456789 zegt `*niets*`",
    "JOSÉ ÁLVAREZ, JdV en dhr. P. Jansen; Jetta de Groot’s voorstel; \ue0001\ue001 meldt",
]


@pytest.mark.parametrize("name", sorted(_gates()))
def test_a_gated_pattern_finds_what_its_regex_finds(name: str) -> None:
    gate = _gates()[name]
    for text in GATE_TEXTS + [fold(t) for t in GATE_TEXTS]:
        assert [m.span() for m in gate.finditer(text)] == [m.span() for m in gate.regex.finditer(text)], text
        assert gate.sub("_", text) == gate.regex.sub("_", text)
        assert gate.split(text) == gate.regex.split(text)


def test_the_role_gate_lets_every_role_through() -> None:
    index = NameIndex(ROSTER)
    for text in GATE_TEXTS:
        lowered = engine_lower(text)
        assert index.roles.search(text) is None or any(key in lowered for key in ROLE_KEYS), text
