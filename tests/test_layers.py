"""The layers stay apart: the model, the store and the digest import no UI toolkit.

Checked in a fresh interpreter, because in the test process the TUI tests have long since
imported Textual and Rich, which would hide an accidental import.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).parent.parent

CORE_MODULES = [
    "reader.article",
    "reader.sanitize",
    "reader.library",
    "reader.config",
    "reader.feeds.http",
    "reader.feeds.parse",
    "reader.feeds.schedule",
    "reader.app",
    "reader.app.briefing",
    "digest.quotes",
    "digest.summary",
    "digest.select",
    "digest.briefing",
    "digest.render.markdown",
    "digest.render.text",
    "digest.render.html",
    "digest.mail",
]
UI_PACKAGES = ("textual", "typer", "rich", "click")


def test_core_modules_import_no_ui_package() -> None:
    program = (
        "import importlib, json, sys\n"
        f"for name in {CORE_MODULES!r}: importlib.import_module(name)\n"
        "roots = {m.split('.')[0] for m in sys.modules}\n"
        f"print(json.dumps(sorted(roots & set({UI_PACKAGES!r}))))"
    )
    done = subprocess.run(
        [sys.executable, "-c", program], capture_output=True, text=True, cwd=ROOT, check=True
    )
    assert json.loads(done.stdout) == []


def test_the_library_package_names_no_ui_package_in_its_source() -> None:
    offenders = [
        f"{path.relative_to(ROOT)}: {line.strip()}"
        for folder in ("reader/app", "reader/library", "reader/parsing", "reader/feeds", "digest")
        for path in (ROOT / folder).rglob("*.py")
        for line in path.read_text("utf-8").splitlines()
        if line.lstrip().startswith(("import ", "from "))
        and any(f" {pkg}" in line or f" {pkg}." in line for pkg in UI_PACKAGES)
    ]
    assert offenders == []


def test_every_command_line_module_is_held_to_the_application_layer() -> None:
    """The import-linter contract that keeps the CLI off ``reader.library``, ``reader.feeds``
    and ``digest`` lists its modules by name: a new ``reader/cli_*.py`` must be listed too."""
    import tomllib

    config = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))
    contracts = config["tool"]["importlinter"]["contracts"]
    (held,) = [c for c in contracts if c["name"].startswith("The command line reaches")]
    assert set(held["forbidden_modules"]) == {"reader.library", "reader.feeds", "digest"}
    faces = {f"reader.{p.stem}" for p in (ROOT / "reader").glob("cli*.py")}
    assert faces and faces <= set(held["source_modules"])
