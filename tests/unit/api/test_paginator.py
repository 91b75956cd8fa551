"""Keyset paging over a fake entity.find that really filters by ``id > N``."""

from __future__ import annotations

import json
import re

import httpx
import pytest

from capture_desktop.api import BasicAuth, UnexpectedResponse, iter_find
from capture_desktop.api.paginator import _page_filter
from tests.unit.api.fakes import FakeCapture, form, make_client


def keyset_find(records: list[dict[str, object]]):  # type: ignore[no-untyped-def]
    def handle(request: httpx.Request) -> httpx.Response:
        sent = form(request)
        assert json.loads(sent["sort_on"]) == ["id"]
        last = re.search(r"id > (\d+)$", sent.get("filter", ""))
        floor = int(last.group(1)) if last else 0
        page = [r for r in records if int(r["id"]) > floor][: int(sent["max_results"])]  # type: ignore[call-overload]
        return httpx.Response(200, json={"stat": "ok", "results": page, "result_count": len(page)})

    return handle


@pytest.mark.parametrize(
    ("total", "size", "calls"), [(0, 10, 1), (25, 10, 3), (30, 10, 4), (5, 100, 1)]
)
async def test_walks_every_record_once(
    fake: FakeCapture, total: int, size: int, calls: int
) -> None:
    records = [{"id": n * 2, "email": f"u{n}@x.y"} for n in range(1, total + 1)]
    fake.reply("/entity.find", keyset_find(records))
    client, http = make_client(fake, BasicAuth("c", "s"))
    async with http:
        seen = [r["id"] async for r in iter_find(client, "user", page_size=size)]
    assert seen == [r["id"] for r in records]
    assert len(fake.requests) == calls


async def test_attributes_always_include_id(fake: FakeCapture) -> None:
    fake.reply("/entity.find", keyset_find([{"id": 1}]))
    client, http = make_client(fake, BasicAuth("c", "s"))
    async with http:
        assert [r async for r in iter_find(client, "user", attributes=["email"])] == [{"id": 1}]
    assert json.loads(form(fake.last)["attributes"]) == ["id", "email"]


def test_page_filter_combines_user_filter() -> None:
    assert _page_filter(None, None) is None
    assert _page_filter("a = 1", None) == "a = 1"
    assert _page_filter(None, 7) == "id > 7"
    assert _page_filter("a = 1 and b = 2", 7) == "a = 1 and b = 2 and id > 7"
    assert _page_filter("a = 1 OR b = 2", 7) == "(a = 1 OR b = 2) and id > 7"
    assert _page_filter("name = 'for'", 7) == "name = 'for' and id > 7"


async def test_unsorted_answer_is_detected(fake: FakeCapture) -> None:
    page = {"stat": "ok", "results": [{"id": 5}, {"id": 3}], "result_count": 2}
    fake.reply("/entity.find", page)
    client, http = make_client(fake, BasicAuth("c", "s"))
    async with http:
        with pytest.raises(UnexpectedResponse):
            _ = [r async for r in iter_find(client, "user", page_size=2)]


async def test_page_size_bounds(fake: FakeCapture) -> None:
    client, http = make_client(fake, BasicAuth("c", "s"))
    async with http:
        for bad in (0, 10_001):
            with pytest.raises(ValueError, match="page_size"):
                _ = [r async for r in iter_find(client, "user", page_size=bad)]
