"""`/minutes export`'s files: Markdown, HTML and Word, draft and approved, read back as a reader would."""

from __future__ import annotations

import io
from dataclasses import replace

import docx
import pytest

from bot.minutes.document import SummaryDocument
from bot.minutes.export import ExportFile, export
from tests.test_summary_render import RENDERER, approved, hostile, sample

WORD = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def draft(language: str = "nl") -> SummaryDocument:
    return replace(sample(language), stamp=replace(sample(language).stamp, version=2))


def word(shared: ExportFile) -> docx.document.Document:
    return docx.Document(io.BytesIO(shared.content))


# --- names -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("language", "fmt", "name"), [
    ("nl", "docx", "lrt-vergadering-3-v2-concept.docx"),
    ("en", "md", "lrt-session-3-v2-draft.md"),
    ("nl", "html", "lrt-vergadering-3-v2-concept.html"),
])
def test_a_draft_says_so_in_its_file_name(language: str, fmt: str, name: str) -> None:
    assert export(draft(language), fmt, RENDERER).filename == name


def test_an_approved_summary_is_named_after_table_session_and_version() -> None:
    shared = export(approved(sample("nl")), "docx", RENDERER)
    assert shared.filename == "lrt-vergadering-3-v2.docx"
    assert shared.title == "LRT – vergadering 3, versie 2"
    assert shared.mimetype == WORD
    table = replace(sample("en"), table_name="Landelijke Regietafel Migratie & Integratie (ÉÉN)")
    assert export(approved(table), "md", RENDERER).filename == \
        "landelijke-regietafel-migratie-integratie-een-session-3-v2.md"


def test_an_unknown_format_is_refused() -> None:
    with pytest.raises(ValueError, match="pdf"):
        export(draft(), "pdf", RENDERER)


# --- Markdown and HTML -------------------------------------------------------------------------------------


def test_markdown_export_is_the_rendered_markdown_with_its_stamp() -> None:
    shared = export(draft("nl"), "md", RENDERER)
    text = shared.content.decode("utf-8")
    assert shared.mimetype.startswith("text/markdown")
    assert text == RENDERER.markdown(draft("nl")) + "\n"
    assert text.startswith("> **CONCEPT – niet vastgesteld**")
    document = approved(sample("nl"))
    assert document.stamp.content_hash in export(document, "md", RENDERER).content.decode()


def test_html_export_is_escaped_and_marks_a_draft() -> None:
    html = export(hostile("en"), "html", RENDERER).content.decode("utf-8")
    assert "<!channel>" not in html and "&lt;!channel&gt; &amp; &lt;@U123ABC&gt;" in html
    assert '<p class="watermark">DRAFT – not approved</p>' in html
    approved_html = export(approved(sample("en")), "html", RENDERER).content.decode("utf-8")
    assert "watermark\">" not in approved_html and approved(sample("en")).stamp.content_hash in approved_html


# --- Word --------------------------------------------------------------------------------------------------


def test_word_export_holds_title_items_actions_commitments_and_questions() -> None:
    document = word(export(approved(sample("nl")), "docx", RENDERER))
    titles = [p.text for p in document.paragraphs if p.style.name == "Title"]
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    bullets = [p.text for p in document.paragraphs if p.style.name == "List Bullet"]
    assert titles == ["Geobjectiveerde weergave – LRT"]
    assert headings == ["1. Opening", "2. Huisvesting", "3. Financiering", "Actiepunten", "Toezeggingen",
                        "Openstaande vragen"]
    assert "Deelnemende organisaties: BZK (voorzitter), VNG, COA" in [p.text for p in document.paragraphs]
    assert "Dit punt wordt doorgeschoven naar de volgende vergadering." in [p.text for p in document.paragraphs]
    assert bullets == ["De agenda wordt vastgesteld.", "COA meldt een bezetting van 96 %.",
                       "Afgesproken wordt dat VNG een notitie opstelt.",
                       "Actiepunt 4: VNG stelt een notitie op, termijn: 12 januari 2027.",
                       "BZK zegt toe de cijfers te delen.", "Open vraag: de rol van gemeenten."]
    [table] = document.tables
    assert [[cell.text for cell in row.cells] for row in table.rows] == [
        ["nr", "actie", "trekker (organisatie)", "termijn", "agendapunt"],
        ["4", "stelt een notitie op", "VNG", "12 januari 2027", "2"],
        ["5", "plant een werksessie", "het secretariaat", "nader te bepalen", "2"],
    ]


def test_approved_word_export_carries_version_approver_and_hash_on_every_page_and_no_watermark() -> None:
    summary = approved(sample("en"))
    document = word(export(summary, "docx", RENDERER))
    footer = document.sections[0].footer
    assert len(document.sections) == 1 and not document.sections[0].different_first_page_header_footer  # every page
    assert footer.paragraphs[0].text == ("Version 2 · status: approved · approved by Anna de Vries on "
                                         f"16 December 2026 · SHA-256: {summary.stamp.content_hash}")
    assert "DRAFT" not in document.sections[0].header.paragraphs[0].text
    assert all("DRAFT" not in p.text for p in document.paragraphs)


@pytest.mark.parametrize(("language", "mark"), [("nl", "CONCEPT – niet vastgesteld"), ("en", "DRAFT – not approved")])
def test_draft_word_export_carries_the_watermark_in_every_page_header_and_at_the_top(language: str,
                                                                                    mark: str) -> None:
    document = word(export(draft(language), "docx", RENDERER))
    assert document.sections[0].header.paragraphs[0].text == mark
    assert document.paragraphs[0].text == mark and document.paragraphs[0].runs[0].bold
    assert document.sections[0].footer.paragraphs[0].text.startswith(("Versie 2 · status: concept",
                                                                      "Version 2 · status: draft"))
    assert "SHA-256" not in document.sections[0].footer.paragraphs[0].text


def test_word_export_survives_control_characters_in_notes() -> None:
    summary = replace(sample("nl"), commitments=("BZK zegt\x0b toe\x00.",))
    document = word(export(summary, "docx", RENDERER))
    assert "BZK zegt toe." in [p.text for p in document.paragraphs]
