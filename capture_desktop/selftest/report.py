"""The self-test's report: one line per step (✓, ✗ or – skipped), and the failures kept."""

from __future__ import annotations

import logging
import time
import traceback
from collections.abc import Awaitable, Callable
from typing import IO


class Abort(Exception):
    """A step failed; the steps that depend on it are skipped."""


class ErrorLog(logging.Handler):
    """Collects the ERROR records the app logs: in a frozen build, a logged ImportError is
    exactly what a missing hidden import looks like, so it fails the step it happened in."""

    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


class Reporter:
    """Prints one line per step and remembers the failures."""

    def __init__(self, out: IO[str], verbose: bool) -> None:
        self.out = out
        self.verbose = verbose
        self.errors = ErrorLog()
        self.failures: list[str] = []
        self.passed = 0
        encoding = getattr(out, "encoding", None) or "ascii"
        try:
            "✓✗–".encode(encoding)
            self.marks = ("✓", "✗", "–")
        except (UnicodeEncodeError, LookupError):
            # e.g. a legacy code page console on Windows
            self.marks = ("+", "x", "-")

    def say(self, text: str) -> None:
        print(text, file=self.out, flush=True)

    def ok(self, name: str, detail: str, seconds: float) -> None:
        self.passed += 1
        suffix = f": {detail}" if detail else ""
        self.say(f"{self.marks[0]} {name}{suffix}  ({seconds * 1000:.0f} ms)")

    def fail(self, name: str, exc: BaseException) -> None:
        self.failures.append(name)
        self.say(f"{self.marks[1]} {name}: {type(exc).__name__}: {exc}")
        if self.verbose:
            self.say("".join(traceback.format_exception(exc)).rstrip())

    def skip(self, name: str, why: str) -> None:
        self.say(f"{self.marks[2]} {name}: skipped ({why})")

    async def run(self, name: str, step: Callable[[], Awaitable[str]]) -> None:
        start, logged = time.perf_counter(), len(self.errors.records)
        try:
            detail = await step()
            if len(self.errors.records) > logged:
                record = self.errors.records[logged]
                cause = f" ({record.exc_info[1]!r})" if record.exc_info else ""
                raise AssertionError(f"the app logged an error: {record.getMessage()}{cause}")
        except Exception as exc:
            self.fail(name, exc)
            raise Abort(name) from exc
        self.ok(name, detail, time.perf_counter() - start)
