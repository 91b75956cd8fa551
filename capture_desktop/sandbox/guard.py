"""The DNS-rebinding defence: every request must name the sandbox by a loopback Host.

A web page on `evil.example` can make its name resolve to 127.0.0.1 and then talk to the
sandbox from the browser; what it cannot change is the Host header, which still says
`evil.example`. So every route answers 421 unless Host is a loopback name or address with
the port the request actually arrived on.

The allowed port comes from the ASGI scope's `server` (the listening socket's address under
uvicorn). An in-process transport (httpx.ASGITransport) has no socket: its `server` is the
base URL's host and port, and that exact pair is accepted too. A real socket's `server` is
always an IP address, so an attacker's name can never match it.
"""

from __future__ import annotations

import ipaddress

from starlette.types import ASGIApp, Receive, Scope, Send

LOOPBACK_NAMES = frozenset({"localhost"})
MISDIRECTED = 421
_BODY = b"This sandbox answers only to a loopback Host (127.0.0.1, ::1 or localhost).\n"


def split_host(value: str) -> tuple[str, int | None] | None:
    """(name, port) of a Host header value; `None` when it is malformed."""
    value = value.strip()
    if not value:
        return None
    if value.startswith("["):
        end = value.find("]")
        if end < 0:
            return None
        name, rest = value[1:end], value[end + 1 :]
    else:
        name, colon, port_text = value.partition(":")
        rest = f":{port_text}" if colon else ""
    if not rest:
        return name, None
    if not rest.startswith(":") or not rest[1:].isdigit() or len(rest) > 6:
        return None
    return name, int(rest[1:])


def is_loopback(name: str) -> bool:
    name = name.lower().rstrip(".")
    if name in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


def host_allowed(host: str | None, server: tuple[str, int | None] | None, scheme: str) -> bool:
    if host is None or server is None:
        return False
    parsed = split_host(host)
    if parsed is None:
        return False
    default_port = 443 if scheme == "https" else 80
    name, port = parsed
    server_host, server_port = server
    # An in-process transport leaves the port out when the URL does.
    port = default_port if port is None else port
    server_port = default_port if server_port is None else server_port
    if port != server_port:
        return False
    return is_loopback(name) or name.lower() == str(server_host).lower()


class HostGuard:
    """ASGI middleware: 421 Misdirected Request for any Host but a loopback one."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        hosts = [value for key, value in scope.get("headers", []) if key == b"host"]
        host = hosts[0].decode("latin-1") if len(hosts) == 1 else None
        server = scope.get("server")
        if host_allowed(host, server, scope.get("scheme", "http")):
            await self.app(scope, receive, send)
            return
        await send(
            {
                "type": "http.response.start",
                "status": MISDIRECTED,
                "headers": [
                    (b"content-type", b"text/plain; charset=utf-8"),
                    (b"content-length", str(len(_BODY)).encode()),
                    (b"cache-control", b"no-store"),
                ],
            }
        )
        await send({"type": "http.response.body", "body": _BODY})
