"""Transport security: no secrets over http:// to remote hosts, TLS always verified."""

from __future__ import annotations

import ssl
from pathlib import Path

import httpx
import pytest

from capture_desktop.api import (
    BasicAuth,
    InsecureTransportRefused,
    RequestLog,
    TlsConfigurationError,
    is_loopback_host,
    make_http_client,
    make_ssl_context,
)
from tests.unit.api.fakes import FakeCapture, make_client

OK = {"stat": "ok", "total_count": 1}


async def test_refuses_credentials_over_http_to_a_remote_host(fake: FakeCapture) -> None:
    fake.reply("/entity.count", OK)
    log = RequestLog()
    client, http = make_client(
        fake, BasicAuth("c", "secret-x"), base_url="http://capture.example.com", request_log=log
    )
    async with http:
        with pytest.raises(InsecureTransportRefused) as info:
            await client.entity_count("user")
    assert fake.requests == []  # nothing left the machine
    text = str(info.value)
    assert "http://" in text and "capture.example.com" in text and "read it" in text
    assert "allow insecure" in text
    assert isinstance(log.events()[0].error, InsecureTransportRefused)


async def test_refuses_a_password_over_http_even_without_client_credentials(
    fake: FakeCapture,
) -> None:
    client, http = make_client(fake, None, base_url="http://capture.example.com")
    async with http:
        with pytest.raises(InsecureTransportRefused):
            await client.auth_native_traditional(client_id="l", email="e@x.y", password="pw-123456")
    assert fake.requests == []


@pytest.mark.parametrize(
    "base", ["http://127.0.0.1:8000", "http://localhost:9", "http://[::1]:8000", "http://127.8.9.1"]
)
async def test_loopback_http_is_allowed(fake: FakeCapture, base: str) -> None:
    fake.reply("/entity.count", OK)
    client, http = make_client(fake, BasicAuth("c", "s"), base_url=base)
    async with http:
        assert await client.entity_count("user") == 1


async def test_explicit_override_allows_http(fake: FakeCapture) -> None:
    fake.reply("/entity.count", OK)
    client, http = make_client(
        fake, BasicAuth("c", "s"), base_url="http://10.0.0.5", allow_insecure=True
    )
    async with http:
        assert await client.entity_count("user") == 1


def test_is_loopback_host() -> None:
    assert (
        is_loopback_host("127.0.0.1") and is_loopback_host("::1") and is_loopback_host("LOCALHOST")
    )
    assert not is_loopback_host("10.0.0.1") and not is_loopback_host("localhost.evil.com")
    assert not is_loopback_host(None)


def test_tls_verification_is_always_on() -> None:
    context = make_ssl_context()
    assert context.verify_mode == ssl.CERT_REQUIRED and context.check_hostname


def test_custom_ca_bundle_is_added(tmp_path: Path) -> None:
    system = ssl.create_default_context()
    before = len(system.get_ca_certs())
    import os

    bundle = os.environ.get("SSL_CERT_FILE") or ssl.get_default_verify_paths().cafile
    assert bundle
    context = make_ssl_context(ca_bundle=bundle)
    assert context.verify_mode == ssl.CERT_REQUIRED
    assert len(context.get_ca_certs()) >= before


def test_missing_ca_bundle_is_a_clear_error(tmp_path: Path) -> None:
    missing = tmp_path / "corp-ca.pem"
    with pytest.raises(TlsConfigurationError, match=r"corp-ca\.pem"):
        make_http_client(ca_bundle=missing)


def test_garbage_ca_bundle_is_a_clear_error(tmp_path: Path) -> None:
    bad = tmp_path / "bad.pem"
    bad.write_text("not a certificate")
    with pytest.raises(TlsConfigurationError, match=r"bad\.pem"):
        make_ssl_context(ca_bundle=bad)


def test_missing_ssl_cert_file_is_reported_not_a_crash(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("SSL_CERT_FILE", str(tmp_path / "gone.pem"))
    with pytest.raises(TlsConfigurationError, match="SSL_CERT_FILE") as info:
        make_http_client()
    assert "gone.pem" in str(info.value)
    assert isinstance(info.value.__cause__, OSError)


async def test_make_http_client_settings() -> None:
    import logging

    logging.getLogger("httpx").setLevel(logging.DEBUG)
    http = make_http_client(timeout=5.0)
    async with http:
        assert http.timeout.read == 5.0
        assert http.follow_redirects is False
        assert http.headers["accept"] == "application/json"
        assert http.headers["user-agent"].startswith("capture-desktop/")
    assert logging.getLogger("httpx").level == logging.WARNING
    assert logging.getLogger("httpcore").level >= logging.WARNING


async def test_redirects_are_not_followed(fake: FakeCapture) -> None:
    # A redirect could carry the Authorization header elsewhere; we surface it instead.
    fake.reply("/entity.count", httpx.Response(302, headers={"location": "https://evil.test/x"}))
    client, http = make_client(fake, BasicAuth("c", "s"))
    async with http:
        from capture_desktop.api import UnexpectedResponse

        with pytest.raises(UnexpectedResponse):
            await client.entity_count("user")
    assert len(fake.requests) == 1
