"""Export a result set to CSV or JSON: Qt-free, streaming, cancellable, atomic.

``export_records(records, path, fmt, columns=..., total=..., progress=...)`` consumes an async
iterable of record dicts (``result_set`` builds one over the core's keyset paginator, so every
page of the search is included) and writes it page by page:

- JSON: one array of the full records, streamed (never the whole set in memory).
- CSV: one column per dot path (``primaryAddress.city``); plurals and objects that have no
  column of their own are written as JSON text. Without ``columns`` the header is the union of
  every record's flattened paths, found by spooling the records to a temporary JSONL file
  first, so memory stays flat on 100k records. Text cells that a spreadsheet would run as a
  formula (``=``, ``+``, ``-``, ``@``) are prefixed with ``'`` (CSV injection guard).

The output is written to ``<name>.part`` beside the target and renamed on success; a cancel
(``asyncio.CancelledError``) or a failure removes it and leaves any existing file untouched.
Runs on the event loop; file writes are small, one page at a time, and it yields between pages.
"""

from __future__ import annotations

import asyncio
import csv
import enum
import io
import json
import os
import tempfile
from collections.abc import AsyncIterable, AsyncIterator, Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

Progress = Callable[[int, int | None], None]
FIRST_COLUMNS = ("id", "uuid")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_FLUSH_EVERY = 100


class ExportFormat(enum.StrEnum):
    CSV = "csv"
    JSON = "json"


def flatten(record: Mapping[str, Any], prefix: str = "") -> dict[str, Any]:
    """Dot-path view of a record: nested objects are walked, plurals stay whole."""
    out: dict[str, Any] = {}
    for key, value in record.items():
        path = f"{prefix}{key}"
        if isinstance(value, Mapping) and value:
            out.update(flatten(value, path + "."))
        else:
            out[path] = value
    return out


def value_at(record: Mapping[str, Any], path: str) -> Any:
    """The value at a dot path (``a.b.c``), or None where the path leads nowhere."""
    value: Any = record
    for part in path.split("."):
        if not isinstance(value, Mapping):
            return None
        value = value.get(part)
    return value


def cell(value: Any) -> str:
    """One CSV cell: JSON for structures, lower-case booleans, guarded formulas."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Mapping | list | tuple):
        text = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    else:
        text = str(value)
    if isinstance(value, str) and text.startswith(_FORMULA_START):
        return "'" + text
    return text


def order_columns(paths: Iterable[str]) -> list[str]:
    """``id`` and ``uuid`` first, the rest in first-seen order."""
    seen = list(dict.fromkeys(paths))
    head = [c for c in FIRST_COLUMNS if c in seen]
    return head + [c for c in seen if c not in FIRST_COLUMNS]


async def result_set(
    client: Any,
    type_name: str,
    filter: str | None = None,
    *,
    page_size: int = 200,
    attributes: Sequence[str] | None = None,
) -> AsyncIterator[dict[str, Any]]:
    """Every record of a search, in ``id`` order, through the core's keyset paginator."""
    from capture_desktop.api.paginator import iter_find

    pages: AsyncIterable[Any] = iter_find(
        client,
        type_name,
        filter=filter or None,
        page_size=page_size,
        attributes=list(attributes) if attributes else None,
    )
    async for item in pages:
        # The paginator may yield records or whole pages; accept both shapes.
        if isinstance(item, Mapping):
            yield dict(item)
        else:
            for record in getattr(item, "results", item):
                yield dict(record)


class _Target:
    """``<path>.part`` that becomes ``path`` on ``commit`` and disappears on ``discard``."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.part = path.with_name(path.name + ".part")
        path.parent.mkdir(parents=True, exist_ok=True)
        self.fh = self.part.open("w", encoding="utf-8", newline="")

    def commit(self) -> None:
        self.fh.close()
        os.replace(self.part, self.path)

    def discard(self) -> None:
        self.fh.close()
        self.part.unlink(missing_ok=True)


async def export_records(
    records: AsyncIterable[Mapping[str, Any]],
    path: Path,
    fmt: ExportFormat | str,
    *,
    columns: Sequence[str] | None = None,
    total: int | None = None,
    progress: Progress | None = None,
) -> int:
    """Write ``records`` to ``path``; returns how many were written. Cancel by cancelling."""
    fmt = ExportFormat(fmt)
    target = _Target(Path(path))
    try:
        if fmt is ExportFormat.JSON:
            count = await _write_json(records, target.fh, total, progress)
        elif columns:
            count = await _write_csv(
                _aiter_list(records), target.fh, list(columns), total, progress
            )
        else:
            count = await _write_csv_all_columns(records, target.fh, total, progress)
        target.commit()
    except BaseException:
        target.discard()
        raise
    return count


async def _write_json(
    records: AsyncIterable[Mapping[str, Any]],
    fh: io.TextIOBase,
    total: int | None,
    progress: Progress | None,
) -> int:
    count = 0
    fh.write("[")
    async for record in records:
        fh.write(",\n  " if count else "\n  ")
        fh.write(json.dumps(record, ensure_ascii=False, sort_keys=True))
        count += 1
        await _tick(count, total, progress)
    fh.write("\n]\n" if count else "]\n")
    _report(progress, count, total)
    return count


async def _write_csv(
    records: AsyncIterator[Mapping[str, Any]],
    fh: io.TextIOBase,
    columns: list[str],
    total: int | None,
    progress: Progress | None,
    *,
    getter: Callable[[Mapping[str, Any], str], Any] = value_at,
) -> int:
    writer = csv.writer(fh, lineterminator="\r\n")
    writer.writerow(columns)
    count = 0
    async for record in records:
        writer.writerow([cell(getter(record, c)) for c in columns])
        count += 1
        await _tick(count, total, progress)
    _report(progress, count, total)
    return count


async def _write_csv_all_columns(
    records: AsyncIterable[Mapping[str, Any]],
    fh: io.TextIOBase,
    total: int | None,
    progress: Progress | None,
) -> int:
    # First pass (the network-bound one, which drives progress): spool flattened records to a
    # private temp file while collecting every path. Second pass: write the CSV from disk.
    paths: dict[str, None] = {}
    with tempfile.TemporaryFile("w+", encoding="utf-8") as spool:
        fetched = 0
        async for record in records:
            flat = flatten(record)
            paths.update(dict.fromkeys(flat))
            spool.write(json.dumps(flat, ensure_ascii=False) + "\n")
            fetched += 1
            await _tick(fetched, total, progress)
        spool.seek(0)
        columns = order_columns(paths)
        count = await _write_csv(_spooled(spool), fh, columns, None, None, getter=_flat_get)
    _report(progress, count, total)
    return count


def _flat_get(record: Mapping[str, Any], path: str) -> Any:
    return record.get(path)


async def _spooled(spool: Any) -> AsyncIterator[Mapping[str, Any]]:
    for n, line in enumerate(spool, 1):
        yield json.loads(line)
        if n % 1000 == 0:
            await asyncio.sleep(0)


async def _aiter_list(
    records: AsyncIterable[Mapping[str, Any]],
) -> AsyncIterator[Mapping[str, Any]]:
    async for record in records:
        yield record


async def _tick(count: int, total: int | None, progress: Progress | None) -> None:
    if count % _FLUSH_EVERY == 0:
        _report(progress, count, total)
        await asyncio.sleep(0)  # let the UI breathe and a cancel land between pages


def _report(progress: Progress | None, count: int, total: int | None) -> None:
    if progress is not None:
        progress(count, total)
