"""The per-profile proxy setting: ``"system"``, ``"none"`` or a proxy URL without credentials.

A shared rule with no dependencies, so that the profile store can validate what it saves and
``api.transport`` can act on it (see its docstring for how requests are routed).
"""

from __future__ import annotations

import os
from typing import Final
from urllib.parse import urlsplit

__all__ = [
    "PROXY_NONE",
    "PROXY_SYSTEM",
    "describe_proxy",
    "proxy_host",
    "proxy_problem",
    "system_proxy",
]

PROXY_SYSTEM: Final = "system"
PROXY_NONE: Final = "none"


def proxy_problem(setting: str) -> str | None:
    """Why ``setting`` is not a usable proxy setting, in plain words; ``None`` when it is."""
    if setting in (PROXY_SYSTEM, PROXY_NONE):
        return None
    parts = urlsplit(setting.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return "the proxy must be 'system', 'none' or a URL like http://proxy.example:3128"
    if parts.username or parts.password:
        # The setting is stored in the profile file, which holds no secrets.
        return "proxy credentials cannot be stored in a profile; use a proxy without a password"
    if parts.path not in ("", "/") or parts.query or parts.fragment:
        return "the proxy URL must have no path, query or fragment"
    try:
        parts.port  # noqa: B018 - raises on a port out of range
    except ValueError:
        return "the proxy URL has an invalid port"
    return None


def proxy_host(url: str) -> str:
    """``host[:port]`` of a proxy URL: what may be shown or logged (never its credentials)."""
    parts = urlsplit(url)
    host = parts.hostname or "?"
    try:
        port = parts.port
    except ValueError:
        port = None
    return f"{host}:{port}" if port else host


def describe_proxy(setting: str) -> str:
    """Short text for the status bar: never a proxy's credentials."""
    if setting == PROXY_NONE:
        return "no proxy"
    if setting == PROXY_SYSTEM:
        found = system_proxy("https", "capture.invalid")
        return f"system proxy ({proxy_host(found)})" if found else "system (no proxy)"
    return f"proxy {proxy_host(setting)}"


def system_proxy(scheme: str, host: str) -> str | None:
    """The environment's proxy for ``scheme`` to ``host`` (``None``: go direct)."""
    if not any(name.lower().endswith("_proxy") for name in os.environ):
        return None  # nothing set: skip loading urllib.request (its HTTP stack) at start-up
    import urllib.request

    # The standard library reads *_proxy in either case and NO_PROXY the way curl does.
    proxies = urllib.request.getproxies_environment()
    # Untyped in typeshed, but part of urllib.request since Python 3.0.
    bypass = urllib.request.proxy_bypass_environment  # type: ignore[attr-defined]
    if bypass(host, proxies):
        return None
    return proxies.get(scheme) or proxies.get("all") or None
