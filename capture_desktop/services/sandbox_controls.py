"""SandboxControls: QA's fault controls for the embedded sandbox, as the panel uses them.

Holds the sandbox's current settings (read from and written to its admin route through
`SandboxAdmin`) and emits `changed` after every read or change, so the panel and the status
bar show what is in force. Call on the GUI thread with the qasync loop running.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal

from capture_desktop.services.sandbox_admin import (
    FAULTS_OFF,
    LIFETIMES,
    SandboxAdmin,
    SandboxAdminError,
    active_faults,
)

if TYPE_CHECKING:
    from collections.abc import Mapping

    from capture_desktop.services.sandbox_service import SandboxService
    from capture_desktop.services.token_service import TokenService

log = logging.getLogger("capture_desktop.services.sandbox_controls")

__all__ = ["SandboxAdminError", "SandboxControls"]


class SandboxControls(QObject):
    changed = Signal(object)  # the settings dict now in force

    def __init__(
        self, sandbox: SandboxService, tokens: TokenService, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self._tokens = tokens
        self._admin = SandboxAdmin(lambda: sandbox.base_url, lambda: sandbox.admin_token)
        self.settings: dict[str, Any] = {}
        #: The lifetimes the sandbox had when first read: what "Reset" goes back to.
        self.baseline: dict[str, Any] = {}

    async def aclose(self) -> None:
        await self._admin.aclose()

    def faults(self) -> list[str]:
        return active_faults(self.settings, self.baseline)

    def _take(self, settings: Mapping[str, Any]) -> dict[str, Any]:
        self.settings = dict(settings)
        if not self.baseline:
            self.baseline = {key: self.settings[key] for key in LIFETIMES if key in self.settings}
        self.changed.emit(dict(self.settings))
        return self.settings

    async def load(self) -> dict[str, Any]:
        return self._take(await self._admin.settings())

    async def apply(self, changes: Mapping[str, Any]) -> dict[str, Any]:
        log.info("sandbox controls: %s", ", ".join(sorted(changes)))
        try:
            return self._take(await self._admin.change(changes))
        except SandboxAdminError:
            # Show what is really in force, not what the form asked for.
            await self.load()
            raise

    def normal_values(self, keys: tuple[str, ...]) -> dict[str, Any]:
        """The values "Reset" restores for these settings."""
        values: dict[str, Any] = {}
        for key in keys:
            if key in FAULTS_OFF:
                values[key] = FAULTS_OFF[key]
            elif key in self.baseline:
                values[key] = self.baseline[key]
        return values

    async def reset(self, keys: tuple[str, ...]) -> dict[str, Any]:
        return await self.apply(self.normal_values(keys))

    async def reset_all(self) -> dict[str, Any]:
        return await self.reset((*FAULTS_OFF, *LIFETIMES))

    async def expire_now(self, slot_id: str) -> str:
        """Expire the slot's current access (or creation) token at the sandbox."""
        slot = self._tokens.keeper.slot(slot_id)
        if slot.kind == "creation":
            token = await self._tokens.keeper.creation_token(slot_id)
        else:
            token = await self._tokens.keeper.access_token(slot_id)
        return await self._admin.expire_token(token)

    async def revoke_refresh(self, slot_id: str) -> str:
        """Revoke the slot's refresh token (only that one) at the sandbox."""
        token = await self._tokens.keeper.refresh_token(slot_id)
        if token is None:
            raise SandboxAdminError("this slot has no refresh token")
        return await self._admin.revoke_token(token)
