""" "Export for a ticket…": the session's side of the core ticket report.

Builds the report's context from the active profile (host, client id, environment) and the
app version, gathers every secret the app knows (the keyring's client secrets and slot
tokens, and the tokens and codes the client has seen) for the final scan, and writes the
HAR and Markdown files through ``capture_desktop.ticket``. Qt-free; the UI runs it as a task.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from capture_desktop.ticket import TicketFiles

log = logging.getLogger(__name__)


def default_stem(now: datetime | None = None) -> str:
    moment = (now or datetime.now(UTC)).astimezone(UTC)
    return "capture-ticket-" + moment.strftime("%Y%m%d-%H%M%S")


class TicketExporter:
    """Exports request-log events of ``session`` (a ``services.session.Session``)."""

    def __init__(self, session: Any) -> None:
        self.session = session

    async def known_secrets(self) -> dict[str, str]:
        from capture_desktop.store.secrets import SecretStoreUnavailable
        from capture_desktop.ticket import gather_known_secrets

        session = self.session
        profiles = session.profile_store.list()
        slots = session.tokens.keeper.slots()
        try:
            return await gather_known_secrets(session.secrets, profiles, slots)
        except SecretStoreUnavailable:
            # Without a keyring nothing can be stored in one: scan what is in memory.
            log.info("ticket export: no keyring, scanning in-memory secrets only")
            return await gather_known_secrets(session.secrets, [], [])

    async def export(
        self,
        events: Sequence[Any],
        folder: Path,
        *,
        title: str = "Capture Desktop report",
        steps: Sequence[str] = (),
        stem: str | None = None,
    ) -> TicketFiles:
        """Write ``<stem>.har`` and ``<stem>.md``; raises ``TicketWouldLeak`` (nothing written)."""
        from capture_desktop import APP_NAME, __version__
        from capture_desktop.ticket import ReportContext, export_ticket

        profile = self.session.profile()
        context = ReportContext(
            title=title,
            app_name=APP_NAME,
            app_version=__version__,
            environment=profile.environment if profile is not None else "unknown",
            base_url=profile.base_url if profile is not None else "unknown",
            client_id=profile.client_id if profile is not None else "unknown",
            steps=tuple(steps),
        )
        known = await self.known_secrets()
        return export_ticket(events, folder, stem or default_stem(), context, known)
