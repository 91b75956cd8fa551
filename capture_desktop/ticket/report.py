"""The short Markdown report that goes into a ticket next to the HAR file."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from urllib.parse import urlsplit

from capture_desktop.api.errors import ApiError
from capture_desktop.api.request_log import RequestEvent


@dataclass(frozen=True)
class ReportContext:
    """What the report says about where the calls ran. Holds no secrets."""

    title: str
    app_name: str
    app_version: str
    environment: str
    base_url: str
    client_id: str
    steps: Sequence[str] = field(default_factory=tuple)
    created_at: datetime = field(default_factory=lambda: datetime.now(UTC))

    @property
    def host(self) -> str:
        return urlsplit(self.base_url).netloc or self.base_url


def _cell(text: str) -> str:
    # A pipe or a line break would split the table row.
    return " ".join(text.replace("|", "\\|").split())


def outcome(event: RequestEvent) -> tuple[str, str]:
    """(status, error with its plain-words meaning) for one call."""
    status = str(event.http_status) if event.http_status is not None else "no response"
    error = event.error
    if error is None:
        return status, "ok"
    if isinstance(error, ApiError):
        return status, f"{error.code} {error.error}: {error.meaning}"
    return status, f"{type(error).__name__}: {error.meaning}"


def build_report(events: Sequence[RequestEvent], context: ReportContext) -> str:
    lines = [
        f"# {context.title}",
        "",
        f"- App: {context.app_name} {context.app_version}",
        f"- Environment: {context.environment}",
        f"- Profile host: {context.host}",
        f"- Client id: {context.client_id}",
        f"- Exported: {context.created_at.astimezone(UTC).isoformat(timespec='seconds')}",
        "- Secrets are replaced by placeholders such as [ACCESS_TOKEN] and [CLIENT_SECRET].",
        "",
        "## Steps",
        "",
    ]
    steps = list(context.steps) or [f"{e.operation}: {outcome(e)[1].split(':')[0]}" for e in events]
    lines += [f"{n}. {_cell(step)}" for n, step in enumerate(steps, 1)] or ["(none)"]
    lines += [
        "",
        "## Calls",
        "",
        "| # | Operation | Status | Error | request_id | Duration |",
        "|---|---|---|---|---|---|",
    ]
    for n, event in enumerate(events, 1):
        status, error = outcome(event)
        lines.append(
            f"| {n} | {_cell(event.operation)} | {status} | {_cell(error)} | "
            f"{_cell(event.request_id or '-')} | {event.duration_ms:.0f} ms |"
        )
    if not events:
        lines.append("| - | (no calls) | | | | |")
    return "\n".join(lines) + "\n"
