"""Record operations over storage: pick a record by selector, create, write, delete, render.

Routes and seeding both go through here, so validation and id allocation are the same for every
path into the database.
"""

from __future__ import annotations

import uuid as uuid_mod
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

from capture_desktop.sandbox.errors import ApiFault, invalid, missing
from capture_desktop.sandbox.params import Params, fits_int64
from capture_desktop.sandbox.records import Writer, delete_path
from capture_desktop.sandbox.render import render
from capture_desktop.sandbox.schema import EntityType
from capture_desktop.sandbox.storage import Row, Storage, column_name
from capture_desktop.sandbox.timefmt import (
    format_datetime,
    parse_datetime,
    same_instant,
    system_timestamp,
)
from capture_desktop.sandbox.validation import verify_password


class Entities:
    def __init__(self, storage: Storage, clock: Callable[[], float]) -> None:
        self.storage = storage
        self.clock = clock

    def etype(self, name: str) -> EntityType:
        etype = self.storage.types.get(name)
        if etype is None:
            raise ApiFault(222, f"entity type {name} does not exist", argument_name="type_name")
        return etype

    def type_from(self, params: Params) -> EntityType:
        return self.etype(params.require("type_name"))

    # -- reading ---------------------------------------------------------------------------
    def by_id(self, etype: EntityType, record_id: int) -> Row:
        row = self.storage.fetch_one(etype.name, "id = ?", (record_id,))
        if row is None:
            raise ApiFault(310, f"record {record_id} not found")
        return row

    def select(self, etype: EntityType, params: Params) -> Row:
        """The record named by exactly one of `uuid`, `id` or `key_attribute`+`key_value`."""
        given = [name for name in ("uuid", "id", "key_attribute") if params.get(name)]
        if len(given) > 1:
            raise ApiFault(
                201,
                f"only one of uuid, id and key_attribute may be given, not {' and '.join(given)}",
                argument_name=given[1],
            )
        if not given:
            raise missing("uuid")
        if given[0] == "id":
            record_id = params.integer("id")
            assert record_id is not None
            return self.by_id(etype, record_id)
        if given[0] == "uuid":
            text = params.require("uuid")
            try:
                uuid_mod.UUID(text)
            except ValueError as exc:
                raise invalid("uuid", "invalid uuid") from exc
            row = self.storage.fetch_one(etype.name, "uuid = ?", (text.lower(),))
            if row is None:
                raise ApiFault(310, f"record {text} not found")
            return row
        return self._by_key(etype, params)

    def _by_key(self, etype: EntityType, params: Params) -> Row:
        attribute = params.require("key_attribute")
        raw = params.require("key_value")
        value = params.json("key_value", required=True)
        if attribute in ("id", "uuid"):
            where = f"{attribute} = ?"
        else:
            attr = etype.attr(attribute)
            if attr is None:
                raise ApiFault(
                    223, f"attribute {attribute} does not exist", argument_name="key_attribute"
                )
            if "unique" not in attr.constraints:
                raise invalid("key_attribute", f"{attribute} is not a unique attribute")
            where = f"{column_name(attribute)} = ?"
        if isinstance(value, dict | list) or (isinstance(value, int) and not fits_int64(value)):
            raise invalid("key_value", "expected a JSON string or number")
        row = self.storage.fetch_one(etype.name, where, (value,))
        if row is None:
            raise ApiFault(310, f"no record with {attribute} = {raw}")
        return row

    @staticmethod
    def check_timestamps(row: Row, params: Params) -> None:
        """Optimistic checks: `created` and `lastUpdated` (or `last_updated`) must match."""
        checks = (
            ("created", row.created),
            ("lastUpdated", row.last_updated),
            ("last_updated", row.last_updated),
        )
        for name, stored in checks:
            given = params.get(name)
            if given is not None and not same_instant(given, stored):
                raise ApiFault(
                    330,
                    f"{name} does not match the record ({stored})",
                    argument_name=name,
                )

    @staticmethod
    def render(etype: EntityType, row: Row, data: dict[str, Any] | None = None) -> dict[str, Any]:
        return render(
            etype,
            record_id=row.id,
            uuid=row.uuid,
            created=row.created,
            last_updated=row.last_updated,
            data=data or row.data,
        )

    # -- writing ---------------------------------------------------------------------------
    def writer(self, etype: EntityType, mode: str) -> Writer:
        return Writer(etype, lambda: self.storage.reserve_ids(etype.name, 1), self.clock(), mode)

    def create(self, etype: EntityType, attrs: dict[str, Any]) -> Row:
        with self.storage.transaction():
            record_id = self.storage.reserve_ids(etype.name, 1)
            data = self.writer(etype, "create").apply(None, attrs)
            stamp = system_timestamp(self.clock())
            row = self.storage.insert(
                etype.name, (record_id, str(uuid_mod.uuid4()), stamp, stamp, data)
            )
        return row

    def write(
        self,
        etype: EntityType,
        row: Row,
        mode: str,
        *,
        attrs: dict[str, Any] | None = None,
        path: str | None = None,
        value: Any = None,
    ) -> Row:
        with self.storage.transaction():
            writer = self.writer(etype, mode)
            if path is not None:
                data = writer.apply_path(row.data, path, value)
            else:
                data = writer.apply(row.data, attrs or {})
            return self.save(etype, row, data)

    def save(self, etype: EntityType, row: Row, data: dict[str, Any]) -> Row:
        stamp = system_timestamp(self.clock())
        if stamp <= row.last_updated:
            # lastUpdated must change on every write, or optimistic checks could not see it.
            previous = parse_datetime(row.last_updated)
            assert previous is not None
            stamp = (previous + timedelta(microseconds=1)).strftime("%Y-%m-%d %H:%M:%S.%f +0000")
        data_json = self.storage.write(etype.name, row.id, data, stamp)
        return Row(row.id, row.uuid, row.created, stamp, data_json)

    def delete_attribute(self, etype: EntityType, row: Row, path: str) -> Row:
        with self.storage.transaction():
            return self.save(etype, row, delete_path(etype, row.data, path))

    def sign_in(self, email: str, password: str) -> tuple[EntityType, Row] | None:
        """Check a user's email and password; on success stamp lastLogin and loginCount."""
        etype = self.etype("user")
        row = self.storage.fetch_one(etype.name, f"{column_name('email')} = ?", (email,))
        if row is None or not verify_password(password, row.data.get("password")):
            return None
        data = row.data
        now = datetime.fromtimestamp(int(self.clock()), UTC)
        data["lastLogin"] = format_datetime(now)
        data["loginCount"] = int(data.get("loginCount") or 0) + 1
        with self.storage.transaction():
            return etype, self.save(etype, row, data)

    def delete(self, etype: EntityType, row: Row) -> None:
        self.storage.delete(etype.name, row.id)
