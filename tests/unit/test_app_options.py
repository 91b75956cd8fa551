"""The GUI's command line: a desktop start (no arguments) and the options a user types."""

from __future__ import annotations

import pytest

from capture_desktop import __version__
from capture_desktop.app import Options, parse_args


def test_a_start_without_arguments_takes_the_defaults() -> None:
    assert parse_args([]) == Options(sandbox=False, profile=None, debug=False)


def test_typed_options_are_read_and_qt_arguments_are_left_to_qt() -> None:
    options = parse_args(["--sandbox", "--profile", "Staging", "--debug", "-style", "fusion"])
    assert options == Options(sandbox=True, profile="Staging", debug=True)


def test_version_prints_and_exits(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        parse_args(["--version"])
    assert exited.value.code == 0
    assert __version__ in capsys.readouterr().out
