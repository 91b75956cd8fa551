"""FlowService.store_issued, the one place an issued token set is kept: it asks the token's
record who it is, then saves the slot; a record that does not answer still leaves a slot."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from capture_desktop.services.flows import FlowService


async def _signed_in(flows: FlowService) -> Any:
    login_client = next(c for c, _d in await flows.login_clients())
    return await flows.native_sign_in(login_client, "alice@example.com", "Password1!")


async def test_the_slot_is_named_after_the_tokens_record(session: Any) -> None:
    flows = FlowService(session)
    tokens = await _signed_in(flows)
    issued = await flows.store_issued(tokens, label=lambda email: f"{email} (QA)")
    assert issued.email == "alice@example.com" and issued.record == "alice@example.com"
    assert issued.label == "alice@example.com (QA)"
    slot = session.token_keeper.slot(issued.slot_id)
    assert (slot.label, slot.email, slot.kind) == (issued.label, "alice@example.com", "access")
    assert slot.record_uuid and slot.record_uuid == issued.record_uuid
    assert await session.token_keeper.access_token(issued.slot_id) == tokens.access_token


async def test_a_record_that_does_not_answer_still_leaves_a_slot(session: Any) -> None:
    flows = FlowService(session)
    # A token the server does not know: the lookup fails, which is not fatal.
    tokens = replace(await _signed_in(flows), access_token="not-a-token", record_uuid=None)
    issued = await flows.store_issued(
        tokens,
        label=lambda email: email or "Fallback",
        record="typed by the user",
        record_uuid="u-given",
    )
    assert issued.email is None and issued.label == "Fallback"
    assert issued.record == "typed by the user" and issued.record_uuid == "u-given"
    slot = session.token_keeper.slot(issued.slot_id)
    assert (slot.type_name, slot.record_uuid, slot.email) == ("user", "u-given", None)
