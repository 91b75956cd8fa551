"""Startup benchmark: cold start to the first painted main window, next to a bare PySide6
window, each in fresh subprocesses in the same run. Prints both medians and the ratios
(target: at most 1.5).

"Ready" is the page a returning user sees: the app home holds two profiles and two token
slots, and the Tokens page shows them, painted. Secrets, the HTTP client and the other pages
load after that paint, so they are not part of the figure.

A third program, the bare window reading one ``Qt`` enum, is printed for reference.

Both programs start on a real X display, as a user's do: a private Xvfb with Qt's xcb
platform (``--offscreen``, or no Xvfb installed, uses Qt's offscreen platform instead; the
first line of the output says which). Both start with compiled bytecode, as an installed app
does (see ``_child_env``).

    .venv/bin/python -m tests.perf.bench_startup [runs] [--offscreen]

Not collected by pytest (no test_ prefix); it prints figures rather than asserting.
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager

BARE = """
import sys
from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication, QMainWindow, QLabel
app = QApplication(sys.argv[:1])
w = QMainWindow(); w.setCentralWidget(QLabel("hello")); w.resize(1180, 760)
class P(QObject):
    def eventFilter(self, o, e):
        if e.type() == QEvent.Type.Paint:
            print("painted", flush=True); app.quit()
        return False
p = P(); w.installEventFilter(p); w.show(); app.exec()
"""

#: The same bare window, reading one member of the ``Qt`` namespace before it shows. PySide6
#: turns all of that namespace's C++ enums (93 of them, 1,195 members) into Python enum classes
#: the first time ``Qt`` is read; no window with content (an alignment, a table header) can
#: avoid that. The ratio to it says how much of the app's start-up is that one step.
BARE_ENUM = BARE.replace(
    "w = QMainWindow()", "from PySide6.QtCore import Qt; Qt.AlignmentFlag\nw = QMainWindow()"
)
if BARE_ENUM == BARE:
    raise RuntimeError("BARE changed: BARE_ENUM no longer reads a Qt enum")

APP = "from capture_desktop.app import run; run([])"


def _time_to(code: str, env: dict[str, str], *marks: bytes) -> list[float]:
    """Seconds from spawning ``code`` to each of ``marks`` printed on its stdout."""
    start = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "-c", code], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env
    )
    assert proc.stdout is not None
    seen: dict[bytes, float] = {}
    try:
        for line in proc.stdout:
            if line.strip() in marks:
                seen[line.strip()] = time.perf_counter() - start
            if len(seen) == len(marks):
                return [seen[m] for m in marks]
        raise RuntimeError(f"missing marks {marks} (exit code {proc.wait()})")
    finally:
        proc.terminate()
        proc.wait(timeout=20)


def _returning_user_home(home: str) -> None:
    """Two profiles and two token slots, as files only (no secret: the keyring is not read)."""
    from datetime import UTC, datetime, timedelta
    from pathlib import Path

    from capture_desktop.store.profiles import Profile, ProfileStore
    from capture_desktop.store.slots import SlotStore, TokenSlot

    old = os.environ.get("CAPTURE_DESKTOP_HOME")
    os.environ["CAPTURE_DESKTOP_HOME"] = home
    try:
        from capture_desktop.store import paths

        profiles = ProfileStore(paths.profiles_file())
        profiles.load()
        for name in ("Staging", "Production"):
            host = f"{name.lower()}-app.janraincapture.com"
            profiles.put(Profile(name=name, base_url=f"https://{host}", client_id="abc123"))
        slots = SlotStore(paths.slots_file())
        expires = datetime.now(UTC) + timedelta(hours=1)
        for i, kind in enumerate(("access", "creation")):
            slots.put(
                TokenSlot(f"slot-{i}", f"{kind} token", "Production", kind, expires_at=expires)  # type: ignore[arg-type]
            )
        assert Path(paths.profiles_file()).exists()
    finally:
        if old is None:
            os.environ.pop("CAPTURE_DESKTOP_HOME", None)
        else:
            os.environ["CAPTURE_DESKTOP_HOME"] = old


def _child_env(pycache: str) -> dict[str, str]:
    """Both programs start as an installed app does: with compiled bytecode. PySide6's
    modules come compiled from the wheel; the app's are compiled once, by the warm-up run,
    into a private folder (the checkout is left as it is, and the test runner's
    PYTHONDONTWRITEBYTECODE would otherwise make every run compile every module again)."""
    env = dict(os.environ, QT_API="pyside6", PYTHONPYCACHEPREFIX=pycache)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


@contextmanager
def _display(offscreen: bool) -> Iterator[dict[str, str]]:
    """The platform both programs start on: a private Xvfb (xcb), else offscreen."""
    if offscreen or shutil.which("Xvfb") is None:
        print("platform: offscreen (Qt's offscreen platform, no display)")
        yield {"QT_QPA_PLATFORM": "offscreen"}
        return
    from tests.helpers.xvfb import xvfb

    with xvfb() as display:
        print(f"platform: xcb on a private Xvfb {display} (a real X display)")
        yield {"QT_QPA_PLATFORM": "xcb", "DISPLAY": display}


def main() -> int:
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    runs = int(args[0]) if args else 5
    with (
        tempfile.TemporaryDirectory(prefix="capture-desktop-pycache-") as pycache,
        _display("--offscreen" in sys.argv) as platform,
    ):
        return _measure(runs, dict(_child_env(pycache), **platform))


def _measure(runs: int, base: dict[str, str]) -> int:
    bare: list[float] = []
    bare_enum: list[float] = []
    app: list[float] = []
    ready: list[float] = []
    _time_to(BARE, base, b"painted")  # warm the file cache once for both
    with tempfile.TemporaryDirectory() as home:  # and compile the app's bytecode
        _returning_user_home(home)
        _time_to(
            APP, dict(base, CAPTURE_DESKTOP_HOME=home, CAPTURE_DESKTOP_PAINT_PROBE="1"), b"ready"
        )
    for _ in range(runs):
        bare.append(_time_to(BARE, base, b"painted")[0])
        bare_enum.append(_time_to(BARE_ENUM, base, b"painted")[0])
        with tempfile.TemporaryDirectory() as home:
            _returning_user_home(home)
            env = dict(base, CAPTURE_DESKTOP_HOME=home, CAPTURE_DESKTOP_PAINT_PROBE="1")
            painted, loaded = _time_to(APP, env, b"painted", b"ready")
            app.append(painted)
            ready.append(loaded)
    b, a, r = statistics.median(bare), statistics.median(app), statistics.median(ready)
    e = statistics.median(bare_enum)
    print(f"bare PySide6 window, first paint: median {b * 1000:.0f} ms over {runs} runs")
    print(
        f"bare window reading one Qt enum, first paint: median {e * 1000:.0f} ms "
        f"({e / b:.2f} × the bare window; ready ÷ it {r / e:.2f})"
    )
    print(f"Capture Desktop main window, first paint: median {a * 1000:.0f} ms")
    print(f"Capture Desktop, profiles and token slots painted: median {r * 1000:.0f} ms")
    print(f"ratio (first paint) {a / b:.2f} (target <= 1.5); ratio (ready) {r / b:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
