"""The session's HTTP clients come from the core's ``make_http_client``: a broken trust store
(stale ``SSL_CERT_FILE``, missing CA bundle) is a clear ``TlsConfigurationError`` where a call
is made, never a crash, and plain http to the built-in sandbox on loopback keeps working."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx
import pytest

from capture_desktop.api import transport
from capture_desktop.api.errors import TlsConfigurationError
from capture_desktop.services.error_text import describe_error
from capture_desktop.services.session import Session
from capture_desktop.store.profiles import Profile

REMOTE = "https://capture.example.invalid"


@pytest.fixture
def stale_ssl_cert_file(monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("SSL_CERT_FILE", "/nonexistent")
    return "/nonexistent"


async def _activate(session: Session, profile: Profile) -> None:
    await session.save_profile(profile, "remote-client-secret-value")
    await session.activate(profile.name)


async def test_sandbox_over_loopback_http_works_without_a_trust_store(
    stale_ssl_cert_file: str, sandbox_session: Session
) -> None:
    session = sandbox_session
    assert session.require_profile().base_url.startswith("http://127.0.0.1:")
    assert await session.client().entity_count("user") > 0
    report = await session.test_connection(session.require_profile(), client=session.client())
    assert report.ok, report.error
    # The fallback client never speaks TLS unverified: https fails with the clear error.
    with pytest.raises(TlsConfigurationError, match="SSL_CERT_FILE"):
        await session.http_for(session.require_profile()).get("https://127.0.0.1:9/")


async def test_https_profile_gets_a_clear_error_not_a_crash(
    stale_ssl_cert_file: str, session: Session
) -> None:
    profile = Profile(name="Remote", base_url=REMOTE, client_id="remote-client")
    await _activate(session, profile)  # building the client no longer raises
    events: list[Any] = []
    session.request_logged.connect(events.append)

    with pytest.raises(TlsConfigurationError) as info:
        await session.client().clients_list()

    assert stale_ssl_cert_file in str(info.value) and "SSL_CERT_FILE" in str(info.value)
    assert "certificate bundle" in describe_error(info.value).meaning
    assert events and isinstance(events[-1].error, TlsConfigurationError)
    report = await session.test_connection(profile, "remote-client-secret-value")
    assert not report.ok and isinstance(report.error, TlsConfigurationError)


async def test_missing_profile_ca_bundle_is_a_clear_error(session: Session, tmp_path: Path) -> None:
    bundle = tmp_path / "corp-ca.pem"  # never created
    profile = Profile(name="Corp", base_url=REMOTE, client_id="corp", ca_bundle=str(bundle))
    await _activate(session, profile)

    with pytest.raises(TlsConfigurationError, match=r"corp-ca\.pem"):
        await session.client().clients_list()


async def test_the_profile_ca_bundle_goes_to_the_core_builder(
    session: Session, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    calls: list[tuple[Any, Any]] = []
    real = transport.make_http_client

    def spy(ca_bundle: Any = None, timeout: Any = transport.DEFAULT_TIMEOUT) -> httpx.AsyncClient:
        calls.append((ca_bundle, timeout))
        return real(None, timeout)  # the bundle itself is the core's concern (its own tests)

    monkeypatch.setattr(transport, "make_http_client", spy)
    bundle = str(tmp_path / "corp-ca.pem")
    profile = Profile(name="Corp", base_url=REMOTE, client_id="corp", ca_bundle=bundle)

    http = session.http_for(profile)

    assert [ca for ca, _ in calls] == [bundle]
    assert calls[0][1].read == session.settings.request_timeout_seconds
    assert http.headers["User-Agent"] == transport.USER_AGENT
    assert session.http_for(profile) is http  # one long-lived client per profile
