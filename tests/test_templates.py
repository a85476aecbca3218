"""The template contract: every message says its values in its own language, nl and en say the same things, and
user text cannot ping anyone.

Rendering runs with StrictUndefined, so a sample context in the wrong shape (or a template reaching for a field the
services do not send) fails here instead of in front of the secretariat. The sample shapes follow
`bot/core/values.py` (meeting_values, item_values, action_values, member_values).
"""

from __future__ import annotations

import re
from datetime import date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from jinja2 import nodes
from markupsafe import Markup

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


def render(language: str, template: str, /, source: str = "messages.j2", **context: Any) -> str:
    return RENDERER.message(Message(template, language, context), source=source)


# --- sample contexts, shaped like the views in bot/core/values.py --------------------------------------------------

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
    "findings": ([{"number": 1, "note_key": "3", "original": "ik vind het onacceptabel",
                   "output": "Er wordt opgemerkt: …",
                   "problem": "evaluative", "words": ("onacceptabel",), "suggestion": "Er wordt aandacht gevraagd"},
                  {"number": 2, "note_key": "4", "original": "x", "output": "", "problem": "contact", "words": (),
                   "suggestion": "Removed"}], []),
    "dropped": ([{"note_key": "5", "text": "Niet voor het verslag: <!channel>", "reason": "off_record"},
                 {"note_key": "6", "text": "Bedankt!", "reason": "noise"}], []),
    "version": (2, 1),
    "numbers": ([1, 3], [9]),
    "open": ([2, 4], []),
    "open_findings": (3, 0),
    "note_key": ("5", "6"),
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
    ("summary_shown", "text"): (Markup("*Bespreking* <@U0X> &amp; meer"), Markup("")),
    **{(macro, "status"): ("approved", "draft") for macro in ("summary_status", "summary_parent", "summary_exported",
                                                               "summary_export_failed", "summary_shown")},
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
REMINDER_MACROS = macro_signatures("en", "reminders.j2")
LABEL_MACROS = macro_signatures("en", "labels.j2")

# --- what each message says ------------------------------------------------------------------------------------

# the samples' moments, sessions and durations as each language writes them; a fragment names them as `{when}`
WORDS = {
    "nl": {"session": "vergadering #3, dinsdag 15 december 2026, 10:00 in Den Haag, https://Teams.example/Join/AbC",
           "when": "dinsdag 15 december 2026, 10:00", "later": "dinsdag 12 januari 2027, 14:30",
           "before": "dinsdag 8 december 2026, 09:00", "due": "10 dec 2026", "due_day": "donderdag 10 december 2026",
           "at": "zondag 20 december 2026, 16:05", "reminder_due": "maandag 14 december 2026, 10:00",
           "move": "donderdag 6 mei 2027 is het Hemelvaartsdag: vergadering #3 wordt verplaatst naar "
                   "vrijdag 7 mei 2027",
           "length": "(1u30)", "rhythm": "maandelijks op de eerste dinsdag om 10:00 (2u) in Den Haag"},
    "en": {"session": "session #3, Tuesday 15 December 2026, 10:00 at Den Haag, https://Teams.example/Join/AbC",
           "when": "Tuesday 15 December 2026, 10:00", "later": "Tuesday 12 January 2027, 14:30",
           "before": "Tuesday 8 December 2026, 09:00", "due": "10 Dec 2026", "due_day": "Thursday 10 December 2026",
           "at": "Sunday 20 December 2026, 16:05", "reminder_due": "Monday 14 December 2026, 10:00",
           "move": "Thursday 6 May 2027 is Hemelvaartsdag: session #3 moves to Friday 7 May 2027",
           "length": "(1h30)", "rhythm": "monthly on the first Tuesday at 10:00 (2h) at Den Haag"},
}
TABLE, ITEM_7, ACTION_4 = "*Landelijke Regietafel*", "*#7* Huisvesting statushouders", "*#4* Notitie rondsturen"
NOTE_3, URL = "Besloten &lt;!channel&gt; &amp; meer", "https://regiebot.example.org/calendar/AbC_d-9.ics"
FILE, HASH = "`landelijke-regietafel-vergadering-3-v2.docx`", SAMPLES["content_hash"][0]

# refusals of a value typed wrong: macro → what the value is not, in Dutch and in English
NOT_A = {"bad_number": ("nummer", "a number"), "bad_user": ("persoon", "a person"), "bad_time": ("tijdstip", "a time"),
         "bad_duration": ("duur", "a duration"), "bad_date": ("datum", "a date"), "bad_role": ("rol", "a role"),
         "bad_language": ("taal", "a language"), "bad_timezone": ("tijdzone", "a time zone"),
         "bad_offset": ("termijn", "an offset"), "bad_country": ("land", "a country"),
         "bad_frequency": ("ritme", "a rhythm"), "bad_weekday": ("weekdag", "a weekday"),
         "bad_ordinal": ("week van de maand", "a week of the month"),
         "unknown_command": ("subopdracht", "a subcommand"),
         "bad_switch": ("waarde voor `chatham`", "a value for `chatham`")}

# macro → (what the Dutch text says, what the English text says, *values both show), for the "full" samples.
# A phrase may hold several fragments split by " | "; none of them may show up in the other language's text.
MESSAGES_SAY: dict[str, tuple[str, ...]] = {
    "role_name": ("voorzitter", "chair"),
    "kind_name": ("ter besluitvorming", "for decision"),
    "status_name": ("agenda gesloten", "agenda closed"),
    "field_name": ("De titel", "The title"),
    "argument_name": ("een datum", "a date"),
    "session_line": ("{session}", "{session}"),
    "owner": ("", "", "<@U0OWNER> (BZK)"),
    "action_line": ("uiterlijk {due} · :warning: *over tijd*", "due {due} · :warning: *overdue*", ACTION_4,
                    "<@U0OWNER> (BZK)"),
    "item_line": ("_(ter besluitvorming, VNG)_", "_(for decision, VNG)_", ITEM_7),
    "agenda_lines": ("(ter besluitvorming, VNG) | (ter informatie, uitgesteld)",
                     "(for decision, VNG) | (for information, deferred)", f"1. {ITEM_7}",
                     "      Stand van zaken.\n      Besluit gevraagd.", "2. *#8* Rondvraag"),
    "empty_text": ("De titel is leeg.", "The title is empty."),
    "too_long": ("De titel telt 151 tekens; het maximum is 150", "The title has 151 characters; the limit is 150"),
    "bad_organisation": ("`morgenvroeg` is geen organisatie | hoogstens 150 tekens",
                         "`morgenvroeg` is not an organisation | at most 150 characters"),
    "missing_argument": ("Ontbreekt: een datum.", "Missing: a date."),
    "unexpected_text": ("`morgenvroeg` had ik hier niet verwacht", "I did not expect `morgenvroeg` here"),
    "not_a_table": ("Dit kanaal is geen regietafel. Jouw tafels:", "This channel is not a steering table. Your tables:",
                    "<#C0TABLE>, <#C0NORTH>"),
    "other_workspace": ("hoort bij een andere Slack-werkruimte", "belongs to another Slack workspace"),
    "not_a_member": ("Je bent geen lid van *Landelijke Regietafel*", "You are not a member of *Landelijke Regietafel*"),
    "not_allowed": ("Alleen de voorzitter of de secretaris mag dat", "Only the chair or the secretary may do that"),
    "setup_needs_channel": ("in het kanaal dat de tafel moet worden", "in the channel that should become the table",
                            "`/regie setup`"),
    "not_bot_admin": ("Alleen een botbeheerder kan een kanaal", "Only a bot admin may bind a channel"),
    "already_a_table": ("Dit kanaal is al de tafel", "This channel is already the table", TABLE),
    "chair_taken": ("<@U0MEMBER> is de voorzitter", "<@U0MEMBER> is the chair"),
    "unknown_member": ("<@U0MEMBER> zit niet aan deze tafel.", "<@U0MEMBER> is not on this table."),
    "unknown_setting": ("`morgenvroeg` is geen instelling", "`morgenvroeg` is not a setting", "`language`, `timezone`"),
    "unknown_session": ("geen vergadering `morgenvroeg`", "no session `morgenvroeg`"),
    "no_session_planned": ("Er is nog geen vergadering gepland", "No session is planned yet"),
    "no_open_agenda": ("Geen enkele vergadering heeft een open agenda", "No session has an open agenda"),
    "unknown_item": ("heeft geen agendapunt #7", "There is no agenda item #7"),
    "item_withdrawn_already": ("Agendapunt #7 is ingetrokken", "Item #7 has been withdrawn"),
    "session_past": ("{Session} is al begonnen", "{Session} has already started"),
    "session_cancelled": ("{Session} is geannuleerd", "{Session} is cancelled"),
    "bad_position": ("Positie morgenvroeg bestaat niet; kies 1 tot en met 5",
                     "Position morgenvroeg does not exist; choose 1 to 5"),
    "no_later_session": ("geen latere vergadering om agendapunt #7", "no later session to defer item #7"),
    "owner_not_member": ("<@U0MEMBER> zit niet aan deze tafel; geef de actie",
                         "<@U0MEMBER> is not on this table; give the action"),
    "unknown_organisation": ("`morgenvroeg` is geen organisatie aan deze tafel. Bekend: language, timezone",
                             "`morgenvroeg` is not an organisation on this table. Known: language, timezone"),
    "date_in_past": ("`morgenvroeg` ligt in het verleden", "`morgenvroeg` lies in the past"),
    "unknown_action": ("heeft geen actiepunt #7", "There is no action point #7"),
    "owner_missing": ("een persoon of een organisatie als actiehouder", "a person or an organisation as owner"),
    "owner_both": ("een organisatie als actiehouder, niet allebei", "an organisation as owner, not both"),
    "bad_reminder_setting": ("`morgenvroeg` is geen herinneringsinstelling", "`morgenvroeg` is not a reminder setting",
                             "`language=…`, `timezone=…`"),
    "weekend_rhythm": ("`morgenvroeg` valt in het weekend", "`morgenvroeg` falls in the weekend"),
    "rhythm_incomplete": ("Aan het ritme ontbreekt de weekdag", "The rhythm lacks the weekday"),
    "internal_error": ("Er ging aan onze kant iets mis", "Something went wrong on our side", "`req-1234abcd`"),
    "usage_follows": ("Gebruik:", "Usage:"),
    "table_created": ("is nu de regietafel *Landelijke Regietafel* (tijdzone Europe/Amsterdam)",
                      "is now the steering table *Landelijke Regietafel* (time zone Europe/Amsterdam)", "<#C0TABLE>"),
    "member_saved": ("<@U0CHAIR> zit nu aan *Landelijke Regietafel* namens BZK als voorzitter",
                     "<@U0CHAIR> now sits *Landelijke Regietafel* for BZK as chair"),
    "member_removed": ("<@U0MEMBER> zit niet langer aan", "<@U0MEMBER> is no longer on", TABLE),
    "member_list": ("*Leden van Landelijke Regietafel* | voorzitter | waarnemer (plaatsvervanger)",
                    "*Members of Landelijke Regietafel* | chair | observer (deputy)", "BZK: <@U0CHAIR>",
                    "COA: <@U0OBSERVER>"),
    "settings": ("Gewijzigd: language, timezone | *Instellingen van Landelijke Regietafel* | taal: `nl` | "
                 "feestdagen: `NL`",
                 "Changed: language, timezone | *Settings of Landelijke Regietafel* | language: `nl` | holidays: `NL`",
                 "`Europe/Amsterdam`", "`call=14d close=3d meeting=1d action=2d`", "`09:00`",
                 "`FREQ=MONTHLY;BYDAY=+1TU;BYHOUR=10;BYMINUTE=0`", "facts-credited: `on`", "chatham: `off`"),
    "item_added": ("Agendapunt *#7* “Huisvesting statushouders” is voorgesteld voor {session}",
                   "Item *#7* “Huisvesting statushouders” is proposed for {session}"),
    "agenda": ("*Agenda van Landelijke Regietafel*, {session} | (ter besluitvorming, VNG)",
               "*Agenda of Landelijke Regietafel*, {session} | (for decision, VNG)", ITEM_7, "*#8* Rondvraag"),
    "item_withdrawn": ("Agendapunt #7 “Huisvesting statushouders” is ingetrokken voor {session}",
                       "Item #7 “Huisvesting statushouders” is withdrawn from {session}"),
    "item_ordered": ("Agendapunt #7 staat nu op plaats 2 van de agenda van {session}",
                     "Item #7 is now number 2 on the agenda of {session}"),
    "item_deferred": ("Agendapunt #7 “Huisvesting statushouders” is uitgesteld naar {session}",
                      "Item #7 “Huisvesting statushouders” is deferred to {session}"),
    "agenda_closed": ("De agenda van {session} is gesloten met 2 agendapunten",
                      "The agenda of {session} is closed with 2 items"),
    "agenda_published": ("*Definitieve agenda van Landelijke Regietafel*, {session}",
                         "*Final agenda of Landelijke Regietafel*, {session}", f"1. {ITEM_7}", "2. *#8* Rondvraag"),
    "action_added": ("Actiepunt *#4* Notitie rondsturen | uiterlijk {due}",
                     "Action point *#4* Notitie rondsturen | due {due}", "<@U0OWNER> (BZK)"),
    "action_list": ("*Actiepunten van Landelijke Regietafel* | _afgerond_",
                    "*Action points of Landelijke Regietafel* | _done_", "(<@U0MEMBER>)", ACTION_4,
                    "*#5* Cijfers aanleveren · IND"),
    "action_due_set": ("Actiepunt #4 moet nu uiterlijk {due_day} af zijn", "Action point #4 is now due {due_day}"),
    "action_done": ("Actiepunt #4 was al afgerond", "Action point #4 was already done"),
    "action_reopened": ("Actiepunt #4 staat al open", "Action point #4 is already open"),
    "meeting_scheduled": ("Gepland: {session} {length}; het kanaal is ingelicht",
                          "Planned {session} {length}; the channel has been told"),
    "meeting_announced": ("{session} {length} is gepland", "{session} {length} is planned", TABLE),
    "meeting_moved": ("Vergadering #3 is verplaatst naar {when}", "Session #3 moved to {when}"),
    "meeting_moved_announcement": ("vergadering #3 wordt verplaatst van {before} naar *{when}*",
                                   "session #3 moves from {before} to *{when}*", TABLE),
    "meeting_cancelled": ("Vergadering #3 is geannuleerd | Er stonden 2 agendapunten op",
                          "Session #3 is cancelled | It had 2 agenda items"),
    "meeting_cancelled_announcement": ("{session} gaat niet door", "{session} is cancelled", TABLE),
    "rhythm_words": ("{rhythm}", "{rhythm}"),
    "holiday_move": ("{move}", "{move}"),
    "rhythm_changes": ("*Gepland (2):* | *Zelfde moment, andere plaats of duur:* | "
                       "*Geannuleerd (nog zonder agendapunten):*",
                       "*Planned (2):* | *Same moment, new place or length:* | *Cancelled (no agenda items yet):*",
                       "• #3 {when}", "• #4 {later}", "{move}", "• {session} {length}"),
    "kept_sessions": ("*Behouden, want er staan agendapunten op* | (2 agendapunten) | (1 agendapunt)",
                      "*Kept, because they have agenda items* | (2 items) | (1 item)", "• {session}", "#4, {later}"),
    "rhythm_set": ("vergadert voortaan {rhythm} | twaalf maanden vooruit | *Gepland (2):* | *Behouden",
                   "now meets {rhythm} | twelve months ahead | *Planned (2):* | *Kept", TABLE, "• #3 {when}", "{move}",
                   "• {session} {length}", "#4, {later}"),
    "rhythm_set_announcement": ("vergadert {rhythm}. | *Gepland (2):*", "meets {rhythm}. | *Planned (2):*", TABLE,
                                "• #3 {when}", "{move}"),
    "rhythm_off": ("vergadert niet langer volgens een vast ritme | *Geannuleerd (nog zonder agendapunten):* | "
                   "*Behouden",
                   "no longer meets on a rhythm | *Cancelled (no agenda items yet):* | *Kept", TABLE, "• #4 {later}",
                   "• {session}"),
    "rhythm_off_announcement": ("vergaderingen worden voortaan één voor één gepland | *Geannuleerd:*",
                                "sessions are planned one by one | *Cancelled:*", TABLE, "• #4 {later}"),
    "rhythm_extended": ("het ritme plant 2 vergaderingen erbij", "the rhythm plans 2 more sessions", TABLE,
                        "• #3 {when}", "• #4 {later}", "{move}"),
    "meeting_next": ("*Volgende vergadering van Landelijke Regietafel*: {session} {length} | (ter besluitvorming, VNG)",
                     "*Next session of Landelijke Regietafel*: {session} {length} | (for decision, VNG)", ITEM_7),
    "meeting_list": ("*Komende vergaderingen van Landelijke Regietafel* | · agenda gesloten",
                     "*Coming sessions of Landelijke Regietafel* | · agenda closed", "• #3 {when} {length}",
                     "Den Haag, https://Teams.example/Join/AbC", "• #4 {later}"),
    "calendar_file_comment": ("De vergaderingen van *Landelijke Regietafel* als agendabestand",
                              "The sessions of *Landelijke Regietafel* as a calendar file", "`/meeting calendar`"),
    "calendar_shared": ("staan als .ics-bestand in <#C0TABLE> | Houd het voor jezelf",
                        "are in <#C0TABLE> as an .ics file | Keep it to yourself", TABLE, URL),
    "calendar_revoked": ("Het oude agenda-adres van *Landelijke Regietafel* werkt niet meer",
                         "The old calendar address of *Landelijke Regietafel* no longer works", URL),
    "calendar_revoked_announcement": ("het adres van het agenda-abonnement is vervangen",
                                      "the calendar feed address has been replaced", TABLE),
    "note_kind": ("notitie", "note"),
    "note_line": ("_besluit, agendapunt #7 Huisvesting statushouders, uit een bericht_",
                  "_decision, item #7 Huisvesting statushouders, from a message_", "*3.*", NOTE_3),
    "note_added": ("Genoteerd bij {session}: *3.* _besluit", "Noted for {session}: *3.* _decision", NOTE_3),
    "note_changed": ("Notitie gecorrigeerd: *3.* _besluit", "Note corrected: *3.* _decision", NOTE_3),
    "note_deleted": ("Notitie 7 is verwijderd", "Note 7 is deleted"),
    "notes_list": ("notities bij {session} | _vraag, algemeen_", "notes on {session} | _question, general_", TABLE,
                   NOTE_3, "*4.*", "Wie betaalt?"),
    "attendance": ("Vergadering #3: aanwezig BZK, VNG; afgemeld IPO", "Session #3: present BZK, VNG; apologies IPO"),
    "attendance_noted": ("Genoteerd: je bent bij {session} namens VNG", "Noted: you attend {session} for VNG"),
    "problem_name": ("eerste persoon", "first-person wording"),
    "summary_review": ("Versie 2 van de weergave van {session} | ter goedkeuring door de voorzitter | "
                       "*Controleren vóór goedkeuring* (2) | Notitie 3, waarderende woorden (onacceptabel) | "
                       "[2] Notitie 4, contactgegevens | *Weggelaten* (2) | Notitie 5, niet voor het verslag | "
                       "Notitie 6, zonder inhoud",
                       "Version 2 of the summary of {session} | for the chair's approval | "
                       "*To check before approval* (2) | Note 3, judgemental wording (onacceptabel) | "
                       "[2] Note 4, contact details | *Left out* (2) | "
                       "Note 5, off the record | Note 6, no substance",
                       "Er wordt opgemerkt: …", "Er wordt aandacht gevraagd", "Niet voor het verslag: &lt;!channel&gt;",
                       "Bedankt!"),
    "summary_status": ("goedgekeurd", "approved"),
    "summary_parent": ("geobjectiveerde weergave van {session} | Versie 2 · goedgekeurd | "
                       "Goedgekeurd door <@U0CHAIR> op {at}",
                       "objectivised summary of {session} | Version 2 · approved | Approved by <@U0CHAIR> on {at}",
                       TABLE, f"SHA-256 `{HASH[:16]}…`"),
    "summary_approved": ("Versie 2 is goedgekeurd door <@U0MEMBER> op {at} | Vastgelegd als actiepunten: #12, #13",
                         "Version 2 was approved by <@U0MEMBER> on {at} | Recorded as action points: #12, #13", HASH),
    "summary_changes_requested": ("<@U0MEMBER> vraagt wijzigingen in versie 2",
                                  "<@U0MEMBER> asked for changes to version 2",
                                  "Voeg de cijfers van Gelderland toe &lt;@U0X&gt;"),
    "summary_changes_noted": ("Je verzoek om wijzigingen in versie 2", "Your request for changes to version 2"),
    "summary_shown": ("Versie 2 · goedgekeurd (alleen jij ziet dit)", "Version 2 · approved (only you see this)",
                      "*Bespreking* <@U0X> &amp; meer"),  # rendered already: shown as it came, not escaped again
    "summary_exported": ("(versie 2) is gedeeld in het kanaal", "(version 2) is shared in the channel", FILE),
    "summary_export_failed": ("niet aan; probeer het zo nog eens", "please try again in a moment", FILE),
    "no_session_held": ("nog geen vergadering van deze tafel begonnen", "No session of this table has started yet"),
    "unknown_item_in_session": ("Agendapunt #7 staat niet op de agenda van {session}",
                                "Item #7 is not on the agenda of {session}", "`/agenda list 3`"),
    "unknown_note": ("Er is geen notitie 7 bij deze tafel", "There is no note 7 on this table"),
    "note_exists": ("Dat bericht staat al in de notities", "That message is already in the minutes"),
    "no_notes": ("Er zijn nog geen notities bij {session}", "There are no notes on {session} yet"),
    "findings_checked": ("Gecontroleerd in versie 2: [1], [3] | Nog open: [2], [4]",
                         "Checked in version 2: [1], [3] | Still open: [2], [4]"),
    "findings_open": ("Open punten in versie 2 van de weergave van {session} (2) | [1] Notitie 3 | "
                      "Bevestig een punt zoals het staat",
                      "Open points in version 2 of the summary of {session} (2) | [1] Note 3 | "
                      "Confirm a point as it stands"),
    "finding_not_open": ("Er is geen open punt [1], [3]", "There is no open point [1], [3]"),
    "finding_is_placeholder": ("Punt [7] is een plaatshouder | Corrigeer notitie 5 met `/minutes edit 5 <tekst>`",
                               "Point [7] is a placeholder | Correct note 5 with `/minutes edit 5 <text>`"),
    "approval_findings_open": ("Het secretariaat moet in deze versie nog 5 punten controleren",
                               "The secretariat still has 5 points to check in this version"),
    "no_draft": ("Er wacht geen concept van de weergave van {session} op goedkeuring",
                 "There is no draft of the summary of {session} awaiting approval"),
    "no_summary": ("Er is nog geen weergave van {session}", "There is no summary of {session} yet"),
    "summary_approved_already": ("De weergave van {session} is goedgekeurd", "The summary of {session} is approved"),
    "summary_superseded": ("Versie 2 is vervangen door versie 3", "Version 2 is superseded by version 3"),
    "summary_changes_pending": ("Er zijn wijzigingen gevraagd in versie 2", "Changes were requested to version 2"),
    "only_chair_approves": ("Alleen de voorzitter (of een plaatsvervanger) kan de weergave goedkeuren",
                            "Only the chair (or a deputy) can approve the summary"),
    "unknown_summary": ("Die weergave bestaat niet meer", "That summary no longer exists"),
    **{macro: (f"`morgenvroeg` is geen {dutch}", f"`morgenvroeg` is not {english}")
       for macro, (dutch, english) in NOT_A.items()},
}
REMINDERS_SAY: dict[str, tuple[str, ...]] = {
    "call": ("{session} komt eraan | tot nu toe 2 agendapunten", "{session} is coming up | so far 2 items", TABLE),
    "meeting": ("herinnering aan {session} {length} | (ter besluitvorming, VNG)",
                "reminder of {session} {length} | (for decision, VNG)", TABLE, ITEM_7, "*#8* Rondvraag"),
    "action_due": ("vandaag verloopt de termijn van je actiepunt | uiterlijk {due}",
                   "today is the due date of your action point | due {due}", TABLE, ACTION_4, "`/action done 4`"),
    "overdue_digest": ("2 actiepunten zijn over tijd", "2 action points are overdue", TABLE, ACTION_4,
                       "*#5* Cijfers aanleveren"),
    "failed": ("een herinnering (decision, gepland {reminder_due}, voor <#C0TABLE>) kon na meerdere pogingen niet",
               "a reminder (decision, due {reminder_due}, for <#C0TABLE>) could not be delivered", TABLE),
    "draft_missing": ("van {session} is nog geen conceptweergave", "{session} has no draft summary yet", TABLE,
                      "`/minutes draft 3` in <#C0TABLE>"),
    "approval_pending": ("versie 2 van de weergave van {session} wacht al vijf dagen op je goedkeuring",
                         "version 2 of the summary of {session} has awaited your approval for five days", TABLE,
                         "<#C0TABLE>"),
}
SAME_IN_BOTH = {"owner", "status_name"}  # an organisation's name; `open`, the sparse status, is Dutch too
SOURCES = {"messages.j2": (MESSAGE_MACROS, MESSAGES_SAY), "reminders.j2": (REMINDER_MACROS, REMINDERS_SAY)}
EVERY_MACRO = [(source, macro) for source, (macros, _) in SOURCES.items() for macro in sorted(macros)]


def said(says: tuple[str, ...], language: str) -> tuple[list[str], list[str]]:
    """(the fragments only `language` says, the values both languages show), written as `language` writes them."""
    words = WORDS[language] | {"Session": WORDS[language]["session"][:1].upper() + WORDS[language]["session"][1:]}
    own = says[LANGUAGES.index(language)].split(" | ")
    return [fragment.format_map(words) for fragment in own if fragment], [value.format_map(words) for value in says[2:]]


def other(language: str) -> str:
    return "en" if language == "nl" else "nl"


# --- nl and en say the same things --------------------------------------------------------------------------


def test_nl_and_en_have_the_same_template_files() -> None:
    assert template_files("nl") == template_files("en")
    assert {"messages.j2", "labels.j2", *(help_topic(command) for command in COMMANDS)} <= template_files("en")


@pytest.mark.parametrize("name", sorted(template_files("en")))
def test_nl_and_en_define_the_same_macros_with_the_same_parameters(name: str) -> None:
    assert macro_signatures("nl", name) == macro_signatures("en", name)


# --- every message says what it is about, with its values, in its own language ----------------------------------


@pytest.mark.parametrize("source", SOURCES)
def test_every_message_has_a_line_in_the_table_of_what_it_says(source: str) -> None:
    macros, says = SOURCES[source]
    assert sorted(says) == sorted(macros)
    assert MESSAGE_MACROS["item_added"] == ("item", "meeting")  # the parser sees the macros and their parameters


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize(("source", "macro"), EVERY_MACRO)
def test_every_message_says_its_values_in_its_own_language(source: str, macro: str, language: str) -> None:
    macros, says = SOURCES[source]
    text = render(language, macro, source=source, **sample_context(macro, macros[macro], "full"))
    own, values = said(says[macro], language)
    missing = [fragment for fragment in own + values if fragment not in text]
    assert not missing, f"{macro} ({language}) does not say {missing}:\n{text}"
    foreign = [fragment for fragment in said(says[macro], other(language))[0] if fragment in text]
    assert not foreign, f"{macro} ({language}) says {foreign} in {other(language)}:\n{text}"
    assert "\n\n\n" not in text


@pytest.mark.parametrize(("source", "macro"), EVERY_MACRO)
def test_every_message_renders_its_sparse_sample_differently_in_each_language(source: str, macro: str) -> None:
    macros, _ = SOURCES[source]
    context = sample_context(macro, macros[macro], "sparse")
    dutch, english = (render(language, macro, source=source, **context) for language in LANGUAGES)
    assert dutch.strip() and english.strip() and "\n\n\n" not in dutch + english
    assert dutch != english or macro in SAME_IN_BOTH


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


def test_dutch_item_added_speaks_dutch_with_dutch_dates() -> None:
    dutch = render("nl", "item_added", item=ITEM, meeting=MEETING_BARE | {"starts": MEETING["starts"]})
    english = render("en", "item_added", item=ITEM, meeting=MEETING_BARE | {"starts": MEETING["starts"]})
    assert dutch == (":white_check_mark: Agendapunt *#7* “Huisvesting statushouders” is voorgesteld voor "
                     "vergadering #4, dinsdag 15 december 2026, 10:00.")
    assert english == (":white_check_mark: Item *#7* “Huisvesting statushouders” is proposed for "
                       "session #4, Tuesday 15 December 2026, 10:00.")


# --- help pages ---------------------------------------------------------------------------------------------

# page → (how the Dutch page opens, how the English one does)
HELP_OPENS = {
    "/action": ("*/action*: actiepunten", "*/action*: action points"),
    "/agenda": ("*/agenda*: de agenda van de volgende vergadering", "*/agenda*: the agenda of the next session"),
    "/meeting": ("*/meeting*: de vergaderingen van de tafel", "*/meeting*: the sessions of the table"),
    "/minutes": ("*/minutes*: notities, de geobjectiveerde weergave", "*/minutes*: notes, the objectivised summary"),
    "/regie": ("*/regie*: de tafel zelf", "*/regie*: the table itself"),
    "overview": ("*Regiebot* voert het secretariaat van een regietafel",
                 "*Regiebot* runs the secretariat of a steering table"),
}


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("page", HELP_OPENS)
def test_every_help_page_opens_in_its_own_language(page: str, language: str) -> None:
    text = RENDERER.overview(language) if page == "overview" else RENDERER.help(page, language)
    own, foreign = HELP_OPENS[page][LANGUAGES.index(language)], HELP_OPENS[page][LANGUAGES.index(other(language))]
    assert text.startswith(own) and foreign not in text
    assert set(HELP_OPENS) == {*COMMANDS, "overview"}


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


def test_help_pages_hold_no_raw_angle_brackets_that_slack_would_read_as_links() -> None:
    for language in LANGUAGES:
        for command in COMMANDS:
            for page in (RENDERER.help(command, language), RENDERER.overview(language)):
                assert "<" not in page and ">" not in page, (command, language)


# --- labels -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("key", sorted(LABEL_MACROS))
def test_every_label_differs_between_the_languages_and_keeps_its_placeholders(key: str) -> None:
    dutch, english = (RENDERER.label(language, key) for language in LANGUAGES)
    assert dutch and english and dutch != english
    assert sorted(re.findall(r"{\w+}", dutch)) == sorted(re.findall(r"{\w+}", english))


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


def test_templates_root_is_the_checkout_templates_folder() -> None:
    assert Path(__file__).resolve().parent.parent / "templates" == ROOT
