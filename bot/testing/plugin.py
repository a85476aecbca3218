"""The Slack double as a pytest fixture: `pytest_plugins = ["bot.testing.plugin"]` in a conftest.py."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from bot.testing.slack_double import FakeSlack


@pytest.fixture
def slack_double() -> Iterator[FakeSlack]:
    """A started FakeSlack on a free port of its own, with nobody in its workspace; stopped after the test."""
    double = FakeSlack().start()
    yield double
    double.stop()
