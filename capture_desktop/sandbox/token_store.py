"""Authorization codes, access and refresh tokens and creation tokens, with lifetimes.

Codes and refresh tokens are single-use; each refresh rotates the refresh token. A refresh token
presented twice is refused and the attempt is recorded as an event.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from capture_desktop.sandbox.config import RuntimeSettings
from capture_desktop.sandbox.errors import ApiFault, invalid, random_token
from capture_desktop.sandbox.storage import Storage

_COLUMNS = (
    "token, kind, client_id, type_name, record_id, redirect_uri, expires_at, used, revoked, "
    "code_challenge, transaction_state, created_at"
)
log = logging.getLogger("capture_desktop.sandbox")
_LENGTHS = {
    "code": 14,
    "access": 16,
    "refresh": 20,
    "creation": 16,
    "verification": 20,
    "refresh_secret": 32,
}


@dataclass(frozen=True)
class TokenRow:
    token: str
    kind: str
    client_id: str | None
    type_name: str | None
    record_id: int | None
    redirect_uri: str | None
    expires_at: float | None
    used: int
    revoked: int
    code_challenge: str | None
    transaction_state: str | None
    created_at: float

    def expired(self, now: float) -> bool:
        return self.expires_at is not None and now >= self.expires_at


def pkce_challenge(verifier: str) -> str:
    digest = hashlib.sha256(verifier.encode("ascii", "replace")).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")


def _hint(token: str) -> str:
    """Events name tokens by a short hash, never by the token itself."""
    return hashlib.sha256(token.encode()).hexdigest()[:12]


class TokenStore:
    def __init__(
        self, storage: Storage, settings: RuntimeSettings, clock: Callable[[], float]
    ) -> None:
        self.storage = storage
        self.settings = settings
        self.clock = clock

    def issue(
        self,
        kind: str,
        *,
        client_id: str | None,
        type_name: str | None,
        record_id: int | None,
        lifetime: float | None,
        redirect_uri: str | None = None,
        code_challenge: str | None = None,
        transaction_state: Any = None,
    ) -> TokenRow:
        now = self.clock()
        state = None if transaction_state is None else json.dumps(transaction_state)
        row = TokenRow(
            random_token(_LENGTHS[kind]),
            kind,
            client_id,
            type_name,
            record_id,
            redirect_uri,
            None if lifetime is None else now + lifetime,
            0,
            0,
            code_challenge,
            state,
            now,
        )
        placeholders = ", ".join("?" * 12)
        self.storage.conn.execute(
            f"INSERT INTO tokens({_COLUMNS}) VALUES ({placeholders})",  # noqa: S608
            tuple(row.__dict__.values()),
        )
        return row

    def issue_like(
        self,
        grant: TokenRow,
        kind: str,
        lifetime: float | None,
        redirect_uri: str | None = None,
    ) -> TokenRow:
        """A new token or code for the same client and record as `grant`."""
        return self.issue(
            kind,
            client_id=grant.client_id,
            type_name=grant.type_name,
            record_id=grant.record_id,
            lifetime=lifetime,
            redirect_uri=redirect_uri,
        )

    def get(self, token: str, kind: str) -> TokenRow | None:
        found = self.storage.conn.execute(
            f"SELECT {_COLUMNS} FROM tokens WHERE token = ? AND kind = ?",  # noqa: S608
            (token, kind),
        ).fetchone()
        return None if found is None else TokenRow(*found)

    def mark_used(self, token: str) -> None:
        self.storage.conn.execute("UPDATE tokens SET used = 1 WHERE token = ?", (token,))

    def revoke_record(self, type_name: str, record_id: int) -> int:
        """entity.deleteAccess: every code and token of the record stops working."""
        cursor = self.storage.conn.execute(
            "UPDATE tokens SET revoked = 1 WHERE type_name = ? AND record_id = ? AND revoked = 0",
            (type_name, record_id),
        )
        return cursor.rowcount

    def refresh_secrets(self, grant: TokenRow) -> list[str]:
        """The live refresh secrets of a grant's client and record (from *_native sign-ins)."""
        rows = self.storage.conn.execute(
            "SELECT token FROM tokens WHERE kind = 'refresh_secret' AND client_id = ? "
            "AND type_name = ? AND record_id = ? AND revoked = 0",
            (grant.client_id, grant.type_name, grant.record_id),
        ).fetchall()
        return [str(row[0]) for row in rows]

    # -- checks used by authentication -----------------------------------------------------
    def check_access(self, token: str) -> TokenRow:
        row = self.get(token, "access")
        if row is None or row.revoked:
            raise ApiFault(414, "access token is invalid or has been revoked")
        if row.expired(self.clock()):
            raise ApiFault(414, "access token expired")
        return row

    def check_creation(self, token: str) -> TokenRow:
        row = self.get(token, "creation")
        if row is None or row.revoked:
            raise invalid("creation_token", "unknown creation token")
        if row.expired(self.clock()):
            raise ApiFault(417, "creation token expired")
        return row

    # -- oauth/token -----------------------------------------------------------------------
    def issue_pair(self, code_or_refresh: TokenRow) -> dict[str, Any]:
        settings = self.settings
        access = self.issue_like(code_or_refresh, "access", settings.access_token_lifetime)
        refresh = self.issue_like(code_or_refresh, "refresh", settings.refresh_token_lifetime)
        body: dict[str, Any] = {
            "access_token": access.token,
            "expires_in": settings.access_token_lifetime,
            "refresh_token": refresh.token,
        }
        return body

    def exchange_code(
        self, code: str, client_id: str, redirect_uri: str | None, verifier: str | None
    ) -> tuple[TokenRow, dict[str, Any]]:
        row = self.get(code, "code")
        if row is None:
            raise invalid("code", "unknown authorization code")
        if row.used:
            raise invalid("code", "authorization code has already been used")
        if row.revoked:
            raise ApiFault(413, "the user's access grant was deleted")
        if row.expired(self.clock()):
            raise ApiFault(415, "authorization code expired")
        if row.client_id != client_id:
            raise invalid("code", "authorization code was issued for another client")
        if redirect_uri is None:
            raise ApiFault(
                100, "missing required argument: redirect_uri", argument_name="redirect_uri"
            )
        if redirect_uri != row.redirect_uri and not self.settings.lenient_redirect_uri:
            raise ApiFault(
                420,
                "redirect_uri does not match the one the code was issued for",
                argument_name="redirect_uri",
            )
        if row.code_challenge is not None:
            if verifier is None:
                raise ApiFault(
                    100, "missing required argument: code_verifier", argument_name="code_verifier"
                )
            if not hmac.compare_digest(pkce_challenge(verifier), row.code_challenge):
                raise invalid("code_verifier", "code_verifier does not match the code_challenge")
        self.mark_used(code)
        body = self.issue_pair(row)
        if row.transaction_state is not None:
            body["transaction_state"] = json.loads(row.transaction_state)
        return row, body

    def refresh(self, token: str, client_id: str) -> tuple[TokenRow, dict[str, Any]]:
        row = self.get(token, "refresh")
        if row is None:
            raise invalid("refresh_token", "unknown refresh token")
        if row.used:
            self.storage.record_event(
                self.clock(),
                "refresh_token_reuse",
                {"token_hash": _hint(token), "client_id": client_id, "record_id": row.record_id},
            )
            log.warning("refresh token reused (client %s, record %s)", client_id, row.record_id)
            raise invalid("refresh_token", "refresh token has already been used")
        if row.revoked:
            raise ApiFault(413, "the user's access grant was deleted")
        if row.expired(self.clock()):
            raise invalid("refresh_token", "refresh token expired")
        if row.client_id != client_id:
            raise invalid("refresh_token", "refresh token was issued for another client")
        self.mark_used(token)
        return row, self.issue_pair(row)
