"""The whole app on a real X display (Xvfb, Qt's xcb platform), driven by real input events.

``capture-desktop --sandbox`` starts in fresh HOME/XDG folders with its own D-Bus session and
gnome-keyring. xdotool gives it keyboard focus the way a user does (a click, then focus: there
is no window manager), then types Ctrl+2, Ctrl+3, Ctrl+1 and Ctrl+Q. What is asserted is what
a user sees: the window's screenshots change to another page and back, and the app quits.
If the keys never reached the app (lost focus, a broken xcb input path), the screen would not
change and the test fails.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.helpers.secret_service import PrivateSecretService
from tests.helpers.xvfb import differing_fraction, require_tools, wait_for_screen, xdotool, xvfb

pytestmark = pytest.mark.e2e
REPO = Path(__file__).resolve().parents[2]
TITLE = "Sandbox — Capture Desktop"  # the window title names the active profile
CHANGED = 0.02  # another page: well over 2% of the window's pixels differ
SAME = 0.005  # the same page again: a focus frame or a caret at most


def _wait_for_line(path: Path, text: str, proc: subprocess.Popen[bytes], timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while text not in path.read_text(encoding="utf-8", errors="replace"):
        if proc.poll() is not None:
            raise AssertionError(f"the app exited {proc.returncode}: {path.read_text()[-2000:]}")
        if time.monotonic() > deadline:
            raise AssertionError(f"no {text!r} within {timeout} s in {path}")
        time.sleep(0.05)  # polling a log file for a line the app writes; bounded above


def test_keyboard_page_switch_and_quit_on_a_real_display(
    tmp_path: Path, private_secret_service: PrivateSecretService
) -> None:
    require_tools()
    home = tmp_path / "home"
    home.mkdir()
    shots = tmp_path / "shots"
    shots.mkdir()
    out, err = tmp_path / "app.out", tmp_path / "app.err"
    with xvfb() as display:
        env = {
            **{k: v for k, v in os.environ.items() if k != "PYTHON_KEYRING_BACKEND"},
            **private_secret_service.env,
            "DISPLAY": display,
            "QT_QPA_PLATFORM": "xcb",
            "QT_API": "pyside6",
            "HOME": str(home),
            "XDG_CONFIG_HOME": str(home / ".config"),
            "XDG_CACHE_HOME": str(home / ".cache"),
            "XDG_STATE_HOME": str(home / ".local" / "state"),
            "CAPTURE_DESKTOP_HOME": str(tmp_path / "capture-desktop"),
            "CAPTURE_DESKTOP_PAINT_PROBE": "1",
        }
        with out.open("wb") as stdout, err.open("wb") as stderr:
            proc = subprocess.Popen(
                [sys.executable, "-m", "capture_desktop", "--sandbox"],
                cwd=REPO,
                env=env,
                stdout=stdout,
                stderr=stderr,
            )
        try:
            _wait_for_line(out, "ready", proc, 60)
            _wait_for_line(err, "sandbox profile 'Sandbox' is active", proc, 60)
            window = xdotool(display, "search", "--sync", "--onlyvisible", "--name", TITLE)
            window = window.splitlines()[0]
            width, height = (int(v) for v in xdotool(
                display, "getwindowgeometry", "--shell", window
            ).split("WIDTH=")[1].replace("HEIGHT=", "").split()[:2])  # fmt: skip

            # The first page, once it has stopped changing.
            previous: list[Path] = []

            def settled(shot: Path) -> bool:
                done = bool(previous) and differing_fraction(previous[-1], shot) < 0.0005
                previous.append(shot)
                return done

            tokens_page = wait_for_screen(display, window, shots, "settled", settled, timeout=30)

            # Focus as a user gives it: a click on an inert spot (the status bar's right end).
            xdotool(display, "mousemove", "--window", window, str(width - 4), str(height - 4))
            xdotool(display, "click", "1")
            xdotool(display, "windowfocus", "--sync", window)

            xdotool(display, "key", "ctrl+2")
            records_page = wait_for_screen(
                display,
                window,
                shots,
                "ctrl2",
                lambda s: differing_fraction(tokens_page, s) > CHANGED,
            )
            xdotool(display, "key", "ctrl+3")
            wait_for_screen(
                display,
                window,
                shots,
                "ctrl3",
                lambda s: (
                    differing_fraction(tokens_page, s) > CHANGED
                    and differing_fraction(records_page, s) > CHANGED
                ),
            )
            xdotool(display, "key", "ctrl+1")
            wait_for_screen(
                display, window, shots, "ctrl1", lambda s: differing_fraction(tokens_page, s) < SAME
            )

            xdotool(display, "key", "ctrl+q")
            assert proc.wait(timeout=30) == 0, err.read_text()[-2000:]
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
