"""Fixtures for the keyboard and screen-reader tests: one private desktop (Xvfb and a session
D-Bus carrying the AT-SPI bus) per test run, and the whole app started on it for each test.

They need Xvfb, xdotool, dbus-daemon, at-spi2-core and the system ``python3-pyatspi``
(``.ci/setup`` installs them). Without them the tests are skipped, naming what is missing,
unless ``CAPTURE_DESKTOP_REQUIRE_A11Y=1`` (set by ``.ci/test``) makes that a failure.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.a11y.desktop import Desktop, missing_tools, wait_for

REQUIRE_ENV = "CAPTURE_DESKTOP_REQUIRE_A11Y"


@pytest.fixture(scope="session")
def desktop(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Desktop]:
    missing = missing_tools()
    if missing:
        message = f"keyboard/screen-reader tests need: {', '.join(missing)}"
        if os.environ.get(REQUIRE_ENV) == "1":
            pytest.fail(message)
        pytest.skip(message)
    desk = Desktop(tmp_path_factory.mktemp("desktop"))
    desk.start()
    try:
        yield desk
    finally:
        desk.stop()


@pytest.fixture
def sandbox_app(desktop: Desktop, tmp_path: Path) -> Iterator[Desktop]:
    """The app open on the built-in sandbox profile, its window holding the keyboard."""
    desktop.launch("--sandbox", home=tmp_path / "home")
    try:
        wait_for(
            "the sandbox profile to be active",
            lambda: "sandbox profile 'Sandbox' is active" in desktop.log_tail(200),
            timeout=60,
        )
        desktop.focus_window("Capture Desktop")
        yield desktop
    finally:
        desktop.close_app()
