"""The "Sandbox controls" panel: QA's fault injection and token lifetimes for the embedded
sandbox, plus "Expire this token now" and "Revoke this refresh token" on a chosen slot.

Every control applies as soon as its value is committed (Enter, focus out, arrows), shows the
value the sandbox reports back, and has its own Reset button. Calls run on the session's
TaskRunner; a refusal is shown in the panel, never in a modal box.
"""

from __future__ import annotations

import logging
from collections.abc import Coroutine
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QSignalBlocker
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

if TYPE_CHECKING:
    from capture_desktop.services.sandbox_controls import SandboxControls
    from capture_desktop.services.session import Session

log = logging.getLogger("capture_desktop.ui.sandbox_controls")

ERROR_CODES = (500, 510)
MAX_LATENCY_MS = 60_000
MAX_LIFETIME_S = 365 * 24 * 3600
MAX_RATE_LIMIT = 10_000


def _spin(maximum: int, suffix: str, name: str, special: str = "") -> QSpinBox:
    box = QSpinBox()
    box.setRange(0, maximum)
    box.setSuffix(suffix)
    # valueChanged only on commit (Enter, focus out, arrows), not on every keystroke.
    box.setKeyboardTracking(False)
    box.setAccessibleName(name)
    if special:
        box.setSpecialValueText(special)
    return box


def _percent(rate: Any) -> int:
    return round(float(rate or 0) * 100)


class SandboxControlsPanel(QWidget):
    """See the module docstring. ``controls`` outlives the panel (the status bar uses it)."""

    def __init__(
        self, session: Session, controls: SandboxControls, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.session = session
        self.controls = controls
        self.setObjectName("SandboxControls")
        self.setWindowTitle("Sandbox controls")
        self.setAccessibleName("Sandbox controls")
        self.current: dict[str, QLabel] = {}
        self.resets: dict[str, QPushButton] = {}

        self.latency = _spin(MAX_LATENCY_MS, " ms", "Latency")
        self.error_rate = _spin(100, " %", "Error rate")
        self.error_code = QComboBox()
        self.error_code.setAccessibleName("Error code")
        for code in ERROR_CODES:
            self.error_code.addItem(str(code), code)
        self.drop_rate = _spin(100, " %", "Dropped connections")
        self.rate_limit = _spin(MAX_RATE_LIMIT, " calls/s", "Rate limit", special="off")
        self.code_lifetime = _spin(MAX_LIFETIME_S, " s", "Authorization code lifetime")
        self.access_lifetime = _spin(MAX_LIFETIME_S, " s", "Access token lifetime")
        self.creation_lifetime = _spin(MAX_LIFETIME_S, " s", "Creation token lifetime")

        faults = QGroupBox("Faults (every API call)")
        lifetimes = QGroupBox("Lifetimes of newly issued codes and tokens")
        rows: dict[QGroupBox, list[tuple[str, str, list[QWidget], tuple[str, ...]]]] = {
            faults: [
                ("Latency", "latency", [self.latency], ("latency_ms",)),
                ("Errors", "errors", [self.error_rate, self.error_code], ("error_rate",)),
                ("Dropped connections", "drops", [self.drop_rate], ("drop_rate",)),
                ("Rate limit", "rate_limit", [self.rate_limit], ("rate_limit_per_second",)),
            ],
            lifetimes: [
                ("Authorization code", "code", [self.code_lifetime], ("code_lifetime",)),
                ("Access token", "access", [self.access_lifetime], ("access_token_lifetime",)),
                (
                    "Creation token",
                    "creation",
                    [self.creation_lifetime],
                    ("creation_token_lifetime",),
                ),
            ],
        }
        for group, specs in rows.items():
            grid = QGridLayout(group)
            for index, spec in enumerate(specs):
                self._row(grid, index, *spec)

        tokens = QGroupBox("A token slot of this profile")
        token_row = QHBoxLayout(tokens)
        self.slot_box = QComboBox()
        self.slot_box.setAccessibleName("Token slot")
        self.slot_box.setMinimumWidth(260)
        self.expire_button = QPushButton("Expire this token now")
        self.expire_button.setToolTip(
            "The sandbox treats the slot's current access (or creation) token as expired; the "
            "app still thinks it is valid until its next call."
        )
        self.revoke_button = QPushButton("Revoke this refresh token")
        self.revoke_button.setToolTip(
            "The sandbox refuses the slot's refresh token from now on; the next refresh fails."
        )
        token_row.addWidget(self.slot_box, 1)
        token_row.addWidget(self.expire_button)
        token_row.addWidget(self.revoke_button)

        self.message = QLabel()
        self.message.setObjectName("SandboxControlsMessage")
        self.message.setAccessibleDescription("Sandbox controls message")
        self.message.setWordWrap(True)
        self.reset_all_button = QPushButton("Reset all")
        self.reset_all_button.setToolTip("Faults off, lifetimes back to the sandbox's start-up")
        bottom = QHBoxLayout()
        bottom.addWidget(self.message, 1)
        bottom.addWidget(self.reset_all_button)

        layout = QVBoxLayout(self)
        layout.addWidget(faults)
        layout.addWidget(lifetimes)
        layout.addWidget(tokens)
        layout.addLayout(bottom)

        self.latency.valueChanged.connect(lambda v: self._apply({"latency_ms": v}))
        self.error_rate.valueChanged.connect(lambda _v: self._apply(self._error_changes()))
        self.error_code.currentIndexChanged.connect(lambda _i: self._apply(self._error_changes()))
        self.drop_rate.valueChanged.connect(lambda v: self._apply({"drop_rate": v / 100}))
        self.rate_limit.valueChanged.connect(
            lambda v: self._apply({"rate_limit_per_second": v or None})
        )
        self.code_lifetime.valueChanged.connect(lambda v: self._apply({"code_lifetime": v}))
        self.access_lifetime.valueChanged.connect(
            lambda v: self._apply({"access_token_lifetime": v})
        )
        self.creation_lifetime.valueChanged.connect(
            lambda v: self._apply({"creation_token_lifetime": v})
        )
        self.reset_all_button.clicked.connect(
            lambda: self._run(self.controls.reset_all(), "Everything is back to normal.")
        )
        self.expire_button.clicked.connect(self._expire)
        self.revoke_button.clicked.connect(self._revoke)

        controls.changed.connect(self._show)
        session.slots_changed.connect(self._reload_slots)
        self._reload_slots()
        if controls.settings:
            self._show(controls.settings)
        self._run(controls.load(), "")

    # -- building -----------------------------------------------------------------------
    def _row(  # noqa: PLR0917 - one call site, fed from the table in __init__
        self,
        grid: QGridLayout,
        row: int,
        title: str,
        key: str,
        editors: list[QWidget],
        settings: tuple[str, ...],
    ) -> None:
        grid.addWidget(QLabel(title), row, 0)
        box = QHBoxLayout()
        for editor in editors:
            box.addWidget(editor)
        grid.addLayout(box, row, 1)
        current = QLabel()
        current.setAccessibleDescription(f"{title}: in force")
        current.setMinimumWidth(180)
        self.current[key] = current
        grid.addWidget(current, row, 2)
        reset = QPushButton("Reset")
        reset.setAccessibleName(f"Reset {title.lower()}")
        reset.clicked.connect(lambda: self._run(self.controls.reset(settings), f"{title} reset."))
        self.resets[key] = reset
        grid.addWidget(reset, row, 3)

    def _error_changes(self) -> dict[str, Any]:
        return {
            "error_rate": self.error_rate.value() / 100,
            "error_code": int(self.error_code.currentData()),
        }

    # -- showing ------------------------------------------------------------------------
    def _show(self, settings: dict[str, Any]) -> None:
        """Put what the sandbox reports into every control, without re-sending it."""
        values: list[tuple[QSpinBox, Any]] = [
            (self.latency, settings.get("latency_ms", 0)),
            (self.error_rate, _percent(settings.get("error_rate"))),
            (self.drop_rate, _percent(settings.get("drop_rate"))),
            (self.rate_limit, round(settings.get("rate_limit_per_second") or 0)),
            (self.code_lifetime, settings.get("code_lifetime", 0)),
            (self.access_lifetime, settings.get("access_token_lifetime", 0)),
            (self.creation_lifetime, settings.get("creation_token_lifetime", 0)),
        ]
        for box, value in values:
            with QSignalBlocker(box):
                box.setValue(int(value))
        with QSignalBlocker(self.error_code):
            index = self.error_code.findData(settings.get("error_code", 500))
            self.error_code.setCurrentIndex(max(index, 0))
        rate, code = settings.get("error_rate") or 0, settings.get("error_code", 500)
        drops, limit = settings.get("drop_rate") or 0, settings.get("rate_limit_per_second")
        latency = settings.get("latency_ms", 0)
        baseline = self.controls.baseline
        self._state("latency", f"{latency} ms" if latency else "", "off")
        self._state("errors", f"{code} at {_percent(rate)}%" if rate else "", "off")
        self._state("drops", f"{_percent(drops)}% dropped" if drops else "", "off")
        self._state("rate_limit", f"{limit:g} calls/s" if limit is not None else "", "off")
        for key, name in (
            ("code", "code_lifetime"),
            ("access", "access_token_lifetime"),
            ("creation", "creation_token_lifetime"),
        ):
            value = settings.get(name)
            changed = name in baseline and value != baseline[name]
            self._state(key, f"{value} s" if changed else "", f"{value} s (start-up value)")

    def _state(self, key: str, active: str, normal: str) -> None:
        label = self.current[key]
        label.setText(f"● {active}" if active else normal)
        label.setStyleSheet("color: #c62828; font-weight: bold;" if active else "color: gray;")
        self.resets[key].setEnabled(bool(active))

    def _reload_slots(self) -> None:
        chosen = self.slot_box.currentData()
        with QSignalBlocker(self.slot_box):
            self.slot_box.clear()
            for slot in self.session.tokens.slots():
                who = slot.email or slot.record_uuid or slot.kind
                self.slot_box.addItem(f"{slot.label} · {slot.kind} · {who}", slot.slot_id)
            index = self.slot_box.findData(chosen)
            if index >= 0:
                self.slot_box.setCurrentIndex(index)
        has = self.slot_box.count() > 0
        self.expire_button.setEnabled(has)
        self.revoke_button.setEnabled(has)

    # -- acting -------------------------------------------------------------------------
    def _apply(self, changes: dict[str, Any]) -> None:
        self._run(self.controls.apply(changes), "Applied.")

    def _expire(self) -> None:
        slot_id = self.slot_box.currentData()
        if slot_id:
            self._run(self.controls.expire_now(slot_id), "The sandbox now treats it as expired.")

    def _revoke(self) -> None:
        slot_id = self.slot_box.currentData()
        if slot_id:
            self._run(self.controls.revoke_refresh(slot_id), "The refresh token is revoked.")

    def _run(self, coro: Coroutine[Any, Any, Any], done: str) -> None:
        self.session.runner.run(self._guarded(coro, done), name="sandbox:controls")

    async def _guarded(self, coro: Coroutine[Any, Any, Any], done: str) -> None:
        from capture_desktop.services.error_text import describe_error
        from capture_desktop.services.sandbox_controls import SandboxAdminError

        try:
            await coro
        except SandboxAdminError as exc:
            self._say(f"The sandbox refused: {exc}", error=True)
        except Exception as exc:  # shown in the panel; the panel stays usable
            log.warning("sandbox control failed: %s", exc)
            info = describe_error(exc)
            details = "; ".join(value for _name, value in info.details)
            self._say(f"{info.meaning} {details}".strip(), error=True)
        else:
            if done:
                self._say(done, error=False)

    def _say(self, text: str, *, error: bool) -> None:
        self.message.setText(text)
        self.message.setStyleSheet("color: #c62828;" if error else "")

    def closeEvent(self, event: QCloseEvent) -> None:
        self.session.slots_changed.disconnect(self._reload_slots)
        self.controls.changed.disconnect(self._show)
        self.session.runner.run(
            self.controls.aclose(), name="sandbox:controls:close", finish_on_quit=True
        )
        super().closeEvent(event)


__all__ = ["SandboxControlsPanel"]
