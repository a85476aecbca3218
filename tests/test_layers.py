"""Imports point one way: the package rules of bot/ and handlers/, read from the source with `ast`, no plugin.

RULES maps each rule's name (the test id) to a check that returns its violations, one line each naming the file,
the line and the statement. Every import counts, also one inside a function or under `if TYPE_CHECKING:`. CASES
runs each rule on a small file tree of its own, to show that it can fail and what it lets pass.
"""

from __future__ import annotations

import ast
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SLACK_LIBRARIES = ("slack_bolt", "slack_sdk")
SQL_LIBRARIES = ("sqlmodel", "sqlalchemy")
QUERY_BUILDERS = {"select", "insert", "update", "delete", "text"}
SLACK_EDGE = ("bot/app.py", "bot/cli.py", "bot/slack", "bot/serving", "bot/console", "bot/testing")
BLOCK_KIT_ONLY = {"bot/minutes/posts.py": ("slack_sdk.models",)}  # pure Block Kit data classes: no client, no network
# what builds and runs the app around the domain; services.py is the bag app.py fills and hands to handlers
COMPOSITION = ("bot/app.py", "bot/cli.py", "bot/services.py", "bot/serving", "bot/console", "bot/testing")
EDGE_MODULES = ("bot.serving", "bot.console", "bot.testing", "bot.app", "bot.cli")
ENGINE_MAY_USE = ("bot.objectivity", "bot.core", "bot.render")

Rule = Callable[[Path], list[str]]


@dataclass(frozen=True, order=True)
class Use:
    """One import, or one call that builds a query, in one file; `target` is the absolute dotted name."""

    path: str
    line: int
    code: str
    target: str  # `from a import b` imports a.b; `import sqlalchemy as sa` makes `sa.text(…)` call sqlalchemy.text
    query: bool = False

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.code}"


def within(name: str, *modules: str) -> bool:
    return any(name == module or name.startswith(f"{module}.") for module in modules)


def inside(path: str, *places: str) -> bool:
    return any(path == place or path.startswith(f"{place}/") for place in places)


def _origin(node: ast.ImportFrom, package: str) -> str:
    base = package.rsplit(".", node.level - 1)[0] if node.level else ""  # `from ..x import y` climbs one package
    return ".".join(filter(None, (base, node.module)))


def _imports(tree: ast.AST, package: str) -> list[tuple[ast.stmt, str, str, str]]:
    """(statement, absolute name, local name, what the local name stands for) for each name an import brings in."""
    found: list[tuple[ast.stmt, str, str, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:  # `import a.b` binds `a`; `import a.b as c` binds `c` to a.b
                top = alias.name.split(".")[0]
                found.append((node, alias.name, alias.asname or top, alias.name if alias.asname else top))
        elif isinstance(node, ast.ImportFrom):
            origin = _origin(node, package)
            found.extend((node, f"{origin}.{alias.name}", alias.asname or alias.name, f"{origin}.{alias.name}")
                         for alias in node.names)
    return found


def _queries(tree: ast.AST, path: str, names: dict[str, str]) -> list[Use]:
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            head, _, rest = ast.unparse(node.func).partition(".")  # `sa.text` → sqlalchemy.text
            target = ".".join(filter(None, (names.get(head, head), rest)))
            if target.split(".")[0] in SQL_LIBRARIES and target.split(".")[-1] in QUERY_BUILDERS:
                found.append(Use(path, node.lineno, ast.unparse(node)[:80], target, query=True))
    return found


@cache
def uses(root: Path) -> tuple[Use, ...]:
    """Every import and query call in bot/ and handlers/, file by file, line by line."""
    found = []
    for file in sorted({*root.glob("bot/**/*.py"), *root.glob("handlers/**/*.py")}):
        path, tree = file.relative_to(root).as_posix(), ast.parse(file.read_text(encoding="utf-8"))
        imported = _imports(tree, ".".join(file.relative_to(root).parts[:-1]))
        found += sorted(Use(path, node.lineno, ast.unparse(node), name) for node, name, _, _ in imported)
        found += sorted(_queries(tree, path, {local: bound for _, _, local, bound in imported}))
    return tuple(found)


def forbid(files: Callable[[str], bool], wrong: Callable[[str, str], bool]) -> Rule:
    """A rule: a file that `files(path)` selects makes no import whose target `wrong(path, target)` refuses."""
    return lambda root: list(dict.fromkeys(str(use) for use in uses(root) if not use.query
                                           and files(use.path) and wrong(use.path, use.target)))


def node_of(name: str, root: Path) -> str:
    """The package graph's node for a module of bot/: its subpackage, its top-level module, or `bot` itself."""
    top = name.split(".")[1] if "." in name else "__init__"
    known = (root / "bot" / top).is_dir() or (root / "bot" / f"{top}.py").is_file()
    return f"bot.{top}" if known and top != "__init__" else "bot"


def package_cycles(root: Path) -> list[str]:
    """Each import from one node of bot/ to another that leads, through other imports, back to where it started."""
    edges: dict[tuple[str, str], list[Use]] = defaultdict(list)
    for use in uses(root):
        origin, target = node_of(use.path.removesuffix(".py").replace("/", "."), root), node_of(use.target, root)
        if inside(use.path, "bot") and not use.query and within(use.target, "bot") and target != origin:
            edges[origin, target].append(use)
    graph: dict[str, set[str]] = defaultdict(set)
    for origin, target in edges:
        graph[origin].add(target)

    def reachable(start: str) -> set[str]:
        seen, todo = set[str](), [start]
        while todo:
            for node in graph[todo.pop()] - seen:
                seen.add(node)
                todo.append(node)
        return seen

    return list(dict.fromkeys(f"{origin} → {target} → … → {origin}: {use}"
                              for (origin, target), imports in sorted(edges.items())
                              if origin in reachable(target) for use in imports))


RULES: dict[str, Rule] = {
    "only_bot_app_imports_handlers": forbid(
        lambda path: inside(path, "bot") and path != "bot/app.py", lambda _, target: within(target, "handlers")),
    "handlers_hold_no_sql_and_no_templates": forbid(
        lambda path: inside(path, "handlers"), lambda _, target: within(target, *SQL_LIBRARIES, "jinja2")),
    "handlers_import_nothing_from_storage": forbid(
        lambda path: inside(path, "handlers"), lambda _, target: within(target, "bot.storage")),
    "only_the_slack_edge_imports_slack_libraries": forbid(
        lambda path: inside(path, "bot") and not inside(path, *SLACK_EDGE),
        lambda path, target: within(target, *SLACK_LIBRARIES) and not within(target, *BLOCK_KIT_ONLY.get(path, ()))),
    "only_storage_builds_queries": lambda root: [str(use) for use in uses(root)
                                             if use.query and not inside(use.path, "bot/storage")],
    "objectivity_is_a_pure_engine": forbid(
        lambda path: inside(path, "bot/objectivity"),
        lambda _, target: (within(target, "bot") and not within(target, *ENGINE_MAY_USE))
        or within(target, *SLACK_LIBRARIES, *SQL_LIBRARIES)),
    "storage_imports_nothing_of_bot_outside_storage": forbid(
        lambda path: inside(path, "bot/storage"),
        lambda _, target: within(target, "bot") and not within(target, "bot.storage")),
    "core_imports_only_core_and_storage": forbid(
        lambda path: inside(path, "bot/core"),
        lambda _, target: within(target, "bot") and not within(target, "bot.core", "bot.storage")),
    "domain_never_imports_the_edge": forbid(
        lambda path: inside(path, "bot") and not inside(path, *COMPOSITION),
        lambda _, target: within(target, *EDGE_MODULES)),
    "only_console_and_testing_import_bot_testing": forbid(
        lambda path: inside(path, "bot", "handlers") and not inside(path, "bot/console", "bot/testing"),
        lambda _, target: within(target, "bot.testing")),
    "no_import_cycle_between_packages": package_cycles,
}


@pytest.mark.parametrize("rule", list(RULES))
def test_the_checkout_keeps_the_package_rule(rule: str) -> None:
    violations = RULES[rule](ROOT)
    assert not violations, f"{rule}:\n" + "\n".join(violations)


# --- each rule can fail: rule → a tree of files and its violations; the tree's other imports are allowed ---------
CASES: dict[str, tuple[dict[str, str], list[str]]] = {
    "only_bot_app_imports_handlers": (
        {"bot/agenda.py": "def f():\n    from handlers import routing\n", "bot/app.py": "import handlers\n",
         "handlers/x.py": "from handlers import y\n"},
        ["bot/agenda.py:2: from handlers import routing"]),
    "handlers_hold_no_sql_and_no_templates": (
        {"handlers/x.py": "import sqlalchemy.orm\nfrom jinja2 import Template\nfrom bot.render import Renderer\n",
         "bot/render.py": "from jinja2 import Environment\n"},
        ["handlers/x.py:1: import sqlalchemy.orm", "handlers/x.py:2: from jinja2 import Template"]),
    "handlers_import_nothing_from_storage": (
        {"handlers/minutes.py": "from bot import storage\nfrom bot.core import parsing\n"},
        ["handlers/minutes.py:1: from bot import storage"]),
    "only_the_slack_edge_imports_slack_libraries": (
        {"bot/agenda.py": "from slack_sdk import WebClient\n", "bot/console/x.py": "import slack_bolt\n",
         "bot/minutes/posts.py": "from slack_sdk.models.blocks import Block\nimport slack_sdk.web\n",
         "bot/slack/gateway.py": "import slack_sdk\n", "handlers/home.py": "from slack_bolt import App\n"},
        ["bot/agenda.py:1: from slack_sdk import WebClient", "bot/minutes/posts.py:2: import slack_sdk.web"]),
    "only_storage_builds_queries": (
        {"bot/agenda.py": "import sqlalchemy as sa\n\n\ndef f(db):\n    db.execute(sa.text('x'))\n",
         "handlers/home.py": "from sqlmodel import select as pick\npick(1).where(2)\n",
         "bot/tables.py": "from sqlmodel import Session\n\n\ndef select(x): ...\nselect(1)\n",
         "bot/storage/store.py": "from sqlmodel import select\nselect(1)\n"},
        ["bot/agenda.py:5: sa.text('x')", "handlers/home.py:2: pick(1)"]),
    "objectivity_is_a_pure_engine": (
        {"bot/objectivity/a.py": "from ..storage import models\nimport slack_sdk\nfrom sqlmodel import Session\n"
                                 "from . import lexicon\nfrom bot.core import y\nfrom bot.render import z\n",
         "bot/objectivity/b.py": "from bot.minutes import x\n"},
        ["bot/objectivity/a.py:1: from ..storage import models", "bot/objectivity/a.py:2: import slack_sdk",
         "bot/objectivity/a.py:3: from sqlmodel import Session", "bot/objectivity/b.py:1: from bot.minutes import x"]),
    "storage_imports_nothing_of_bot_outside_storage": (
        {"bot/storage/store.py": "from bot.core.clock import Clock\n",
         "bot/storage/migrations/env.py": "from bot.storage import models\n"},
        ["bot/storage/store.py:1: from bot.core.clock import Clock"]),
    "core_imports_only_core_and_storage": (
        {"bot/core/access.py": "from bot.meetings import x\nfrom bot.storage import store\nfrom . import replies\n"},
        ["bot/core/access.py:1: from bot.meetings import x"]),
    "domain_never_imports_the_edge": (
        {"bot/reminders/delivery.py": "from bot.serving.work_queue import WorkQueue\n",
         "bot/slack/gateway.py": "from bot import cli\n", "bot/app.py": "from bot import serving\n"},
        ["bot/reminders/delivery.py:1: from bot.serving.work_queue import WorkQueue",
         "bot/slack/gateway.py:1: from bot import cli"]),
    "only_console_and_testing_import_bot_testing": (
        {"handlers/home.py": "from bot.testing.slack_double import FakeSlack\n", "bot/app.py": "import bot.testing.x\n",
         "bot/console/terminal.py": "from bot.testing import payloads\n"},
        ["bot/app.py:1: import bot.testing.x", "handlers/home.py:1: from bot.testing.slack_double import FakeSlack"]),
    "no_import_cycle_between_packages": (
        {"bot/meetings/service.py": "from bot.reminders import plan\n", "bot/meetings/recurrence.py": "",
         "bot/reminders/plan.py": "def holidays():\n    from bot.meetings.recurrence import holiday_calendar\n",
         "bot/app.py": "from bot.services import Services\n", "bot/services.py": "import bot.serving.queue\n",
         "bot/serving/server.py": "if TYPE_CHECKING:\n    from bot.app import Regiebot\n",
         "bot/cli.py": "from bot import __version__\nfrom bot.app import build\n",
         "bot/__init__.py": "def main():\n    from bot.cli import main\n",
         "bot/minutes/a.py": "from bot.minutes.b import c\n", "bot/minutes/b.py": "from bot.minutes import a\n"},
        ["bot → bot.cli → … → bot: bot/__init__.py:2: from bot.cli import main",
         "bot.app → bot.services → … → bot.app: bot/app.py:1: from bot.services import Services",
         "bot.cli → bot → … → bot.cli: bot/cli.py:1: from bot import __version__",
         "bot.meetings → bot.reminders → … → bot.meetings: bot/meetings/service.py:1: from bot.reminders import plan",
         "bot.reminders → bot.meetings → … → bot.reminders: bot/reminders/plan.py:2: "
         "from bot.meetings.recurrence import holiday_calendar",
         "bot.services → bot.serving → … → bot.services: bot/services.py:1: import bot.serving.queue",
         "bot.serving → bot.app → … → bot.serving: bot/serving/server.py:2: from bot.app import Regiebot"]),
}


@pytest.mark.parametrize("rule", CASES)
def test_each_rule_names_the_file_and_import_that_break_it_and_only_those(rule: str, tmp_path: Path) -> None:
    tree, violations = CASES[rule]
    for path, text in tree.items():
        (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / path).write_text(text, encoding="utf-8")
    assert RULES[rule](tmp_path) == violations


def test_every_rule_is_shown_to_fail() -> None:
    assert set(CASES) == set(RULES)


def test_the_rules_read_every_package_and_see_the_queries_of_storage() -> None:
    read = {use.path for use in uses(ROOT)}
    packages = [path.parent.relative_to(ROOT).as_posix()
                for path in (*ROOT.glob("bot/**/__init__.py"), *ROOT.glob("handlers/**/__init__.py"))]
    assert {"bot/core", "bot/objectivity", "bot/storage/migrations", "handlers"} <= set(packages)
    assert [package for package in packages if not any(inside(path, package) for path in read)] == []
    assert any(use.query and use.path.startswith("bot/storage/store/") for use in uses(ROOT))
