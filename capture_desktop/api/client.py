"""``CaptureClient``: one async method per Capture operation over one injected httpx client.

Each method takes Python values and returns a typed result (``models``). Credentials are
chosen per client or per call (``auth=``); the parameter types say which strategies each
operation accepts. The entity operations live in ``_entity_ops``, the request path in ``_core``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal, overload

from capture_desktop.api._core import with_selector
from capture_desktop.api._entity_ops import EntityOperations
from capture_desktop.api.credentials import CLIENT_CREDENTIALS, ClientCredentials
from capture_desktop.api.errors import UnexpectedResponse
from capture_desktop.api.models import (
    DEFAULT_CODE_LIFETIME,
    DEFAULT_CREATION_TOKEN_LIFETIME,
    AuthorizationCode,
    CreationToken,
    NativeSignIn,
    TokenSet,
    expiry_after,
)
from capture_desktop.api.selectors import RecordSelector
from capture_desktop.redaction import register_secrets

__all__ = ["NATIVE_REDIRECT_URI", "CaptureClient"]


#: What a native sign-in sends as ``redirect_uri`` unless told otherwise (no browser goes
#: there; Capture only checks that it is registered for the login client).
NATIVE_REDIRECT_URI = "http://localhost/"


class CaptureClient(EntityOperations):
    """Async client for one Capture domain.

    ``CaptureClient(http, base_url, credentials=None, *, allow_insecure=False,
    request_log=None, clock=...)``: ``credentials`` are the default client credentials; every
    method also takes ``auth=`` to override them for one call.
    """

    # --- access/* -------------------------------------------------------------------------

    async def get_authorization_code(
        self,
        type_name: str,
        selector: RecordSelector,
        redirect_uri: str,
        *,
        lifetime: int | None = None,
        transaction_state: Mapping[str, Any] | None = None,
        for_client_id: str | None = None,
        auth: ClientCredentials | None = None,
    ) -> AuthorizationCode:
        params = with_selector(
            selector,
            type_name=type_name,
            redirect_uri=redirect_uri,
            lifetime=lifetime,
            transaction_state=dict(transaction_state) if transaction_state is not None else None,
            for_client_id=for_client_id,
        )
        issued = self._clock()
        payload = await self._call(
            "access/getAuthorizationCode", params, self._client_auth(auth), CLIENT_CREDENTIALS
        )
        code = payload.get("authorizationCode") or payload.get("authorization_code")
        if not isinstance(code, str) or not code:
            raise UnexpectedResponse("getAuthorizationCode response has no authorizationCode")
        expires = expiry_after(issued, lifetime, DEFAULT_CODE_LIFETIME)
        return AuthorizationCode(code, redirect_uri, expires)

    async def get_access_token(
        self,
        type_name: str,
        selector: RecordSelector,
        *,
        for_client_id: str | None = None,
        auth: ClientCredentials | None = None,
    ) -> TokenSet:
        """A bare access token (no refresh token); expiry assumes 3600 s unless told."""
        params = with_selector(selector, type_name=type_name, for_client_id=for_client_id)
        issued = self._clock()
        payload = await self._call(
            "access/getAccessToken", params, self._client_auth(auth), CLIENT_CREDENTIALS
        )
        uuid = selector.value if selector.kind == "uuid" else None
        return TokenSet.from_payload(
            payload,
            issued,
            record_uuid=str(uuid) if uuid is not None else None,
            type_name=type_name,
            client_id=for_client_id or self._client_id(auth),
        )

    async def get_creation_token(
        self,
        type_name: str,
        *,
        lifetime: int | None = None,
        for_client_id: str | None = None,
        auth: ClientCredentials | None = None,
    ) -> CreationToken:
        params = {"type_name": type_name, "lifetime": lifetime, "for_client_id": for_client_id}
        issued = self._clock()
        chosen = self._client_auth(auth)
        try:
            payload = await self._call(
                "access/getCreationToken", params, chosen, CLIENT_CREDENTIALS
            )
        except UnexpectedResponse as exc:
            if exc.http_status != 404:
                raise
            # Older deployments/docs name the call getCreationCode (Sandbox decision 1).
            payload = await self._call("access/getCreationCode", params, chosen, CLIENT_CREDENTIALS)
        token = payload.get("creation_token") or payload.get("creationToken")
        if not isinstance(token, str) or not token:
            raise UnexpectedResponse("getCreationToken response has no creation_token")
        expires = expiry_after(issued, lifetime, DEFAULT_CREATION_TOKEN_LIFETIME)
        return CreationToken(token, type_name, expires, issued)

    async def get_verification_code(
        self,
        type_name: str,
        selector: RecordSelector,
        attribute_name: str,
        *,
        lifetime: int | None = None,
        auth: ClientCredentials | None = None,
    ) -> str:
        """A single-use code that, when used, stamps the record's dateTime ``attribute_name``
        (e.g. ``emailVerified``) with the current time. Capture's default lifetime is 30 s."""
        params = with_selector(
            selector, type_name=type_name, attribute_name=attribute_name, lifetime=lifetime
        )
        payload = await self._call(
            "access/getVerificationCode", params, self._client_auth(auth), CLIENT_CREDENTIALS
        )
        code = payload.get("verification_code")
        if not isinstance(code, str) or not code:
            raise UnexpectedResponse("getVerificationCode response has no verification_code")
        register_secrets([code])
        return code

    async def use_verification_code(self, verification_code: str) -> str:
        """Use a verification code (it is its own credential); returns the record's uuid."""
        register_secrets([verification_code])
        payload = await self._call(
            "access/useVerificationCode", {"verification_code": verification_code}, None, None
        )
        uuid = payload.get("uuid")
        if not isinstance(uuid, str):
            raise UnexpectedResponse("useVerificationCode response has no uuid")
        return uuid

    # --- oauth/* --------------------------------------------------------------------------

    @overload
    async def oauth_token(
        self,
        grant_type: Literal["authorization_code"] = "authorization_code",
        *,
        code: str,
        redirect_uri: str,
        code_verifier: str | None = None,
        auth: ClientCredentials | None = None,
    ) -> TokenSet: ...

    @overload
    async def oauth_token(
        self,
        grant_type: Literal["refresh_token"],
        *,
        refresh_token: str,
        auth: ClientCredentials | None = None,
    ) -> TokenSet: ...

    async def oauth_token(
        self,
        grant_type: Literal["authorization_code", "refresh_token"] = "authorization_code",
        *,
        code: str | None = None,
        redirect_uri: str | None = None,
        code_verifier: str | None = None,
        refresh_token: str | None = None,
        auth: ClientCredentials | None = None,
    ) -> TokenSet:
        """Exchange a code (``redirect_uri`` byte-identical to the one it was issued for) or
        rotate a refresh token. The returned refresh token replaces the old, now spent one."""
        if grant_type == "authorization_code":
            if not code or not redirect_uri:
                raise ValueError("authorization_code grant needs code and redirect_uri")
            params: dict[str, object] = {
                "grant_type": grant_type,
                "code": code,
                "redirect_uri": redirect_uri,
                "code_verifier": code_verifier,
            }
        elif grant_type == "refresh_token":
            if not refresh_token:
                raise ValueError("refresh_token grant needs refresh_token")
            params = {"grant_type": grant_type, "refresh_token": refresh_token}
        else:
            raise ValueError(f"unsupported grant_type {grant_type!r}")
        issued = self._clock()
        payload = await self._call(
            "oauth/token", params, self._client_auth(auth), CLIENT_CREDENTIALS
        )
        return TokenSet.from_payload(payload, issued, client_id=self._client_id(auth))

    async def auth_native_traditional(
        self,
        *,
        client_id: str,
        email: str,
        password: str,
        form: str = "signInForm",
        email_field: str = "signInEmailAddress",
        password_field: str = "currentPassword",  # noqa: S107 - a form field name
        redirect_uri: str = NATIVE_REDIRECT_URI,
        response_type: Literal["token", "code", "code_and_token"] = "token",
        flow: str | None = None,
        flow_version: str | None = None,
        locale: str = "en-US",
        extra: Mapping[str, object] | None = None,
    ) -> NativeSignIn:
        """Traditional (email + password) sign-in as a login client; no client secret is sent."""
        params: dict[str, object] = {
            "client_id": client_id,
            "form": form,
            email_field: email,
            password_field: password,
            "redirect_uri": redirect_uri,
            "response_type": response_type,
            "flow": flow,
            "flow_version": flow_version,
            "locale": locale,
            **(extra or {}),
        }
        register_secrets([password])
        payload = await self._call("oauth/auth_native_traditional", params, None, None)
        return NativeSignIn.from_payload(payload)
