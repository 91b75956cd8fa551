"""Connection settings: base-URL normalisation, the insecure-transport rule, the HTTP client.

``make_http_client`` builds the one long-lived ``httpx.AsyncClient`` of a profile. TLS
verification is always on; a custom CA bundle is added to the system trust store, never
substituted by "verify=False". A missing bundle (including a stale ``SSL_CERT_FILE``) becomes a
``TlsConfigurationError`` that names the file instead of a crash at start-up.
"""

from __future__ import annotations

import contextlib
import ipaddress
import os
import ssl
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import httpx

from capture_desktop import __version__
from capture_desktop.api.errors import (
    InsecureTransportRefused,
    NetworkError,
    TimeoutError_,
    TlsConfigurationError,
    TransportError,
)
from capture_desktop.api.redaction import quiet_http_loggers

__all__ = [
    "DEFAULT_TIMEOUT",
    "check_transport",
    "is_loopback_host",
    "make_http_client",
    "make_ssl_context",
    "map_transport_errors",
    "normalize_base_url",
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


def make_http_client(
    ca_bundle: str | os.PathLike[str] | None = None,
    timeout: float | httpx.Timeout = DEFAULT_TIMEOUT,
    *,
    transport: httpx.AsyncBaseTransport | None = None,
) -> httpx.AsyncClient:
    """The long-lived client for one profile; close it with ``await client.aclose()``.

    ``transport`` is the test seam (``MockTransport``/``ASGITransport``); TLS settings still apply
    to real connections. Redirects are not followed, so credentials never go to another host.
    """
    quiet_http_loggers()
    return httpx.AsyncClient(
        verify=make_ssl_context(ca_bundle),
        timeout=timeout,
        transport=transport,
        follow_redirects=False,
        headers={"Accept": "application/json", "User-Agent": USER_AGENT},
    )
