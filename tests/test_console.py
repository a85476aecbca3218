"""`regiebot console`: typed lines go through Bolt's own dispatch as Slack payloads, and the transcript shows
what Slack received. Scripts stop at the first console error; the bot's refusals are output, not errors."""

from __future__ import annotations

import io
import subprocess
import sys
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from slack_sdk.models.views import View

from bot import cli
from bot.config import Settings
from bot.console import slack_text
from bot.console import start as console
from bot.testing import payloads

START = datetime(2026, 12, 1, 9, 0, tzinfo=ZoneInfo("Europe/Amsterdam"))  # a Tuesday
REGIEBOT = Path(sys.executable).with_name("regiebot")

SETUP = """\
# a table in #tafel, with a chair, a secretary and two members
:in #tafel
/regie setup Regietafel Noord en
/regie member add @voorzitter BZK chair
/regie member add @secretaris BZK secretary
/regie member add @vng VNG member
/regie member add @coa COA member
:as @secretaris
/meeting schedule 2026-12-22 10:00 2h at Den Haag
"""

CYCLE = SETUP + """\
:as @vng
/agenda add Housing -- the figures per province
/agenda add
Asylum seekers' centre
Where and when
2
:as @gast
/agenda add Not on the table
:as @secretaris
/action add @coa Count the places due 2026-12-18
:clock 2026-12-08 12:00
:as @coa
:click Propose an item
Capacity
{empty}
3
:as @secretaris
/agenda list
:clock 2026-12-21 12:00
"""


def settings() -> Settings:
    return Settings.model_validate({"default_language": "en", "default_timezone": "Europe/Amsterdam"})


def database(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'console.db'}"


def run(script: str, url: str, *, interactive: bool = False, demo: bool = False) -> tuple[int, str]:
    out = io.StringIO()
    status = console.run(settings(), io.StringIO(script.replace("{empty}", "")), script=not interactive, out=out,
                         database_url=url, demo_table=demo, start=START)
    return status, out.getvalue()


def test_a_full_cycle_in_the_console(tmp_path: Path) -> None:
    status, text = run(CYCLE, database(tmp_path))

    assert status == 0, text
    assert "@admin #tafel › /regie setup Regietafel Noord en" in text
    assert "only visible to @admin · #tafel\n  │ ✅ #tafel is now the steering table Regietafel Noord" in text
    assert "✅ @voorzitter joined Regietafel Noord for BZK as chair." in text
    assert "#tafel · message 1\n  │ 📅 Regietafel Noord: session #1, Tuesday 22 December 2026, 10:00" in text
    assert "✅ Item #1 “Housing” is proposed for session #1" in text
    # the agenda modal, asked field by field and submitted as a view_submission
    assert "┌ modal for @vng: “Propose an agenda item”" in text
    assert "  ? Title: Asylum seekers' centre\n  ? Description (optional): Where and when\n" in text
    assert "✅ Item #2 “Asylum seekers' centre” is proposed" in text
    # someone off the table is refused: output, not an error
    assert "only visible to @gast · #tafel\n  │ ⚠️ You are not a member of Regietafel Noord." in text
    # the call for items arrives at its moment, and its button opens the same modal for whoever presses it
    assert text.count("is coming up") == 1
    assert "  · Tue 8 Dec 2026 10:00 (Europe/Amsterdam)\n  ┌ #tafel · message" in text
    assert "  │ [ Propose an item ]" in text
    assert "┌ modal for @coa: “Propose an agenda item”" in text
    assert "✅ Item #3 “Capacity” is proposed" in text
    # reminders fire once each on the way to 21 December: the action DMs, the close and the meeting reminder
    assert text.count("direct message to @coa") == 2
    assert text.count("your action point is due Friday 18 December 2026") == 1
    assert text.count("today is the due date of your action point") == 1
    assert text.count("Final agenda") == 1
    assert text.count("reminder of session #1") == 1
    assert text.index("Tue 8 Dec") < text.index("Wed 16 Dec") < text.index("Fri 18 Dec") < text.index("Sat 19 Dec")
    assert "  · it is now Mon 21 Dec 2026 12:00 (Europe/Amsterdam)\n  · bye; the database keeps everything" in text


def test_app_home_for_a_chair_and_a_member_is_valid_block_kit(tmp_path: Path) -> None:
    out = io.StringIO()
    with console.session(settings(), out=out, database_url=database(tmp_path), start=START) as session:
        for line in (SETUP + ":as @secretaris\n/action add @vng Send the figures due 2026-12-10\n"
                     ":as @voorzitter\n:home\n:as @vng\n:home\n").splitlines():
            assert session.handle(line), out.getvalue()
        views = {call["user_id"]: call["view"] for call in session.slack.sent("views.publish")}
        chair, member = (session.workspace.people[handle].user_id for handle in ("voorzitter", "vng"))

    for view in views.values():
        View(**view).validate_json()  # slack-sdk's own checks of Slack's limits
        assert view["type"] == "home" and len(view["blocks"]) <= 100
    text = out.getvalue()
    assert "┌ App Home of @voorzitter\n  │ Your steering tables\n" in text
    assert "Regietafel Noord (#tafel)\n  │ Next session: #1, Tuesday 22 December 2026, 10:00 at Den Haag" in text
    assert "Send the figures" in str(views[member]) and "Send the figures" not in str(views[chair])
    assert "┌ App Home of @vng" in text and "#1 Send the figures · due 10 Dec" in text


def test_bad_console_input_gets_a_line_and_the_session_goes_on(tmp_path: Path) -> None:
    lines = SETUP + """\
:bogus
:click Approve
:as @nobody
:in #Not a channel
:clock 2026-11-01 09:00
:clock tomorrow
:reply 99 akkoord
:modal
:as @vng
/agenda add
{empty}
Housing
{empty}
9
decision
/agenda list
"""
    status, text = run(lines, database(tmp_path), interactive=True)

    assert status == 0
    assert "  ! unknown console command :bogus; :help lists them" in text
    assert "  ! no button “Approve” on the messages @secretaris can see" in text
    assert "  ! there is no @nobody in this workspace" in text
    assert "  ! name a channel as #name" in text
    assert "  ! the clock only moves forward; it is Tue 1 Dec 2026 09:00 (Europe/Amsterdam)" in text
    assert "  ! usage: :clock +14d" in text
    assert "  ! no message 99 to answer in a thread" in text
    assert "  ! no modal is open" in text
    assert "  ! “Title” is required: Slack does not submit the modal without it" in text
    assert "  ! “Kind”: choose one of 1 For discussion, 2 For decision, 3 For information" in text
    assert "1. #1 Housing (for decision, VNG)" in text


def test_the_bot_s_field_errors_come_back_into_the_modal(tmp_path: Path) -> None:
    lines = SETUP + """\
/action add
{empty}
{empty}
Write the memo
2026-11-30
@coa
{empty}
/action list
"""
    status, text = run(lines, database(tmp_path))

    assert status == 0, text
    assert "stays open, with these under its fields\n  │ Owner (a person): Choose a person or an organisation" in text
    assert "  │ Due date: `2026-11-30` lies in the past." in text
    assert "✅ Action point #1 Write the memo · @coa (COA)" in text


def test_a_script_stops_at_the_first_error_with_status_1(tmp_path: Path) -> None:
    status, text = run("/regie help\n:as @nobody\n/meeting list\n", database(tmp_path))

    assert status == 1
    assert "/regie help" in text and "  ! there is no @nobody" in text
    assert "› /meeting list" not in text


def test_a_crash_in_the_bot_is_an_error_and_says_so(tmp_path: Path) -> None:
    out = io.StringIO()
    with console.session(settings(), out=out, database_url=database(tmp_path), start=START) as session:
        for line in SETUP.splitlines():
            assert session.handle(line)
        session.regiebot.services.meetings.upcoming = lambda actor: 1 / 0  # type: ignore[method-assign]
        assert session.handle("/meeting list") is False
        assert session.handle("/meeting next") is True  # and the session goes on

    assert "  ! the bot failed: listener failed (ZeroDivisionError: division by zero)" in out.getvalue()
    assert "Something went wrong on our side" in out.getvalue()


def test_the_demo_is_seeded_once_and_reused_on_the_next_start(tmp_path: Path) -> None:
    url = database(tmp_path)
    first_status, first = run("/agenda list\n", url, demo=True)
    second_status, second = run(":as @coa\n/action list mine\n:home\n", url, demo=True)

    assert (first_status, second_status) == (0, 0), first + second
    assert "seeding the demo table #lrt" in first and "/regie setup Landelijke Regietafel" in first
    assert "Agenda van Landelijke Regietafel Migratie en Integratie, vergadering #1, dinsdag 22 december 2026" in first
    assert "3. #3 Inburgering: eerste ervaringen met de nieuwe wet (ter bespreking, SZW)" in first
    assert "the demo table #lrt is already in this database" in second and "seeding" not in second
    assert "#1 Overzicht beschikbare opvangplekken per regio aanleveren · @coa (COA)" in second
    assert "#4" not in second.split("already in this database")[1]
    assert "┌ App Home of @coa" in second


@pytest.mark.parametrize(("script", "status", "expected"), [
    ("/regie setup Proef en\n/regie help\n", 0, "is now the steering table Proef"),
    ("/regie help\n:nonsense\n/regie help\n", 1, "unknown console command :nonsense"),
])
def test_the_installed_command_runs_a_script_from_standard_input(tmp_path: Path, script: str, status: int,
                                                                  expected: str) -> None:
    result = subprocess.run([str(REGIEBOT), "console", "--script", "-", "--database", database(tmp_path),
                             "--clock", "2026-12-01 09:00"], input=script, capture_output=True, text=True,
                            cwd=tmp_path, timeout=120, env={"PATH": "/usr/bin:/bin", "DEFAULT_LANGUAGE": "en"})

    assert result.returncode == status, result.stdout + result.stderr
    assert expected in result.stdout
    assert "bye; the database keeps everything" in result.stdout


def test_cli_console_needs_no_slack_credentials_and_reads_a_script_file(tmp_path: Path, monkeypatch,
                                                                         capsys) -> None:
    for name in ("SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET", "DATABASE_URL"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)
    (tmp_path / "walk.txt").write_text("# comments are echoed\n:in #tafel\n/regie setup Proef en\n")

    status = cli.main(["console", "--script", "walk.txt", "--database", database(tmp_path), "--clock",
                       "2026-12-01 09:00"])

    text = capsys.readouterr().out
    assert status == 0, text
    assert "# comments are echoed\n@admin #general › :in #tafel\n" in text
    assert "#tafel is now the steering table Proef" in text
    assert cli.main(["console", "--script", "missing.txt"]) == 2
    assert "cannot read the script missing.txt" in capsys.readouterr().err
    assert cli.main(["console", "--clock", "next week"]) == 2


def test_what_people_type_is_sent_as_slack_escapes_it() -> None:
    sent = payloads.typed_text("a <b> & @VNG in #tafel, @nobody #3 https://x.nl/a?b=1", people={"vng": "U1"},
                               channels={"tafel": "C1"})
    assert sent == "a &lt;b&gt; &amp; <@U1|vng> in <#C1|tafel>, @nobody #3 <https://x.nl/a?b=1>"


def test_what_the_bot_sends_reads_as_slack_shows_it() -> None:
    shown = slack_text.mrkdwn("*Bold* _it_ <@U1> <@U9|ivo> <#C1> <!channel> <https://x.nl|site> &lt;b&gt; &amp; "
                              ":warning: snake_case_name", user={"U1": "vng"}.get, channel={"C1": "tafel"}.get)
    assert shown == "Bold it @vng @ivo #tafel @channel site (https://x.nl) <b> & ⚠️ snake_case_name"


def test_a_title_that_tries_to_ping_the_channel_comes_back_as_text(tmp_path: Path) -> None:
    status, text = run(SETUP + ":as @vng\n/agenda add <!channel> & co\n/agenda list\n", database(tmp_path))

    assert status == 0, text
    assert "✅ Item #1 “<!channel> & co” is proposed" in text
    assert "@channel" not in text


MINUTES_CYCLE = SETUP + """\
:as @vng
/agenda add Housing -- the figures per province
:as @coa
/agenda add Reception capacity
:clock 2026-12-22 12:30
:as @secretaris
/minutes note #1 @vng reported that 420 status holders are waiting for a home.
/minutes decision #1 Everyone agreed to the regional housing plan.
/minutes note #2 Action: @coa to send the overview of places per region by 2026-12-30.
/minutes note #2 Off the record: the mayor of Ter Apel is furious.
/minutes draft
:as @vng
:click Approve
:as @voorzitter
:click Request changes
Add the figures of the north
:as @secretaris
/minutes note #2 COA reported 1,200 free places in the north.
/minutes draft
:as @voorzitter
:reply 5 akkoord
:as @vng
/minutes export docx
"""


def test_notes_draft_refused_and_accepted_approval_in_the_console(tmp_path: Path) -> None:
    status, text = run(MINUTES_CYCLE, database(tmp_path))

    assert status == 0, text
    assert "1. note, item #1 Housing: @vng reported that 420 status holders" in text  # mentions read back as names
    start = text.index("#tafel · message 6 · in the thread of message 5")
    draft = text[start:text.index("only visible to @secretaris", start)]
    assert "• VNG reported that 420 status holders are waiting for a home." in draft
    assert "• The regional housing plan was agreed." in draft
    assert "send the overview of places per region · COA · 30 December 2026 · 2" in draft
    assert "Ter Apel" not in draft and "furious" not in draft
    assert "Left out (1):\n  │ • Note 4, off the record" in text
    assert "only visible to @vng · #tafel\n  │ ⚠️ Only the chair (or a deputy) can approve" in text
    assert "Version 1 · changes requested" in text
    assert "asked for changes to version 1: Add the figures of the north" in text
    assert "#tafel · message 8 · in the thread of message 5" in text and "1,200 free places" in text
    assert "Version 2 · approved\n  │ Approved by @voorzitter on Tuesday 22 December 2026, 12:30" in text
    assert "Recorded as action points: #1." in text
    assert "file in #tafel: regietafel-noord-session-1-v2.docx" in text
