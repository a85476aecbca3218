"""Imports point one way: handlers → bot. Only the edge of bot/ knows Slack; only storage builds queries."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# the console is a transport like handlers/: it signs payloads for Bolt and plays Slack's Web API
SLACK_EDGE = {"app.py", "slack.py", "views.py", "cli.py", "server.py",
              "console.py", "terminal.py", "slack_double.py", "payloads.py"}
QUERY_BUILDERS = {"store.py", "db.py"}
# pure Block Kit builders: slack_sdk.models only (data classes, no client, no network)
BLOCK_BUILDERS = {"thread_posts.py"}


def _imports(path: Path) -> set[str]:
    modules = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            modules.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            modules.add(node.module)
    return modules


def _bot_modules() -> list[Path]:
    return sorted((ROOT / "bot").glob("*.py"))


def test_only_the_composition_root_imports_handlers():
    offenders = [p.name for p in _bot_modules() if p.name != "app.py"
                 and any(m == "handlers" or m.startswith("handlers.") for m in _imports(p))]
    assert offenders == []


def test_only_the_slack_edge_of_bot_imports_slack_libraries():
    offenders = [p.name for p in _bot_modules() if p.name not in SLACK_EDGE
                 and any(m.split(".")[0] in ("slack_bolt", "slack_sdk") for m in _imports(p)
                         if not (p.name in BLOCK_BUILDERS and m.startswith("slack_sdk.models")))]
    assert offenders == []


def test_only_storage_builds_queries():
    offenders = [p.name for p in _bot_modules() if p.name not in QUERY_BUILDERS
                 and any(m in ("sqlmodel", "sqlalchemy") and _calls(p, {"select", "update", "delete", "text"})
                         for m in _imports(p))]
    assert offenders == []


def test_handlers_hold_no_sql_and_no_templates():
    offenders = [p.name for p in sorted((ROOT / "handlers").glob("*.py"))
                 if any(m.split(".")[0] in ("sqlmodel", "sqlalchemy", "jinja2") for m in _imports(p))]
    assert offenders == []


def _calls(path: Path, names: set[str]) -> bool:
    return any(isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in names
               for node in ast.walk(ast.parse(path.read_text())))
