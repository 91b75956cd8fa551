"""Typed results of Capture calls: frozen dataclasses built from response JSON, with no I/O.

Parsing accepts both spellings where the sources disagree (``accessToken``/``access_token``,
``authorizationCode``/``authorization_code``, ``creation_token``/``creationToken``). Token and
code fields are kept out of ``repr`` so that logging a result never leaks a secret.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from capture_desktop.api.errors import ApiError, UnexpectedResponse

__all__ = [
    "AttrDef",
    "AuthorizationCode",
    "BulkCreateItem",
    "BulkCreateResult",
    "ClientInfo",
    "CreateResult",
    "CreationToken",
    "Entity",
    "EntityTypeSchema",
    "FindResult",
    "NativeSignIn",
    "TokenSet",
    "parse_capture_time",
]

DEFAULT_ACCESS_TOKEN_LIFETIME = 3600  # seconds, documented default when no expires_in comes back
DEFAULT_CODE_LIFETIME = 30
DEFAULT_CREATION_TOKEN_LIFETIME = 3600


def _pick(payload: Mapping[str, Any], *keys: str) -> Any:
    for key in keys:
        if key in payload and payload[key] is not None:
            return payload[key]
    return None


def _need_str(payload: Mapping[str, Any], *keys: str) -> str:
    value = _pick(payload, *keys)
    if not isinstance(value, str) or not value:
        raise UnexpectedResponse(f"response has no {keys[0]!r} field")
    return value


def _opt_int(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.isdigit():
        return int(value)
    return None


def parse_capture_time(text: str | None) -> datetime | None:
    """Parse Capture's ``2015-11-15 01:58:01.862312 +0000`` style (or a bare date)."""
    if not text:
        return None
    for fmt in ("%Y-%m-%d %H:%M:%S.%f %z", "%Y-%m-%d %H:%M:%S %z", "%Y-%m-%d %H:%M:%S"):
        try:
            moment = datetime.strptime(text, fmt)
        except ValueError:
            continue
        return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    try:
        return datetime.fromisoformat(text).replace(tzinfo=UTC)
    except ValueError:
        return None


@dataclass(frozen=True)
class TokenSet:
    """An access token (and its refresh token) for one record, with its expiry."""

    access_token: str = field(repr=False)
    refresh_token: str | None = field(repr=False)
    expires_at: datetime
    issued_at: datetime
    record_uuid: str | None = None
    type_name: str | None = None
    client_id: str | None = None
    transaction_state: Mapping[str, Any] | None = None

    def expires_in(self, now: datetime) -> float:
        """Seconds left before expiry at ``now`` (0 when already expired)."""
        return max(0.0, (self.expires_at - now).total_seconds())

    def is_expired(self, now: datetime) -> bool:
        return now >= self.expires_at

    @classmethod
    def from_payload(
        cls,
        payload: Mapping[str, Any],
        issued_at: datetime,
        *,
        record_uuid: str | None = None,
        type_name: str | None = None,
        client_id: str | None = None,
    ) -> TokenSet:
        given = _opt_int(payload.get("expires_in"))
        lifetime = DEFAULT_ACCESS_TOKEN_LIFETIME if given is None else given
        user = payload.get("capture_user")
        if record_uuid is None and isinstance(user, Mapping):
            uuid = user.get("uuid")
            record_uuid = uuid if isinstance(uuid, str) else None
        state = payload.get("transaction_state")
        refresh = payload.get("refresh_token")
        return cls(
            access_token=_need_str(payload, "access_token", "accessToken"),
            refresh_token=refresh if isinstance(refresh, str) and refresh else None,
            expires_at=issued_at + timedelta(seconds=lifetime),
            issued_at=issued_at,
            record_uuid=record_uuid,
            type_name=type_name,
            client_id=client_id,
            transaction_state=state if isinstance(state, Mapping) else None,
        )

    @classmethod
    def from_native(
        cls,
        result: NativeSignIn,
        *,
        client_id: str,
        type_name: str,
        issued_at: datetime | None = None,
    ) -> TokenSet:
        """The token set of an ``auth_native_traditional`` answer; its ``expires_in`` sets
        the expiry (the documented default lifetime when the server sent none)."""
        if not result.access_token:
            raise UnexpectedResponse("the sign-in answer has no access_token")
        now = issued_at or datetime.now(UTC)
        lifetime = DEFAULT_ACCESS_TOKEN_LIFETIME if result.expires_in is None else result.expires_in
        uuid = (result.capture_user or {}).get("uuid")
        return cls(
            access_token=result.access_token,
            refresh_token=result.refresh_token,
            expires_at=now + timedelta(seconds=lifetime),
            issued_at=now,
            record_uuid=uuid if isinstance(uuid, str) else None,
            type_name=type_name,
            client_id=client_id,
        )


@dataclass(frozen=True)
class AuthorizationCode:
    """A single-use code from ``access/getAuthorizationCode``, bound to its ``redirect_uri``."""

    code: str = field(repr=False)
    redirect_uri: str
    expires_at: datetime


@dataclass(frozen=True)
class CreationToken:
    """A token that lets ``entity.create`` run for ``type_name`` without client credentials."""

    token: str = field(repr=False)
    type_name: str
    expires_at: datetime
    issued_at: datetime


@dataclass(frozen=True)
class Entity:
    """One record. ``last_updated``/``created`` stay verbatim for optimistic checks."""

    data: Mapping[str, Any]
    id: int | None
    uuid: str | None
    last_updated: str | None
    created: str | None

    @classmethod
    def from_result(cls, result: Any, attribute_name: str | None = None) -> Entity:
        if not isinstance(result, Mapping):
            # attribute_name reads may return a scalar or a list: keep it under its name.
            return cls({attribute_name or "value": result}, None, None, None, None)
        uuid = result.get("uuid")
        last = _pick(result, "lastUpdated", "last_updated")
        created = result.get("created")
        return cls(
            data=dict(result),
            id=_opt_int(result.get("id")),
            uuid=uuid if isinstance(uuid, str) else None,
            last_updated=last if isinstance(last, str) else None,
            created=created if isinstance(created, str) else None,
        )


@dataclass(frozen=True)
class FindResult:
    results: list[dict[str, Any]]
    result_count: int
    total_count: int | None = None

    @classmethod
    def from_payload(cls, payload: Mapping[str, Any]) -> FindResult:
        raw = payload.get("results")
        if not isinstance(raw, list):
            raise UnexpectedResponse("entity.find response has no results list")
        results = [dict(r) for r in raw if isinstance(r, Mapping)]
        count = _opt_int(payload.get("result_count"))
        return cls(
            results, len(results) if count is None else count, _opt_int(payload.get("total_count"))
        )


@dataclass(frozen=True)
class CreateResult:
    id: int | None
    uuid: str | None
    record: Entity | None = None

    @classmethod
    def from_payload(cls, payload: Mapping[str, Any]) -> CreateResult:
        result = payload.get("result")
        uuid = payload.get("uuid")
        return cls(
            _opt_int(payload.get("id")),
            uuid if isinstance(uuid, str) else None,
            Entity.from_result(result) if isinstance(result, Mapping) else None,
        )


@dataclass(frozen=True)
class BulkCreateItem:
    """One input position of ``entity.bulkCreate``: its id and uuid, or the error."""

    index: int
    id: int | None
    uuid: str | None
    error: ApiError | None = None


@dataclass(frozen=True)
class BulkCreateResult:
    items: tuple[BulkCreateItem, ...]

    @property
    def failed(self) -> tuple[BulkCreateItem, ...]:
        return tuple(i for i in self.items if i.error is not None)

    @classmethod
    def from_payload(cls, payload: Mapping[str, Any]) -> BulkCreateResult:
        ids = payload.get("results") or []
        uuids = payload.get("uuid_results") or []
        items = []
        for index in range(max(len(ids), len(uuids))):
            raw_id = ids[index] if index < len(ids) else None
            raw_uuid = uuids[index] if index < len(uuids) else None
            failure = raw_id if isinstance(raw_id, Mapping) else raw_uuid
            if isinstance(failure, Mapping):
                items.append(BulkCreateItem(index, None, None, ApiError.from_payload(failure)))
            else:
                uuid = raw_uuid if isinstance(raw_uuid, str) else None
                items.append(BulkCreateItem(index, _opt_int(raw_id), uuid))
        return cls(tuple(items))


@dataclass(frozen=True)
class AttrDef:
    """One attribute of a schema; ``attr_defs`` holds the children of objects and plurals."""

    name: str
    type: str
    case_sensitive: bool | None = None
    constraints: tuple[str, ...] = ()
    length: int | None = None
    features: tuple[str, ...] = ()
    attr_defs: tuple[AttrDef, ...] = ()
    description: str | None = None

    @classmethod
    def from_json(cls, raw: Mapping[str, Any]) -> AttrDef:
        children = raw.get("attr_defs") or []
        case = _pick(raw, "case-sensitive", "case_sensitive")
        desc = raw.get("description")
        return cls(
            name=str(raw.get("name", "")),
            type=str(raw.get("type", "")),
            case_sensitive=case if isinstance(case, bool) else None,
            constraints=tuple(str(c) for c in raw.get("constraints") or ()),
            length=_opt_int(raw.get("length")),
            features=tuple(str(f) for f in raw.get("features") or ()),
            attr_defs=tuple(cls.from_json(c) for c in children if isinstance(c, Mapping)),
            description=desc if isinstance(desc, str) else None,
        )


@dataclass(frozen=True)
class EntityTypeSchema:
    name: str
    attr_defs: tuple[AttrDef, ...]

    @classmethod
    def from_payload(cls, payload: Mapping[str, Any]) -> EntityTypeSchema:
        schema = payload.get("schema")
        if not isinstance(schema, Mapping):
            raise UnexpectedResponse("entityType response has no schema")
        defs = schema.get("attr_defs") or []
        return cls(
            str(schema.get("name", "")),
            tuple(AttrDef.from_json(d) for d in defs if isinstance(d, Mapping)),
        )

    def attribute(self, path: str) -> AttrDef | None:
        """Find an attribute by dot path, e.g. ``primaryAddress.city``."""
        level: Sequence[AttrDef] = self.attr_defs
        found: AttrDef | None = None
        for part in path.split("."):
            found = next((a for a in level if a.name == part), None)
            if found is None:
                return None
            level = found.attr_defs
        return found


@dataclass(frozen=True)
class ClientInfo:
    """An API client from ``clients/list``; its secret is deliberately not kept."""

    client_id: str
    description: str
    features: tuple[str, ...]

    @classmethod
    def from_json(cls, raw: Mapping[str, Any]) -> ClientInfo:
        return cls(
            str(raw.get("client_id", "")),
            str(raw.get("description") or ""),
            tuple(str(f) for f in raw.get("features") or ()),
        )


@dataclass(frozen=True)
class NativeSignIn:
    """The outcome of ``oauth/auth_native_traditional``."""

    access_token: str | None = field(repr=False)
    authorization_code: str | None = field(repr=False)
    capture_user: Mapping[str, Any] | None
    refresh_token: str | None = field(default=None, repr=False)
    expires_in: int | None = None  # seconds the access token lives; None when not sent

    @classmethod
    def from_payload(cls, payload: Mapping[str, Any]) -> NativeSignIn:
        def text(*keys: str) -> str | None:
            value = _pick(payload, *keys)
            return value if isinstance(value, str) and value else None

        user = payload.get("capture_user")
        return cls(
            text("access_token", "accessToken"),
            text("authorization_code", "authorizationCode", "code"),
            dict(user) if isinstance(user, Mapping) else None,
            text("refresh_token"),
            _opt_int(payload.get("expires_in")),
        )
