"""The docs are tested: README commands exist, the CI runs README's test command, the CLI
reference is generated from the real --help."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from typer.testing import CliRunner

from dyad.cli.main import app

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def readme_commands() -> list[str]:
    """`dyad ...` command lines inside the README's code blocks."""
    blocks = re.findall(r"```[a-z]*\n(.*?)```", README, flags=re.S)
    return [line.strip() for block in blocks for line in block.splitlines()
            if line.strip().startswith("dyad ")]


def test_docs_readme_first_two_commands() -> None:
    blocks = re.findall(r"```(?:bash|sh)\n(.*?)```", README, flags=re.S)
    assert "dyad demo" in blocks[0], "the README's first command installs and runs the demo"
    assert "pytest" in blocks[1], "the README's second command runs the tests"
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    test_command = next(line.strip() for line in blocks[1].splitlines() if "pytest" in line)
    assert test_command in ci, ".ci/run must call the README's test command"


def test_docs_every_readme_command_and_option_exists() -> None:
    runner = CliRunner()
    names = {c.name or c.callback.__name__ for c in app.registered_commands}  # type: ignore[union-attr]
    for line in readme_commands():
        parts = line.split()
        sub = parts[1]
        assert sub in names, f"README uses `dyad {sub}`, which does not exist"
        help_text = runner.invoke(app, [sub, "--help"], env={"COLUMNS": "200"}).output
        for option in (p.split("=")[0] for p in parts if p.startswith("--")):
            assert option in help_text, f"README uses `{option}` of `dyad {sub}`, which it does not have"


def test_docs_cli_reference_is_current() -> None:
    out = subprocess.run([sys.executable, str(ROOT / "scripts" / "make_cli_docs.py"), "--check"],
                         capture_output=True, text=True)
    assert out.returncode == 0, "docs/cli.md is stale: run python scripts/make_cli_docs.py"
