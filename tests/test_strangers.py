"""People who are not on the roster: found by bot/objectivity/strangers.py (deduce and our rules), removed from every
sentence and listed in the secretary's review; words that only look like names are kept."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from bot.objectivity.engine import objectivise
from bot.objectivity.values import Note, Outcome, Person, Policy, Roster

ROSTER = Roster((Person("U01JAN", "Jan de Vries", "VNG", "member"), Person("U06ANNA", "Anna Dekker", "BZK", "chair"),
                 Person("U07SANNE", "Sanne Mulder", "BZK", "secretary")), ("BZK", "VNG", "IND", "COA", "SZW", "IPO"))
NL = Policy("nl", date(2025, 3, 10), table_label="de LRT")
EN = Policy("en", date(2025, 3, 10), table_label="the table")

# (note, the stranger's name words that must leave every sentence)
DUTCH = (
    ("Volgens wethouder Bakker is het budget voor 2025 te krap.", ("Bakker",)),
    ("De opvang in Utrecht loopt vol, zegt mevrouw El Idrissi.", ("Idrissi",)),
    ("Ahmed Yilmaz van de IND meldt dat de doorlooptijd 12 weken is.", ("Ahmed", "Yilmaz")),
    ("De planning haalt het niet, aldus Fatima.", ("Fatima",)),
    ("Burgemeester Halsema vraagt om meer plekken.", ("Halsema",)),
    ("Staatssecretaris Van der Burg komt op 12 mei langs.", ("Burg",)),
    ("Volgens dhr. Pietersen van COA zijn er 300 bedden nodig.", ("Pietersen",)),
    ("Mevr. Jansen-Bos heeft de cijfers over het eerste kwartaal toegelicht.", ("Jansen-Bos",)),
    ("De minister Keijzer stuurt voor de zomer een brief.", ("Keijzer",)),
    ("Wethouder De Jong van Zwolle vindt de regeling te streng.", ("Jong",)),
    ("Prof. Hoekstra presenteert het onderzoek naar wachttijden.", ("Hoekstra",)),
    ("Het rapport komt in juni, zegt meneer Visscher.", ("Visscher",)),
    ("Gedeputeerde Smeets licht de provinciale plannen toe.", ("Smeets",)),
    ("Volgens Mohammed Amrani gaat het om 40 gezinnen.", ("Mohammed", "Amrani")),
    ("De heer Van Dam meldt dat de pilot in Den Haag start.", ("Dam",)),
    ("Dr. Kuipers waarschuwt voor te weinig personeel.", ("Kuipers",)),
    ("De regeling is volgens burgemeester Van Zanen uitvoerbaar.", ("Zanen",)),
    ("De kosten stijgen met 8 procent, aldus Willem.", ("Willem",)),
    ("Ir. De Boer van Rijkswaterstaat toont de kaart.", ("Boer",)),
    ("Mevrouw Okafor vraagt of het Rijk de kosten draagt.", ("Okafor",)),
)
ENGLISH = (
    ("State Secretary Van der Burg said the budget is tight.", ("Burg",)),
    ("According to Ms Okafor the waiting list is 400 people.", ("Okafor",)),
    ("The intake centre is full, says Mrs Thompson.", ("Thompson",)),
    ("Mayor Johnson asked for 50 extra places.", ("Johnson",)),
    ("Dr Patel presented the figures for the first quarter.", ("Patel",)),
    ("Alderman De Vos thinks the scheme is too strict.", ("Vos",)),
    ("The pilot starts in March, according to Mr Williams.", ("Williams",)),
    ("Councillor Brown raised the housing shortage.", ("Brown",)),
    ("Minister Keijzer will send a letter before the summer.", ("Keijzer",)),
    ("Per Sarah the planning will slip by two weeks.", ("Sarah",)),
    ("Ahmed Yilmaz of the IND reported a lead time of 12 weeks.", ("Ahmed", "Yilmaz")),
    ("Prof. Hoekstra showed the research on waiting times.", ("Hoekstra",)),
    ("The costs rise by 8 percent, said Thomas.", ("Thomas",)),
    ("Mr El Idrissi asked whether the State pays.", ("Idrissi",)),
    ("Commissioner Smeets explained the provincial plans.", ("Smeets",)),
    ("According to Mohammed Amrani it concerns 40 families.", ("Mohammed", "Amrani")),
    ("Mrs Van Dam reported that the pilot in The Hague starts on 1 June.", ("Dam",)),
    ("Ms Nguyen warned about a lack of staff.", ("Nguyen",)),
    ("The scheme is workable, says Mayor Van Zanen.", ("Zanen",)),
    ("Director Jenkins of COA confirmed 300 beds.", ("Jenkins",)),
)
# words that look like names and are none: they stay
KEPT = (
    (NL, "In juni en in mei komt het Rijk met een besluit over Den Haag en Utrecht.", ("juni", "mei", "Rijk",
                                                                                      "Den Haag", "Utrecht")),
    (NL, "BZK en VNG melden dat de IND in maart 200 dossiers afrondt.", ("BZK", "VNG", "IND", "maart", "200")),
    (NL, "Morgen bespreekt de tafel het voorstel over de opvang.", ("Morgen", "voorstel")),
    (EN, "In June and May the State decides on The Hague and Utrecht.", ("June", "May", "Hague", "Utrecht")),
    (EN, "BZK and VNG report that the IND will finish 200 files in March.", ("BZK", "VNG", "IND", "March")),
    (EN, "Tomorrow the table discusses the proposal on Social Affairs.", ("Tomorrow", "Social Affairs")),
)


def _draft(text: str, policy: Policy) -> Outcome:
    return objectivise([Note("n", text, "discussion")], ROSTER, policy)


def _listed(outcome: Outcome) -> str:
    return " ".join(" ".join(f.words) for f in outcome.findings if f.problem == "stranger")


@pytest.mark.parametrize(("text", "words"), DUTCH + ENGLISH, ids=[t[:40] for t, _ in DUTCH + ENGLISH])
def test_a_stranger_leaves_every_sentence_and_is_listed(text: str, words: tuple[str, ...]) -> None:
    outcome = _draft(text, NL if (text, words) in DUTCH else EN)
    output = " ".join(s.text for s in outcome.sentences)
    assert outcome.sentences, text
    for word in words:
        assert word not in output, (text, output)
        assert word in _listed(outcome), (text, outcome.findings)


def test_an_organisation_after_the_name_stays_where_the_guide_allows_it() -> None:
    outcome = objectivise([Note("n", "Ahmed Yilmaz van de IND meldt dat de doorlooptijd 12 weken is.",
                                "information")], ROSTER, NL)
    output = " ".join(s.text for s in outcome.sentences)
    assert "Yilmaz" not in output and "IND" in output and "12 weken" in output


def test_a_stranger_goes_from_a_decision_too_and_never_becomes_an_organisation() -> None:
    outcome = objectivise([Note("n", "Besluit: volgens wethouder Bakker van VNG gaat de pilot door.", "decision")],
                          ROSTER, NL)
    output = " ".join(s.text for s in outcome.sentences)
    assert "Bakker" not in output and "wethouder" not in output and "pilot" in output
    assert "wethouder Bakker" in _listed(outcome)


@pytest.mark.parametrize(("policy", "text", "kept"), KEPT, ids=[t[:40] for _, t, _ in KEPT])
def test_words_that_only_look_like_names_are_kept(policy: Policy, text: str, kept: tuple[str, ...]) -> None:
    outcome = _draft(text, policy)
    output = " ".join(s.text for s in outcome.sentences)
    for word in kept:
        assert word in output, (text, output)
    assert not _listed(outcome), outcome.findings


def test_a_detector_that_cannot_load_leaves_the_rules_and_says_so(tmp_path: Path) -> None:
    """A real failure: the cache directory is a file, so deduce cannot be built; the rules still find the titled
    name and the review says the detector was not used."""
    blocker = tmp_path / "not-a-directory"
    blocker.write_text("")
    script = (
        "from datetime import date\n"
        "from bot.objectivity.engine import objectivise\n"
        "from bot.objectivity.values import Note, Policy, Roster\n"
        "out = objectivise([Note('n', 'Volgens wethouder Bakker is het budget te krap, aldus Fatima.', 'discussion')],"
        " Roster((), ('BZK',)), Policy('nl', date(2025, 3, 10)))\n"
        "print('|'.join(s.text for s in out.sentences))\n"
        "print('|'.join(f.problem + ':' + f.suggestion for f in out.findings))\n")
    env = {**os.environ, "REGIEBOT_NAME_CACHE": str(blocker / "cache")}
    result = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=300,
                            check=True)
    sentences, findings = result.stdout.splitlines()
    assert "Bakker" not in sentences and "budget" in sentences
    assert "detector_unused:De namenherkenning kon niet worden gebruikt" in findings
    assert "stranger:" in findings


def test_an_idle_serve_app_never_loads_the_detector() -> None:
    script = ("import sys\nfrom bot.app import build\n"
              "from bot.config import Settings\n"
              "build(Settings(slack_bot_token='xoxb-test', slack_signing_secret='s', database_url='sqlite://'),"
              " verify_token=False)\n"
              "print('deduce' in sys.modules, 'docdeid' in sys.modules)\n")
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120, check=True)
    assert result.stdout.split() == ["False", "False"]
