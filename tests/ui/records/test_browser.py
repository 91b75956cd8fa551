"""The browser against the sandbox: builder output for every operator, raw filter errors in
place, lazy keyset paging across pages, sort, and the total count."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from capture_desktop.api import CaptureClient
from tests.ui.records.editing import open_view, search
from tests.ui.records.fakes import FakeSession

# (attribute, operator, value, predicate over the demo users)
CASES: list[tuple[str, str, str, Callable[[dict[str, Any]], bool]]] = [
    ("email", "=", "bob@example.com", lambda r: r["email"] == "bob@example.com"),
    ("email", "!=", "bob@example.com", lambda r: r["email"] != "bob@example.com"),
    ("givenName", "<", "Bob", lambda r: r["givenName"] < "Bob"),
    ("givenName", "<=", "Bob", lambda r: r["givenName"] <= "Bob"),
    ("givenName", ">", "Bob", lambda r: r["givenName"] > "Bob"),
    ("givenName", ">=", "Bob", lambda r: r["givenName"] >= "Bob"),
    ("emailVerified", "is null", "", lambda r: r["emailVerified"] is None),
    ("emailVerified", "is not null", "", lambda r: r["emailVerified"] is not None),
    ("id", ">", "2", lambda r: r["id"] > 2),
    ("birthday", ">=", "1982-01-01", lambda r: r["birthday"] >= "1982-01-01"),
    ("primaryAddress.city", "=", "Austin", lambda r: r["primaryAddress"]["city"] == "Austin"),
]


@pytest.mark.parametrize(("path", "op", "value", "keep"), CASES)
async def test_builder_filter_for_every_operator(  # noqa: PLR0917 - pytest parameters
    qtbot: QtBot,
    make_session: Callable[[str], FakeSession],
    home: Path,
    path: str,
    op: str,
    value: str,
    keep: Callable[[dict[str, Any]], bool],
    owner_client: CaptureClient,
) -> None:
    view = await open_view(qtbot, make_session("owner"), home, height=700)
    assert len(await search(view)) == 4
    everyone = (await owner_client.entity_find("user")).results  # whole records
    row = view.browser.filter_bar.add_condition()
    row.set_condition(path, op, value)
    assert row.operator.currentText() == op, "operator offered for the type"
    rows = await search(view)
    expected = sorted(r["id"] for r in everyone if keep(r))
    assert sorted(r["id"] for r in rows) == expected
    assert 0 < len(expected) < 4  # each case really filters
    assert view.browser.banner.isHidden()


async def test_two_rows_with_or_and_quoting(
    qtbot: QtBot, make_session: Callable[[str], FakeSession], home: Path
) -> None:
    view = await open_view(qtbot, make_session("owner"), home, height=700)
    bar = view.browser.filter_bar
    bar.add_condition().set_condition("email", "=", "alice@example.com")
    bar.add_condition().set_condition("familyName", "=", "O'Brien", join="or")
    bar.add_condition().set_condition("gender", "=", "male", join="or")
    assert bar.builder_text() == (
        "email = 'alice@example.com' or familyName = 'O\\'Brien' or gender = 'male'"
    )
    rows = await search(view)
    assert {r["email"] for r in rows} == {
        "alice@example.com",
        "bob@example.com",
        "dave@example.com",
    }


async def test_partial_email_is_flagged_before_sending(
    qtbot: QtBot, make_session: Callable[[str], FakeSession], home: Path
) -> None:
    view = await open_view(qtbot, make_session("owner"), home, height=700)
    row = view.browser.filter_bar.add_condition()
    row.set_condition("email", "=", "example.com")
    assert not row.hint.isHidden()
    assert "full address" in row.hint.text()


@pytest.mark.parametrize(
    ("text", "needle"),
    [("email contains 'alice'", "485"), ("nosuchattribute = 1", "200"), ("email = ", "200")],
)
async def test_invalid_raw_filter_shows_server_error_in_place(
    qtbot: QtBot, make_session: Callable[[str], FakeSession], home: Path, text: str, needle: str
) -> None:
    view = await open_view(qtbot, make_session("owner"), home, height=700)
    bar = view.browser.filter_bar
    bar.use_raw(text)
    await search(view)
    assert bar.currentIndex() == bar.RAW
    assert not bar.raw_error.isHidden()
    assert f"error {needle}" in bar.raw_error.text()
    assert view.browser.banner.isHidden(), "filter errors show in place, not as a banner"
    if needle == "485":
        assert "contains" in bar.raw_hint.text(), "warned before it was even sent"
    bar.raw.setText("email = 'alice@example.com'")
    assert bar.raw_error.isHidden(), "editing clears the old error"
    assert [r["email"] for r in await search(view)] == ["alice@example.com"]
