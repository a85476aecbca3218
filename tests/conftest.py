"""Fixtures: every behaviour test runs on SQLite and on PostgreSQL, through real HTTP and a Slack double.

PostgreSQL is taken from TEST_POSTGRES_URL (default: 127.0.0.1:5432, user postgres, database test); each
run works in a database of its own (`regiebot_test_<pid>`, dropped at the end), so runs side by side do not
meet. Without a server those tests skip, unless REGIEBOT_REQUIRE_POSTGRES=1 (as in .ci/run), which turns
the skip into a failure.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlmodel import SQLModel

from bot.app import build
from bot.config import Settings
from bot.core.clock import ManualClock
from bot.objectivity import strangers
from bot.storage.db import FREEZE, THAW, Database, migrate
from bot.testing.slack_double import FakeSlack
from tests.harness import (
    ADMIN,
    CHAIR,
    MEMBER,
    MEMBER_IPO,
    OBSERVER,
    SECRETARY,
    Harness,
)

pytest_plugins = ["bot.testing.plugin"]  # the `slack_double` fixture

POSTGRES_URL = os.environ.get("TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
SIGNING_SECRET = "test-signing-secret-0123456789"
BOT_TOKEN = "xoxb-0000-test-token"
START = datetime(2026, 12, 1, 9, 0, tzinfo=ZoneInfo("Europe/Amsterdam"))  # a Tuesday


def _postgres_admin_session(statement: str) -> None:
    admin = create_engine(make_url(POSTGRES_URL), isolation_level="AUTOCOMMIT", connect_args={"connect_timeout": 3})
    try:
        with admin.connect() as connection:
            connection.execute(text(statement))
    finally:
        admin.dispose()


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """A fresh PostgreSQL database for this run, or a skip (a failure under REGIEBOT_REQUIRE_POSTGRES=1)."""
    name = f"regiebot_test_{os.getpid()}"
    try:
        _postgres_admin_session(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        _postgres_admin_session(f"CREATE DATABASE {name}")
    except Exception as error:  # any failure to reach the server is the reason to skip
        where = make_url(POSTGRES_URL).render_as_string(hide_password=True)
        reason = f"PostgreSQL not reachable at {where}: {error}".splitlines()[0]
        if os.environ.get("REGIEBOT_REQUIRE_POSTGRES") == "1":
            pytest.fail(reason + " (REGIEBOT_REQUIRE_POSTGRES=1)")
        pytest.skip(reason)
    yield make_url(POSTGRES_URL).set(database=name).render_as_string(hide_password=False)
    _postgres_admin_session(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


@pytest.fixture(scope="session", params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> str:
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('db') / 'regiebot.db'}"
    else:
        url = request.getfixturevalue("postgres_url")
    migrate(url)
    return url


@pytest.fixture
def database(database_url: str) -> Iterator[Database]:
    database = Database.from_url(database_url)
    yield database
    empty_database(database)
    database.dispose()


def empty_database(database: Database) -> None:
    """Delete every row; the triggers that freeze approved summaries are lifted for that moment only."""
    dialect = database.engine.dialect.name
    with database.engine.begin() as connection:
        for statement in THAW[dialect]:
            connection.exec_driver_sql(statement)
        for table in reversed(SQLModel.metadata.sorted_tables):
            connection.execute(table.delete())
        for statement in FREEZE[dialect]:
            connection.exec_driver_sql(statement)


@pytest.fixture
def slack(slack_double: FakeSlack) -> FakeSlack:
    """The Slack double with the test users in its workspace."""
    for user_id, name in [(ADMIN, "Ada Admin"), (CHAIR, "Chris Chair"), (SECRETARY, "Sam Secretary"),
                          (MEMBER, "Vera VNG"), (MEMBER_IPO, "Ivo IPO"), (OBSERVER, "Otto Observer")]:
        slack_double.add_user(user_id, name)
    return slack_double


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(START)


def make_settings(slack: FakeSlack, database_url: str, **overrides: object) -> Settings:
    values: dict[str, object] = {
        "slack_bot_token": BOT_TOKEN, "slack_signing_secret": SIGNING_SECRET, "slack_api_url": slack.api_url,
        "database_url": database_url, "bot_admins": ADMIN, "default_language": "en",
        "default_timezone": "Europe/Amsterdam", **overrides,
    }
    return Settings(_env_file=None, **values)  # type: ignore[call-arg]


@pytest.fixture(scope="session")
def name_detector() -> None:
    """The name detector (deduce) loaded once per test process that drafts through the bot, before the first
    request: its load takes longer than the harness waits for a listener's work."""
    strangers.warm()


@pytest.fixture
def bot(slack: FakeSlack, database: Database, database_url: str, clock: ManualClock,
        name_detector: None) -> Iterator[Harness]:
    regiebot = build(make_settings(slack, database_url), clock=clock, database=database)
    harness = Harness(regiebot, slack, clock, SIGNING_SECRET)
    yield harness
    harness.stop()
    regiebot.work.shutdown(10)


@pytest.fixture
def table(bot: Harness) -> Harness:
    """A table in CHANNEL with a chair, a secretary, two members and an observer, and session #1 planned."""
    assert "is now the steering table" in bot.command("/regie", "setup Landelijke Regietafel en", user=ADMIN).text
    for user, organisation, role in [(CHAIR, "BZK", "chair"), (SECRETARY, "BZK", "secretary"),
                                     (MEMBER, "VNG", "member"), (MEMBER_IPO, "IPO", "member"),
                                     (OBSERVER, "COA", "observer")]:
        result = bot.command("/regie", f"member add <@{user}> {organisation} {role}", user=ADMIN)
        assert "joined" in result.text, result.text
    assert "Planned session #1" in bot.command("/meeting", "schedule 2026-12-15 10:00 2h at The Hague",
                                               user=SECRETARY).text
    return bot
