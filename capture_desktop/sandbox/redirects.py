"""Which redirect URIs the hosted sign-in page may send a browser to.

Only URIs registered for the client. A registered loopback `http` URI (127.0.0.1, ::1 or
localhost) matches with any port, as RFC 8252 section 7.3 asks of native-app clients; scheme,
host, path and query must still be the same. Every other URI must be registered exactly.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable
from urllib.parse import SplitResult, urlsplit


def _split(uri: str) -> SplitResult | None:
    try:
        parts = urlsplit(uri)
        parts.port  # noqa: B018 - raises ValueError for a malformed port
    except ValueError:
        return None
    if parts.scheme not in ("http", "https") or not parts.hostname or parts.fragment:
        return None
    if "@" in parts.netloc:  # userinfo only serves to disguise the real host
        return None
    return parts


def _loopback_http(parts: SplitResult) -> bool:
    if parts.scheme != "http" or parts.hostname is None:
        return False
    if parts.hostname == "localhost":
        return True
    try:
        return ipaddress.ip_address(parts.hostname).is_loopback
    except ValueError:
        return False


def _same_but_port(a: SplitResult, b: SplitResult) -> bool:
    return (a.scheme, a.hostname, a.path, a.query) == (b.scheme, b.hostname, b.path, b.query)


def redirect_allowed(requested: str, registered: Iterable[str]) -> bool:
    wanted = _split(requested)
    if wanted is None:
        return False
    for uri in registered:
        if requested == uri:
            return True
        allowed = _split(uri)
        if (
            allowed is not None
            and _loopback_http(wanted)
            and _loopback_http(allowed)
            and _same_but_port(wanted, allowed)
        ):
            return True
    return False
