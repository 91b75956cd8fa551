"""Credential strategies: how a request proves who sends it.

Client credentials (``BasicAuth``, ``ParamsAuth``, ``SignedAuth``) authenticate an API client;
``AccessTokenAuth`` acts as one user's record; ``CreationTokenAuth`` may only create a record.
The unions below name which strategies each operation family accepts, so the type checker
rejects e.g. an access token for ``entity.find``; ``require`` repeats the check at run time for
untyped callers. Secrets never appear in ``repr``.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import ClassVar, TypeAlias

from capture_desktop.api.errors import CredentialsError

__all__ = [
    "AccessTokenAuth",
    "AnyCredentials",
    "BasicAuth",
    "ClientCredentials",
    "CreateCredentials",
    "CreationTokenAuth",
    "ParamsAuth",
    "RecordCredentials",
    "SignedAuth",
    "janrain_signature",
    "require",
    "signing_date",
]

Clock: TypeAlias = Callable[[], datetime]
Headers: TypeAlias = dict[str, str]
Params: TypeAlias = dict[str, str]

# Never sent as parameters by a signed request, never part of the signed string.
_UNSIGNED = ("client_id", "client_secret", "access_token")


def _utc_now() -> datetime:
    return datetime.now(UTC)


def signing_date(moment: datetime) -> str:
    """The janrain-signed ``Date`` value: UTC, ``YYYY-MM-DD HH:MM:SS``, no zone."""
    if moment.tzinfo is None:
        raise ValueError("signing clock must return an aware datetime")
    return moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S")


def janrain_signature(endpoint: str, date: str, params: Mapping[str, str], secret: str) -> str:
    """base64(HMAC-SHA1(secret, "<endpoint>\\n<date>\\n<sorted k=v lines>\\n")).

    Values are the raw (JSON-encoded, not URL-encoded) strings. A call without parameters
    signs ``"<endpoint>\\n<date>\\n"`` with no parameter line, as the official client does.
    """
    to_sign = f"{endpoint}\n{date}\n"
    if params:
        to_sign += "\n".join(sorted(f"{k}={v}" for k, v in params.items())) + "\n"
    digest = hmac.new(secret.encode(), to_sign.encode(), hashlib.sha1).digest()
    return base64.b64encode(digest).decode("ascii")


@dataclass(frozen=True)
class _ClientSecretCredential:
    """An API client's id and secret; the secret is its only secret, however it is sent."""

    client_id: str
    client_secret: str = field(repr=False)

    def secrets(self) -> tuple[str, ...]:
        return (self.client_secret,)


@dataclass(frozen=True)
class BasicAuth(_ClientSecretCredential):
    """HTTP Basic with the client id and secret (Capture's recommended default)."""

    kind: ClassVar[str] = "basic"

    def apply(self, endpoint: str, params: Params) -> tuple[Headers, Params]:
        del endpoint
        raw = f"{self.client_id}:{self.client_secret}".encode()
        return {"Authorization": "Basic " + base64.b64encode(raw).decode("ascii")}, params


@dataclass(frozen=True)
class ParamsAuth(_ClientSecretCredential):
    """Legacy: ``client_id`` and ``client_secret`` as form parameters."""

    kind: ClassVar[str] = "params"

    def apply(self, endpoint: str, params: Params) -> tuple[Headers, Params]:
        del endpoint
        return {}, {**params, "client_id": self.client_id, "client_secret": self.client_secret}


@dataclass(frozen=True)
class SignedAuth(_ClientSecretCredential):
    """janrain-signed: ``Date`` + ``Authorization: Signature id:hmac``; the secret is not sent."""

    clock: Clock = field(default=_utc_now, repr=False, compare=False)
    kind: ClassVar[str] = "signed"

    def apply(self, endpoint: str, params: Params) -> tuple[Headers, Params]:
        signed = {k: v for k, v in params.items() if k not in _UNSIGNED}
        date = signing_date(self.clock())
        signature = janrain_signature(endpoint, date, signed, self.client_secret)
        headers = {"Date": date, "Authorization": f"Signature {self.client_id}:{signature}"}
        return headers, signed


@dataclass(frozen=True)
class _TokenCredential:
    """A credential that is one token, which is also its only secret."""

    token: str = field(repr=False)

    def secrets(self) -> tuple[str, ...]:
        return (self.token,)


@dataclass(frozen=True)
class AccessTokenAuth(_TokenCredential):
    """A user's access token, sent as ``Authorization: OAuth <token>``."""

    kind: ClassVar[str] = "access_token"

    def apply(self, endpoint: str, params: Params) -> tuple[Headers, Params]:
        del endpoint
        clean = {k: v for k, v in params.items() if k != "access_token"}
        return {"Authorization": f"OAuth {self.token}"}, clean


@dataclass(frozen=True)
class CreationTokenAuth(_TokenCredential):
    """A creation token: lets ``entity.create`` run without client credentials."""

    kind: ClassVar[str] = "creation_token"

    def apply(self, endpoint: str, params: Params) -> tuple[Headers, Params]:
        del endpoint
        return {}, {**params, "creation_token": self.token}


ClientCredentials: TypeAlias = BasicAuth | ParamsAuth | SignedAuth
"""Admin calls: entity.find/count/bulkCreate/deleteAccess, entityType*, access/*, oauth/token."""
RecordCredentials: TypeAlias = ClientCredentials | AccessTokenAuth
"""entity, entity.update, entity.replace, entity.delete: an API client or the record's own token."""
CreateCredentials: TypeAlias = ClientCredentials | CreationTokenAuth
"""entity.create: an API client or a creation token."""
AnyCredentials: TypeAlias = (
    BasicAuth | ParamsAuth | SignedAuth | AccessTokenAuth | CreationTokenAuth
)

CLIENT_CREDENTIALS: tuple[type, ...] = (BasicAuth, ParamsAuth, SignedAuth)
RECORD_CREDENTIALS: tuple[type, ...] = (*CLIENT_CREDENTIALS, AccessTokenAuth)
CREATE_CREDENTIALS: tuple[type, ...] = (*CLIENT_CREDENTIALS, CreationTokenAuth)


def require(auth: object, accepted: tuple[type, ...], operation: str) -> AnyCredentials:
    """Run-time twin of the static unions: refuse a credential the operation does not take."""
    if auth is None:
        raise CredentialsError(
            f"{operation} needs credentials, but none were given and the client has no default"
        )
    if not isinstance(auth, accepted):
        kinds = ", ".join(sorted(str(getattr(t, "kind", t.__name__)) for t in accepted))
        got = getattr(auth, "kind", type(auth).__name__)
        raise CredentialsError(f"{operation} does not accept {got} credentials (accepts: {kinds})")
    assert isinstance(
        auth, BasicAuth | ParamsAuth | SignedAuth | AccessTokenAuth | CreationTokenAuth
    )
    return auth
