"""Entity, schema and client-list operations of ``CaptureClient``."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any, Final, TypedDict, Unpack

from capture_desktop.api._core import ClientCore, with_selector
from capture_desktop.api.credentials import (
    CLIENT_CREDENTIALS,
    CREATE_CREDENTIALS,
    RECORD_CREDENTIALS,
    ClientCredentials,
    CreateCredentials,
    RecordCredentials,
)
from capture_desktop.api.errors import UnexpectedResponse
from capture_desktop.api.models import (
    BulkCreateResult,
    ClientInfo,
    CreateResult,
    Entity,
    EntityTypeSchema,
    FindResult,
)
from capture_desktop.api.selectors import RecordSelector

__all__ = ["EntityOperations", "RecordWrite"]

_UNSET: Final = object()


class RecordWrite(TypedDict, total=False):
    """The keyword options ``entity_update`` and ``entity_replace`` share, all optional."""

    attribute_name: str | None
    value: Any  # JSON; leave it out (not None, which is JSON null) to send attributes instead
    include_record: bool
    created: str | None
    last_updated: str | None
    auth: RecordCredentials | None


class EntityOperations(ClientCore):
    """``entity*``, ``entityType*`` and ``clients/list``; see ``CaptureClient``."""

    async def entity(
        self,
        type_name: str,
        selector: RecordSelector | None = None,
        *,
        attributes: Sequence[str] | None = None,
        attribute_name: str | None = None,
        created: str | None = None,
        last_updated: str | None = None,
        password_attribute: str | None = None,
        password_value: str | None = None,
        auth: RecordCredentials | None = None,
    ) -> Entity:
        """Read one record (by selector, or the token's own record with an access token)."""
        params = with_selector(
            selector,
            type_name=type_name,
            attributes=attributes,
            attribute_name=attribute_name,
            created=created,
            lastUpdated=last_updated,
            password_attribute=password_attribute,
            password_value=password_value,
        )
        payload = await self._call("entity", params, self._client_auth(auth), RECORD_CREDENTIALS)
        return Entity.from_result(payload.get("result"), attribute_name)

    async def entity_find(
        self,
        type_name: str,
        filter: str | None = None,
        *,
        max_results: int | None = None,
        first_result: int | None = None,
        sort_on: Sequence[str] | None = None,
        attributes: Sequence[str] | None = None,
        show_total_count: bool = False,
        timeout: int | None = None,  # noqa: ASYNC109 - Capture's server-side time limit
        auth: ClientCredentials | None = None,
    ) -> FindResult:
        params = {
            "type_name": type_name,
            "filter": filter,
            "max_results": max_results,
            "first_result": first_result,
            "sort_on": list(sort_on) if sort_on is not None else None,
            "attributes": list(attributes) if attributes is not None else None,
            "show_total_count": show_total_count or None,
            "timeout": timeout,
        }
        payload = await self._call(
            "entity.find", params, self._client_auth(auth), CLIENT_CREDENTIALS
        )
        return FindResult.from_payload(payload)

    async def entity_count(
        self,
        type_name: str,
        filter: str | None = None,
        *,
        auth: ClientCredentials | None = None,
    ) -> int:
        params = {"type_name": type_name, "filter": filter}
        payload = await self._call(
            "entity.count", params, self._client_auth(auth), CLIENT_CREDENTIALS
        )
        count = payload.get("total_count")
        if not isinstance(count, int):
            raise UnexpectedResponse("entity.count response has no total_count")
        return count

    async def entity_create(
        self,
        type_name: str,
        attributes: Mapping[str, Any],
        *,
        include_record: bool = False,
        auth: CreateCredentials | None = None,
    ) -> CreateResult:
        """Create a record with client credentials or a ``CreationTokenAuth``."""
        params = {
            "type_name": type_name,
            "attributes": dict(attributes),
            "include_record": include_record or None,
        }
        payload = await self._call(
            "entity.create", params, self._client_auth(auth), CREATE_CREDENTIALS
        )
        return CreateResult.from_payload(payload)

    async def entity_bulk_create(
        self,
        type_name: str,
        all_attributes: Sequence[Mapping[str, Any]],
        *,
        auth: ClientCredentials | None = None,
    ) -> BulkCreateResult:
        params = {"type_name": type_name, "all_attributes": [dict(a) for a in all_attributes]}
        payload = await self._call(
            "entity.bulkCreate", params, self._client_auth(auth), CLIENT_CREDENTIALS
        )
        return BulkCreateResult.from_payload(payload)

    async def _write(
        self,
        operation: str,
        type_name: str | None,
        selector: RecordSelector | None,
        attributes: Mapping[str, Any] | None,
        options: RecordWrite,
    ) -> Entity | None:
        value = options.get("value", _UNSET)
        include_record = options.get("include_record", False)
        if attributes is None and value is _UNSET:
            raise ValueError(f"{operation} needs attributes, or attribute_name with a value")
        params = with_selector(
            selector,
            type_name=type_name,
            attributes=dict(attributes) if attributes is not None else None,
            attribute_name=options.get("attribute_name"),
            # value is JSON even for a string, so always dump it (a str would otherwise go raw).
            value=None if value is _UNSET else json.dumps(value),
            include_record=include_record or None,
            created=options.get("created"),
            lastUpdated=options.get("last_updated"),
        )
        auth = self._client_auth(options.get("auth"))
        payload = await self._call(operation, params, auth, RECORD_CREDENTIALS)
        result = payload.get("result")
        return (
            Entity.from_result(result) if include_record and isinstance(result, Mapping) else None
        )

    async def entity_update(
        self,
        type_name: str | None,
        selector: RecordSelector | None,
        attributes: Mapping[str, Any] | None = None,
        **options: Unpack[RecordWrite],
    ) -> Entity | None:
        """Merge ``attributes`` (or set ``value`` at ``attribute_name``); plurals are appended.
        ``value`` without ``attribute_name`` is a whole-record write, as the Android SDK,
        the MuleSoft connector and dataload send it; ``type_name`` may be ``None`` with an
        access token (the token names the record). Returns the record when
        ``include_record`` is true."""
        return await self._write("entity.update", type_name, selector, attributes, options)

    async def entity_replace(
        self,
        type_name: str | None,
        selector: RecordSelector | None,
        attributes: Mapping[str, Any] | None = None,
        **options: Unpack[RecordWrite],
    ) -> Entity | None:
        """Replace the record (or the sub-tree at ``attribute_name``); omitted values go null."""
        return await self._write("entity.replace", type_name, selector, attributes, options)

    async def entity_delete(
        self,
        type_name: str,
        selector: RecordSelector | None,
        *,
        attribute_name: str | None = None,
        created: str | None = None,
        last_updated: str | None = None,
        auth: RecordCredentials | None = None,
    ) -> None:
        params = with_selector(
            selector,
            type_name=type_name,
            attribute_name=attribute_name,
            created=created,
            lastUpdated=last_updated,
        )
        await self._call("entity.delete", params, self._client_auth(auth), RECORD_CREDENTIALS)

    async def entity_delete_access(
        self, type_name: str, selector: RecordSelector, *, auth: ClientCredentials | None = None
    ) -> None:
        """Revoke every access and refresh token of the record (forces a new sign-in)."""
        params = with_selector(selector, type_name=type_name)
        await self._call("entity.deleteAccess", params, self._client_auth(auth), CLIENT_CREDENTIALS)

    async def entity_purge(
        self, type_name: str, *, commit: bool, auth: ClientCredentials | None = None
    ) -> None:
        """Delete every record of the type; Capture deletes only when ``commit`` is true."""
        params = {"type_name": type_name, "commit": commit}
        await self._call("entity.purge", params, self._client_auth(auth), CLIENT_CREDENTIALS)

    async def entity_adopt(
        self,
        type_name: str,
        record_id: int | None,
        attribute_name: str,
        child_id: int,
        *,
        auth: RecordCredentials | None = None,
    ) -> None:
        """Move plural element ``child_id`` into the record's plural ``attribute_name``
        (``record_id`` may be ``None`` with an access token)."""
        params = {
            "type_name": type_name,
            "id": record_id,
            "attribute_name": attribute_name,
            "child_id": child_id,
        }
        await self._call("entity.adopt", params, self._client_auth(auth), RECORD_CREDENTIALS)

    # --- schema and clients ---------------------------------------------------------------

    async def entity_type(
        self, type_name: str, *, auth: ClientCredentials | None = None
    ) -> EntityTypeSchema:
        payload = await self._call(
            "entityType", {"type_name": type_name}, self._client_auth(auth), CLIENT_CREDENTIALS
        )
        return EntityTypeSchema.from_payload(payload)

    async def entity_type_create(
        self,
        type_name: str,
        attr_defs: Sequence[Mapping[str, Any]],
        *,
        auth: ClientCredentials | None = None,
    ) -> EntityTypeSchema:
        """Create an entity type (owner only); Capture adds id, uuid, created, lastUpdated."""
        params = {"type_name": type_name, "attr_defs": [dict(a) for a in attr_defs]}
        return await self._schema_call("entityType.create", params, auth)

    async def entity_type_add_attribute(
        self, type_name: str, attr_def: Mapping[str, Any], *, auth: ClientCredentials | None = None
    ) -> EntityTypeSchema:
        """Add an attribute to every record of the type (owner only); returns the schema."""
        params = {"type_name": type_name, "attr_def": dict(attr_def)}
        return await self._schema_call("entityType.addAttribute", params, auth)

    async def entity_type_remove_attribute(
        self, type_name: str, attribute_name: str, *, auth: ClientCredentials | None = None
    ) -> EntityTypeSchema:
        """Remove an attribute and its data from every record (owner only)."""
        params = {"type_name": type_name, "attribute_name": attribute_name}
        return await self._schema_call("entityType.removeAttribute", params, auth)

    async def entity_type_set_attribute_constraints(
        self,
        type_name: str,
        attribute_name: str,
        constraints: Sequence[str],
        *,
        auth: ClientCredentials | None = None,
    ) -> EntityTypeSchema:
        """Set the attribute's whole constraint list (not additive; ``[]`` clears it)."""
        params = {
            "type_name": type_name,
            "attribute_name": attribute_name,
            "constraints": list(constraints),
        }
        return await self._schema_call("entityType.setAttributeConstraints", params, auth)

    async def _schema_call(
        self, operation: str, params: Mapping[str, object], auth: ClientCredentials | None
    ) -> EntityTypeSchema:
        payload = await self._call(operation, params, self._client_auth(auth), CLIENT_CREDENTIALS)
        return EntityTypeSchema.from_payload(payload)

    async def entity_type_list(self, *, auth: ClientCredentials | None = None) -> list[str]:
        payload = await self._call(
            "entityType.list", {}, self._client_auth(auth), CLIENT_CREDENTIALS
        )
        return [str(name) for name in payload.get("results") or ()]

    async def clients_list(
        self, *, features: Sequence[str] | None = None, auth: ClientCredentials | None = None
    ) -> list[ClientInfo]:
        params = {"features": list(features) if features is not None else None}
        payload = await self._call(
            "clients/list", params, self._client_auth(auth), CLIENT_CREDENTIALS
        )
        return [
            ClientInfo.from_json(c) for c in payload.get("results") or () if isinstance(c, Mapping)
        ]
