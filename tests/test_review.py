"""Approval only of what was checked: the review's findings numbered and stored, confirmed by the secretary
(`/minutes checked`, `/minutes review`), the chair refused while one is open, and an approved version without a
marker and with its action numbers."""

from __future__ import annotations

import io

import docx
import pytest
from sqlalchemy import text as sql

from bot.testing.slack_double import FakeSlack
from tests.harness import CHAIR, MEMBER, MEMBER_IPO, SECRETARY, Harness
from tests.test_home import home_text, open_home
from tests.test_minutes import (
    buttons,
    ephemerals,
    held,  # noqa: F401  (the fixture)
    note,
    parent,
    press,
    reply,
    summary_rows,
)


def findings(bot: Harness) -> list[tuple[int, str, str]]:
    with bot.regiebot.database.session() as db:
        return [tuple(row) for row in db.execute(sql(
            "SELECT number, problem, checked_by FROM review_finding ORDER BY summary_id, number"))]


def drafted(bot: Harness) -> str:
    note(bot, f"#1 <@{MEMBER}> reported that occupancy is 35,200 today.")
    note(bot, "Frankly the provincial figures are a mess, I think.")
    note(bot, "I think the plan is terrible and shameful.")
    note(bot, f"#2 Action: <@{MEMBER_IPO}> to send the provincial overview by 2026-12-22.")
    return bot.command("/minutes", "draft", user=SECRETARY).text


def test_draft_numbers_and_stores_every_finding(held: Harness) -> None:  # noqa: F811
    review = drafted(held)
    stored = findings(held)
    assert len(stored) >= 2 and [n for n, _, _ in stored] == list(range(1, len(stored) + 1))
    assert "[1] Note" in review and "[2] Note" in review
    assert all(by == "" for _, _, by in stored)


def test_chair_is_refused_while_findings_are_open_and_parent_shows_the_count(held: Harness,  # noqa: F811
                                                                             slack: FakeSlack) -> None:
    drafted(held)
    count = len(findings(held))
    ts, shown = parent(slack)
    assert f"still has {count} points to check" in shown["text"]
    press(held, "minutes_approve", buttons(shown)[0]["value"], user=CHAIR, ts=ts)
    assert reply(held, "akkoord", user=CHAIR, thread_ts=ts, event_id="EvRev1") == 200
    refusals = [t for t in ephemerals(slack, CHAIR) if f"still has {count} points to check" in t]
    assert len(refusals) == 2
    assert [row[1] for row in summary_rows(held)] == ["draft"]


def test_checked_confirms_numbers_refuses_unknown_and_updates_the_parent(held: Harness,  # noqa: F811
                                                                         slack: FakeSlack) -> None:
    drafted(held)
    count = len(findings(held))
    answer = held.command("/minutes", "checked 1 2", user=SECRETARY).text
    assert "Checked in version 1: [1], [2]" in answer
    assert [by for _, _, by in findings(held)][:2] == [SECRETARY, SECRETARY]
    if count > 2:
        assert f"still has {count - 2} point" in parent(slack)[1]["text"]
    refused = held.command("/minutes", "checked 99", user=SECRETARY).text
    assert "There is no open point [99]" in refused
    assert all(f"[{n}]" in refused for n in range(3, count + 1))
    assert "[1]" not in refused.partition("Open:")[2]
    shown = held.command("/minutes", "review", user=SECRETARY).text
    assert "[1] Note" not in shown and (count == 2 or "[3] Note" in shown)
    held.command("/minutes", "checked all", user=SECRETARY)
    assert "has no open points" in held.command("/minutes", "review", user=SECRETARY).text
    assert "to check" not in parent(slack)[1]["text"]
    with held.regiebot.database.session() as db:
        audited = db.execute(sql("SELECT count(*) FROM audit_entry WHERE action = 'minutes.checked'")).scalar()
    assert audited == 2


def test_a_placeholder_cannot_be_confirmed(held: Harness) -> None:  # noqa: F811
    note(held, "#1 <@U0NOBODY1|someone> reported that occupancy is 35,200 today.")
    held.command("/minutes", "draft", user=SECRETARY)
    placeholders = [n for n, problem, _ in findings(held) if problem == "unknown_participant"]
    if not placeholders:
        pytest.skip("the engine raised no placeholder for this mention")
    answer = held.command("/minutes", "checked all", user=SECRETARY).text
    assert "placeholder" in answer and "/minutes edit" in answer
    assert all(by == "" for _, _, by in findings(held))


def test_after_checking_the_approved_export_has_no_marker_and_the_action_numbers(held: Harness,  # noqa: F811
                                                                                slack: FakeSlack) -> None:
    drafted(held)
    ts, _ = parent(slack)
    held.command("/minutes", "checked all", user=SECRETARY)
    assert reply(held, "akkoord", user=CHAIR, thread_ts=ts, event_id="EvRev2") == 200
    assert [row[1] for row in summary_rows(held)] == ["approved"]
    held.command("/minutes", "export md", user=MEMBER)
    held.command("/minutes", "export html", user=MEMBER)
    held.command("/minutes", "export docx", user=MEMBER)
    md, html, word = slack.uploads()
    texts = [md.content.decode(), html.content.decode(),
             "\n".join(c.text for t in docx.Document(io.BytesIO(word.content)).tables for r in t.rows for c in r.cells)
             + "\n".join(p.text for p in docx.Document(io.BytesIO(word.content)).paragraphs)]
    for text in texts:
        assert "[CHECK]" not in text and "[CONTROLEREN]" not in text and "[unknown participant]" not in text
    [row] = [line for line in texts[0].splitlines() if "provincial overview" in line and line.startswith("|")]
    assert row.startswith("| 1 |")
    rows = [[c.text for c in r.cells] for t in docx.Document(io.BytesIO(word.content)).tables for r in t.rows]
    assert any(cells[0] in ("1", "#1") for cells in rows if any("provincial overview" in c for c in cells))


def test_the_database_refuses_an_approved_row_with_a_marker(held: Harness) -> None:  # noqa: F811
    drafted(held)
    with held.regiebot.database.session() as db, pytest.raises(Exception, match="review marker"):
        db.execute(sql("UPDATE summary SET status = 'approved', body = body || ' [CHECK]'"))
        db.commit()


def test_app_home_shows_the_secretary_the_open_findings(held: Harness, slack: FakeSlack) -> None:  # noqa: F811
    drafted(held)
    count = len(findings(held))
    view = open_home(held, SECRETARY, "EvHomeRev")
    assert f"{count} points to check" in home_text(view)
