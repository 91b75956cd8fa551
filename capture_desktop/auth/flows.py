"""The OAuth flows as separate steps, so a wizard can run and show each one.

- ``AuthorizationCodeFlow``: ``request_code`` (access/getAuthorizationCode) then ``exchange``
  (oauth/token, by default with the same ``redirect_uri``).
- ``BrowserSignInFlow``: build the sign-in URL (state + PKCE S256), open it through an
  injected ``open_browser``, wait on the ``LoopbackReceiver`` (or take a pasted redirect
  URL), exchange.
- ``CreationTokenFlow``: access/getCreationToken.
- ``refresh``: oauth/token with ``grant_type=refresh_token`` (the refresh token rotates).
"""

from __future__ import annotations

import base64
import dataclasses
import hashlib
import secrets
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from capture_desktop.api.client import CaptureClient
from capture_desktop.api.models import AuthorizationCode, CreationToken, TokenSet
from capture_desktop.api.selectors import RecordSelector
from capture_desktop.auth.callback import CallbackResult, SignInDenied, parse_redirect_url
from capture_desktop.auth.loopback import LoopbackReceiver

__all__ = [
    "AuthorizationCodeFlow",
    "BrowserSignInFlow",
    "CreationTokenFlow",
    "Pkce",
    "SignInDenied",
    "refresh",
]


@dataclass(frozen=True)
class Pkce:
    """A PKCE pair (RFC 7636, S256). The verifier stays in this process."""

    verifier: str = field(repr=False)
    challenge: str
    method: str = "S256"

    @classmethod
    def new(cls) -> Pkce:
        verifier = secrets.token_urlsafe(64)  # 86 chars, within RFC 7636's 43..128
        return cls(verifier, cls.challenge_for(verifier))

    @staticmethod
    def challenge_for(verifier: str) -> str:
        digest = hashlib.sha256(verifier.encode("ascii")).digest()
        return base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")


class AuthorizationCodeFlow:
    """Step 1: a code for one record and ``redirect_uri``. Step 2: exchange it."""

    def __init__(self, client: CaptureClient) -> None:
        self.client = client
        self._type_name: str | None = None
        self._selector: RecordSelector | None = None

    async def request_code(
        self,
        type_name: str,
        selector: RecordSelector,
        redirect_uri: str,
        lifetime: int | None = None,
        transaction_state: Mapping[str, Any] | None = None,
        *,
        for_client_id: str | None = None,
    ) -> AuthorizationCode:
        code = await self.client.get_authorization_code(
            type_name,
            selector,
            redirect_uri,
            lifetime=lifetime,
            transaction_state=transaction_state,
            for_client_id=for_client_id,
        )
        self._type_name, self._selector = type_name, selector
        return code

    async def exchange(
        self, code: AuthorizationCode | str, redirect_uri: str | None = None
    ) -> TokenSet:
        """Exchange at oauth/token; ``redirect_uri`` defaults to the one the code was issued
        for (Capture wants it byte-identical; a different one gets 420)."""
        if redirect_uri is None:
            if isinstance(code, str):
                raise ValueError("a bare code needs the redirect_uri it was issued for")
            redirect_uri = code.redirect_uri
        raw = code if isinstance(code, str) else code.code
        tokens = await self.client.oauth_token(
            "authorization_code", code=raw, redirect_uri=redirect_uri
        )
        selector = self._selector
        if selector is not None and selector.kind == "uuid" and tokens.record_uuid is None:
            tokens = dataclasses.replace(tokens, record_uuid=str(selector.value))
        if self._type_name is not None and tokens.type_name is None:
            tokens = dataclasses.replace(tokens, type_name=self._type_name)
        return tokens

    async def run(
        self,
        type_name: str,
        selector: RecordSelector,
        redirect_uri: str,
        lifetime: int | None = None,
        transaction_state: Mapping[str, Any] | None = None,
    ) -> TokenSet:
        code = await self.request_code(
            type_name, selector, redirect_uri, lifetime, transaction_state
        )
        return await self.exchange(code)


class BrowserSignInFlow:
    """Sign a user in through the system browser and the loopback receiver."""

    def __init__(
        self,
        client: CaptureClient,
        receiver: LoopbackReceiver,
        open_browser: Callable[[str], object],
        client_id: str,
        *,
        sign_in_base_url: str | None = None,
        sign_in_path: str = "/oauth/signin",
        extra_params: Mapping[str, str] | None = None,
    ) -> None:
        self.client = client
        self.receiver = receiver
        self.open_browser = open_browser
        self.client_id = client_id
        self.sign_in_base_url = (sign_in_base_url or client.base_url).rstrip("/")
        self.sign_in_path = sign_in_path
        self.extra_params = dict(extra_params or {})
        self.pkce = Pkce.new()

    async def start(self) -> str:
        """Start listening (if not yet); returns the ``redirect_uri``."""
        if self.receiver.port is None:
            await self.receiver.start()
        return self.receiver.redirect_uri

    def sign_in_url(self) -> str:
        params = {
            **self.extra_params,
            "response_type": "code",
            "client_id": self.client_id,
            "redirect_uri": self.receiver.redirect_uri,
            "state": self.receiver.state,
            "code_challenge": self.pkce.challenge,
            "code_challenge_method": self.pkce.method,
        }
        return f"{self.sign_in_base_url}{self.sign_in_path}?{urlencode(params)}"

    def open(self) -> str:
        url = self.sign_in_url()
        self.open_browser(url)
        return url

    async def wait_for_callback(self) -> CallbackResult:
        result = await self.receiver.wait()
        return self._checked(result)

    def accept_pasted_url(self, url: str) -> CallbackResult:
        """The same checks as the receiver, for a redirect URL the user copied."""
        result = parse_redirect_url(url, self.receiver.state, self.receiver.redirect_uri)
        return self._checked(result)

    @staticmethod
    def _checked(result: CallbackResult) -> CallbackResult:
        if result.error is not None or result.code is None:
            raise SignInDenied(result.error or "no_code", result.error_description)
        return result

    async def exchange(self, result: CallbackResult) -> TokenSet:
        if result.code is None:
            raise SignInDenied(result.error or "no_code", result.error_description)
        return await self.client.oauth_token(
            "authorization_code",
            code=result.code,
            redirect_uri=self.receiver.redirect_uri,
            code_verifier=self.pkce.verifier,
        )

    async def run(self) -> TokenSet:
        """All steps: listen, open the browser, wait, exchange; the receiver is closed after."""
        try:
            await self.start()
            self.open()
            result = await self.wait_for_callback()
            return await self.exchange(result)
        finally:
            await self.receiver.close()


class CreationTokenFlow:
    def __init__(self, client: CaptureClient) -> None:
        self.client = client

    async def create(
        self, type_name: str, lifetime: int | None = None, *, for_client_id: str | None = None
    ) -> CreationToken:
        return await self.client.get_creation_token(
            type_name, lifetime=lifetime, for_client_id=for_client_id
        )


async def refresh(client: CaptureClient, refresh_token: str) -> TokenSet:
    """Rotate ``refresh_token``: it is spent now; persist the returned one before use."""
    return await client.oauth_token("refresh_token", refresh_token=refresh_token)
