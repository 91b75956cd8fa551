"""Connections: one long-lived HTTP client per profile, and the ``CaptureClient`` on it.

httpx is imported on first use, so the window paints before it loads. The trust-store
fallback (a missing CA bundle or a stale ``SSL_CERT_FILE``) is the core's
(``api.transport.make_http_client_without_trust_store``); this only picks it.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

if TYPE_CHECKING:
    import httpx

    from capture_desktop.api.client import CaptureClient
    from capture_desktop.api.request_log import RequestLog
    from capture_desktop.store.profiles import Profile

log = logging.getLogger("capture_desktop.services.connections")


class Connections:
    """HTTP clients keyed by profile, CA bundle and scheme; closed together by ``aclose``."""

    def __init__(
        self, timeout_seconds: Callable[[], float], request_log: Callable[[], RequestLog]
    ) -> None:
        self._timeout_seconds = timeout_seconds
        self._request_log = request_log
        self._http: dict[str, httpx.AsyncClient] = {}

    def http_for(self, profile: Profile) -> httpx.AsyncClient:
        """The one long-lived httpx client for ``profile``, from the core's ``make_http_client``.

        If the trust store cannot be loaded, https calls fail with the core's
        ``TlsConfigurationError`` where they are made (the views show it); plain http, like the
        built-in sandbox on loopback, needs no trust store.
        """
        scheme = urlsplit(profile.base_url).scheme
        key = f"{profile.name}\x00{profile.ca_bundle or ''}\x00{scheme}"
        http = self._http.get(key)
        if http is None:
            import httpx

            from capture_desktop.api import transport
            from capture_desktop.api.errors import TlsConfigurationError

            timeout = httpx.Timeout(self._timeout_seconds())
            try:
                http = transport.make_http_client(profile.ca_bundle, timeout)
            except TlsConfigurationError as exc:
                log.warning("TLS setup failed for profile %r: %s", profile.name, exc)
                http = transport.make_http_client_without_trust_store(
                    exc, timeout, plain_http=scheme == "http"
                )
            self._http[key] = http
        return http

    def make_client(self, profile: Profile, secret: str | None) -> CaptureClient:
        from capture_desktop.api.client import CaptureClient
        from capture_desktop.api.credentials import (
            BasicAuth,
            ClientCredentials,
            ParamsAuth,
            SignedAuth,
        )

        kinds: dict[str, Callable[[str, str], ClientCredentials]] = {
            "basic": BasicAuth,
            "params": ParamsAuth,
            "signed": SignedAuth,
        }
        credentials = kinds[profile.auth_method](profile.client_id, secret) if secret else None
        return CaptureClient(
            self.http_for(profile),
            profile.base_url,
            credentials,
            allow_insecure=profile.allow_insecure,
            request_log=self._request_log(),
        )

    async def aclose(self) -> None:
        clients = list(self._http.values())
        self._http.clear()
        for http in clients:
            await http.aclose()
