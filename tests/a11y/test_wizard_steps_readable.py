"""Every wizard step as a screen reader gets it over the real AT-SPI bus (the issue's "done
when"): each step of each wizard, driven forward from the keyboard, has no focusable widget
without a name. (Qt does not expose a label's text over AT-SPI apart from its name, so the
bus alone cannot compare the two.)"""

from __future__ import annotations

import pytest

from tests.a11y.desktop import Desktop
from tests.a11y.test_access_token_keyboard import get_access_token
from tests.a11y.test_screen_reader import assert_readable

pytestmark = pytest.mark.a11y


def assert_step_readable(app: Desktop, title: str, step: str) -> None:
    window = app.window(title)
    where = f"{title}, {step} step"
    assert_readable(window, where)


def test_every_access_token_step_is_readable(sandbox_app: Desktop) -> None:
    seen: list[str] = []

    def check(step: str) -> None:
        seen.append(step)
        assert_step_readable(sandbox_app, "Get an access token", step)

    get_access_token(sandbox_app, check)
    assert seen == ["record", "redirect", "code", "exchange", "result"]
