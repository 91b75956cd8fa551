"""Access and OAuth operations: /access/getAuthorizationCode, /access/getAccessToken,
/access/getCreationToken (alias /access/getCreationCode), /oauth/token,
/oauth/auth_native_traditional, /oauth/refresh_access_token and the owner's /clients/list."""

from __future__ import annotations

import hmac
from typing import Any

from capture_desktop.sandbox.auth import parse_signed_date, sign
from capture_desktop.sandbox.dispatch import CLIENT, Operation, op
from capture_desktop.sandbox.errors import ApiFault, invalid, missing
from capture_desktop.sandbox.state import Call

ISSUERS = ("access_issuer", "direct_access")


def _for_client(call: Call) -> str:
    """The client a code or token is for: `for_client_id`, or the caller."""
    for_client = call.params.get("for_client_id")
    if for_client is not None:
        if call.sandbox.clients.get(for_client) is None:
            raise invalid("for_client_id", "unknown client")
        return for_client
    assert call.principal.client is not None
    return call.principal.client.client_id


def _lifetime(call: Call, default: int) -> int:
    value = call.params.integer("lifetime", default, minimum=1)
    assert value is not None
    return value


def get_authorization_code(call: Call) -> dict[str, Any]:
    entities = call.sandbox.entities
    etype = entities.type_from(call.params)
    row = entities.select(etype, call.params)
    redirect_uri = call.params.require("redirect_uri")
    state = call.params.json_object("transaction_state")
    code = call.sandbox.tokens.issue(
        "code",
        client_id=_for_client(call),
        type_name=etype.name,
        record_id=row.id,
        lifetime=_lifetime(call, call.sandbox.settings.code_lifetime),
        redirect_uri=redirect_uri,
        transaction_state=state,
    )
    return {"authorizationCode": code.token}


def get_access_token(call: Call) -> dict[str, Any]:
    entities = call.sandbox.entities
    etype = entities.type_from(call.params)
    row = entities.select(etype, call.params)
    token = call.sandbox.tokens.issue(
        "access",
        client_id=_for_client(call),
        type_name=etype.name,
        record_id=row.id,
        lifetime=call.sandbox.settings.access_token_lifetime,
    )
    return {"accessToken": token.token}


def get_creation_token(call: Call) -> dict[str, Any]:
    etype = call.sandbox.entities.type_from(call.params)
    token = call.sandbox.tokens.issue(
        "creation",
        client_id=_for_client(call),
        type_name=etype.name,
        record_id=None,
        lifetime=_lifetime(call, call.sandbox.settings.creation_token_lifetime),
    )
    return {"creation_token": token.token}


def oauth_token(call: Call) -> dict[str, Any]:
    params = call.params
    grant_type = params.require("grant_type")
    client = call.principal.client
    assert client is not None
    tokens = call.sandbox.tokens
    # Every grant attempt is an event (never its code or token): QA and the cross-process
    # tests count how often a refresh token was presented.
    call.sandbox.storage.record_event(
        tokens.clock(), "oauth_token", {"grant_type": grant_type, "client_id": client.client_id}
    )
    if grant_type == "authorization_code":
        code = params.require("code")
        row, body = tokens.exchange_code(
            code, client.client_id, params.get("redirect_uri"), params.get("code_verifier")
        )
    elif grant_type == "refresh_token":
        row, body = tokens.refresh(params.require("refresh_token"), client.client_id)
    else:
        raise ApiFault(200, f"invalid grant_type: {grant_type}", argument_name="grant_type")
    if row.record_id is not None and row.type_name is not None:
        etype = call.sandbox.entities.etype(row.type_name)
        call.sandbox.entities.by_id(etype, row.record_id)  # 310 when the record is gone
    return body


def auth_native_traditional(call: Call) -> dict[str, Any]:
    params = call.params
    email = params.get("signInEmailAddress") or params.get("email")
    password = params.get("currentPassword") or params.get("password")
    invalid_fields: dict[str, list[str]] = {}
    if email is None:
        invalid_fields["signInEmailAddress"] = ["Email address is required"]
    if password is None:
        invalid_fields["currentPassword"] = ["Password is required"]
    if invalid_fields:
        raise ApiFault(
            390, "the sign-in form has invalid fields", extra={"invalid_fields": invalid_fields}
        )
    response_type = params.get("response_type") or "token"
    if response_type not in ("token", "code", "code_and_token"):
        raise invalid("response_type", "expected token, code or code_and_token")
    redirect_uri = params.get("redirect_uri")
    if "code" in response_type and redirect_uri is None:
        raise missing("redirect_uri")
    assert email is not None and password is not None
    signed_in = call.sandbox.entities.sign_in(email, password)
    if signed_in is None:
        raise ApiFault(210, "the email address or password is incorrect")
    etype, row = signed_in
    client = call.principal.client
    assert client is not None
    tokens = call.sandbox.tokens
    settings = call.sandbox.settings
    body: dict[str, Any] = {"capture_user": call.sandbox.entities.render(etype, row)}
    # Capture's native sign-in always hands back an access token, and a code when asked.
    access = tokens.issue(
        "access",
        client_id=client.client_id,
        type_name=etype.name,
        record_id=row.id,
        lifetime=settings.access_token_lifetime,
    )
    body["access_token"] = access.token
    body["expires_in"] = settings.access_token_lifetime
    if "code" in response_type:
        code = tokens.issue_like(access, "code", settings.code_lifetime, redirect_uri)
        body["authorization_code"] = code.token
    # The mobile SDK keeps this to sign oauth/refresh_access_token (jump.android).
    body["refresh_secret"] = tokens.issue_like(access, "refresh_secret", None).token
    return body


def refresh_access_token(call: Call) -> dict[str, Any]:
    """jump.android `CaptureRecord.refreshAccessToken`: `access_token`, `date` (UTC,
    YYYY-MM-DD HH:MM:SS), `signature` = base64(HMAC-SHA1(refresh_secret,
    "refresh_access_token\\n<date>\\n<access_token>\\n")), the login `client_id`, `locale`.
    An expired access token is the reason to call it, so expiry is not checked; a revoked
    grant (entity.deleteAccess) is."""
    params = call.params
    text = params.require("access_token")
    date = params.require("date")
    signature = params.require("signature")
    tokens = call.sandbox.tokens
    grant = tokens.get(text, "access")
    if grant is None:
        raise invalid("access_token", "unknown access token")
    if grant.revoked:
        raise ApiFault(413, "the user's access grant was deleted")
    client = call.principal.client
    assert client is not None
    if grant.client_id != client.client_id:
        raise invalid("client_id", "the access token was issued for another client")
    sent_at = parse_signed_date(date)
    if sent_at is None:
        raise invalid("date", "expected YYYY-MM-DD HH:MM:SS (UTC)")
    if abs(call.sandbox.clock() - sent_at) > call.sandbox.settings.signed_skew_seconds:
        raise invalid("date", "the date is too far from the server's clock")
    wanted = f"refresh_access_token\n{date}\n{text}\n"
    if not any(
        hmac.compare_digest(sign(secret, wanted).encode(), signature.encode())
        for secret in tokens.refresh_secrets(grant)
    ):
        raise invalid("signature", "the signature does not match")
    assert grant.type_name is not None and grant.record_id is not None
    entities = call.sandbox.entities
    etype = entities.etype(grant.type_name)
    row = entities.by_id(etype, grant.record_id)
    lifetime = call.sandbox.settings.access_token_lifetime
    fresh = tokens.issue_like(grant, "access", lifetime)
    return {
        "access_token": fresh.token,
        "expires_in": lifetime,
        "capture_user": entities.render(etype, row),
    }


def clients_list(call: Call) -> dict[str, Any]:
    wanted = call.params.string_list("features")
    results = []
    for client in call.sandbox.clients.all():
        if wanted and not any(feature in client.features for feature in wanted):
            continue
        results.append({**client.to_json(), "whitelist": ["127.0.0.1/32", "::1/128"]})
    return {"results": results}


_OAUTH_CLIENTS = ("access_issuer", "direct_access", "login_client")

OPERATIONS: list[Operation] = [
    op("/access/getAuthorizationCode", get_authorization_code, CLIENT, *ISSUERS),
    op("/access/getAccessToken", get_access_token, CLIENT, *ISSUERS),
    op("/access/getCreationToken", get_creation_token, CLIENT, "access_issuer"),
    op("/access/getCreationCode", get_creation_token, CLIENT, "access_issuer"),
    op("/oauth/token", oauth_token, CLIENT, *_OAUTH_CLIENTS, oauth=True),
    op(
        "/oauth/auth_native_traditional",
        auth_native_traditional,
        frozenset({"client", "login"}),
        "login_client",
        body_only=True,
    ),
    op(
        "/oauth/refresh_access_token",
        refresh_access_token,
        frozenset({"client", "login"}),
        "login_client",
        token_argument=True,
    ),
    op("/clients/list", clients_list, CLIENT, "owner"),
]
