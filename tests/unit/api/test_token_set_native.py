"""TokenSet.from_native: the slot of a password sign-in expires when the server says."""

from __future__ import annotations

from datetime import timedelta

import pytest

from capture_desktop.api.errors import UnexpectedResponse
from capture_desktop.api.models import NativeSignIn, TokenSet


@pytest.mark.parametrize(("expires_in", "lifetime"), [(120, 120), (None, 3600)])
def test_native_sign_in_slot_takes_the_servers_lifetime(
    expires_in: int | None, lifetime: int
) -> None:
    answer = NativeSignIn("at", None, {"uuid": "u-1"}, expires_in=expires_in)
    tokens = TokenSet.from_native(answer, client_id="login-client", type_name="user")
    assert tokens.expires_at - tokens.issued_at == timedelta(seconds=lifetime)
    assert tokens.record_uuid == "u-1"
    assert tokens.client_id == "login-client" and tokens.type_name == "user"


def test_native_sign_in_without_an_access_token_is_refused() -> None:
    answer = NativeSignIn(None, "code", {"uuid": "u-1"})
    with pytest.raises(UnexpectedResponse):
        TokenSet.from_native(answer, client_id="login-client", type_name="user")
