"""Mint an access token for one record without a window.

The authorization-code flow, as the GUI's wizard runs it: ``access/getAuthorizationCode`` for
the record and the loopback receiver's ``redirect_uri``, the code delivered to the receiver
the way a browser follows the redirect (``GET redirect_uri?code=…&state=…``), the receiver's
checks (state, path, host), then ``oauth/token`` with the same ``redirect_uri``.
"""

from __future__ import annotations

import dataclasses
from urllib.parse import urlencode

import httpx

from capture_desktop.api.client import CaptureClient
from capture_desktop.api.credentials import AccessTokenAuth
from capture_desktop.api.models import TokenSet
from capture_desktop.api.selectors import RecordSelector
from capture_desktop.auth.flows import AuthorizationCodeFlow, SignInDenied
from capture_desktop.auth.loopback import LoopbackReceiver
from capture_desktop.store.profiles import Profile

#: How long the receiver waits for its own delivery (it is on loopback: seconds are plenty).
RECEIVER_TIMEOUT = 60.0


def selector_for(record: str) -> RecordSelector:
    """An email (it has an ``@``) or a record uuid."""
    record = record.strip()
    if "@" in record:
        return RecordSelector.by_key("email", record)
    return RecordSelector.by_uuid(record)


async def mint_access_token(
    client: CaptureClient, profile: Profile, type_name: str, record: str
) -> tuple[TokenSet, str | None]:
    """A fresh token set for ``record`` and the record's email (when it has one)."""
    receiver = LoopbackReceiver(
        path=profile.redirect_path,
        host_form=profile.redirect_host_form,
        ports=tuple(profile.redirect_ports) or (0,),
        timeout=RECEIVER_TIMEOUT,
    )
    flow = AuthorizationCodeFlow(client)
    async with receiver:
        redirect_uri = receiver.redirect_uri
        code = await flow.request_code(type_name, selector_for(record), redirect_uri)
        query = urlencode({"code": code.code, "state": receiver.state})
        # Loopback only, and no proxy from the environment may see the code.
        async with httpx.AsyncClient(trust_env=False, timeout=RECEIVER_TIMEOUT) as browser:
            await browser.get(f"{redirect_uri}?{query}")
        result = await receiver.wait()
    if result.error is not None or result.code is None:
        raise SignInDenied(result.error or "no_code", result.error_description)
    tokens = await flow.exchange(result.code, redirect_uri)
    return await _identify(client, tokens, type_name)


async def _identify(
    client: CaptureClient, tokens: TokenSet, type_name: str
) -> tuple[TokenSet, str | None]:
    # The token reaches only its own record: ask it who that is (uuid for revoke, email to list).
    entity = await client.entity(
        type_name, attributes=["uuid", "email"], auth=AccessTokenAuth(tokens.access_token)
    )
    email = entity.data.get("email")
    tokens = dataclasses.replace(
        tokens, record_uuid=entity.uuid or tokens.record_uuid, type_name=type_name
    )
    return tokens, email if isinstance(email, str) else None
