"""The embedded sandbox's admin routes as QA's fault controls use them (Qt-free).

`SandboxAdmin` reads and changes `/__sandbox__/settings` and expires or revokes one token;
every call sends the per-run admin token (`X-Sandbox-Admin-Token`) and a JSON body.
`active_faults` turns a settings dict into the short lines the status bar lists.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import httpx

SETTINGS_PATH = "/__sandbox__/settings"
EXPIRE_PATH = "/__sandbox__/tokens/expire"
REVOKE_PATH = "/__sandbox__/tokens/revoke"

#: The fault settings and their "off" values (what "Reset" restores).
FAULTS_OFF: dict[str, Any] = {
    "latency_ms": 0,
    "error_rate": 0.0,
    "drop_rate": 0.0,
    "rate_limit_per_second": None,
}
#: The lifetimes QA may change; "Reset" restores the values the sandbox started with.
LIFETIMES = ("code_lifetime", "access_token_lifetime", "creation_token_lifetime")


class SandboxAdminError(Exception):
    """The sandbox refused an admin call; the message is the sandbox's own explanation."""


def active_faults(settings: Mapping[str, Any], baseline: Mapping[str, Any]) -> list[str]:
    """What differs from normal, in the status bar's words (e.g. "510 at 20%")."""
    lines: list[str] = []
    if settings.get("error_rate"):
        lines.append(f"{settings.get('error_code', 500)} at {_percent(settings['error_rate'])}")
    if settings.get("latency_ms"):
        lines.append(f"latency {settings['latency_ms']} ms")
    if settings.get("drop_rate"):
        lines.append(f"drops at {_percent(settings['drop_rate'])}")
    if settings.get("rate_limit_per_second") is not None:
        lines.append(f"rate limit {_number(settings['rate_limit_per_second'])}/s")
    names = {
        "code_lifetime": "code",
        "access_token_lifetime": "access token",
        "creation_token_lifetime": "creation token",
    }
    for key, name in names.items():
        if key in baseline and settings.get(key) != baseline[key]:
            lines.append(f"{name} lives {settings.get(key)} s")
    return lines


def _percent(rate: float) -> str:
    return f"{_number(float(rate) * 100)}%"


def _number(value: float) -> str:
    return f"{value:g}"


class SandboxAdmin:
    """Async calls to one running sandbox. One `httpx.AsyncClient` for the object's life; it
    talks to loopback only, so environment proxies are ignored."""

    def __init__(
        self, base_url: Callable[[], str | None], admin_token: Callable[[], str | None]
    ) -> None:
        self._base_url = base_url
        self._admin_token = admin_token
        self._http: httpx.AsyncClient | None = None

    async def aclose(self) -> None:
        if self._http is not None:
            await self._http.aclose()
            self._http = None

    async def settings(self) -> dict[str, Any]:
        return await self._call("GET", SETTINGS_PATH, None)

    async def change(self, changes: Mapping[str, Any]) -> dict[str, Any]:
        """Apply `changes` (all or nothing) and return every setting as it now is."""
        return await self._call("POST", SETTINGS_PATH, dict(changes))

    async def expire_token(self, token: str) -> str:
        """Make the token expire now at the sandbox; returns its kind."""
        return str((await self._call("POST", EXPIRE_PATH, {"token": token}))["expired"])

    async def revoke_token(self, token: str) -> str:
        """Revoke the one token at the sandbox; returns its kind."""
        return str((await self._call("POST", REVOKE_PATH, {"token": token}))["revoked"])

    async def _call(self, method: str, path: str, body: dict[str, Any] | None) -> dict[str, Any]:
        base_url = self._base_url()
        if base_url is None:
            raise SandboxAdminError("the built-in sandbox is not running")
        if self._http is None:
            import httpx  # lazily: the panel may never be opened

            self._http = httpx.AsyncClient(timeout=10.0, trust_env=False)
        from capture_desktop.sandbox import ADMIN_TOKEN_HEADER  # the sandbox owns the name

        token = self._admin_token()
        if token is None:
            raise SandboxAdminError("the built-in sandbox is not running")
        headers = {ADMIN_TOKEN_HEADER: token}
        url = base_url.rstrip("/") + path
        if body is None:
            response = await self._http.get(url, headers=headers)
        else:
            # The admin routes take JSON bodies only.
            response = await self._http.post(url, json=body, headers=headers)
        try:
            payload = response.json()
        except ValueError:
            payload = {}
        if response.status_code != 200 or not isinstance(payload, dict):
            detail = payload.get("error") if isinstance(payload, dict) else None
            raise SandboxAdminError(
                str(detail or f"the sandbox answered HTTP {response.status_code}")
            )
        return payload
