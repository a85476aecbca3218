"""The objectivised summary as the thread, Markdown and HTML show it, and its split over Slack messages."""

from __future__ import annotations

import hashlib
from dataclasses import replace
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from slack_sdk import WebClient

from bot.minutes.document import SummaryAction, SummaryDocument, SummaryItem, SummaryStamp
from bot.minutes.posts import sections, should_attach, thread_messages
from bot.minutes.rendering import SummaryRenderer
from bot.render import Renderer
from bot.testing.slack_double import FakeSlack

RENDERER = SummaryRenderer(Renderer.default())
AMSTERDAM = ZoneInfo("Europe/Amsterdam")
HOSTILE = "<!channel> & <@U123ABC>"
# Block Kit (slack-facts §5): blocks per message, section text, and our margin under msg_blocks_too_long (~13,200)
BLOCKS_PER_MESSAGE, SECTION_LIMIT, BLOCK_TEXT_PER_MESSAGE = 50, 3_000, 12_000


def sample(language: str = "nl") -> SummaryDocument:
    """A small session: four organisations, three items (one deferred), two actions (one without a due date)."""
    nl = language == "nl"
    notice = SummaryAction(text="stelt een notitie op" if nl else "draft a note", owner="VNG",
                           due=date(2027, 1, 12), item_number=2, number=4)
    planning = SummaryAction(text="plant een werksessie" if nl else "plan a workshop",
                             owner="het secretariaat" if nl else "the secretariat", item_number=2, number=5)
    return SummaryDocument(
        language=language, table_name="LRT", meeting_number=3,
        starts_at=datetime(2026, 12, 15, 10, 0, tzinfo=AMSTERDAM), location="Den Haag",
        present=("VNG", "BZK", "COA"), absent=("IPO",), chair_organisation="BZK",
        items=(
            SummaryItem(title="Opening", number=1,
                        decisions=("De agenda wordt vastgesteld." if nl else "The agenda was adopted.",)),
            SummaryItem(title="Huisvesting" if nl else "Housing", number=2,
                        discussion=("COA meldt een bezetting van 96 %." if nl else "COA reported 96 % occupancy.",),
                        decisions=("Afgesproken wordt dat VNG een notitie opstelt." if nl
                                   else "It was agreed that VNG drafts a note.",),
                        actions=(notice,)),
            SummaryItem(title="Financiering" if nl else "Funding", number=3, deferred=True),
        ),
        actions=(notice, planning),
        commitments=("BZK zegt toe de cijfers te delen." if nl else "BZK undertook to share the figures.",),
        open_questions=("Open vraag: de rol van gemeenten." if nl else "Open question: the role of municipalities.",),
    )


def approved(document: SummaryDocument) -> SummaryDocument:
    digest = hashlib.sha256(RENDERER.body_markdown(document).encode()).hexdigest()
    return replace(document, stamp=SummaryStamp(version=2, status="approved", approved_by="Anna de Vries",
                                                approved_at=datetime(2026, 12, 16, 9, 0, tzinfo=AMSTERDAM),
                                                content_hash=digest))


def in_order(text: str, parts: list[str]) -> list[str]:
    """The parts not found after the previous one (empty: all present, in this order)."""
    missing, position = [], 0
    for part in parts:
        found = text.find(part, position)
        if found < 0:
            missing.append(part)
        else:
            position = found + len(part)
    return missing


SKELETON = {
    "nl": ["Geobjectiveerde weergave – LRT", "Vergadering 3", "dinsdag 15 december 2026", "10:00", "Den Haag",
           "Deelnemende organisaties: BZK (voorzitter), VNG, COA", "Afwezig (met bericht): IPO",
           "1. Opening", "Besluiten en afspraken:", "De agenda wordt vastgesteld.",
           "2. Huisvesting", "Bespreking:", "COA meldt", "Besluiten en afspraken:", "Afgesproken wordt",
           "Actiepunt 4: VNG stelt een notitie op, termijn: 12 januari 2027.",
           "3. Financiering", "Dit punt wordt doorgeschoven naar de volgende vergadering.",
           "Actiepunten", "nr", "actie", "trekker (organisatie)", "termijn", "agendapunt",
           "stelt een notitie op", "12 januari 2027", "plant een werksessie", "nader te bepalen",
           "Toezeggingen", "BZK zegt toe", "Openstaande vragen", "Open vraag: de rol van gemeenten."],
    "en": ["Objectivised summary – LRT", "Session 3", "Tuesday 15 December 2026", "10:00", "Den Haag",
           "Participating organisations: BZK (chair), VNG, COA", "Absent (apologies): IPO",
           "1. Opening", "Decided / agreed:", "The agenda was adopted.",
           "2. Housing", "Discussion:", "COA reported", "Decided / agreed:", "It was agreed",
           "Action 4: VNG to draft a note, due 12 January 2027.",
           "3. Funding", "The item was deferred to the next meeting.",
           "Actions", "no", "action", "owner (organisation)", "due", "item",
           "draft a note", "12 January 2027", "plan a workshop", "TBD",
           "Commitments", "BZK undertook", "Open questions", "Open question: the role of municipalities."],
}


# --- the skeleton -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("form", ["slack", "markdown", "html"])
@pytest.mark.parametrize("language", ["nl", "en"])
def test_summary_follows_the_skeleton_in_order(language: str, form: str) -> None:
    text = getattr(RENDERER, form)(sample(language))
    assert in_order(text, SKELETON[language]) == []


def test_dutch_and_english_drafts_carry_their_watermark_and_stamp() -> None:
    assert RENDERER.slack(sample("nl")).startswith(":warning: *CONCEPT – niet vastgesteld*")
    assert RENDERER.slack(sample("nl")).endswith("_Versie 1 · status: concept_")
    assert RENDERER.markdown(sample("en")).startswith("> **DRAFT – not approved**")
    assert RENDERER.markdown(sample("en")).endswith("_Version 1 · status: draft_")


def test_approved_summary_shows_approver_date_and_hash_and_no_watermark() -> None:
    document = approved(sample("nl"))
    for text in (RENDERER.slack(document), RENDERER.markdown(document), RENDERER.html(document)):
        assert "CONCEPT" not in text
        assert (f"Versie 2 · status: vastgesteld · vastgesteld door Anna de Vries op 16 december 2026 · "
                f"SHA-256: {document.stamp.content_hash}") in text


def test_empty_sections_are_left_out() -> None:
    bare = SummaryDocument(language="nl", table_name="LRT", meeting_number=4,
                           starts_at=datetime(2027, 1, 12, 14, 30, tzinfo=AMSTERDAM), location="",
                           present=("BZK",), items=(SummaryItem(title="Rondvraag", number=1),))
    for text in (RENDERER.slack(bare), RENDERER.markdown(bare), RENDERER.html(bare)):
        assert "1. Rondvraag" in text
        for absent in ("Plaats", "Afwezig", "Bespreking", "Besluiten", "Actiepunt", "Toezeggingen",
                       "Openstaande vragen", "doorgeschoven"):
            assert absent not in text
    assert "\n\n\n" not in RENDERER.slack(bare)


@pytest.mark.parametrize(("language", "unknown"), [("nl", "nader te bepalen"), ("en", "TBD")])
def test_an_action_without_due_date_says_so_and_a_due_moment_in_words_is_kept(language: str, unknown: str) -> None:
    later = SummaryAction(text="X", owner="IPO", due_text="vóór de volgende LRT", item_number=1, number=6)
    document = replace(sample(language), actions=(*sample(language).actions, later))
    markdown = RENDERER.markdown(document)
    planning = sample(language).actions[1]
    assert f"| 5 | {planning.text} | {planning.owner} | {unknown} | 2 |" in markdown
    assert "| 6 | X | IPO | vóór de volgende LRT | 1 |" in markdown


def test_chair_is_listed_first_even_when_roll_call_order_differs() -> None:
    text = RENDERER.slack(replace(sample("nl"), present=("COA", "VNG", "BZK")))
    assert "Deelnemende organisaties: BZK (voorzitter), COA, VNG" in text


# --- escaping -----------------------------------------------------------------------------------------------


def hostile(language: str) -> SummaryDocument:
    action = SummaryAction(text=HOSTILE, owner=HOSTILE, due_text=HOSTILE, item_number=1, number=1)
    return replace(sample(language), table_name=HOSTILE, location=HOSTILE, present=(HOSTILE,), absent=(HOSTILE,),
                   chair_organisation=HOSTILE,
                   items=(SummaryItem(title=HOSTILE, number=1, discussion=(HOSTILE,), decisions=(HOSTILE,),
                                      actions=(action,)),),
                   actions=(action,), commitments=(HOSTILE,), open_questions=(HOSTILE,))


@pytest.mark.parametrize("language", ["nl", "en"])
def test_no_value_can_ping_the_channel_or_forge_a_mention_in_slack(language: str) -> None:
    text = RENDERER.slack(hostile(language))
    assert "<" not in text and ">" not in text  # the templates write no links or mentions of their own
    assert text.count("&lt;!channel&gt; &amp; &lt;@U123ABC&gt;") >= 12
    assert text.replace("&amp;", "").replace("&lt;", "").replace("&gt;", "").count("&") == 0


@pytest.mark.parametrize("language", ["nl", "en"])
def test_html_escapes_every_value(language: str) -> None:
    document = replace(hostile(language), commitments=("<script>alert(1)</script>",))
    html = RENDERER.html(document)
    assert html.startswith("<!DOCTYPE html>") and html.rstrip().endswith("</html>")
    assert "<!channel>" not in html and "<@U123ABC>" not in html and "<script>" not in html
    assert "&lt;!channel&gt; &amp; &lt;@U123ABC&gt;" in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_markdown_keeps_the_text_as_written() -> None:
    assert f"- {HOSTILE}" in RENDERER.markdown(hostile("nl"))


# --- the hashed body ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("language", ["nl", "en"])
def test_body_markdown_is_stable_and_depends_on_the_content_only(language: str) -> None:
    draft = sample(language)
    body = RENDERER.body_markdown(draft)
    assert body == RENDERER.body_markdown(SummaryDocument.from_json(draft.to_json()))
    assert body == RENDERER.body_markdown(approved(draft))
    assert body in RENDERER.markdown(draft) and body in RENDERER.markdown(approved(draft))
    for stamp_word in ("CONCEPT", "DRAFT", "Versie", "Version", "SHA-256", "status"):
        assert stamp_word not in body
    assert body != RENDERER.body_markdown(replace(draft, commitments=()))
    assert hashlib.sha256(body.encode()).hexdigest() == approved(draft).stamp.content_hash


# --- split over thread messages -----------------------------------------------------------------------------


def large(language: str = "nl", items: int = 60) -> SummaryDocument:
    note = ("Er wordt opgemerkt dat de doorstroming vanuit de opvang achterblijft bij de prognose & dat "
            "gemeenten meer tijd vragen. ") * 6
    return replace(sample(language), items=tuple(
        SummaryItem(title=f"Onderwerp {number}", number=number,
                    discussion=tuple(f"{note[:590]} {number}.{line}" for line in range(1, 6)))
        for number in range(1, items + 1)))


def assert_within_limits(messages: list) -> None:
    for message in messages:
        assert 0 < len(message.blocks) <= BLOCKS_PER_MESSAGE
        texts = [block["text"]["text"] for block in message.blocks]
        assert all(block["type"] == "section" and block["text"]["type"] == "mrkdwn" for block in message.blocks)
        assert all(0 < len(text) <= SECTION_LIMIT for text in texts)
        assert sum(map(len, texts)) <= BLOCK_TEXT_PER_MESSAGE


def assert_nothing_lost(text: str, pieces: list[str]) -> None:
    """Each piece follows the previous one in the text, with nothing but line breaks between them."""
    position = 0
    for piece in pieces:
        found = text.find(piece, position)
        assert found >= 0 and set(text[position:found]) <= {"\n"}, f"lost {text[position:found]!r}"
        position = found + len(piece)
    assert set(text[position:]) <= {"\n"}


def test_a_sixty_item_summary_splits_into_messages_within_every_limit_nothing_lost() -> None:
    text = RENDERER.slack(large())
    assert len(text) > 180_000
    messages = thread_messages(text, label=RENDERER.part_label("nl"))
    total = len(messages)
    assert total > 10
    assert_within_limits(messages)
    assert [message.text for message in messages][:2] == [f"Samenvatting, deel 1 van {total}",
                                                          f"Samenvatting, deel 2 van {total}"]
    pieces = [block["text"]["text"] for message in messages for block in message.blocks]
    assert_nothing_lost(text, pieces)
    assert "".join(pieces).replace("\n", "") == text.replace("\n", "")
    assert should_attach(text)


def test_every_thread_message_is_one_slack_accepts() -> None:
    slack = FakeSlack().start()
    try:
        client = WebClient(token="xoxb-test", base_url=slack.api_url)
        text = RENDERER.slack(large("en", items=25))
        for message in thread_messages(text, label=RENDERER.part_label("en")):
            client.chat_postMessage(channel="C0TABLE", thread_ts="1700000001.000100", text=message.text,
                                    blocks=message.blocks)
        assert slack.rejected == []
        assert 1 < len(slack.sent("chat.postMessage")) <= 10
        assert not should_attach(text)
    finally:
        slack.stop()


def test_a_single_long_line_is_cut_between_words_without_loss() -> None:
    line = " ".join(f"woord{number:05d}" for number in range(640))  # 11 characters a word: 3,000 falls mid-word
    assert len(line) >= 7_000 and "\n" not in line
    pieces = sections(line)
    assert len(pieces) == 3
    assert all(len(piece) <= SECTION_LIMIT for piece in pieces)
    assert all(piece.endswith(" ") for piece in pieces[:-1])
    assert "".join(pieces) == line
    assert_within_limits(thread_messages(line, label=lambda n, total: f"{n}/{total}"))


def test_a_long_line_without_spaces_is_cut_at_the_limit() -> None:
    line = "x" * 7_001
    assert [len(piece) for piece in sections(line)] == [3_000, 3_000, 1_001]


def test_lines_stay_whole_and_in_order_when_they_fit() -> None:
    text = "\n".join(f"regel {number} " + "y" * 1_390 for number in range(10))
    pieces = sections(text)
    assert [piece.count("regel") for piece in pieces] == [2, 2, 2, 2, 2]
    assert "\n".join(pieces) == text


def test_a_short_summary_is_one_message_and_a_huge_one_is_attached() -> None:
    short = RENDERER.slack(sample("nl"))
    assert [len(message.blocks) for message in thread_messages(short, label=RENDERER.part_label("nl"))] == [1]
    assert not should_attach(short)
    assert should_attach("\n".join(["z" * 2_999] * 41))  # 41 full sections: 11 messages of 4
    assert not should_attach("\n".join(["z" * 2_999] * 40))
