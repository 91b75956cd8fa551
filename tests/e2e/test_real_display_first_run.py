"""The whole app on the platform users get: Qt's xcb on a real X server (Xvfb), driven with
real X input events (xdotool), from a fresh home folder as a first run.

The welcome page is up; the user opens the File menu with Alt+F and picks "Start the
built-in sandbox" with the arrow keys and Enter; the app must start the sandbox and switch
to its profile. Offscreen stays the platform of every other test.
"""

from __future__ import annotations

import queue
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import IO

import pytest

from tests.helpers.app_process import app_env
from tests.helpers.keyring_guard import memory_backend_env
from tests.helpers.xvfb import require_tools, xdotool, xvfb

pytestmark = pytest.mark.e2e

CODE = "from capture_desktop.app import run; raise SystemExit(run([]))"


class Lines:
    """A subprocess stream read on a thread, so a wait can give up at its deadline."""

    def __init__(self, stream: IO[str]) -> None:
        self._queue: queue.Queue[str] = queue.Queue()
        self.seen: list[str] = []
        threading.Thread(target=self._pump, args=(stream,), daemon=True).start()

    def _pump(self, stream: IO[str]) -> None:
        for line in stream:
            self._queue.put(line.rstrip())

    def wait_for(self, needle: str, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while (left := deadline - time.monotonic()) > 0:
            try:
                line = self._queue.get(timeout=left)
            except queue.Empty:
                break
            self.seen.append(line)
            if needle in line:
                return
        raise AssertionError(f"{needle!r} never came; last lines: {self.seen[-15:]}")


def test_first_run_on_xcb_opens_the_sandbox_from_the_keyboard(tmp_path: Path) -> None:
    require_tools()
    with xvfb() as display:
        _run(display, tmp_path)


def _run(display: str, tmp_path: Path) -> None:
    # No keyring at all, as on many machines; never the developer's own.
    env = app_env(tmp_path / "home", memory_backend_env(), DISPLAY=display, QT_QPA_PLATFORM="xcb")
    with subprocess.Popen(
        [sys.executable, "-c", CODE],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
        text=True,
    ) as app:
        _drive(app, display, tmp_path)


def _drive(app: subprocess.Popen[str], display: str, tmp_path: Path) -> None:
    try:
        assert app.stdout is not None and app.stderr is not None
        out, err = Lines(app.stdout), Lines(app.stderr)
        out.wait_for("ready", 60)
        window = xdotool(display, "search", "--sync", "--onlyvisible", "--name", "Capture Desktop")
        wid = window.splitlines()[0]
        # Xvfb has no window manager: click the window, then give it the keyboard focus.
        xdotool(display, "mousemove", "--window", wid, "600", "400", "click", "1")
        xdotool(display, "windowfocus", "--sync", wid)
        xdotool(display, "key", "--window", wid, "--delay", "150", "alt+f", "Down", "Return")
        err.wait_for("sandbox profile 'Sandbox' is active", 30)
        title = xdotool(display, "getwindowname", wid)
        assert "Sandbox" in title, title
        shot = tmp_path / "screen.png"
        subprocess.run(
            ["import", "-display", display, "-window", "root", str(shot)],
            check=True,
            timeout=30,
        )
        assert shot.stat().st_size > 10_000
        app.send_signal(signal.SIGTERM)
        assert app.wait(timeout=30) == 0
    finally:
        if app.poll() is None:
            app.kill()
            app.wait()
