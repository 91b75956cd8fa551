"""The editor's "More" → "Revoke all tokens…": confirmed first, and a refusal is reported."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QLabel

from capture_desktop.api.errors import ClientPermissionError
from capture_desktop.services.records import Permissions
from capture_desktop.services.tasks import TaskRunner
from capture_desktop.ui.records.revoke_menu import REVOKE_NEEDS_FEATURE, RevokeMenu
from capture_desktop.ui.records.target import RecordTarget
from tests.helpers.qt import wait_signal


class _Refusing:
    def __init__(self) -> None:
        self.asked: list[tuple[str, str]] = []

    async def revoke_access(self, type_name: str, uuid: str) -> list[str]:
        self.asked.append((type_name, uuid))
        raise ClientPermissionError.from_payload({"stat": "error", "code": 403})


async def test_a_refused_revoke_is_reported_and_says_nothing_was_revoked(qapp: object) -> None:
    service, status = _Refusing(), QLabel()
    target = RecordTarget(service, "user", lambda: "u-1", TaskRunner())
    menu = RevokeMenu(target, lambda: "carol@example.com", status=status)
    assert menu.menu() is not None and menu.menu().toolTipsVisible()
    box = menu.ask()
    assert box is not None and "carol@example.com" in box.text()
    assert menu.confirm is not None
    menu.confirm.click()
    (exc,) = await wait_signal(menu.failed)
    assert isinstance(exc, ClientPermissionError)
    assert service.asked == [("user", "u-1")]
    assert status.text() == "Not revoked: the tokens of this record still work"
    assert menu.isEnabled() and menu.box is None
    menu.deleteLater()
    status.deleteLater()


def test_not_asked_without_a_record_or_the_feature(qtbot: Any) -> None:
    status = QLabel()
    qtbot.addWidget(status)
    target = RecordTarget(_Refusing(), "user", lambda: None, TaskRunner())
    menu = RevokeMenu(target, lambda: "", status=status)
    qtbot.addWidget(menu)
    assert menu.ask() is None  # not loaded yet
    menu.set_allowed(Permissions.of(["direct_read_access"]), gone=False)
    assert not menu.action.isEnabled() and menu.action.toolTip() == REVOKE_NEEDS_FEATURE
    menu.set_allowed(Permissions.of(["owner"]), gone=True)
    assert not menu.action.isEnabled()  # a deleted record has nothing to revoke
