"""The summary corpus (tests/corpus/), the scorer that reads it (tests/bench/summary_score.py), and issue 12's
targets on the real engine: 0 names unmarked, every figure kept, 0 broken sentences unmarked, nothing invented,
no opinion next to an organisation, no labelled action point lost."""

from __future__ import annotations

import tomllib
from datetime import date
from functools import cache

import pytest

from bot.objectivity.values import Clause, Person, Roster, Sentence
from tests.bench import summary_score as sc

KINDS = {"discussion", "decision", "information", "question"}
NOTE_KEYS = {"text", "kind", "item", "strangers", "decisions", "commitments", "actions", "opinion", "off_record"}


@cache
def scored(language: str) -> sc.Score:
    return sc.score(language)


@pytest.mark.parametrize("language", sc.LANGUAGES)
def test_the_corpus_parses_with_80_notes_and_well_formed_annotations(language: str) -> None:
    raw = tomllib.loads((sc.CORPUS / f"{language}.toml").read_text(encoding="utf-8"))
    assert raw["language"] == language and isinstance(raw["meeting_date"], date)
    organisations = {p["organisation"] for p in raw["people"]}
    assert organisations <= set(sc.ORGANISATIONS)
    assert {p["role"] for p in raw["people"]} >= {"chair", "secretary", "member"}
    assert all(len(p["name"].split()) >= 2 and p["user_id"].startswith("U") for p in raw["people"])
    items = {number for number, _ in raw["agenda"]}
    assert len(raw["notes"]) >= 80
    for note in raw["notes"]:
        assert set(note) <= NOTE_KEYS and note["text"].strip() and note["kind"] in KINDS, note
        assert note.get("item", 1) in items
        assert all(isinstance(s, str) and s in note["text"] for s in note.get("strangers", [])), note
        assert all(isinstance(note.get(k, 0), int) and note.get(k, 0) >= 0 for k in ("decisions", "commitments"))
        assert all(isinstance(note.get(k, False), bool) for k in ("opinion", "off_record"))
        for action in note.get("actions", []):
            assert set(action) <= {"owner", "due"}
            assert action["owner"] in organisations | {"secretariaat", "secretariat"}
            assert "due" not in action or date.fromisoformat(action["due"]) >= raw["meeting_date"]
    corpus = sc.load(language)
    assert sum(len(n.strangers) for n in corpus.notes) >= 8 and sum(n.labelled for n in corpus.notes) >= 6
    assert any(n.off_record for n in corpus.notes) and any(n.opinion for n in corpus.notes)


@pytest.mark.parametrize("sentence", [
    "Het is een probleem in Ter Apel, zegt.", "It was a problem in Ter Apel, Pieter argued.",
    "Er wordt opgemerkt dat de aantallen \"te laag zijn.", "According to VNG the target is not achievable'.",
    "It was agreed that it was agreed that COA shares the figures.",
    "Besloten wordt: De tafel besluit het punt door te schuiven.", "Action: VNG to sends the figures by 1 April.",
    "Open vraag: zie https://www.coa.nl/cijfers?x=1.", "Gemeld wordt dat de bezetting 2.150 is (ca.",
    "Er wordt gesproken over de de verdeelsleutel.", "het COA meldt dat de bezetting stijgt.",
    "It was noted that the figures were sent to the.", "Gemeld wordt: 300 boven de norm), zegt @coa.",
    "It was decided that The SZW budget was adopted.",
])
def test_the_detector_flags_broken_sentences(sentence: str) -> None:
    language = "en" if sentence.startswith(("It", "According", "Action")) else "nl"
    assert sc.broken(sentence, language)


@pytest.mark.parametrize(("sentence", "language"), [
    ("Het COA meldt dat de bezetting 35.200 bedraagt; de prognose voor eind maart is 38.000.", "nl"),
    ("Er wordt opgemerkt dat de communicatie met gemeenten eerder moet beginnen.", "nl"),
    ("Actiepunt 1: JenV stelt een notitie op over de kosten, uiterlijk 15 maart 2027.", "nl"),
    ("Open vraag: de financiering van de beveiliging van nieuwe opvanglocaties. Hierop wordt teruggekomen.", "nl"),
    ("Action 2: the secretariat to circulate the slides by Friday 12 March 2027.", "en"),
    ("COA reported an occupancy of 35,200 (about 300 above the norm).", "en"),
    ("It was agreed that COA shares the occupancy figures every month.", "en"),
    ("Charlotte's colleagues' figures were checked.", "en"),
])
def test_the_detector_passes_whole_sentences(sentence: str, language: str) -> None:
    assert sc.broken(sentence, language) == []


def _note(key: str, text: str, *, strangers: tuple[str, ...] = (), actions: tuple[sc.Action, ...] = (),
          opinion: bool = False, off_record: bool = False) -> sc.CorpusNote:
    return sc.CorpusNote(key=key, text=text, kind="discussion", item=1, strangers=strangers, decisions=0,
                         commitments=0, actions=actions, opinion=opinion, off_record=off_record)


def test_the_scorer_counts_hand_made_outputs() -> None:
    roster = Roster((Person("U1", "Pieter van den Berg", "JenV", "member"),
                     Person("U2", "Anouk Jansen", "VNG", "member")), sc.ORGANISATIONS)
    notes = [
        _note("1", "Volgens wethouder Bakker is de bezetting 35.200, zegt Anouk.", strangers=("Bakker",)),
        _note("2", "Actie @jenv: notitie, uiterlijk 15 maart 2027.",
              actions=(sc.Action("JenV", date(2027, 3, 15)),)),
        _note("3", "Actiepunt VNG: uitvraag bij gemeenten, uiterlijk 1 april.",
              actions=(sc.Action("VNG", date(2027, 4, 1)),)),
        _note("4", "Een minimum is volgens BZK 1.500 plekken.", opinion=True),
        _note("5", "De begroting is in november vastgesteld."),
        _note("6", "Niet voor het verslag: 12 locaties sluiten.", off_record=True),
    ]
    sentences = [
        Sentence("1", 1, Clause.fact, "Gemeld wordt dat de bezetting 35,200 is volgens Bakker en Van den Berg, aldus."),
        Sentence("1", 1, Clause.fact, "[CONTROLEREN] Anouks punt wordt genoteerd."),
        Sentence("2", 1, Clause.action, "Actiepunt: JenV stelt een notitie op, uiterlijk 15 maart 2027.",
                 owner="JenV", due=date(2027, 3, 15)),
        Sentence("3", 1, Clause.action, "Actiepunt: VNG doet een uitvraag, uiterlijk 2 april.", owner="VNG",
                 due=date(2027, 4, 2)),
        Sentence("4", 1, Clause.fact, "Een minimum is volgens BZK 1.500 plekken."),
        Sentence("5", 1, Clause.decision, "Besloten wordt: De tafel besluit de begroting."),
    ]
    score = sc.score_outcome("nl", notes, roster, sentences, findings=3)
    assert (score.notes, score.sentences) == (6, 6)
    assert score.names_unmarked == 2 and score.names_all == 3  # Bakker, Van den Berg; Anouks marked
    assert (score.figures_kept, score.figures_wanted) == (4, 5)  # 2 April is not the 1 April; off the record out
    assert score.broken_unmarked == 2  # the dangling ", aldus." and the doubled decision formula
    assert (score.invented_decisions, score.invented_commitments, score.invented_actions) == (1, 0, 0)
    assert score.opinions_with_organisation == 1
    assert (score.labelled_lost, score.labelled_wanted, score.actions_lost) == (1, 2, 1)


def test_name_forms_cover_tussenvoegsels_and_possessives() -> None:
    forms = sc.name_forms(Person("U1", "Pieter van den Berg", "JenV", "member"))
    assert {"Pieter", "Pieters", "Pieter's", "van den Berg", "Van den Berg", "Berg", "Pieter van den Berg"} <= forms
    assert sc.names_in("Er wordt opgemerkt dat Van den Berg's idee werkt.", forms)
    assert not sc.names_in("De Bergen zijn hoog.", forms)


# ---- issue 12's targets on today's engine: each its own test, so a run shows which still fail. A target not yet
# reached in one language is a strict xfail naming the note that misses it: it fails the run once it is reached.

@pytest.mark.parametrize("language", [
    pytest.param("nl", marks=pytest.mark.xfail(strict=True, reason=(
        "not yet: "
        "a lone first name not on deduce's Dutch list ('Ahmed, een statushouder uit Zwolle') is not"
        ' found'))), "en"])
def test_target_no_name_left_without_a_marker(language: str) -> None:
    score = scored(language)
    assert score.names_unmarked == 0, score.examples.get("names")


@pytest.mark.parametrize("language", sc.LANGUAGES)
def test_target_every_figure_kept(language: str) -> None:
    score = scored(language)
    assert score.figures_kept == score.figures_wanted, score.examples.get("figures")


@pytest.mark.parametrize("language", sc.LANGUAGES)
def test_target_no_broken_sentence_output_unmarked(language: str) -> None:
    score = scored(language)
    assert score.broken_unmarked == 0, score.examples.get("broken")


@pytest.mark.parametrize("language", [
    pytest.param("nl", marks=pytest.mark.xfail(strict=True, reason=(
        "not yet: "
        "a promise reported of someone outside the table ('Staatssecretaris Van der Burg heeft toeg"
        "ezegd …') is drafted as a commitment"))), "en"])
def test_target_no_decision_commitment_or_action_the_notes_did_not_hold(language: str) -> None:
    score = scored(language)
    invented = (score.invented_decisions, score.invented_commitments, score.invented_actions)
    assert invented == (0, 0, 0), {k: v for k, v in score.examples.items() if k.startswith("invented")}


@pytest.mark.parametrize("language", [
    pytest.param("nl", marks=pytest.mark.xfail(strict=True, reason=(
        "not yet: "
        "'Pieter: het CPB rekent met 3,5%; dat vindt JenV te optimistisch' gives the fact 'JenV mel"
        "dt: …' of a note annotated as a view"))), "en"])
def test_target_no_opinion_next_to_an_organisation(language: str) -> None:
    score = scored(language)
    assert score.opinions_with_organisation == 0, score.examples.get("opinion_organisation")


@pytest.mark.parametrize("language", sc.LANGUAGES)
def test_target_no_labelled_action_point_lost(language: str) -> None:
    score = scored(language)
    assert score.labelled_lost == 0, score.examples.get("actions_lost")
