"""Record selectors: exactly one of ``uuid``, ``id`` or ``key_attribute`` + ``key_value``."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Literal

__all__ = ["KeyValue", "RecordSelector"]

KeyValue = str | int | float | bool


@dataclass(frozen=True)
class RecordSelector:
    """Which record an operation targets. Build it with the class methods."""

    kind: Literal["uuid", "id", "key"]
    value: KeyValue
    key_attribute: str | None = None

    @classmethod
    def by_uuid(cls, uuid: str) -> RecordSelector:
        if not uuid:
            raise ValueError("uuid must not be empty")
        return cls("uuid", uuid)

    @classmethod
    def by_id(cls, record_id: int) -> RecordSelector:
        if isinstance(record_id, bool) or not isinstance(record_id, int):
            raise TypeError("record id must be an int")
        return cls("id", record_id)

    @classmethod
    def by_key(cls, attribute: str, value: KeyValue) -> RecordSelector:
        if not attribute:
            raise ValueError("key attribute must not be empty")
        return cls("key", value, attribute)

    def to_params(self) -> dict[str, str]:
        """Form parameters; ``key_value`` is JSON, so strings arrive quoted as Capture wants."""
        if self.kind == "uuid":
            return {"uuid": str(self.value)}
        if self.kind == "id":
            return {"id": str(self.value)}
        assert self.key_attribute is not None
        return {"key_attribute": self.key_attribute, "key_value": json.dumps(self.value)}

    def __str__(self) -> str:
        if self.kind == "key":
            return f"{self.key_attribute}={json.dumps(self.value)}"
        return f"{self.kind}={self.value}"
