"""The README tells the truth: its command reference, configuration and test command match the code."""

from __future__ import annotations

import re
from pathlib import Path

from bot.config import Settings
from bot.core.commands import COMMANDS

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text()


def _code_spans() -> set[str]:
    prose = re.sub(r"```.*?```", "", README, flags=re.DOTALL)
    return {span.replace("\\|", "|") for span in re.findall(r"`([^`]+)`", prose)}


def test_readme_lists_every_usage_line_of_the_command_table():
    missing = [usage for verbs in COMMANDS.values() for usage in verbs.values() if usage not in _code_spans()]
    assert missing == []


def test_readme_command_table_lists_no_command_the_bot_does_not_have():
    rows = re.findall(r"^\| `(/[^`]+)` \|", README, flags=re.MULTILINE)
    listed = {row.replace("\\|", "|") for row in rows}
    assert len(listed) == sum(len(verbs) for verbs in COMMANDS.values())
    known = {usage for verbs in COMMANDS.values() for usage in verbs.values()}
    assert listed - known == set()


def test_readme_documents_every_setting():
    rows = set(re.findall(r"^\| `([A-Z_]+)` \|", README, flags=re.MULTILINE))
    assert rows == {name.upper() for name in Settings.model_fields}


def test_ci_runs_the_readme_test_command():
    blocks = re.findall(r"```sh\n(.+?)\n```", README, flags=re.DOTALL)
    test_command = next(block for block in blocks if "pytest" in block)
    assert test_command in (ROOT / ".ci" / "run").read_text()
