"""Make real token slots on the sandbox for the token-panel tests."""

from __future__ import annotations

from typing import Any

from capture_desktop.api.selectors import RecordSelector
from capture_desktop.auth.flows import AuthorizationCodeFlow, CreationTokenFlow
from capture_desktop.services.session import Session


async def user_uuid(session: Session, email: str) -> str:
    found = await session.client().entity_find("user", f"email = '{email}'")
    return str(found.results[0]["uuid"])


async def access_slot(
    session: Session, email: str = "alice@example.com", label: str = "", shown_uuid: str = ""
) -> Any:
    """A real access token for ``email``'s record, saved as a slot (naming ``shown_uuid`` as
    its record instead, when given: for tests of how a UUID is shown)."""
    uuid = await user_uuid(session, email)
    flow = AuthorizationCodeFlow(session.client())
    tokens = await flow.run("user", RecordSelector.by_uuid(uuid), "http://127.0.0.1:9/callback")
    profile = session.require_profile().name
    return await session.tokens.keeper.save_token_set(
        profile,
        tokens,
        label=label or email.split("@", maxsplit=1)[0],
        email=email,
        record_uuid=shown_uuid or uuid,
    )


async def creation_slot(session: Session, lifetime: int = 600, label: str = "signup") -> Any:
    token = await CreationTokenFlow(session.client()).create("user", lifetime)
    return await session.tokens.keeper.save_creation_token(
        session.require_profile().name, token, label=label
    )
