"""The README tells the truth: its command reference, configuration and test command match the code."""

from __future__ import annotations

import re
from pathlib import Path

from bot.config import Settings
from bot.core.commands import SLASH_COMMANDS

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text()


def _command_rows() -> dict[str, str]:
    """The README's command reference: usage → who."""
    rows = re.findall(r"^\| `(/[^`]+)` \| ([^|]+) \|$", README, flags=re.MULTILINE)
    return {usage.replace("\\|", "|"): who.strip() for usage, who in rows}


def test_readme_lists_every_verb_of_the_command_table_once_with_who_may_run_it():
    rows = _command_rows()
    declared = {verb.usage: verb.who for command in SLASH_COMMANDS.values() for verb in command.verbs}
    assert sorted(rows) == sorted(declared)
    wrong = {usage: who for usage, who in rows.items() if not who.startswith(declared[usage])}
    assert wrong == {}


def test_readme_documents_every_setting():
    rows = set(re.findall(r"^\| `([A-Z_]+)` \|", README, flags=re.MULTILINE))
    assert rows == {name.upper() for name in Settings.model_fields}


def test_ci_runs_the_readme_test_command():
    blocks = re.findall(r"```sh\n(.+?)\n```", README, flags=re.DOTALL)
    test_command = next(block for block in blocks if "pytest" in block)
    assert test_command in (ROOT / ".ci" / "run").read_text()
