"""The README's first command is the brief's: set up and launch the app on the built-in sandbox.
Its text must also say what a plain first run shows (the welcome page with "Try the built-in
sandbox"), and where a sandbox user connects their own application."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

from capture_desktop.app import parse_args

README = Path(__file__).resolve().parents[2] / "README.md"


def _first_step() -> str:
    quick_start = README.read_text(encoding="utf-8").split("## Quick start", 1)[1]
    return quick_start.split("2.", 1)[0]


def _first_command() -> str:
    block = re.search(r"```sh\n(.*?)```", _first_step(), re.S)
    assert block is not None, "no command in the Quick start"
    return block.group(1).strip().splitlines()[0]


def test_first_command_launches_on_the_sandbox() -> None:
    command = _first_command()
    assert command.startswith("bash .ci/setup &&"), command
    words = shlex.split(command.split("&&")[-1].strip())
    assert words[0].endswith("capture-desktop"), command
    assert parse_args(words[1:]).sandbox, f"{command!r} does not open the built-in sandbox"


def test_readme_says_what_a_plain_first_run_shows() -> None:
    first_step = " ".join(_first_step().split())
    assert "Try the built-in sandbox" in first_step
    assert "Connect to my Capture application" in first_step
    assert "New connection profile" in first_step
