"""Entity operations: /entity, /entity.find, /entity.count, /entity.create, /entity.bulkCreate,
/entity.update, /entity.replace, /entity.delete, /entity.deleteAccess, and the schema calls
/entityType and /entityType.list."""

from __future__ import annotations

from typing import Any

from capture_desktop.sandbox.dispatch import CLIENT, CLIENT_OR_TOKEN, Operation, op
from capture_desktop.sandbox.errors import ApiFault, invalid, missing
from capture_desktop.sandbox.filter_parser import ContainsOperator, FilterError, parse_filter
from capture_desktop.sandbox.filter_sql import filter_sql, order_sql
from capture_desktop.sandbox.params import Params
from capture_desktop.sandbox.records import locate, parse_path, read_path
from capture_desktop.sandbox.render import check_projection, project
from capture_desktop.sandbox.schema import EntityType
from capture_desktop.sandbox.state import Call
from capture_desktop.sandbox.storage import Row
from capture_desktop.sandbox.validation import verify_password

MAX_RESULTS = 10_000


def _type_and_row(call: Call) -> tuple[EntityType, Row]:
    """The record to act on. An access token reaches only its own record: selectors are
    ignored, as Capture does."""
    entities = call.sandbox.entities
    token = call.principal.token
    if call.principal.kind == "access_token" and token is not None:
        etype = entities.etype(token.type_name or "user")
        assert token.record_id is not None
        return etype, entities.by_id(etype, token.record_id)
    etype = entities.type_from(call.params)
    return etype, entities.select(etype, call.params)


def _with_record(call: Call, etype: EntityType, row: Row, body: dict[str, Any]) -> dict[str, Any]:
    if call.params.boolean("include_record"):
        body["result"] = call.sandbox.entities.render(etype, row)
    return body


def entity(call: Call) -> dict[str, Any]:
    etype, row = _type_and_row(call)
    params = call.params
    call.sandbox.entities.check_timestamps(row, params)
    data = row.data
    password_attribute = params.get("password_attribute")
    if password_attribute is not None:
        segments = parse_path(password_attribute)
        loc = locate(etype, data, segments, write=False)
        if loc.attr.type != "password" or loc.element_index is not None:
            raise invalid("password_attribute", f"{password_attribute} is not a password")
        plain = params.get("password_value")
        if plain is None:
            raise missing("password_value")
        if not verify_password(plain, loc.container.get(loc.key)):
            raise ApiFault(350, "password_value does not match", argument_name="password_value")
    record = call.sandbox.entities.render(etype, row, data)
    attribute_name = params.get("attribute_name")
    if attribute_name is not None:
        return {"result": read_path(etype, record, attribute_name)}
    attributes = params.string_list("attributes")
    if attributes is not None:
        check_projection(etype, attributes, "attributes")
        return {"result": project(record, attributes)}
    return {"result": record}


def _where(call: Call, etype: EntityType) -> tuple[str, list[Any]]:
    text = call.params.get("filter") or ""
    try:
        lenient = call.sandbox.settings.lenient
        return filter_sql(etype, parse_filter(text, double_quotes=lenient))
    except ContainsOperator as exc:
        raise ApiFault(485, str(exc), argument_name="filter") from exc
    except FilterError as exc:
        raise invalid("filter", str(exc)) from exc


def find(call: Call) -> dict[str, Any]:
    params = call.params
    entities = call.sandbox.entities
    etype = entities.type_from(params)
    where, args = _where(call, etype)
    max_results = params.integer("max_results", 100)
    assert max_results is not None
    if not 1 <= max_results <= MAX_RESULTS:
        raise invalid("max_results", f"must be between 1 and {MAX_RESULTS}")
    first = params.integer("first_result", 0, minimum=0)
    assert first is not None
    try:
        order = order_sql(etype, params.string_list("sort_on") or [])
    except FilterError as exc:
        raise invalid("sort_on", str(exc)) from exc
    attributes = params.string_list("attributes")
    if attributes is not None:
        check_projection(etype, attributes, "attributes")
    rows = call.sandbox.storage.select(
        etype.name, where=where, args=args, order_by=order, limit=max_results, offset=first
    )
    results = [entities.render(etype, row) for row in rows]
    if attributes is not None:
        results = [project(record, attributes) for record in results]
    body: dict[str, Any] = {"results": results, "result_count": len(results)}
    if params.boolean("show_total_count"):
        body["total_count"] = call.sandbox.storage.count(etype.name, where, args)
    return body


def count(call: Call) -> dict[str, Any]:
    # techdocs entity.count: owner only (the older education center also listed readers).
    client = call.principal.client
    if client is not None and "owner" not in client.features and not call.sandbox.settings.lenient:
        raise ApiFault(403, "entity.count needs an owner client")
    etype = call.sandbox.entities.type_from(call.params)
    where, args = _where(call, etype)
    return {"total_count": call.sandbox.storage.count(etype.name, where, args)}


def create(call: Call) -> dict[str, Any]:
    entities = call.sandbox.entities
    token = call.principal.token
    type_name = call.params.get("type_name")
    if call.principal.kind == "creation_token" and token is not None:
        if type_name is not None and type_name != token.type_name:
            raise invalid("type_name", "the creation token is for another entity type")
        type_name = token.type_name
    if type_name is None:
        raise missing("type_name")
    etype = entities.etype(type_name)
    attrs = call.params.json_object("attributes", required=True)
    assert attrs is not None
    row = entities.create(etype, attrs)
    return _with_record(call, etype, row, {"id": row.id, "uuid": row.uuid})


def bulk_create(call: Call) -> dict[str, Any]:
    entities = call.sandbox.entities
    etype = entities.type_from(call.params)
    items = call.params.json_array("all_attributes", required=True)
    assert items is not None
    if len(items) > MAX_RESULTS:
        raise invalid("all_attributes", f"at most {MAX_RESULTS} records per call")
    results: list[Any] = []
    uuids: list[Any] = []
    for item in items:
        try:
            if not isinstance(item, dict):
                raise invalid("all_attributes", "each element must be a JSON object")
            row = entities.create(etype, item)
        except ApiFault as fault:
            failure = fault.payload()
            results.append(failure)
            uuids.append(failure)
            continue
        results.append(row.id)
        uuids.append(row.uuid)
    return {"results": results, "uuid_results": uuids}


def _write(call: Call, mode: str) -> dict[str, Any]:
    etype, row = _type_and_row(call)
    params = call.params
    entities = call.sandbox.entities
    entities.check_timestamps(row, params)
    attribute_name = params.get("attribute_name")
    if attribute_name is not None:
        if "value" not in params:
            raise missing("value")
        value = params.json("value") if params.get("value") is not None else None
        row = entities.write(etype, row, mode, path=attribute_name, value=value)
    else:
        row = entities.write(etype, row, mode, attrs=_root_value(params))
    return _with_record(call, etype, row, {})


def _root_value(params: Params) -> dict[str, Any]:
    """A whole-record write: `value` without `attribute_name` (the Android SDK's profile save,
    the MuleSoft connector, dataload) or `attributes`. `value` is looked at first, because
    those clients make it the main argument and may send an empty `attributes` beside it."""
    if params.get("value") is not None:
        value = params.json_object("value")
        assert value is not None
        return value
    attrs = params.json_object("attributes", required=True)
    assert attrs is not None
    return attrs


def update(call: Call) -> dict[str, Any]:
    return _write(call, "update")


def replace(call: Call) -> dict[str, Any]:
    return _write(call, "replace")


def delete(call: Call) -> dict[str, Any]:
    etype, row = _type_and_row(call)
    entities = call.sandbox.entities
    entities.check_timestamps(row, call.params)
    attribute_name = call.params.get("attribute_name")
    if attribute_name is not None:
        entities.delete_attribute(etype, row, attribute_name)
        return {}
    with call.sandbox.storage.transaction():
        entities.delete(etype, row)
        call.sandbox.tokens.revoke_record(etype.name, row.id)
    return {}


def delete_access(call: Call) -> dict[str, Any]:
    etype, row = _type_and_row(call)
    call.sandbox.tokens.revoke_record(etype.name, row.id)
    return {}


def purge(call: Call) -> dict[str, Any]:
    """entity.purge: every record of the type goes, and only when `commit=true` (the MuleSoft
    connector and janrain-datalib; not in the current docs). Their sessions end with them."""
    etype = call.sandbox.entities.type_from(call.params)
    if not call.params.boolean("commit"):
        return {}
    storage = call.sandbox.storage
    with storage.transaction():
        storage.conn.execute(
            "UPDATE tokens SET revoked = 1 WHERE type_name = ? AND revoked = 0", (etype.name,)
        )
        storage.drop_type_data(etype.name)
    return {}


def adopt(call: Call) -> dict[str, Any]:
    """entity.adopt (MuleSoft `entityAdopt`: type_name, id, attribute_name, child_id): the
    plural element `child_id` joins the record's plural `attribute_name`, leaving the record
    that held it. Selectors are ignored with an access token, as for every record call."""
    etype, row = _type_and_row(call)
    params = call.params
    attribute_name = params.require("attribute_name")
    child_id = params.integer("child_id")
    if child_id is None:
        raise missing("child_id")
    segments = parse_path(attribute_name)
    loc = locate(etype, row.data, segments, write=True)
    if not loc.attr.is_plural or loc.element_index is not None or len(segments) != 1:
        raise invalid("attribute_name", f"{attribute_name} is not a top-level plural")
    entities = call.sandbox.entities
    storage = call.sandbox.storage
    plural = loc.key
    with storage.transaction():
        holder = _holder_of(call, etype, plural, child_id)
        if holder is None:
            raise ApiFault(310, f"no element {child_id} in {plural}", argument_name="child_id")
        if holder.id == row.id:
            return {}
        held = holder.data
        element = next(e for e in held[plural] if e.get("id") == child_id)
        held[plural] = [e for e in held[plural] if e.get("id") != child_id]
        entities.save(etype, holder, held)
        fresh = entities.by_id(etype, row.id)
        data = fresh.data
        data[plural] = [*(data.get(plural) or []), element]
        entities.save(etype, fresh, data)
    return {}


def _holder_of(call: Call, etype: EntityType, plural: str, child_id: int) -> Row | None:
    storage = call.sandbox.storage
    rows = storage.select(
        etype.name,
        where="data LIKE ?",
        args=(f'%"id": {child_id}%',),
        order_by="id",
        limit=-1,
        offset=0,
    )
    for candidate in rows:
        if any(e.get("id") == child_id for e in candidate.data.get(plural) or []):
            return candidate
    return None


def entity_type(call: Call) -> dict[str, Any]:
    etype = call.sandbox.entities.type_from(call.params)
    return {"schema": etype.to_json()}


def entity_type_list(call: Call) -> dict[str, Any]:
    return {"results": sorted(call.sandbox.storage.types)}


READERS = ("direct_access", "direct_read_access")

OPERATIONS: list[Operation] = [
    op("/entity", entity, CLIENT_OR_TOKEN, *READERS),
    op("/entity.find", find, CLIENT, *READERS),
    op("/entity.count", count, CLIENT, *READERS),
    op("/entity.create", create, frozenset({"client", "creation_token"}), "direct_access"),
    op("/entity.bulkCreate", bulk_create, CLIENT, "direct_access"),
    op("/entity.update", update, CLIENT_OR_TOKEN, "direct_access"),
    op("/entity.replace", replace, CLIENT_OR_TOKEN, "direct_access"),
    op("/entity.delete", delete, CLIENT_OR_TOKEN, "direct_access", body_only=True),
    op("/entity.deleteAccess", delete_access, CLIENT, "access_issuer", "direct_access"),
    op("/entity.purge", purge, CLIENT, "direct_access"),
    op("/entity.adopt", adopt, CLIENT_OR_TOKEN, "direct_access"),
    op("/entityType", entity_type, CLIENT, *READERS, "access_issuer", "login_client"),
    op("/entityType.list", entity_type_list, CLIENT, "owner"),
]
