"""A report safe to paste into a ticket: a HAR 1.2 file and a short Markdown summary.

``export_ticket(events, folder, stem, context, known_secrets)`` builds both from request-log
events, with every secret replaced by a named placeholder (``scrub``), then scans the text
that would be written for every secret the app knows (``known_secrets``: label → value, from
``gather_known_secrets``). If any would leak, nothing is written and ``TicketWouldLeak`` says
which secrets matched (by label, never by value). Qt-free.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, quote_plus

from capture_desktop.api.request_log import RequestEvent
from capture_desktop.ticket.har import build_har, har_problems, ordered
from capture_desktop.ticket.report import ReportContext, build_report
from capture_desktop.ticket.secrets import gather_known_secrets

__all__ = [
    "ReportContext",
    "TicketFiles",
    "TicketWouldLeak",
    "export_ticket",
    "find_leaks",
    "gather_known_secrets",
]

#: Shorter literals would match ordinary text (the request log uses the same floor).
MIN_SECRET_LENGTH = 6


class TicketWouldLeak(Exception):
    def __init__(self, matches: Sequence[str]) -> None:
        super().__init__(
            "Nothing was written: the report would contain " + "; ".join(matches) + "."
        )
        self.matches = list(matches)


@dataclass(frozen=True)
class TicketFiles:
    har: Path
    report: Path


def _forms(secret: str) -> set[str]:
    # The ways a value can appear in JSON text, a form body or a URL.
    return {
        secret,
        json.dumps(secret, ensure_ascii=False)[1:-1],
        json.dumps(secret)[1:-1],
        quote(secret, safe=""),
        quote_plus(secret, safe=""),
    }


def find_leaks(texts: Mapping[str, str], known_secrets: Mapping[str, str]) -> list[str]:
    """``"<label> in <file>"`` for every known secret found in any of ``texts``."""
    found: list[str] = []
    for label, secret in sorted(known_secrets.items()):
        if not secret or len(secret) < MIN_SECRET_LENGTH:
            continue
        forms = _forms(secret)
        for name, text in texts.items():
            if any(form in text for form in forms):
                found.append(f"{label} in the {name}")
    return found


def _write_atomically(path: Path, text: str) -> None:
    part = path.with_name(path.name + ".part")
    with open(part, "w", encoding="utf-8") as out:
        out.write(text)
    os.replace(part, path)


def export_ticket(
    events: Iterable[RequestEvent],
    folder: Path,
    stem: str,
    context: ReportContext,
    known_secrets: Mapping[str, str],
) -> TicketFiles:
    """Write ``<stem>.har`` and ``<stem>.md`` into ``folder``, or nothing if a secret leaks."""
    chosen = ordered(list(events))
    har = build_har(chosen, context.app_name, context.app_version)
    problems = har_problems(har)
    if problems:  # a bug here, not the user's doing: say so rather than write a broken file
        raise ValueError("the HAR file would be invalid: " + "; ".join(problems))
    texts = {
        "HAR file": json.dumps(har, indent=2, ensure_ascii=False),
        "Markdown report": build_report(chosen, context),
    }
    leaks = find_leaks(texts, known_secrets)
    if leaks:
        raise TicketWouldLeak(leaks)
    files = TicketFiles(folder / f"{stem}.har", folder / f"{stem}.md")
    folder.mkdir(parents=True, exist_ok=True)
    _write_atomically(files.har, texts["HAR file"] + "\n")
    _write_atomically(files.report, texts["Markdown report"])
    return files
