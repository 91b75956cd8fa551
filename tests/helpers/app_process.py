"""The real ``capture-desktop`` as a subprocess: its entry point, its environment (a private
home, a keyring the test owns, offscreen Qt, the "ready" paint probe), and one run driven to
a chosen log line and then quit with SIGTERM, as closing the window does."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
from collections.abc import Callable, Mapping
from pathlib import Path


def entry_point() -> list[str]:
    """The installed ``capture-desktop`` script, or ``python -m capture_desktop`` without it."""
    script = Path(sys.executable).parent / "capture-desktop"
    return [str(script)] if script.exists() else [sys.executable, "-m", "capture_desktop"]


def app_env(home: Path, keyring_env: Mapping[str, str], **extra: str) -> dict[str, str]:
    """``os.environ`` for an app with ``home`` as its folder, offscreen, printing "painted" and
    "ready"; ``keyring_env`` is a private Secret Service's ``env`` or ``memory_backend_env()``
    (the keyring guard refuses anything else); ``extra`` goes on top."""
    return {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "QT_API": "pyside6",
        "CAPTURE_DESKTOP_HOME": str(home),
        "CAPTURE_DESKTOP_PAINT_PROBE": "1",
        "PYTHONPATH": os.pathsep.join(filter(None, [os.getcwd(), os.environ.get("PYTHONPATH")])),
        **keyring_env,
        **extra,
    }


def run_until(
    script: str, env: dict[str, str], logged: Callable[[str], bool], timeout: float = 60
) -> tuple[str, str]:
    """Runs the shell ``script``, which prints ``pid N`` of the app it starts. Once the app has
    printed "ready" and written a stderr line for which ``logged`` is true, the app gets
    SIGTERM; the script must then exit 0. Returns the script's stdout and stderr."""
    stderr_lines: list[str] = []
    seen = threading.Event()

    def read_stderr(stream: object) -> None:
        for line in stream:  # type: ignore[attr-defined]
            stderr_lines.append(line)
            if logged(line):
                seen.set()

    with subprocess.Popen(
        ["sh", "-c", script],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    ) as proc:
        assert proc.stdout is not None
        reader = threading.Thread(target=read_stderr, args=(proc.stderr,), daemon=True)
        reader.start()
        out: list[str] = []
        try:
            pid = 0
            for line in proc.stdout:
                out.append(line)
                if line.startswith("pid "):
                    pid = int(line.split()[1])
                if line.strip() == "ready":
                    break
            marks = [line.strip() for line in out]
            assert pid and "ready" in marks, f"the app did not start: {marks} {stderr_lines}"
            assert seen.wait(timeout), "".join(stderr_lines)
            os.kill(pid, signal.SIGTERM)
            out.extend(proc.stdout)
            assert proc.wait(timeout=timeout) == 0, "".join(stderr_lines)
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
        reader.join(10)
    return "".join(out), "".join(stderr_lines)
