"""A real X display for one test: Xvfb on a free display number, plus screenshot helpers.

Xvfb picks the display itself (``-displayfd``), so parallel runs never collide. There is no
window manager, so keyboard focus must be given by hand: click the window, then
``xdotool windowfocus --sync`` (shared/STACK-NOTES.md).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

TOOLS = ("Xvfb", "xdotool", "import", "compare")


def require_tools() -> None:
    missing = [tool for tool in TOOLS if shutil.which(tool) is None]
    if not missing:
        return
    message = f"{', '.join(missing)} not installed (.ci/setup installs xvfb xdotool imagemagick)"
    if os.environ.get("CI") == "true":
        pytest.fail(message)  # CI promises the real-display test: a skip would hide it
    pytest.skip(message)


@contextmanager
def xvfb(size: str = "1280x800x24", timeout: float = 20.0) -> Iterator[str]:
    """Yields the ``DISPLAY`` of a fresh Xvfb, ended afterwards."""
    read_fd, write_fd = os.pipe()
    proc = subprocess.Popen(
        ["Xvfb", "-displayfd", str(write_fd), "-screen", "0", size, "-nolisten", "tcp"],
        pass_fds=(write_fd,),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    os.close(write_fd)
    try:
        with os.fdopen(read_fd, "rb") as pipe:
            # Xvfb writes the display number once it accepts connections (or closes on failure).
            number = pipe.readline().decode().strip()
        if not number.isdigit():
            raise RuntimeError(f"Xvfb did not start (it wrote {number!r})")
        yield f":{number}"
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def xdotool(display: str, *args: str, timeout: float = 20.0) -> str:
    done = subprocess.run(
        ["xdotool", *args],
        env={**os.environ, "DISPLAY": display},
        capture_output=True,
        text=True,
        timeout=timeout,
        check=True,
    )
    return done.stdout.strip()


def screenshot(display: str, window: str, path: Path) -> Path:
    subprocess.run(
        ["import", "-window", window, str(path)],
        env={**os.environ, "DISPLAY": display},
        capture_output=True,
        timeout=30,
        check=True,
    )
    return path


def differing_fraction(a: Path, b: Path) -> float:
    """Share of pixels that differ between two same-size screenshots (ImageMagick compare)."""
    done = subprocess.run(
        ["compare", "-metric", "AE", "-fuzz", "3%", str(a), str(b), "null:"],
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )
    if done.returncode > 1:  # 0 same, 1 different, 2 error (e.g. sizes differ)
        raise RuntimeError(done.stderr)
    size = subprocess.run(
        ["identify", "-format", "%w %h", str(a)],
        capture_output=True,
        text=True,
        timeout=30,
        check=True,
    ).stdout.split()
    return float(done.stderr.split()[0]) / (int(size[0]) * int(size[1]))


def wait_for_screen(
    display: str,
    window: str,
    folder: Path,
    name: str,
    condition: Callable[[Path], bool],
    *,
    timeout: float = 15.0,
) -> Path:
    """Screenshot ``window`` until ``condition(path)`` holds; the last shot is returned.
    A bounded poll on what the user would see, not a sleep."""
    deadline = time.monotonic() + timeout
    attempt = 0
    while True:
        attempt += 1
        shot = screenshot(display, window, folder / f"{name}-{attempt}.png")
        if condition(shot):
            return shot
        if time.monotonic() > deadline:
            raise AssertionError(f"the screen never showed {name} (last shot: {shot})")
