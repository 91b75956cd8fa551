"""Connection settings: base-URL normalisation, the one insecure-transport rule, the HTTP client.

The rule that decides whether a credential may travel over a URL lives here, once, and imports
only the standard library: the profile form, the status pill and the client all call it, so
they cannot disagree. The httpx side (``make_http_client``, ``make_ssl_context``,
``map_transport_errors``) is in ``_http`` and loads on first use.
"""

from __future__ import annotations

import ipaddress
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from capture_desktop._lazy import lazy_namespace
from capture_desktop.api.errors import InsecureTransportRefused

if TYPE_CHECKING:
    from capture_desktop.api.transport._http import (
        DEFAULT_TIMEOUT,
        USER_AGENT,
        make_http_client,
        make_http_client_without_trust_store,
        make_ssl_context,
        map_transport_errors,
    )

__all__ = [
    "DEFAULT_TIMEOUT",
    "USER_AGENT",
    "check_transport",
    "is_insecure_transport",
    "is_loopback_host",
    "make_http_client",
    "make_http_client_without_trust_store",
    "make_ssl_context",
    "map_transport_errors",
    "may_send_secret",
    "normalize_base_url",
]

# The httpx side's names, listed here only: ``_http`` is private and has no ``__all__``.
_FROM_HTTP = (
    "DEFAULT_TIMEOUT",
    "USER_AGENT",
    "make_http_client",
    "make_http_client_without_trust_store",
    "make_ssl_context",
    "map_transport_errors",
)
__getattr__, __dir__ = lazy_namespace(
    __name__, dict.fromkeys(_FROM_HTTP, "capture_desktop.api.transport._http")
)


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
    """``localhost`` or a loopback address. Names under ``.localhost`` are not trusted: the
    system resolver may send them anywhere (only some browsers pin them to loopback)."""
    if not host:
        return False
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def is_insecure_transport(base_url: str) -> bool:
    """True when ``base_url`` is not https and its host is not this computer."""
    parts = urlsplit(base_url.strip())
    return parts.scheme != "https" and not is_loopback_host(parts.hostname)


def may_send_secret(base_url: str, allow_insecure: bool) -> bool:
    """May a client secret or token travel over ``base_url``? https, loopback, or the override."""
    return allow_insecure or not is_insecure_transport(base_url)


def check_transport(base_url: str, allow_insecure: bool, what: str) -> None:
    """Refuse to send ``what`` (a credential) in clear text to a host that is not this machine."""
    if may_send_secret(base_url, allow_insecure):
        return
    host = urlsplit(base_url.strip()).hostname
    raise InsecureTransportRefused(
        f"refusing to send {what} over plain http:// to {host}: anyone on the network "
        "path could read it and act as this client or user. Use https://, or enable "
        "'allow insecure transport' for this profile if you accept that risk."
    )
