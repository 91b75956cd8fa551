"""Screenshots of the request console and the audit-log viewer, from real sandbox calls.

Run under Xvfb (a real X window, not offscreen):

    xvfb-run -a -s "-screen 0 1440x900x24" .venv/bin/python -m tests.e2e.console_screenshots

Writes ``resources/screenshots/console.png`` (an error selected), ``console-curl.png`` (the
code exchange's redacted curl), ``console-reveal.png`` (the warning before revealing) and
``audit-log.png`` (or into ``--out DIR``).
The console shows a QA-like session against the sandbox on a real port, with the failing
``entity`` call (error 310) selected so the detail pane shows the error and the redacted
parameters. Not collected by pytest.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import sys
import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


async def shoot(out: Path, work: Path) -> None:
    import httpx
    from PySide6.QtWidgets import QApplication

    from capture_desktop.api.request_log import RequestLog
    from capture_desktop.store.audit import AuditLog
    from capture_desktop.ui.audit_view import AuditLogView
    from capture_desktop.ui.console.view import ConsoleView
    from tests.ui.console.fake_session import ConsoleSession
    from tests.ui.console.sandbox_calls import make_calls, owner_client, running_sandbox

    session = ConsoleSession()
    console = ConsoleView(session)
    console.setWindowTitle("Capture Desktop — Request console")
    console.resize(1280, 800)
    console.show()
    log = RequestLog()
    log.subscribe(session.request_logged.emit)
    with running_sandbox(work / "sandbox") as server:
        async with httpx.AsyncClient() as http:
            client, owner = owner_client(http, server, log)
            await make_calls(client, owner)
    errors = [r for r in range(console.model.rowCount()) if console.model.event_at(r).error]
    console.select_row(errors[0])
    console.detail.tabs.setCurrentWidget(console.detail.params)
    await settle()
    console.grab().save(str(out / "console.png"))

    # Redaction: the code exchange, its curl with $CAPTURE_* placeholders.
    ops = [console.model.event_at(r).operation for r in range(console.model.rowCount())]
    console.select_row(ops.index("oauth/token"))
    console.detail.tabs.setCurrentWidget(console.detail.curl)
    await settle()
    console.grab().save(str(out / "console-curl.png"))

    # Revealing asks first (non-modal warning over the console).
    console.reveal_button.click()
    await settle()
    box = console.copier.confirm_box
    if box is not None:
        box.grab().save(str(out / "console-reveal.png"))
        box.close()
    console.close()

    audit = AuditLog(work / "audit.jsonl")
    now = datetime.now(UTC).replace(microsecond=0)
    changes = (
        (
            "Sandbox",
            "entity.create",
            "6f1c2a9e-3b7d-4c55-9a0e-1d2f3a4b5c6d",
            ["email", "givenName"],
        ),
        ("Sandbox", "entity.update", "6f1c2a9e-3b7d-4c55-9a0e-1d2f3a4b5c6d", ["displayName"]),
        ("Staging EU", "entity.update", "0b8f6c1e-1111-4222-8333-444455556666", ["email"]),
        (
            "Staging EU",
            "entity.replace",
            "0b8f6c1e-1111-4222-8333-444455556666",
            ["primaryAddress", "statuses"],
        ),
        ("Staging EU", "entity.delete", "0b8f6c1e-1111-4222-8333-444455556666", ["statuses"]),
        ("Production", "entity.update", "a3d4e5f6-7788-4990-aabb-ccddeeff0011", ["emailVerified"]),
        ("Sandbox", "entity.delete", "9e8d7c6b-5a49-4382-9170-6f5e4d3c2b1a", ["(record)"]),
    )
    steps = iter(range(len(changes), 0, -1))
    audit._clock = lambda: now - timedelta(minutes=6 * next(steps))  # the last hour's work
    for profile, op, uuid, names in changes:
        audit.record(profile, op, uuid, names)
    viewer = AuditLogView(None, audit_log=audit)
    viewer.setWindowTitle("Capture Desktop — Audit log")
    viewer.resize(1180, 460)
    viewer.show()
    await settle()
    viewer.grab().save(str(out / "audit-log.png"))
    viewer.close()
    QApplication.processEvents()


async def settle() -> None:
    """Let layouts and paints finish (a few loop turns)."""
    from PySide6.QtWidgets import QApplication

    for _ in range(5):
        QApplication.processEvents()
        await asyncio.sleep(0.05)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", type=Path, default=REPO / "resources" / "screenshots")
    args = parser.parse_args()
    os.environ.setdefault("QT_API", "pyside6")
    args.out.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="capture-shots-"))
    os.environ["CAPTURE_DESKTOP_HOME"] = str(work / "home")

    import qasync
    from PySide6.QtWidgets import QApplication

    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(sys.argv[:1])
    app.setQuitOnLastWindowClosed(False)
    try:
        qasync.run(shoot(args.out, work))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(f"wrote console*.png and audit-log.png into {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
