"""The HTTP side of the transport: the httpx client, its TLS context, its proxy routing and the
error mapping.

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

import contextlib
import os
import ssl
from collections.abc import Iterator
from pathlib import Path

import httpx

from capture_desktop import __version__
from capture_desktop.api.errors import (
    InsecureTransportRefused,
    NetworkError,
    TimeoutError_,
    TlsConfigurationError,
    TransportError,
)
from capture_desktop.api.transport import is_loopback_host
from capture_desktop.proxy_setting import (
    PROXY_NONE,
    PROXY_SYSTEM,
    proxy_host,
    proxy_problem,
    system_proxy,
)
from capture_desktop.redaction import quiet_http_loggers

DEFAULT_TIMEOUT = httpx.Timeout(30.0, connect=10.0)
USER_AGENT = f"capture-desktop/{__version__}"


@contextlib.contextmanager
def map_transport_errors() -> Iterator[None]:
    """Raise an httpx failure inside the block as our ``TransportError``, chained ``from`` it."""
    try:
        yield
    except httpx.TimeoutException as exc:
        raise TimeoutError_(f"Capture did not answer in time ({type(exc).__name__})") from exc
    except httpx.TransportError as exc:
        detail = str(exc) or type(exc).__name__
        raise NetworkError(f"connection to Capture failed: {detail}") from exc
    except httpx.HTTPError as exc:
        raise TransportError(f"HTTP failure: {type(exc).__name__}") from exc


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


def make_http_client_without_trust_store(
    problem: Exception, timeout: float | httpx.Timeout, *, plain_http: bool
) -> httpx.AsyncClient:
    """The client of a profile whose trust store could not be loaded (``problem``).

    https requests raise ``TlsConfigurationError`` where they are made, so the views show it;
    plain http ones (a plain-http profile, like the sandbox on loopback) go through a transport
    whose TLS context trusts nothing, so TLS is never used unverified.
    """
    message = str(problem)

    class TlsUnavailable(httpx.AsyncBaseTransport):
        def __init__(self) -> None:
            # Verifies certificates but has no CA loaded; given, so httpx reads no SSL_CERT_FILE.
            context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
            self._plain = httpx.AsyncHTTPTransport(verify=context) if plain_http else None

        async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
            if self._plain is None or request.url.scheme != "http":
                raise TlsConfigurationError(message)
            return await self._plain.handle_async_request(request)

        async def aclose(self) -> None:
            if self._plain is not None:
                await self._plain.aclose()

    return httpx.AsyncClient(
        transport=TlsUnavailable(),
        timeout=timeout,
        follow_redirects=False,
        trust_env=False,  # no proxies from the environment: they would build TLS contexts
        headers={"Accept": "application/json", "User-Agent": USER_AGENT},
    )
