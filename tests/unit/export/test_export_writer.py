"""The Qt-free export writer: CSV (dot-path columns) and JSON, streamed, atomic, cancellable."""

from __future__ import annotations

import asyncio
import csv
import json
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from capture_desktop.services.export import (
    ExportFormat,
    cell,
    export_records,
    flatten,
    order_columns,
)


def record(i: int) -> dict[str, Any]:
    return {
        "id": i,
        "uuid": f"u-{i}",
        "email": f"user{i}@example.com",
        "primaryAddress": {"city": "Paris" if i % 2 else None, "zip": f"{i:05d}"},
        "statuses": [{"id": i * 10, "status": "ok"}],
        "emailVerified": i % 3 == 0,
        "about": '=HYPERLINK("http://evil")' if i == 2 else "plain",
    }


async def pages(n: int, page_size: int = 7) -> AsyncIterator[dict[str, Any]]:
    """Records arriving page by page, like the keyset paginator (a yield per page)."""
    for start in range(1, n + 1, page_size):
        await asyncio.sleep(0)
        for i in range(start, min(start + page_size, n + 1)):
            yield record(i)


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


async def test_json_contains_every_record_across_pages(tmp_path: Path) -> None:
    seen: list[tuple[int, int | None]] = []
    out = tmp_path / "out.json"
    count = await export_records(
        pages(250), out, ExportFormat.JSON, total=250, progress=lambda d, t: seen.append((d, t))
    )
    assert count == 250
    data = json.loads(out.read_text())
    assert [r["id"] for r in data] == list(range(1, 251))
    assert data[0] == record(1)
    assert seen[-1] == (250, 250)
    assert [d for d, _ in seen] == sorted(d for d, _ in seen)
    assert not (tmp_path / "out.json.part").exists()


async def test_empty_json_is_an_empty_array(tmp_path: Path) -> None:
    out = tmp_path / "e.json"
    assert await export_records(pages(0), out, "json") == 0
    assert json.loads(out.read_text()) == []


async def test_csv_with_chosen_columns(tmp_path: Path) -> None:
    out = tmp_path / "out.csv"
    cols = ["id", "email", "primaryAddress.city", "statuses", "emailVerified", "about"]
    count = await export_records(pages(30), out, ExportFormat.CSV, columns=cols)
    rows = read_csv(out)
    assert count == 30 == len(rows)
    assert list(rows[0]) == cols
    assert rows[0]["primaryAddress.city"] == "Paris"
    assert rows[1]["primaryAddress.city"] == ""
    assert json.loads(rows[0]["statuses"]) == [{"id": 10, "status": "ok"}]
    assert rows[2]["emailVerified"] == "true"
    # A formula-looking text is neutralised for spreadsheets.
    assert rows[1]["about"] == '\'=HYPERLINK("http://evil")'


async def test_csv_without_columns_uses_every_flattened_path(tmp_path: Path) -> None:
    async def mixed() -> AsyncIterator[dict[str, Any]]:
        yield {"id": 1, "uuid": "a", "email": "x@example.com"}
        yield {"uuid": "b", "id": 2, "primaryAddress": {"city": "Oslo", "geo": {"lat": 1.5}}}

    out = tmp_path / "all.csv"
    assert await export_records(mixed(), out, ExportFormat.CSV) == 2
    rows = read_csv(out)
    assert list(rows[0]) == ["id", "uuid", "email", "primaryAddress.city", "primaryAddress.geo.lat"]
    assert rows[1]["primaryAddress.geo.lat"] == "1.5"
    assert rows[0]["primaryAddress.city"] == ""


async def test_cancel_removes_partial_output_and_keeps_old_file(tmp_path: Path) -> None:
    out = tmp_path / "keep.csv"
    out.write_text("previous export\n")
    reached = asyncio.Event()
    never = asyncio.Event()

    async def slow() -> AsyncIterator[dict[str, Any]]:
        for i in range(1, 151):
            yield record(i)
        reached.set()
        await never.wait()  # the next page never comes
        yield record(999)

    progress: list[int] = []
    task = asyncio.ensure_future(
        export_records(slow(), out, "csv", columns=["id"], progress=lambda d, t: progress.append(d))
    )
    await reached.wait()
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    assert out.read_text() == "previous export\n"
    assert not (tmp_path / "keep.csv.part").exists()
    assert progress == [100]


async def test_failure_mid_way_leaves_no_partial_file(tmp_path: Path) -> None:
    async def broken() -> AsyncIterator[dict[str, Any]]:
        yield record(1)
        raise RuntimeError("page 2 failed")

    out = tmp_path / "x.json"
    with pytest.raises(RuntimeError):
        await export_records(broken(), out, "json")
    assert list(tmp_path.iterdir()) == []


def test_helpers() -> None:
    assert flatten({"a": {"b": {"c": 1}}, "d": [1], "e": {}}) == {"a.b.c": 1, "d": [1], "e": {}}
    assert order_columns(["email", "uuid", "x", "id"]) == ["id", "uuid", "email", "x"]
    assert cell(None) == "" and cell(False) == "false" and cell(-3) == "-3"
    assert cell("-1+1") == "'-1+1" and cell("@SUM") == "'@SUM" and cell("ok") == "ok"
