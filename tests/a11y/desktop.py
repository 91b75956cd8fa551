"""A private desktop for keyboard and screen-reader tests: Xvfb, a session D-Bus with the
AT-SPI bus on it, the app on the ``xcb`` platform, xdotool keys and an AT-SPI reader.

The reader runs as a subprocess of the system Python (``/usr/bin/python3``), which has the
Debian ``python3-pyatspi`` bindings (GObject introspection); the project's venv stays free of
them. Every wait is on a condition, with a deadline. Processes are ended by their PID.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
SYSTEM_PYTHON = "/usr/bin/python3"
PROBE = HERE / "atspi_probe.py"

T = TypeVar("T")


def missing_tools() -> list[str]:
    """What this machine lacks for the tests (they are skipped, naming it, when not in CI)."""
    missing = [t for t in ("Xvfb", "xdotool", "dbus-daemon") if shutil.which(t) is None]
    if not Path("/usr/libexec/at-spi-bus-launcher").exists():
        missing.append("at-spi2-core")
    ok = (
        subprocess.run(
            [SYSTEM_PYTHON, "-c", "import pyatspi"], capture_output=True, check=False
        ).returncode
        == 0
        if Path(SYSTEM_PYTHON).exists()
        else False
    )
    if not ok:
        missing.append("python3-pyatspi")
    return missing


def wait_for(what: str, probe: Callable[[], T | None], timeout: float = 15.0) -> T:
    """Return ``probe()``'s first truthy value; fail naming ``what`` after ``timeout``.

    The app runs in another process, so there is no signal to await: each check is a
    round trip to it (X server or AT-SPI), with a short pause between them.
    """
    deadline = time.monotonic() + timeout
    last: T | None = None
    while True:
        last = probe()
        if last:
            return last
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout}s waiting for {what}")
        time.sleep(0.05)


def _stop(proc: subprocess.Popen[Any] | None, grace: float = 10.0) -> None:
    if proc is None or proc.poll() is not None:
        return
    proc.send_signal(signal.SIGTERM)
    try:
        proc.wait(timeout=grace)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


@dataclass
class Node:
    """One accessible object as the AT-SPI reader saw it."""

    role: str
    name: str
    description: str
    states: list[str]
    text: str | None
    path: str
    toolkit_class: str
    children: list[Node] = field(default_factory=list)
    rows: int | None = None

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Node:
        kids = [cls.from_json(c) for c in data.pop("children", [])]
        return cls(children=kids, **data)

    def walk(self) -> Iterator[Node]:
        yield self
        for child in self.children:
            yield from child.walk()

    @property
    def focused(self) -> bool:
        return "focused" in self.states

    @property
    def focusable(self) -> bool:
        return "focusable" in self.states

    @property
    def showing(self) -> bool:
        return "showing" in self.states

    def find(self, role: str | None = None, name: str | None = None) -> list[Node]:
        return [
            n
            for n in self.walk()
            if (role is None or n.role == role) and (name is None or n.name == name)
        ]

    def __repr__(self) -> str:
        return f"<{self.role} {self.name!r} {self.path}>"


class Desktop:
    """Xvfb + a private session bus; start the app on it, press keys, read its a11y tree."""

    def __init__(self, workdir: Path) -> None:
        self.workdir = workdir
        self.xvfb: subprocess.Popen[bytes] | None = None
        self.bus: subprocess.Popen[bytes] | None = None
        self.app: subprocess.Popen[bytes] | None = None
        self.display = ""
        self.bus_address = ""
        # The AT-SPI bus launcher puts its socket under XDG_RUNTIME_DIR (else ~/.cache):
        # private ones, so parallel runs on one machine never share or remove each other's.
        self.runtime_dir = workdir / "runtime"
        self.cache_dir = workdir / "cache"
        self.app_log = workdir / "app.log"

    # -- lifetime ---------------------------------------------------------------------------
    def start(self) -> None:
        self.runtime_dir.mkdir(mode=0o700, exist_ok=True)
        self.cache_dir.mkdir(mode=0o700, exist_ok=True)
        read_fd, write_fd = os.pipe()
        self.xvfb = subprocess.Popen(
            [
                "Xvfb",
                "-displayfd",
                str(write_fd),
                "-screen",
                "0",
                "1400x1000x24",
                "-nolisten",
                "tcp",
                "-noreset",
            ],
            pass_fds=(write_fd,),
            stderr=subprocess.DEVNULL,
        )
        os.close(write_fd)
        with os.fdopen(read_fd) as pipe:
            number = pipe.readline().strip()
        assert number, "Xvfb did not report its display"
        self.display = f":{number}"
        self.bus = subprocess.Popen(
            ["dbus-daemon", "--session", "--nofork", "--print-address=1"],
            env=self._private_dirs(dict(os.environ)),
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
        )
        assert self.bus.stdout is not None
        self.bus_address = self.bus.stdout.readline().decode().strip()
        assert self.bus_address, "dbus-daemon did not report its address"

    def close_app(self) -> None:
        _stop(self.app, grace=20)
        self.app = None

    def stop(self) -> None:
        self.close_app()
        # The bus launcher and registry were started by the bus (activation) and end with it.
        _stop(self.bus)
        if self.bus is not None and self.bus.stdout is not None:
            self.bus.stdout.close()
        _stop(self.xvfb)

    def _private_dirs(self, env: dict[str, str]) -> dict[str, str]:
        env.update(XDG_RUNTIME_DIR=str(self.runtime_dir), XDG_CACHE_HOME=str(self.cache_dir))
        return env

    def env(self) -> dict[str, str]:
        env = self._private_dirs(dict(os.environ))
        env.update(
            DISPLAY=self.display,
            DBUS_SESSION_BUS_ADDRESS=self.bus_address,
            QT_QPA_PLATFORM="xcb",
            QT_ACCESSIBILITY="1",
            QT_LINUX_ACCESSIBILITY_ALWAYS_ON="1",
            NO_AT_BRIDGE="0",
            PYTHONPATH=str(ROOT) + os.pathsep + env.get("PYTHONPATH", ""),
        )
        env.pop("AT_SPI_BUS_ADDRESS", None)
        env.pop("XAUTHORITY", None)
        return env

    def launch(
        self,
        *args: str,
        home: Path | None = None,
        script: str = "app_main.py",
        title: str = "Capture Desktop",
    ) -> None:
        """Start the app (in-memory keyring, a throw-away home) and wait for its window.

        ``script`` picks another entry point under tests/a11y (``widget_main.py`` shows one
        dialog on its own), and ``title`` the window to wait for.
        """
        env = self.env()
        env["CAPTURE_DESKTOP_HOME"] = str(home or self.workdir / "home")
        env["QT_API"] = "pyside6"
        with self.app_log.open("wb") as log:
            self.app = subprocess.Popen(
                [sys.executable, str(HERE / script), *args],
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
                cwd=ROOT,
            )
        self.wait_window(title)

    # -- X: windows and keys ----------------------------------------------------------------
    def xdotool(self, *args: str, check: bool = True) -> str:
        out = subprocess.run(
            ["xdotool", *args],
            env=self.env(),
            capture_output=True,
            text=True,
            timeout=20,
            check=False,
        )
        if check and out.returncode != 0:
            raise AssertionError(f"xdotool {' '.join(args)} failed: {out.stderr.strip()}")
        return out.stdout.strip()

    def window_ids(self, title: str) -> list[str]:
        assert self.app is not None
        if self.app.poll() is not None:
            raise AssertionError(f"the app exited ({self.app.returncode}):\n{self.log_tail()}")
        out = self.xdotool("search", "--onlyvisible", "--name", title, check=False)
        return out.split()

    def wait_window(self, title: str, timeout: float = 30.0) -> str:
        ids = wait_for(f"a window titled {title!r}", lambda: self.window_ids(title), timeout)
        return ids[-1]

    def focus_window(self, title: str) -> str:
        """Give a window the keyboard (Xvfb has no window manager to do it)."""
        wid = self.wait_window(title)
        self.xdotool("mousemove", "--window", wid, "5", "5", "click", "1")
        self.xdotool("windowfocus", "--sync", wid)
        return wid

    def key(self, *keys: str) -> None:
        self.xdotool("key", "--clearmodifiers", "--delay", "40", *keys)

    def type(self, text: str) -> None:
        self.xdotool("type", "--delay", "20", text)

    def log_tail(self, lines: int = 40) -> str:
        if not self.app_log.exists():
            return ""
        return "\n".join(self.app_log.read_text(errors="replace").splitlines()[-lines:])

    # -- AT-SPI -----------------------------------------------------------------------------
    def probe(self, command: str, *args: str) -> Any:
        assert self.app is not None
        out = subprocess.run(
            [SYSTEM_PYTHON, str(PROBE), command, str(self.app.pid), *args],
            env=self.env(),
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        if out.returncode != 0:
            raise AssertionError(f"AT-SPI probe {command} failed:\n{out.stderr[-3000:]}")
        return json.loads(out.stdout)

    def windows(self) -> list[Node]:
        """The app's top-level accessible windows (frames and dialogs) with their trees."""
        return [Node.from_json(w) for w in self.probe("tree")]

    def window(self, name: str, timeout: float = 20.0) -> Node:
        def look() -> Node | None:
            for w in self.windows():
                if w.name == name and w.showing:
                    return w
            return None

        return wait_for(f"the accessible window {name!r}", look, timeout)

    def focus(self) -> Node | None:
        """The object holding keyboard focus, as a screen reader would be told."""
        nodes = [Node.from_json(n) for n in self.probe("focused")]
        # Qt marks the current tab of every tab bar "focused"; a tab holds the keyboard only
        # when its tab bar does.
        real = [n for n in nodes if n.role != "page tab"]
        if not real:
            return None
        if real[0].role == "page tab list":
            tabs = [n for n in nodes if n.role == "page tab" and n.path.startswith(real[0].path)]
            return tabs[0] if tabs else real[0]
        return real[0]

    def wait_focus(self, what: str, match: Callable[[Node], bool], timeout: float = 10.0) -> Node:
        last: list[Node | None] = [None]

        def look() -> Node | None:
            last[0] = self.focus()
            return last[0] if last[0] is not None and match(last[0]) else None

        try:
            return wait_for(what, look, timeout)
        except AssertionError as exc:
            raise AssertionError(f"{exc}; focus is on {last[0]!r}") from None

    def tab_until(
        self, what: str, match: Callable[[Node], bool], limit: int = 40, key: str = "Tab"
    ) -> Node:
        """Press Tab (or ``key``) until the focus matches; fail after ``limit`` presses."""
        seen: list[str] = []
        for _ in range(limit):
            self.key(key)
            now = self.focus()
            seen.append(repr(now))
            if now is not None and match(now):
                return now
        raise AssertionError(f"{key} never reached {what}; went through {seen}")

    def listen(self, seconds: float = 60.0) -> EventLog:
        """Start recording the app's spoken events (announcements, name changes)."""
        assert self.app is not None
        proc = subprocess.Popen(
            [SYSTEM_PYTHON, str(PROBE), "events", str(self.app.pid), str(seconds)],
            env=self.env(),
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
        )
        log = EventLog(proc)
        wait_for("the event listener", lambda: log.ready, timeout=20)
        return log


class EventLog:
    """Events read by a listening probe, collected on a thread as they arrive."""

    def __init__(self, proc: subprocess.Popen[str]) -> None:
        import threading

        self.proc = proc
        self.ready = False
        self.events: list[dict[str, Any]] = []
        self._thread = threading.Thread(target=self._read, daemon=True)
        self._thread.start()

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            if line.strip() == "ready":
                self.ready = True
            elif line.startswith("{"):
                self.events.append(json.loads(line))

    def wait(
        self, what: str, match: Callable[[dict[str, Any]], bool], timeout: float = 15
    ) -> dict[str, Any]:
        """The first recorded event that matches (waiting for it)."""
        return wait_for(
            f"{what} (heard: {self.events[-8:]})",
            lambda: next((e for e in list(self.events) if match(e)), None),
            timeout,
        )

    def close(self) -> None:
        _stop(self.proc, grace=5)
        self._thread.join(timeout=5)
        if self.proc.stdout is not None:
            self.proc.stdout.close()
