"""The wheel carries everything the bot reads at run time: every package, templates in both languages and
migrations."""

from __future__ import annotations

import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_pyproject_lists_every_package_of_the_source_tree():
    listed = set(tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"])
    found = {".".join(init.parent.relative_to(ROOT).parts) for top in ("bot", "handlers")
             for init in (ROOT / top).rglob("__init__.py")}
    assert listed - {"bot.templates"} == found


def test_installed_wheel_finds_its_templates_and_migrations(tmp_path):
    subprocess.run([sys.executable, "-m", "pip", "wheel", str(ROOT), "--no-deps", "-q",
                    "-w", str(tmp_path / "dist")], check=True, capture_output=True, timeout=300)
    wheel = next((tmp_path / "dist").glob("regiebot-*.whl"))
    names = set(zipfile.ZipFile(wheel).namelist())
    for language in ("en", "nl"):
        assert f"bot/templates/{language}/messages.j2" in names
        assert f"bot/templates/{language}/help/agenda.md.j2" in names
    assert "bot/storage/migrations/script.py.mako" in names
    assert any(name.startswith("bot/storage/migrations/versions/0001") for name in names)
    assert "handlers/__init__.py" in names

    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    probe = ("from bot.app import build; from bot.render import Renderer, templates_root; "
             "from bot.core.replies import Message; "
             "print(templates_root()); "
             "print(Renderer.default().message(Message('bad_time', 'nl', {'value': '25:00'})))")
    result = subprocess.run([sys.executable, "-c", probe], cwd=tmp_path, env={"PYTHONPATH": str(site)},
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    root, message = result.stdout.splitlines()[:2]
    assert root == str(site / "bot" / "templates")
    assert "25:00" in message

    migrated = subprocess.run([sys.executable, "-c", f"from bot.storage.db import migrate; migrate('sqlite:///{tmp_path}/w.db')"],
                              cwd=tmp_path, env={"PYTHONPATH": str(site)}, capture_output=True, text=True, timeout=60)
    assert migrated.returncode == 0, migrated.stderr
