"""``capture-desktop --self-test``: prove that this copy of the app works, end to end, offscreen.

CI runs it against the frozen bundle and the installed ``.deb``; a user or support person can
run it to ask "does my install work?". It exercises what a frozen build most often loses (the
sandbox, the loopback page, the icons, Qt's plugins, a working keyring) through the real
code paths, with no network beyond 127.0.0.1:

1. the embedded sandbox starts on a free loopback port, in a temporary data folder;
2. the authorization-code flow runs through the real ``LoopbackReceiver``: the code is issued
   for its ``redirect_uri``, delivered there by an HTTP GET (playing the browser) and exchanged
   at ``oauth/token``;
3. the token set is refreshed, a record is created with a creation token and read back;
4. the main window is built and painted once, offscreen.

It never touches the user's files or keyring items: ``CAPTURE_DESKTOP_HOME`` points at a
temporary folder, and the flows' secrets go to an in-memory TEST keyring. The one write to the
real keyring is a random probe item (service ``capture-desktop-selftest-probe``), stored, read
back and deleted at once, which proves the app could keep a secret there; with no usable
keyring (no Secret Service, no keychain) that step fails. It prints one line per step, ``✓``
or ``✗``, and returns 0 when every step passed, else 1. Token and secret values are never printed.

``core`` holds the Qt-free chain, ``gui`` the Qt checks and the startup probe, ``report`` the
step lines.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import logging
import os
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from capture_desktop import __version__

# One budget for the whole core chain, so a hung step cannot hang CI.
CHAIN_TIMEOUT_S = 60.0


@contextlib.contextmanager
def _isolated_home(keep: bool) -> Iterator[Path]:
    """A temporary CAPTURE_DESKTOP_HOME, restored (and removed unless ``keep``) afterwards."""
    previous = os.environ.get("CAPTURE_DESKTOP_HOME")
    home = Path(tempfile.mkdtemp(prefix="capture-desktop-selftest-"))
    os.environ["CAPTURE_DESKTOP_HOME"] = str(home)
    try:
        yield home
    finally:
        if previous is None:
            os.environ.pop("CAPTURE_DESKTOP_HOME", None)
        else:
            os.environ["CAPTURE_DESKTOP_HOME"] = previous
        if not keep:
            import shutil

            shutil.rmtree(home, ignore_errors=True)


def _parse(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="capture-desktop --self-test")
    parser.add_argument("--self-test", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--verbose", action="store_true", help="print tracebacks of failures")
    parser.add_argument("--keep-data", action="store_true", help="keep the temporary data folder")
    return parser.parse_args(argv)


def _output() -> IO[str]:
    # A windowed Windows build has no console: sys.stdout is None there.
    if sys.stdout is not None:
        return sys.stdout
    path = Path(tempfile.gettempdir()) / "capture-desktop-self-test.txt"
    return path.open("w", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    """Run every check; return 0 when all passed, 1 otherwise."""
    args = _parse(sys.argv[1:] if argv is None else argv)
    # Before anything imports Qt: no display needed, and qasync must pick PySide6.
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    os.environ.setdefault("QT_API", "pyside6")
    from capture_desktop.selftest import core, gui
    from capture_desktop.selftest.report import Reporter

    report = Reporter(_output(), args.verbose)
    root = logging.getLogger()
    root.addHandler(report.errors)  # also keeps app log noise off the report
    frozen = "frozen" if getattr(sys, "frozen", False) else "source"
    report.say(f"Capture Desktop {__version__} self-test ({frozen}, {sys.platform}, offscreen)")
    report.say(
        "Secrets go to an in-memory TEST keyring; your real keyring only sees one probe item, "
        "deleted at once."
    )
    started = time.perf_counter()
    try:
        with _isolated_home(args.keep_data) as home:
            report.say(f"Temporary data folder: {home}")
            core.check_keyring_backends(report)
            try:
                core.use_test_keyring()
            except Exception as exc:  # never go on: the app steps would use the real keyring
                report.fail("in-memory TEST keyring installed", exc)
                return 1
            core.check_resources(report)
            core.check_tls_trust(report)
            try:
                asyncio.run(asyncio.wait_for(core.run_chain(report, home), CHAIN_TIMEOUT_S))
            except TimeoutError as exc:
                report.fail(f"core checks finished within {CHAIN_TIMEOUT_S:.0f} s", exc)
            gui.app_checks(report)
    finally:
        root.removeHandler(report.errors)
    elapsed = time.perf_counter() - started
    if report.failures:
        report.say(f"self-test FAILED ({len(report.failures)} failed, {elapsed:.1f} s):")
        for failure in report.failures:
            report.say(f"  {report.marks[1]} {failure}")
        return 1
    report.say(f"self-test passed: {report.passed} checks in {elapsed:.1f} s")
    return 0
