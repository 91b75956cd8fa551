"""Connection settings: base-URL normalisation, the insecure-transport and proxy rules, the
HTTP client.

``make_http_client`` builds the one long-lived ``httpx.AsyncClient`` of a profile. TLS
verification is always on; a custom CA bundle is added to the system trust store, never
substituted by "verify=False". A missing bundle (including a stale ``SSL_CERT_FILE``) becomes a
``TlsConfigurationError`` that names the file instead of a crash at start-up.

Proxies: a profile's setting is ``"system"`` (the ``*_PROXY``/``NO_PROXY`` variables),
``"none"``, or a proxy URL. Loopback destinations never go through a proxy, and plain
``http://`` is never sent through one (a proxy would read the credential in clear text), so
only https travels through a proxy, inside a ``CONNECT`` tunnel.
"""

from __future__ import annotations

import ipaddress
import os
import ssl
from pathlib import Path
from urllib.parse import urlsplit

import httpx

from capture_desktop import __version__
from capture_desktop.api.errors import InsecureTransportRefused, TlsConfigurationError
from capture_desktop.api.redaction import quiet_http_loggers
from capture_desktop.proxy_setting import (
    PROXY_NONE,
    PROXY_SYSTEM,
    describe_proxy,
    proxy_host,
    proxy_problem,
    system_proxy,
)

__all__ = [
    "DEFAULT_TIMEOUT",
    "PROXY_NONE",
    "PROXY_SYSTEM",
    "check_transport",
    "describe_proxy",
    "is_loopback_host",
    "make_http_client",
    "make_ssl_context",
    "normalize_base_url",
    "proxy_problem",
]

DEFAULT_TIMEOUT = httpx.Timeout(30.0, connect=10.0)
USER_AGENT = f"capture-desktop/{__version__}"


def normalize_base_url(url: str) -> str:
    """``my-app.janraincapture.com/`` -> ``https://my-app.janraincapture.com``."""
    text = url.strip()
    if not text:
        raise ValueError("the Capture base URL is empty")
    if "://" not in text:
        text = "https://" + text
    text = text.rstrip("/")
    parts = urlsplit(text)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError(f"not an http(s) URL: {url!r}")
    if parts.query or parts.fragment:
        raise ValueError(f"the base URL must not have a query or fragment: {url!r}")
    return text


def is_loopback_host(host: str | None) -> bool:
    if not host:
        return False
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def check_transport(base_url: str, allow_insecure: bool, what: str) -> None:
    """Refuse to send ``what`` (a credential) in clear text to a host that is not this machine."""
    parts = urlsplit(base_url)
    if parts.scheme == "https" or allow_insecure or is_loopback_host(parts.hostname):
        return
    raise InsecureTransportRefused(
        f"refusing to send {what} over plain http:// to {parts.hostname}: anyone on the network "
        "path could read it and act as this client or user. Use https://, or enable "
        "'allow insecure transport' for this profile if you accept that risk."
    )


def make_ssl_context(ca_bundle: str | os.PathLike[str] | None = None) -> ssl.SSLContext:
    """System trust (honouring ``SSL_CERT_FILE``/``SSL_CERT_DIR``) plus an optional CA bundle."""
    env_file = os.environ.get("SSL_CERT_FILE")
    try:
        if env_file:
            context = ssl.create_default_context(cafile=env_file)
        elif os.environ.get("SSL_CERT_DIR"):
            context = ssl.create_default_context(capath=os.environ["SSL_CERT_DIR"])
        else:
            context = ssl.create_default_context()
    except (OSError, ssl.SSLError) as exc:
        raise TlsConfigurationError(
            f"SSL_CERT_FILE points to {env_file!r}, which cannot be read ({exc.strerror or exc}). "
            "Fix or unset SSL_CERT_FILE."
        ) from exc
    if ca_bundle is not None:
        path = Path(ca_bundle)
        try:
            context.load_verify_locations(cafile=str(path))
        except (OSError, ssl.SSLError) as exc:
            raise TlsConfigurationError(
                f"the CA bundle {str(path)!r} cannot be used "
                f"({getattr(exc, 'strerror', None) or exc})"
            ) from exc
    # Verification stays on whatever the caller passes: no parameter can turn it off.
    context.check_hostname = True
    context.verify_mode = ssl.CERT_REQUIRED
    return context


class _ProxyRouter(httpx.AsyncBaseTransport):
    """Chooses per request: direct for loopback and unproxied hosts, CONNECT for https
    through a proxy, and refusal for plain http that a proxy would carry."""

    def __init__(self, context: ssl.SSLContext, setting: str) -> None:
        self._context = context
        self._setting = setting
        self._direct = httpx.AsyncHTTPTransport(verify=context, trust_env=False)
        self._proxied: dict[str, httpx.AsyncHTTPTransport] = {}

    def _proxy_for(self, scheme: str, host: str) -> str | None:
        if is_loopback_host(host) or self._setting == PROXY_NONE:
            return None
        if self._setting == PROXY_SYSTEM:
            return system_proxy(scheme, host)
        return self._setting

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        host = request.url.host
        proxy = self._proxy_for(request.url.scheme, host)
        if proxy is None:
            return await self._direct.handle_async_request(request)
        if request.url.scheme != "https":
            raise InsecureTransportRefused(
                f"refusing to send a request over plain http:// to {host} through the proxy "
                f"{proxy_host(proxy)}: the proxy would read the credential in clear text. Use "
                "https://, or set this profile's proxy to 'none'."
            )
        transport = self._proxied.get(proxy)
        if transport is None:
            transport = httpx.AsyncHTTPTransport(verify=self._context, proxy=proxy, trust_env=False)
            self._proxied[proxy] = transport
        return await transport.handle_async_request(request)

    async def aclose(self) -> None:
        await self._direct.aclose()
        for transport in self._proxied.values():
            await transport.aclose()


def make_http_client(
    ca_bundle: str | os.PathLike[str] | None = None,
    timeout: float | httpx.Timeout = DEFAULT_TIMEOUT,
    *,
    transport: httpx.AsyncBaseTransport | None = None,
    proxy: str = PROXY_SYSTEM,
) -> httpx.AsyncClient:
    """The long-lived client for one profile; close it with ``await client.aclose()``.

    ``proxy`` is the profile's proxy setting (see the module docstring). ``transport`` is the
    test seam (``MockTransport``/``ASGITransport``); TLS settings still apply to real
    connections. Redirects are not followed, so credentials never go to another host.
    """
    quiet_http_loggers()
    problem = proxy_problem(proxy)
    if problem is not None:
        raise ValueError(problem)
    context = make_ssl_context(ca_bundle)
    return httpx.AsyncClient(
        verify=context,
        timeout=timeout,
        transport=transport if transport is not None else _ProxyRouter(context, proxy.strip()),
        follow_redirects=False,
        # The router alone decides about proxies; httpx would otherwise mount the
        # environment's proxies for every host, loopback included (and read ~/.netrc).
        trust_env=False,
        headers={"Accept": "application/json", "User-Agent": USER_AGENT},
    )
