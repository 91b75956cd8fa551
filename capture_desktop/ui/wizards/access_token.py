"""AccessTokenWizard: the authorization-code flow for one record, one visible step at a time.

Type and record → Redirect (loopback receiver) → Code (getAuthorizationCode, delivered to the
redirect_uri) → Exchange (oauth/token, stored in a slot) → Result. Non-modal; Cancel at any
step stops the receiver and every running request.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QWidget

from capture_desktop.ui.wizards.backend import WizardBackend
from capture_desktop.ui.wizards.base import WizardBase
from capture_desktop.ui.wizards.code_step import CodeStep
from capture_desktop.ui.wizards.exchange_step import ExchangeStep
from capture_desktop.ui.wizards.record_step import RecordPreset, RecordStep
from capture_desktop.ui.wizards.redirect_step import ReceiverHolder, RedirectStep
from capture_desktop.ui.wizards.result_step import ResultStep

if TYPE_CHECKING:
    from capture_desktop.api.models import TokenSet


def as_preset(preset: Any, type_name: str | None = None) -> RecordPreset | None:
    """Accept a ``RecordPreset``, a ``(type_name, RecordSelector)`` pair, or a bare
    ``RecordSelector`` with ``type_name`` (as ``MainWindow.start_access_token_wizard`` sends)."""
    from capture_desktop.api.selectors import RecordSelector

    if preset is None or isinstance(preset, RecordPreset):
        return preset
    if isinstance(preset, tuple) and len(preset) == 2:
        return RecordPreset(str(preset[0]), preset[1])
    if isinstance(preset, RecordSelector):
        return RecordPreset(type_name or "user", preset)
    raise TypeError("preset must be a RecordPreset, a (type_name, selector) pair or a selector")


class AccessTokenWizard(WizardBase):
    """Get an access token for one record through the authorization-code flow."""

    def __init__(
        self,
        session: Any,
        preset: Any = None,
        parent: QWidget | None = None,
        *,
        preset_record: Any = None,
        type_name: str | None = None,
    ) -> None:
        super().__init__(
            session,
            "Get an access token",
            "Issue an access token that acts as <i>one</i> user record, the way Capture's "
            "authorization-code flow does it. Each step shows the request before it is sent.",
            parent,
        )
        self.setObjectName("AccessTokenWizard")
        self.backend = WizardBackend(session)
        self.holder = ReceiverHolder()
        self.add_cleanup(self.holder.close)
        self.token_set: TokenSet | None = None
        self.slot_id: str | None = None
        self.email: str | None = None

        self.record_step = RecordStep(self, self.backend, self.backend.default_type())
        self.redirect_step = RedirectStep(self, self.backend, self.holder)
        self.code_step = CodeStep(self, self.backend)
        self.exchange_step = ExchangeStep(self, self.backend)
        self.result_step = ResultStep(self)
        for page in (
            self.record_step,
            self.redirect_step,
            self.code_step,
            self.exchange_step,
            self.result_step,
        ):
            self.add_page(page)
        chosen = as_preset(preset if preset is not None else preset_record, type_name)
        if chosen is not None:
            self.record_step.apply_preset(chosen)
        self.go_to(0)

    def can_go_back(self, index: int) -> bool:
        # Once the token is stored there is nothing to redo; going back would only confuse.
        return index > 0 and self.slot_id is None

    def go_to(self, index: int) -> None:
        super().go_to(index)
        if self.pages[index] is self.result_step and self.token_set is not None:
            record = self.record_step
            selector = record.selector()
            uuid = self.token_set.record_uuid
            if uuid is None and selector is not None and selector.kind == "uuid":
                uuid = str(selector.value)
            self.result_step.show_result(
                slot_label=self.exchange_step.label_edit.text(),
                type_name=record.type_name(),
                record=self.email or record.record_label(),
                record_uuid=uuid,
                access_token=self.token_set.access_token,
                refresh_token=self.token_set.refresh_token,
                expires_at=self.token_set.expires_at,
            )
            self.cancel_button.setEnabled(False)
