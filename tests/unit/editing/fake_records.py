"""A hand-written stand-in for RecordsService: records in a dict, calls recorded, and the
next error to raise. It answers like Capture does: updates merge, replaces swap, deletes
remove, and ``lastUpdated`` moves on each write."""

from __future__ import annotations

import copy
from typing import Any

from capture_desktop.editing.record_edit import SaveMode


class FakeRecords:
    def __init__(self, record: dict[str, Any], schema: Any = None) -> None:
        self.record = copy.deepcopy(record)
        self._schema = schema
        self.calls: list[tuple[str, Any]] = []
        self.fail_with: BaseException | None = None
        self._clock = 0

    def _write(self) -> None:
        if self.fail_with is not None:
            error, self.fail_with = self.fail_with, None
            raise error
        self._clock += 1
        self.record["lastUpdated"] = f"t{self._clock + 1}"

    async def fetch(self, type_name: str, uuid: str | None, cred: Any) -> dict[str, Any]:
        self.calls.append(("fetch", (type_name, uuid, cred)))
        return copy.deepcopy(self.record)

    async def schema(self, type_name: str, *, refresh: bool = False) -> Any:
        if self._schema is None:
            raise PermissionError("no entityType for this client")
        return self._schema

    async def save(
        self,
        mode: SaveMode,
        type_name: str,
        uuid: str,
        attributes: dict[str, Any],
        *,
        last_updated: str | None,
        cred: Any,
        changed: list[str] | None,
    ) -> None:
        self.calls.append((mode, (attributes, last_updated, cred, changed)))
        self._write()
        if mode == "update":
            self.record.update(attributes)
            return
        keep: dict[str, Any] = {
            k: self.record[k] for k in ("id", "uuid", "created") if k in self.record
        }
        self.record = {**attributes, **keep, "lastUpdated": self.record["lastUpdated"]}

    async def delete(
        self, type_name: str, uuid: str, attribute_name: str | None, cred: Any
    ) -> None:
        self.calls.append(("delete", (uuid, attribute_name, cred)))
        self._write()
