"""The keyset paginator across 10k sandbox records: every record once, in id order."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import httpx
import pytest

from capture_desktop.api import CaptureClient, RequestLog, iter_find
from tests.unit.api.sandbox_env import SandboxEnv, make_env

SEEDED = 10_000


@pytest.fixture(scope="module")
def big_sandbox(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SandboxEnv]:
    env = make_env(Path(tmp_path_factory.mktemp("big")), seed_users=SEEDED)
    try:
        yield env
    finally:
        env.close()


@pytest.fixture
async def big(big_sandbox: SandboxEnv) -> AsyncIterator[tuple[CaptureClient, RequestLog]]:
    log = RequestLog(history=1000)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=big_sandbox.app)) as http:
        yield CaptureClient(http, "http://127.0.0.1", big_sandbox.creds(), request_log=log), log


async def test_walks_all_records_once(big: tuple[CaptureClient, RequestLog]) -> None:
    client, log = big
    total = await client.entity_count("user")
    assert total >= SEEDED
    ids = [r["id"] async for r in iter_find(client, "user", page_size=1000, attributes=["email"])]
    assert len(ids) == total and len(set(ids)) == total
    assert ids == sorted(ids)
    finds = [e for e in log.events() if e.operation == "entity.find"]
    assert len(finds) == total // 1000 + 1
    assert finds[1].params["filter"] == f"id > {ids[999]}"
    assert finds[1].params["sort_on"] == '["id"]'


async def test_with_a_user_filter(big: tuple[CaptureClient, RequestLog]) -> None:
    client, _ = big
    flt = "primaryAddress.country = 'Canada' or primaryAddress.country = 'Japan'"
    expected = await client.entity_count("user", flt)
    assert 0 < expected < SEEDED
    records = [r async for r in iter_find(client, "user", flt, page_size=250,
                                          attributes=["primaryAddress.country"])]  # fmt: skip
    assert len(records) == expected
    assert {r["primaryAddress"]["country"] for r in records} == {"Canada", "Japan"}


async def test_records_created_during_the_walk_are_included(
    big: tuple[CaptureClient, RequestLog],
) -> None:
    client, _ = big
    seen = 0
    created_uuid = None
    async for record in iter_find(client, "user", page_size=2000, attributes=["uuid"]):
        seen += 1
        if seen == 1:
            created = await client.entity_create("user", {"email": "late-joiner@example.com"})
            created_uuid = created.uuid
        last = record
    assert last["uuid"] == created_uuid
