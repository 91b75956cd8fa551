"""Callback validation shared by the receiver and pasted URLs; PKCE."""

from __future__ import annotations

import base64
import hashlib

import pytest

from capture_desktop.auth import CallbackRefused, Pkce, parse_redirect_url
from capture_desktop.auth.callback import validate_query

STATE = "s" * 43
URI = "http://127.0.0.1:8400/callback"


def test_valid_query() -> None:
    result = validate_query(f"code=abc&state={STATE}&extra=1", STATE)
    assert result.ok and result.code == "abc"


@pytest.mark.parametrize(
    ("query", "reason"),
    [
        ("code=abc", "missing_state"),
        ("code=abc&state=", "missing_state"),
        ("code=abc&state=nope", "wrong_state"),
        (f"code=abc&state={STATE}x", "wrong_state"),
        (f"code=abc&state={STATE}&state={STATE}", "ambiguous"),
        (f"code=a&code=b&state={STATE}", "ambiguous"),
        (f"state={STATE}", "no_code"),
        (f"code=&state={STATE}", "no_code"),
        (f"code={'x' * 5000}&state={STATE}", "too_long"),
        ("&".join(f"k{i}=v" for i in range(100)), "ambiguous"),
    ],
)
def test_refusals(query: str, reason: str) -> None:
    with pytest.raises(CallbackRefused) as info:
        validate_query(query, STATE)
    assert info.value.reason == reason


def test_error_callback_needs_the_state_too() -> None:
    with pytest.raises(CallbackRefused):
        validate_query("error=access_denied", STATE)
    result = validate_query(f"error=access_denied&error_description=no&state={STATE}", STATE)
    assert not result.ok and result.error == "access_denied" and result.error_description == "no"


def test_pasted_url_same_validation_plus_redirect_uri() -> None:
    assert parse_redirect_url(f"  {URI}?code=abc&state={STATE}\n", STATE, URI).code == "abc"
    # localhost vs 127.0.0.1, other port, other path, https: not this attempt's redirect_uri.
    for url in (
        f"http://localhost:8400/callback?code=abc&state={STATE}",
        f"http://127.0.0.1:8401/callback?code=abc&state={STATE}",
        f"http://127.0.0.1:8400/other?code=abc&state={STATE}",
        f"https://127.0.0.1:8400/callback?code=abc&state={STATE}",
    ):
        with pytest.raises(CallbackRefused) as info:
            parse_redirect_url(url, STATE, URI)
        assert info.value.reason == "wrong_redirect_uri"
    with pytest.raises(CallbackRefused, match="does not match"):
        parse_redirect_url(f"{URI}?code=abc&state=other", STATE, URI)


def test_pasted_url_keeps_the_redirect_uris_own_query() -> None:
    uri = "http://127.0.0.1:8400/cb?from_sso=1"
    assert parse_redirect_url(f"{uri}&code=c&state={STATE}", STATE, uri).code == "c"
    with pytest.raises(CallbackRefused):
        parse_redirect_url(f"http://127.0.0.1:8400/cb?code=c&state={STATE}", STATE, uri)


def test_pasted_bare_query_and_junk() -> None:
    assert parse_redirect_url(f"?code=abc&state={STATE}", STATE).code == "abc"
    for junk in ("", "   ", "javascript:alert(1)", "not a url", f"ftp://x/?code=a&state={STATE}"):
        with pytest.raises(CallbackRefused):
            parse_redirect_url(junk, STATE)
    with pytest.raises(CallbackRefused, match="not a redirect URL"):
        parse_redirect_url(f"?code=abc&state={STATE}", STATE, URI)


def test_pkce_s256() -> None:
    pkce = Pkce.new()
    assert 43 <= len(pkce.verifier) <= 128
    digest = hashlib.sha256(pkce.verifier.encode()).digest()
    assert pkce.challenge == base64.urlsafe_b64encode(digest).rstrip(b"=").decode()
    assert pkce.method == "S256"
    assert pkce.verifier not in repr(pkce)
    assert Pkce.new().verifier != pkce.verifier
    # RFC 7636 appendix B test vector.
    assert (
        Pkce.challenge_for("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk")
        == "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"
    )
