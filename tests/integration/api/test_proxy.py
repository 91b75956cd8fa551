"""Proxies never see a credential in clear text: a real recording proxy on a loopback port,
the proxy variables of the environment set, the real production HTTP client.

- loopback destinations (the sandbox on a real port) never go through a proxy;
- plain ``http://`` to another host is refused when a proxy would carry it, even with the
  profile's insecure-transport override;
- a profile's proxy setting (system, none, a URL) decides, and https goes through CONNECT.
"""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from capture_desktop.api import (
    BasicAuth,
    CaptureClient,
    InsecureTransportRefused,
    TransportError,
    make_http_client,
)
from capture_desktop.sandbox import SandboxServer
from tests.helpers.proxy import RecordingProxy, recording_proxy
from tests.unit.api.sandbox_env import SandboxEnv

SECRET = "proxy-canary-secret-77"
PROXY_VARS = ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy")


@pytest.fixture
async def proxy(monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[RecordingProxy]:
    for name in ("NO_PROXY", "no_proxy"):
        monkeypatch.delenv(name, raising=False)
    async with recording_proxy() as recorder:
        for name in PROXY_VARS:
            monkeypatch.setenv(name, recorder.url)
        yield recorder


async def test_loopback_sandbox_bypasses_the_environment_proxy(
    proxy: RecordingProxy, served: tuple[SandboxEnv, SandboxServer]
) -> None:
    env, server = served
    async with make_http_client(timeout=10.0) as http:
        client = CaptureClient(http, server.base_url, env.creds("owner"))
        assert await client.entity_count("user") >= 0
    assert proxy.heads == []


@pytest.mark.parametrize("setting", ["system", "URL"])
async def test_plain_http_through_a_proxy_is_refused_even_when_insecure_is_allowed(
    proxy: RecordingProxy, setting: str
) -> None:
    async with make_http_client(
        timeout=5.0, proxy=proxy.url if setting == "URL" else "system"
    ) as http:
        client = CaptureClient(
            http, "http://capture.example", BasicAuth("cid", SECRET), allow_insecure=True
        )
        with pytest.raises(InsecureTransportRefused, match="proxy"):
            await client.entity_count("user")
    assert proxy.heads == []


async def test_https_goes_through_the_proxy_by_connect_only(proxy: RecordingProxy) -> None:
    async with make_http_client(timeout=5.0, proxy="system") as http:
        client = CaptureClient(http, "https://capture.example", BasicAuth("cid", SECRET))
        with pytest.raises(TransportError):
            await client.entity_count("user")
    assert proxy.request_lines() == ["CONNECT capture.example:443 HTTP/1.1"]
    assert SECRET.encode() not in proxy.raw and b"Authorization" not in proxy.raw


async def test_a_profile_proxy_url_is_used_without_any_environment(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    for name in (*PROXY_VARS, "NO_PROXY", "no_proxy"):
        monkeypatch.delenv(name, raising=False)
    async with (
        recording_proxy() as recorder,
        make_http_client(timeout=5.0, proxy=recorder.url) as http,
    ):
        client = CaptureClient(http, "https://capture.example", BasicAuth("cid", SECRET))
        with pytest.raises(TransportError):
            await client.entity_count("user")
    assert recorder.request_lines() == ["CONNECT capture.example:443 HTTP/1.1"]


async def test_proxy_none_ignores_the_environment(proxy: RecordingProxy) -> None:
    # 192.0.2.1 (TEST-NET-1) is never routed: the direct attempt times out, nothing is proxied.
    async with make_http_client(timeout=0.5, proxy="none") as http:
        client = CaptureClient(http, "https://192.0.2.1", BasicAuth("cid", SECRET))
        with pytest.raises(TransportError):
            await client.entity_count("user")
    assert proxy.heads == []
