"""What every command shares: the GUI's stores, one HTTP client per run, output helpers.

The profiles file, the slot file and the keyring are the very ones the GUI uses
(``store.paths``; ``CAPTURE_DESKTOP_HOME`` moves them for tests), so a slot minted here
shows up in the Tokens panel and the other way round.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Awaitable
from typing import Any, TextIO

import httpx

from capture_desktop.api.client import CaptureClient
from capture_desktop.api.credentials import BasicAuth, ClientCredentials, ParamsAuth, SignedAuth
from capture_desktop.api.transport import make_http_client
from capture_desktop.auth.token_keeper import TokenKeeper
from capture_desktop.store import paths
from capture_desktop.store.profiles import Profile, ProfileStore
from capture_desktop.store.secrets import SecretStore, client_secret_key
from capture_desktop.store.slots import SlotStore

HTTP_TIMEOUT = httpx.Timeout(30.0)


class Context:
    """The stores and clients of one command run. Close it with ``aclose``."""

    def __init__(self, *, as_json: bool = False, out: TextIO | None = None) -> None:
        self.as_json = as_json
        self.out = out if out is not None else sys.stdout
        self.profiles = ProfileStore(paths.profiles_file())
        self.slots = SlotStore(paths.slots_file())
        self.secrets = SecretStore()
        self._http: dict[str | None, httpx.AsyncClient] = {}
        self._keeper: TokenKeeper | None = None

    # -- output --------------------------------------------------------------------------
    def emit(self, data: Any, text: str) -> None:
        """Machine output with ``--json``, else the plain text."""
        if self.as_json:
            self.out.write(json.dumps(data, indent=2, sort_keys=True) + "\n")
        elif text:
            self.out.write(text if text.endswith("\n") else text + "\n")

    # -- clients -------------------------------------------------------------------------
    def http_for(self, profile: Profile) -> httpx.AsyncClient:
        http = self._http.get(profile.ca_bundle)
        if http is None:
            http = make_http_client(profile.ca_bundle, HTTP_TIMEOUT)
            self._http[profile.ca_bundle] = http
        return http

    async def client_secret(self, profile: Profile) -> str | None:
        return await self.secrets.get(client_secret_key(profile.name))

    async def client(self, profile: Profile, *, need_secret: bool = True) -> CaptureClient:
        """A client with the profile's credentials from the keyring."""
        from capture_desktop.scripting.errors import CliError

        secret = await self.client_secret(profile)
        credentials: ClientCredentials | None = None
        if secret:
            method: dict[str, type[BasicAuth | ParamsAuth | SignedAuth]] = {
                "basic": BasicAuth,
                "params": ParamsAuth,
                "signed": SignedAuth,
            }
            credentials = method[profile.auth_method](profile.client_id, secret)
        elif need_secret:
            raise CliError(
                f"Profile {profile.name!r} has no client secret in the keyring. Store one "
                f"with: capture-desktop profile add {profile.name!r} --replace …"
            )
        return CaptureClient(
            self.http_for(profile),
            profile.base_url,
            credentials,
            allow_insecure=profile.allow_insecure,
        )

    def _client_for(self, profile_name: str) -> Awaitable[CaptureClient]:
        return self.client(self.profiles.get(profile_name))

    @property
    def keeper(self) -> TokenKeeper:
        if self._keeper is None:
            # margin 60 s, as in the GUI: a printed token is good for at least that long.
            self._keeper = TokenKeeper(self._client_for, self.secrets, self.slots)
        return self._keeper

    async def aclose(self) -> None:
        if self._keeper is not None:
            await self._keeper.aclose()
        for http in self._http.values():
            await http.aclose()
        self._http.clear()
