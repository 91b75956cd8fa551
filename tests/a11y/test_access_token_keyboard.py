"""Get an access token with the keyboard alone (the issue's "done when"): Ctrl+T, find the
user by email, pick them, start the loopback receiver, request the code, exchange it, finish;
the new slot shows on the Tokens page."""

from __future__ import annotations

import pytest

from tests.a11y.desktop import Desktop
from tests.a11y.driving import get_access_token

pytestmark = pytest.mark.a11y


def test_get_an_access_token(sandbox_app: Desktop) -> None:
    get_access_token(sandbox_app)
