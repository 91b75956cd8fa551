"""A verification call that fails is reported once, frees both buttons and opens nothing."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QMessageBox

from capture_desktop.api.errors import RecordNotFound
from capture_desktop.services.tasks import TaskRunner
from capture_desktop.ui.records.target import RecordTarget
from capture_desktop.ui.records.verification import VerificationActions, VerificationCodeDialog
from tests.helpers.qt import wait_signal, wait_until


class _RefusingClient:
    async def get_verification_code(self, *_args: Any) -> str:
        raise RecordNotFound.from_payload({"stat": "error", "code": 310, "error": "not_found"})


class _Records:
    def __init__(self) -> None:
        self.audited: list[str] = []

    def client(self) -> _RefusingClient:
        return _RefusingClient()

    def audit(self, operation: str, uuid: str | None, changed: list[str]) -> None:
        self.audited.append(operation)


async def test_a_refused_call_goes_to_failed_and_the_buttons_come_back(qapp: object) -> None:
    records = _Records()
    actions = VerificationActions(RecordTarget(records, "user", lambda: "u-1", TaskRunner()))
    for start, button in (
        (actions.confirm_code, actions.code_button),
        (actions.confirm_mark, actions.mark_button),
    ):
        start()
        box = actions.dialog
        assert isinstance(box, QMessageBox)
        box.button(QMessageBox.StandardButton.Yes).click()
        (exc,) = await wait_signal(actions.failed)
        assert isinstance(exc, RecordNotFound)
        assert button.isEnabled() and actions.mark_button.isEnabled()
        assert not isinstance(actions.dialog, VerificationCodeDialog)
    assert records.audited == []
    actions.deleteLater()


async def test_without_a_record_nothing_is_asked(qapp: object) -> None:
    records = _Records()
    runner = TaskRunner()
    actions = VerificationActions(RecordTarget(records, "user", lambda: None, runner))
    got: list[object] = []
    actions.failed.connect(got.append)
    actions.finished.connect(got.append)
    actions.confirm_code()
    box = actions.dialog
    assert isinstance(box, QMessageBox)
    box.button(QMessageBox.StandardButton.Yes).click()
    assert runner.pending() == ["records.editor.verification-code"]
    await wait_until(lambda: runner.pending() == [])
    assert got == [] and records.audited == [] and actions.code_button.isEnabled()
    actions.deleteLater()
