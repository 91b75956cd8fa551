"""The README's first command is what a newcomer runs: it must show the first-run welcome page
(with "Try the built-in sandbox"), not skip it."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

from capture_desktop.app import parse_args

README = Path(__file__).resolve().parents[2] / "README.md"


def _first_command() -> str:
    text = README.read_text(encoding="utf-8")
    quick_start = text.split("## Quick start", 1)[1]
    block = re.search(r"```sh\n(.*?)```", quick_start, re.S)
    assert block is not None, "no command in the Quick start"
    return block.group(1).strip().splitlines()[0]


def test_first_command_opens_the_welcome_page() -> None:
    command = _first_command()
    launch = command.split("&&")[-1].strip()
    words = shlex.split(launch)
    assert words[0].endswith("capture-desktop"), command
    args = parse_args(words[1:])
    assert not args.sandbox, f"{command!r} skips the welcome page"


def test_readme_says_what_the_first_run_shows() -> None:
    quick_start = README.read_text(encoding="utf-8").split("## Quick start", 1)[1]
    first_step = quick_start.split("2.", 1)[0]
    assert "Try the built-in sandbox" in first_step
