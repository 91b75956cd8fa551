"""Who is calling: HTTP Basic, client_id/client_secret parameters, janrain-signed HMAC-SHA1,
access tokens (`Authorization: OAuth` or `access_token`; `Bearer` only when lenient) and
creation tokens.

`authenticate` finds the credential; `authorize` checks it against what an operation accepts.
"""

from __future__ import annotations

import base64
import binascii
import calendar
import hashlib
import hmac
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from capture_desktop.sandbox.clients import Client, ClientRegistry
from capture_desktop.sandbox.errors import ApiFault, missing
from capture_desktop.sandbox.token_store import TokenRow, TokenStore

CLIENT_KINDS = frozenset({"basic", "params", "signed"})
# Parameters that are never part of the signed string (they are not sent with a signature).
_UNSIGNED = frozenset({"client_id", "client_secret", "access_token"})


@dataclass(frozen=True)
class Principal:
    kind: str  # basic | params | signed | access_token | creation_token | login | none
    client: Client | None = None
    token: TokenRow | None = None


def _bad_credentials(reason: str = "client_id or client_secret is incorrect") -> ApiFault:
    return ApiFault(402, reason)


def string_to_sign(path: str, date: str, params: Mapping[str, str], *, empty_line: bool) -> str:
    lines = sorted(f"{k}={v}" for k, v in params.items() if k not in _UNSIGNED)
    if not lines:
        return f"{path}\n{date}\n\n" if empty_line else f"{path}\n{date}\n"
    return f"{path}\n{date}\n" + "\n".join(lines) + "\n"


def sign(secret: str, text: str) -> str:
    digest = hmac.new(secret.encode("utf-8"), text.encode("utf-8"), hashlib.sha1).digest()
    return base64.b64encode(digest).decode("ascii")


def parse_signed_date(value: str) -> float | None:
    try:
        return float(calendar.timegm(time.strptime(value.strip(), "%Y-%m-%d %H:%M:%S")))
    except ValueError:
        return None


class Authenticator:
    def __init__(
        self,
        clients: ClientRegistry,
        tokens: TokenStore,
        skew: Callable[[], int],
        clock: Callable[[], float],
        lenient: Callable[[], bool] = lambda: False,
    ) -> None:
        self.clients = clients
        self.tokens = tokens
        self.skew = skew
        self.clock = clock
        self.lenient = lenient

    def authenticate(
        self, path: str, headers: Mapping[str, str], params: Mapping[str, str]
    ) -> Principal:
        header = headers.get("authorization", "").strip()
        if header:
            scheme, _, rest = header.partition(" ")
            scheme = scheme.lower()
            if scheme == "basic":
                return Principal("basic", self._basic(rest.strip()))
            if scheme == "signature":
                return Principal("signed", self._signed(rest.strip(), path, headers, params))
            # No Capture source sends `Bearer` (it belongs to Hosted Login), so only the
            # lenient sandbox takes it.
            if scheme == "oauth" or (scheme == "bearer" and self.lenient()):
                return self._access(rest.strip())
            raise ApiFault(205, f"unsupported HTTP authorization method: {scheme}")
        if params.get("access_token"):
            return self._access(params["access_token"])
        if params.get("creation_token"):
            row = self.tokens.check_creation(params["creation_token"])
            return Principal("creation_token", token=row)
        client_id = params.get("client_id")
        if client_id and params.get("client_secret"):
            return Principal("params", self._check(client_id, params["client_secret"]))
        if client_id:
            client = self.clients.get(client_id)
            if client is None:
                raise _bad_credentials("unknown client_id")
            return Principal("login", client)
        return Principal("none")

    def _check(self, client_id: str, secret: str) -> Client:
        client = self.clients.get(client_id)
        if client is None or not hmac.compare_digest(
            client.client_secret.encode(), secret.encode()
        ):
            raise _bad_credentials()
        return client

    def _basic(self, encoded: str) -> Client:
        try:
            decoded = base64.b64decode(encoded, validate=True).decode("utf-8")
        except (binascii.Error, UnicodeDecodeError) as exc:
            raise _bad_credentials("malformed Basic authorization header") from exc
        client_id, sep, secret = decoded.partition(":")
        if not sep:
            raise _bad_credentials("malformed Basic authorization header")
        return self._check(client_id, secret)

    def _signed(
        self, value: str, path: str, headers: Mapping[str, str], params: Mapping[str, str]
    ) -> Client:
        client_id, sep, signature = value.partition(":")
        if not sep:
            raise _bad_credentials("malformed Signature authorization header")
        client = self.clients.get(client_id)
        if client is None:
            raise _bad_credentials("unknown client_id")
        date = headers.get("date")
        if not date:
            raise _bad_credentials("signed requests need a Date header (YYYY-MM-DD HH:MM:SS, UTC)")
        sent_at = parse_signed_date(date)
        if sent_at is None:
            raise _bad_credentials("the Date header is not in the form YYYY-MM-DD HH:MM:SS")
        if abs(self.clock() - sent_at) > self.skew():
            raise _bad_credentials("the Date header is too far from the server's clock")
        candidates = {
            sign(client.client_secret, string_to_sign(path, date, params, empty_line=flag))
            for flag in (False, True)
        }
        if not any(hmac.compare_digest(c.encode(), signature.encode()) for c in candidates):
            raise _bad_credentials("the request signature does not match")
        return client

    def _access(self, token: str) -> Principal:
        if not token:
            raise missing("access_token")
        return Principal("access_token", token=self.tokens.check_access(token))


def authorize(
    principal: Principal, operation: str, accepts: frozenset[str], features: frozenset[str]
) -> None:
    """Refuse a credential the operation does not take, or a client without its feature."""
    kind = "client" if principal.kind in CLIENT_KINDS else principal.kind
    if kind == "none" and "none" not in accepts:
        raise missing("client_id")
    if kind == "login" and "login" not in accepts:
        raise missing("client_secret")
    if kind not in accepts:
        what = {"access_token": "an access token", "creation_token": "a creation token"}.get(
            kind, "client credentials"
        )
        raise ApiFault(403, f"{operation} cannot be called with {what}")
    client = principal.client
    if client is not None and features and not client.has(*features):
        raise ApiFault(
            403, f"client does not have the feature needed for {operation}: {sorted(features)}"
        )
