"""The template contract: nl and en say the same things, every message renders, and user text cannot ping anyone.

Rendering runs with StrictUndefined, so a sample context in the wrong shape (or a template reaching for a field the
services do not send) fails here instead of in front of the secretariat. The sample shapes follow
`bot/core/service.py` (meeting_values, item_values, action_values, member_values).
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from jinja2 import nodes

from bot.core.commands import COMMANDS, help_topic
from bot.core.replies import Message
from bot.render import LANGUAGES, Renderer, escape_slack, templates_root
from bot.storage.models import ActionStatus, ItemKind, ItemStatus, MeetingStatus, Role

RENDERER = Renderer.default()
ROOT = templates_root()
AMSTERDAM = ZoneInfo("Europe/Amsterdam")
SLACK_TITLE_LIMIT = 24  # modal title, submit and close texts
MODAL_LABELS = ("agenda_modal_title", "action_modal_title", "submit", "cancel")


def template_files(language: str) -> set[str]:
    base = ROOT / language
    return {path.relative_to(base).as_posix() for path in base.rglob("*") if path.is_file()}


def macro_signatures(language: str, name: str) -> dict[str, tuple[str, ...]]:
    source = (ROOT / language / name).read_text(encoding="utf-8")
    tree = RENDERER.environment(language).parse(source)
    return {macro.name: tuple(argument.name for argument in macro.args) for macro in tree.find_all(nodes.Macro)}


def render(language: str, template: str, /, **context: Any) -> str:
    return RENDERER.message(Message(template, language, context))


# --- sample contexts, shaped like the views in bot/core/service.py -------------------------------------------------

MEETING = {"number": 3, "starts": datetime(2026, 12, 15, 10, 0, tzinfo=AMSTERDAM), "duration_minutes": 90,
           "location": "Den Haag, https://Teams.example/Join/AbC", "status": "planned"}
MEETING_BARE = {"number": 4, "starts": datetime(2027, 1, 12, 14, 30, tzinfo=AMSTERDAM), "duration_minutes": 120,
                "location": "", "status": "agenda_closed"}
MEETING_BEFORE = {**MEETING, "starts": datetime(2026, 12, 8, 9, 0, tzinfo=AMSTERDAM)}
ITEM = {"number": 7, "title": "Huisvesting statushouders", "description": "Stand van zaken.\nBesluit gevraagd.",
        "kind": "decision", "status": "proposed", "organisation": "VNG", "submitter_id": "U0MEMBER", "position": 1}
ITEM_BARE = {"number": 8, "title": "Rondvraag", "description": "", "kind": "information", "status": "deferred",
             "organisation": None, "submitter_id": "U0CHAIR", "position": 2}
ACTION = {"number": 4, "text": "Notitie rondsturen", "owner_user_id": "U0OWNER", "owner_organisation": "BZK",
          "due": date(2026, 12, 10), "status": "open", "overdue": True}
ACTION_BARE = {"number": 5, "text": "Cijfers aanleveren", "owner_user_id": None, "owner_organisation": "IND",
               "due": None, "status": "done", "overdue": False}
MEMBER = {"user_id": "U0CHAIR", "name": "Anna", "organisation": "BZK", "role": "chair", "deputy": False}
NOTE = {"number": 3, "kind": "decision", "text": "Besloten <!channel> & meer", "from_message": True,
        "item": {"number": 7, "title": "Huisvesting statushouders"}}
NOTE_BARE = {"number": 4, "kind": "question", "text": "Wie betaalt?", "from_message": False, "item": None}
MEMBER_BARE = {"user_id": "U0OBSERVER", "name": "Bas", "organisation": "COA", "role": "observer", "deputy": True}

# parameter name → (full sample, sparse sample): the second exercises the other branches (empty, None, False)
SAMPLES: dict[str, tuple[Any, Any]] = {
    "meeting": (MEETING, MEETING_BARE),
    "before": (MEETING_BEFORE, MEETING_BEFORE),
    "meetings": ([MEETING, MEETING_BARE], []),
    "item": (ITEM, ITEM_BARE),
    "items": ([ITEM, ITEM_BARE], []),
    "action": (ACTION, ACTION_BARE),
    "actions": ([ACTION, ACTION_BARE], []),
    "member": (MEMBER, MEMBER_BARE),
    "members": ([MEMBER, MEMBER_BARE], []),
    "table": ("Landelijke Regietafel", "Regietafel Noord"),
    "name": ("Landelijke Regietafel", "Regietafel Noord"),
    "channel_id": ("C0TABLE", "C0NORTH"),
    "channels": (["C0TABLE", "C0NORTH"], []),
    "user_id": ("U0MEMBER", "U0CHAIR"),
    "roles": (["chair", "secretary"], ["secretary"]),
    "role": ("chair", "observer"),
    "kind": ("decision", "information"),
    "status": ("agenda_closed", "open"),
    "field": ("title", "description"),
    "argument": ("date", "in"),
    "known": (["language", "timezone"], []),
    "changed": (["language", "timezone"], []),
    "value": ("morgenvroeg", "#x"),
    "limit": (150, 40),
    "length": (151, 41),
    "number": (7, 12),
    "count": (5, 1),
    "position": (2, 1),
    "updated": (True, False),
    "unchanged": (True, False),
    "language": ("nl", "en"),
    "timezone": ("Europe/Amsterdam", "Europe/London"),
    "selector": ("open", "mine"),
    "request_id": ("req-1234abcd", "req-0000"),
    "url": ("https://regiebot.example.org/calendar/AbC_d-9.ics", "http://localhost:3000/calendar/x.ics"),
    "uploaded": (True, False),
    "holidays": ("NL", "BE"),
    "reminder_time": ("09:00", "17:30"),
    "offsets": ({"call": 20160, "close": 4320, "meeting": 1440, "action": 2880},
                {"call": 90, "close": 120, "meeting": 30, "action": 1}),
    "rhythm": ("FREQ=MONTHLY;BYDAY=+1TU;BYHOUR=10;BYMINUTE=0", ""),
    "on_due_date": (True, False),
    "due": (datetime(2026, 12, 14, 10, 0, tzinfo=AMSTERDAM), datetime(2027, 3, 28, 9, 0, tzinfo=AMSTERDAM)),
    "target": ("C0TABLE", "U0MEMBER"),
    # the rhythm (bot/meetings/recurrence.py Rule.view, bot/meetings/service.py RhythmPlan.context)
    "rule": ({"frequency": "monthly", "ordinal": "first", "weekday": "tuesday", "time": "10:00",
              "duration_minutes": 120, "location": "Den Haag"},
             {"frequency": "quarterly", "ordinal": "last", "weekday": "friday", "time": "14:30",
              "duration_minutes": 90, "location": ""}),
    "part": ("weekday", "time"),
    "planned": ([MEETING, MEETING_BARE], []),
    "adjusted": ([MEETING], []),
    "removed": ([MEETING_BARE], []),
    "kept": ([{"meeting": MEETING, "item_count": 2}, {"meeting": MEETING_BARE, "item_count": 1}], []),
    "move": ({"meeting": {**MEETING, "starts": datetime(2027, 5, 7, 10, 0, tzinfo=AMSTERDAM)},
              "day": date(2027, 5, 6), "holiday": "Hemelvaartsdag"},
             {"meeting": MEETING_BARE, "day": date(2027, 1, 11), "holiday": "Second Day of Christmas"}),
    "moves": ([{"meeting": {**MEETING, "starts": datetime(2027, 5, 7, 10, 0, tzinfo=AMSTERDAM)},
                "day": date(2027, 5, 6), "holiday": "Hemelvaartsdag"}], []),
    # minutes and summaries (minutes/service.py _note_values, minutes/approval.py, the engine's Finding, Dropped)
    "note": (NOTE, NOTE_BARE),
    "notes": ([NOTE, NOTE_BARE], []),
    "present": (["BZK", "VNG"], []),
    "absent": (["IPO"], []),
    "organisation": ("VNG", "COA"),
    "findings": ([{"note_key": "3", "original": "ik vind het onacceptabel", "output": "Er wordt opgemerkt: …",
                   "problem": "evaluative", "words": ("onacceptabel",), "suggestion": "Er wordt aandacht gevraagd"},
                  {"note_key": "4", "original": "x", "output": "", "problem": "contact", "words": (),
                   "suggestion": "Removed"}], []),
    "dropped": ([{"note_key": "5", "text": "Niet voor het verslag: <!channel>", "reason": "off_record"},
                 {"note_key": "6", "text": "Bedankt!", "reason": "noise"}], []),
    "version": (2, 1),
    "current": (3, 2),
    "approved_by": ("U0CHAIR", ""),
    "approved_at": (datetime(2026, 12, 20, 16, 5, tzinfo=AMSTERDAM), None),
    "at": (datetime(2026, 12, 20, 16, 5, tzinfo=AMSTERDAM), datetime(2027, 1, 2, 8, 0, tzinfo=AMSTERDAM)),
    "content_hash": ("9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08", ""),
    "reason": ("Voeg de cijfers van Gelderland toe <@U0X>", "x"),
    "filename": ("landelijke-regietafel-vergadering-3-v2.docx", "noord-3-v1-concept.md"),
    "problem": ("first_person", "disagreement"),
    "facts_credited": (True, False),
    "chatham": (False, True),
    "setting": ("chatham", "facts-credited"),
}
# where one parameter name carries a different shape in one message
OVERRIDES: dict[tuple[str, str], tuple[Any, Any]] = {
    ("not_allowed", "action"): ("agenda.withdraw", "meetings.manage"),
    ("meeting_cancelled", "items"): (2, 0),
    ("meeting_cancelled_announcement", "items"): (1, 0),
    ("owner_missing", "field"): ("owner", "owner"),
    ("owner_both", "field"): ("owner", "owner"),
    ("note_kind", "kind"): ("discussion", "question"),
    ("attendance_noted", "present"): (True, False),
    ("summary_approved", "actions"): ([12, 13], []),
    **{(macro, "status"): ("approved", "draft") for macro in ("summary_status", "summary_parent", "summary_exported",
                                                               "summary_export_failed")},
}
VARIANTS = {"full": 0, "sparse": 1}


def sample_context(macro: str, parameters: tuple[str, ...], variant: str) -> dict[str, Any]:
    context = {}
    for parameter in parameters:
        samples = OVERRIDES.get((macro, parameter)) or SAMPLES.get(parameter)
        if samples is None:
            pytest.fail(f"{macro}({parameter}): add a sample for `{parameter}` to SAMPLES in tests/test_templates.py")
        context[parameter] = samples[VARIANTS[variant]]
    return context


MESSAGE_MACROS = macro_signatures("en", "messages.j2")
LABEL_MACROS = macro_signatures("en", "labels.j2")


# --- nl and en say the same things --------------------------------------------------------------------------


def test_nl_and_en_have_the_same_template_files() -> None:
    assert template_files("nl") == template_files("en")
    assert {"messages.j2", "labels.j2", *(help_topic(command) for command in COMMANDS)} <= template_files("en")


@pytest.mark.parametrize("name", sorted(template_files("en")))
def test_nl_and_en_define_the_same_macros_with_the_same_parameters(name: str) -> None:
    assert macro_signatures("nl", name) == macro_signatures("en", name)


def test_the_macro_parser_sees_the_messages() -> None:
    assert MESSAGE_MACROS["item_added"] == ("item", "meeting")
    assert MESSAGE_MACROS["too_long"] == ("field", "limit", "length")
    assert len(MESSAGE_MACROS) > 40


# --- every message renders ----------------------------------------------------------------------------------


@pytest.mark.parametrize("variant", sorted(VARIANTS))
@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("macro", sorted(MESSAGE_MACROS))
def test_every_message_renders_with_a_sample_context(macro: str, language: str, variant: str) -> None:
    text = render(language, macro, **sample_context(macro, MESSAGE_MACROS[macro], variant))
    assert text.strip()
    assert "\n\n\n" not in text


REMINDER_MACROS = macro_signatures("en", "reminders.j2")


@pytest.mark.parametrize("variant", sorted(VARIANTS))
@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("macro", sorted(REMINDER_MACROS))
def test_every_reminder_renders_with_a_sample_context_and_speaks_its_language(macro: str, language: str,
                                                                              variant: str) -> None:
    context = sample_context(macro, REMINDER_MACROS[macro], variant)
    text = RENDERER.message(Message(macro, language, context), source="reminders.j2")
    other = RENDERER.message(Message(macro, "en" if language == "nl" else "nl", context), source="reminders.j2")
    assert text.strip() and "\n\n\n" not in text
    assert text != other


@pytest.mark.parametrize("macro", sorted(set(MESSAGE_MACROS) - {"owner"}))
def test_every_dutch_message_differs_from_the_english_one(macro: str) -> None:
    context = sample_context(macro, MESSAGE_MACROS[macro], "full")
    assert render("nl", macro, **context) != render("en", macro, **context)


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_word_the_services_send_has_a_name(language: str) -> None:
    # not_allowed also names the access roles `submitter` and `owner`; too_long and empty_text name these fields
    words = {
        "role_name": ("role", [*Role, "submitter", "owner"]),
        "kind_name": ("kind", list(ItemKind)),
        "status_name": ("status", list(dict.fromkeys([*ItemStatus, *ActionStatus, *MeetingStatus]))),
        "field_name": ("field", ["title", "description", "text", "name", "place", "note", "reason"]),
        "note_kind": ("kind", ["discussion", "decision", "information", "question"]),
        "summary_status": ("status", ["draft", "changes_requested", "approved", "superseded"]),
    }
    for macro, (parameter, values) in words.items():
        names = [render(language, macro, **{parameter: str(value)}) for value in values]
        assert all(names), f"{macro} leaves a value unnamed in {language}"
        assert len(set(names)) == len(names), f"{macro} gives two values the same name in {language}: {names}"


def test_session_line_keeps_the_case_of_the_place_when_starting_a_sentence() -> None:
    text = render("en", "session_past", meeting=MEETING)
    assert text.startswith("Session #3, Tuesday 15 December 2026, 10:00 at Den Haag, https://Teams.example/Join/AbC")
    assert render("nl", "session_cancelled", meeting=MEETING).startswith(
        "Vergadering #3, dinsdag 15 december 2026, 10:00 in Den Haag, https://Teams.example/Join/AbC")


# --- help pages ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_help_page_shows_every_usage_line_of_its_command_escaped_for_slack(command: str, language: str) -> None:
    page = RENDERER.help(command, language)
    shown = {command: COMMANDS[command]}
    missing = [usage for usages in shown.values() for usage in usages.values()
               if f"`{escape_slack(usage)}`" not in page]
    assert not missing, f"{help_topic(command)} ({language}) lacks {missing}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_overview_shows_every_usage_line_of_every_command(language: str) -> None:
    page = RENDERER.overview(language)
    missing = [usage for usages in COMMANDS.values() for usage in usages.values()
               if f"`{escape_slack(usage)}`" not in page]
    assert not missing


def test_dutch_help_is_dutch() -> None:
    page = RENDERER.help("/agenda", "nl")
    assert "de agenda van de volgende vergadering" in page
    assert page != RENDERER.help("/agenda", "en")


def test_help_pages_hold_no_raw_angle_brackets_that_slack_would_read_as_links() -> None:
    for language in LANGUAGES:
        for command in COMMANDS:
            for page in (RENDERER.help(command, language), RENDERER.overview(language)):
                assert "<" not in page and ">" not in page, (command, language)


# --- labels -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_label_is_non_empty(language: str) -> None:
    empty = [key for key in LABEL_MACROS if not RENDERER.label(language, key)]
    assert not empty


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("key", MODAL_LABELS)
def test_modal_title_and_buttons_fit_slack(key: str, language: str) -> None:
    label = RENDERER.label(language, key)
    assert 0 < len(label) <= SLACK_TITLE_LIMIT, f"{key} ({language}) is {len(label)} characters: {label!r}"


# --- escaping -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_title_cannot_ping_the_channel_or_forge_a_mention(language: str) -> None:
    text = render(language, "item_added", item={**ITEM, "title": "<!channel> & <@U123>"}, meeting=MEETING)
    assert "&lt;!channel&gt; &amp; &lt;@U123&gt;" in text
    assert "<!channel>" not in text
    assert "<@U123>" not in text


def test_mentions_written_by_the_templates_stay_mentions() -> None:
    assert render("nl", "unknown_member", user_id="U0MEMBER") == "<@U0MEMBER> zit niet aan deze tafel."
    assert render("en", "unknown_member", user_id="U0MEMBER") == "<@U0MEMBER> is not on this table."


# --- Dutch is Dutch -----------------------------------------------------------------------------------------


def test_dutch_item_added_speaks_dutch_with_dutch_dates() -> None:
    dutch = render("nl", "item_added", item=ITEM, meeting=MEETING_BARE | {"starts": MEETING["starts"]})
    english = render("en", "item_added", item=ITEM, meeting=MEETING_BARE | {"starts": MEETING["starts"]})
    assert dutch == (":white_check_mark: Agendapunt *#7* “Huisvesting statushouders” is voorgesteld voor "
                     "vergadering #4, dinsdag 15 december 2026, 10:00.")
    assert english == (":white_check_mark: Item *#7* “Huisvesting statushouders” is proposed for "
                       "session #4, Tuesday 15 December 2026, 10:00.")


def test_dutch_durations_use_u_for_hours() -> None:
    assert "(1u30)" in render("nl", "meeting_scheduled", meeting=MEETING)
    assert "(1h30)" in render("en", "meeting_scheduled", meeting=MEETING)


def test_templates_root_is_the_checkout_templates_folder() -> None:
    assert Path(__file__).resolve().parent.parent / "templates" == ROOT
