"""A summary as a file to share: Markdown, HTML or Word, named after the table, session and version.

Every word comes from `templates/<language>/summary/_labels.j2` through the SummaryRenderer; Word is built
here with python-docx because a .docx has no template of ours to fill.
"""

from __future__ import annotations

import io
import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from docx import Document
from docx.document import Document as WordDocument
from docx.shared import Pt, RGBColor
from docx.text.paragraph import Paragraph

from bot.minutes.document import SummaryDocument
from bot.minutes.rendering import SummaryRenderer, view

FORMATS = {
    "md": "text/markdown; charset=utf-8",
    "html": "text/html; charset=utf-8",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}
WATERMARK_RED = RGBColor(0xB0, 0x00, 0x20)
NOT_IN_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")  # python-docx refuses these


@dataclass(frozen=True)
class ExportFile:
    filename: str
    content: bytes
    mimetype: str
    title: str


def export(document: SummaryDocument, fmt: str, renderer: SummaryRenderer) -> ExportFile:
    """The summary in `fmt` (md, html or docx); a summary that is not approved says so in its name and pages."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r}; expected one of {', '.join(FORMATS)}")
    if fmt == "md":
        content = (renderer.markdown(document) + "\n").encode("utf-8")
    elif fmt == "html":
        content = renderer.html(document).encode("utf-8")
    else:
        content = _word(document, renderer)
    title = renderer.label(document.language, "file_title", document.table_name, document.meeting_number,
                           document.stamp.version)
    return ExportFile(filename=filename(document, fmt, renderer), content=content, mimetype=FORMATS[fmt],
                      title=title)


def filename(document: SummaryDocument, fmt: str, renderer: SummaryRenderer) -> str:
    """`lrt-vergadering-3-v2.docx`; `…-v2-concept.docx` while the summary is not approved."""
    words = [_slug(document.table_name), renderer.label(document.language, "file_session"),
             str(document.meeting_number), f"v{document.stamp.version}"]
    if document.stamp.status != "approved":
        words.append(renderer.label(document.language, "file_draft"))
    return "-".join(word for word in words if word) + "." + fmt


def _slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def _word(document: SummaryDocument, renderer: SummaryRenderer) -> bytes:
    values = view(document)

    def label(key: str, *args: Any) -> str:
        return _xml_safe(renderer.label(document.language, key, *args))

    word = Document()
    _word_header(word, document, values, label)
    for item in values["items"]:
        word.add_heading(label("item_heading", item), level=1)
        if item["deferred"]:
            word.add_paragraph(label("deferred"))
        _bullets(word, label("discussion"), item["discussion"])
        _bullets(word, label("decisions"), item["decisions"])
        _bullets(word, "", [label("action_line", action) for action in item["actions"]])
    if values["actions"]:
        word.add_heading(label("actions"), level=1)
        _actions_table(word, values["actions"], label)
    for key, lines in (("commitments", document.commitments), ("open_questions", document.open_questions)):
        if lines:
            word.add_heading(label(key), level=1)
            _bullets(word, "", lines)
    buffer = io.BytesIO()
    word.save(buffer)
    return buffer.getvalue()


def _word_header(word: WordDocument, document: SummaryDocument, values: dict[str, Any],
                 label: Callable[..., str]) -> None:
    """The stamp in the footer, the draft's watermark, and the session's title, date, place and attendance."""
    stamp = values["stamp"]
    section = word.sections[0]
    section.footer.paragraphs[0].text = label("stamp_line", stamp)
    if stamp["draft"]:
        _watermark(section.header.paragraphs[0], label("watermark"))
        _watermark(word.add_paragraph(), label("watermark"))
    word.add_heading(label("title", document.table_name), level=0)
    word.add_paragraph(label("session", document.meeting_number))
    word.add_paragraph(label("date_line", document.starts_at))
    word.add_paragraph(label("time_line", document.starts_at))
    if document.location:
        word.add_paragraph(label("place_line", document.location))
    if values["present"]:
        word.add_paragraph(label("present_line", values["present"]))
    if document.absent:
        word.add_paragraph(label("absent_line", list(document.absent)))


def _watermark(paragraph: Paragraph, text: str) -> None:
    run = paragraph.add_run(text)
    run.bold = True
    run.font.size = Pt(16)
    run.font.color.rgb = WATERMARK_RED


def _bullets(word: WordDocument, heading: str, lines: Iterable[str]) -> None:
    lines = list(lines)
    if not lines:
        return
    if heading:
        word.add_paragraph().add_run(heading).bold = True
    for line in lines:
        word.add_paragraph(_xml_safe(line), style="List Bullet")


def _actions_table(word: WordDocument, actions: list[dict[str, Any]], label: Callable[..., str]) -> None:
    columns = ("column_number", "column_action", "column_owner", "column_due", "column_item")
    table = word.add_table(rows=1, cols=len(columns))
    table.style = "Table Grid"
    for cell, column in zip(table.rows[0].cells, columns, strict=True):
        cell.text = label(column)
        cell.paragraphs[0].runs[0].bold = True
    for action in actions:
        cells = table.add_row().cells
        values = (_or_dash(action["number"]), action["text"], action["owner"], label("due", action),
                  _or_dash(action["item_number"]))
        for cell, value in zip(cells, values, strict=True):
            cell.text = _xml_safe(value)


def _xml_safe(text: str) -> str:
    return NOT_IN_XML.sub("", text)


def _or_dash(value: int | None) -> str:
    return "–" if value is None else str(value)
