"""RecordsService: the Records view's one door to the core (entity.*, entityType*, audit log).

It adapts the shared ``Session`` to what the browser and editor need, picks the
credential for each call (the profile's client credentials, an access-token slot or a
creation-token slot), and writes the local audit log after every change. Coroutines run on
the qasync loop; nothing here blocks it. Qt-free on purpose, so it can be tested alone.
"""

from __future__ import annotations

import inspect
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from capture_desktop.api.credentials import AccessTokenAuth, CreationTokenAuth
from capture_desktop.api.selectors import RecordSelector
from capture_desktop.services.capabilities import Permissions
from capture_desktop.store import paths

if TYPE_CHECKING:
    from capture_desktop.editing.record_edit import SaveMode

log = logging.getLogger("capture_desktop.services.records")

__all__ = [
    "ADMIN",
    "Credential",
    "Page",
    "Permissions",  # defined in services.capabilities; re-exported for the Records views
    "RecordsService",
    "default_audit_path",
]

T = TypeVar("T")


@dataclass(frozen=True)
class Credential:
    """Who a call acts as: ``admin`` (client credentials) or ``token`` (an access-token slot,
    which only ever reaches its own record)."""

    kind: str = "admin"
    slot_id: str | None = None
    label: str = "Admin (client credentials)"
    record_uuid: str | None = None

    @property
    def is_token(self) -> bool:
        return self.kind == "token"


ADMIN = Credential()


@dataclass(frozen=True)
class Page:
    """One page of entity.find results; ``total`` only when asked for."""

    rows: list[dict[str, Any]]
    total: int | None


async def _maybe_await(value: Any) -> Any:
    return await value if inspect.isawaitable(value) else value


def default_audit_path() -> Path:
    return paths.data_dir() / "audit.jsonl"


class RecordsService:
    """Async operations for the Records view, bound to one session."""

    def __init__(
        self,
        session: Any,
        *,
        audit_factory: Callable[[Path], Any] | None = None,
        audit_path: Path | None = None,
    ) -> None:
        self.session = session
        self._audit_factory = audit_factory
        self._audit_path = audit_path
        self._schemas: dict[str, Any] = {}

    # ---- session adapters (tolerant of what the Session exposes) -----------------------------
    def client(self) -> Any:
        return self.session.client()

    def profile_name(self) -> str:
        profile = self._profile()
        return str(getattr(profile, "name", "") or "default")

    def default_type(self) -> str:
        return str(getattr(self._profile(), "type_name", "") or "user")

    def _profile(self) -> Any:
        getter = getattr(self.session, "profile", None)
        return getter() if callable(getter) else getter

    async def permissions(self) -> Permissions:
        """The client's features: the session's cached answer, else asked once (clients/list).

        A 403 from clients/list is an answer too ("unknown"): the session remembers it, so
        asking again costs no request.
        """
        getter = getattr(self.session, "features", None)
        if getter is None:
            return Permissions(None)
        try:
            value = await _maybe_await(getter())
            checked = getattr(self.session, "features_checked", None)
            loader = getattr(self.session, "load_features", None)
            if value is None and loader is not None and not (checked and checked()):
                value = await loader()
        except Exception:  # the view must open even when clients/list is refused
            log.warning("could not read client features", exc_info=True)
            return Permissions(None)
        return Permissions.of(value)

    def _keeper(self) -> Any:
        try:
            return getattr(self.session, "token_keeper", None)
        except Exception:  # token slots are optional here: browsing as admin still works
            log.warning("the session's token keeper is unavailable", exc_info=True)
            return None

    def token_slots(self, kind: str = "access") -> list[Any]:
        """Token slots of this profile, of one kind ("access" or "creation")."""
        keeper = self._keeper()
        if keeper is None:
            return []
        try:
            slots = keeper.slots(self.profile_name())
        except Exception:  # the view must still open when slots cannot be read
            log.warning("could not list token slots", exc_info=True)
            return []
        return [s for s in slots if getattr(s, "kind", None) == kind]

    def _require_keeper(self) -> Any:
        keeper = self._keeper()
        if keeper is None:
            raise RuntimeError("This session has no token keeper; token slots are unavailable.")
        return keeper

    async def _as_token_holder(self, cred: Credential, call: Callable[[Any], Awaitable[T]]) -> T:
        """Run ``call(auth)`` with the slot's access token; a 414 refreshes once and retries."""
        keeper = self._require_keeper()

        async def with_token(token: str) -> T:
            return await call(AccessTokenAuth(token))

        return await keeper.call_with_retry(str(cred.slot_id), with_token)  # type: ignore[no-any-return]

    async def _run(self, cred: Credential, call: Callable[[Any], Awaitable[T]]) -> T:
        """Run ``call(auth)`` as the credential: ``auth`` None means client credentials."""
        if cred.is_token and cred.slot_id:
            return await self._as_token_holder(cred, call)
        return await call(None)

    # ---- reads -------------------------------------------------------------------------------
    async def type_names(self) -> list[str]:
        return [str(n) for n in await self.client().entity_type_list()]

    async def schema(self, type_name: str, *, refresh: bool = False) -> Any:
        """The core's EntityTypeSchema (cached per type); the UI converts it."""
        key = f"{self.profile_name()}\x00{type_name}"  # schemas differ between profiles
        if refresh or key not in self._schemas:
            self._schemas[key] = await self.client().entity_type(type_name)
        return self._schemas[key]

    async def find_page(
        self,
        type_name: str,
        filter_text: str,
        *,
        max_results: int,
        sort_on: list[str],
        first_result: int = 0,
        with_total: bool = False,
        attributes: list[str] | None = None,
    ) -> Page:
        kwargs: dict[str, Any] = {
            "filter": filter_text or None,
            "max_results": max_results,
            "sort_on": sort_on,
            "show_total_count": with_total,
        }
        if first_result:
            kwargs["first_result"] = first_result
        if attributes:
            kwargs["attributes"] = attributes
        result = await self.client().entity_find(type_name, **kwargs)
        return Page(list(result.results), result.total_count)

    async def fetch(
        self, type_name: str, uuid: str | None, cred: Credential = ADMIN
    ) -> dict[str, Any]:
        """One record; with a token credential the selector is the token's own record."""
        client = self.client()

        async def call(auth: Any) -> Any:
            if auth is not None:
                return await client.entity(type_name, None, auth=auth)
            return await client.entity(type_name, RecordSelector.by_uuid(str(uuid)))

        entity = await self._run(cred, call)
        return dict(getattr(entity, "data", entity))

    # ---- writes ------------------------------------------------------------------------------
    def _selector(self, uuid: str, cred: Credential) -> RecordSelector | None:
        return None if cred.is_token else RecordSelector.by_uuid(uuid)

    async def save(
        self,
        mode: SaveMode,
        type_name: str,
        uuid: str,
        attributes: dict[str, Any],
        *,
        last_updated: str | None,
        cred: Credential = ADMIN,
        changed: list[str] | None = None,
    ) -> None:
        """``entity.update`` (merge) or ``entity.replace`` (unlisted attributes become null),
        with the optimistic ``lastUpdated`` check; then audit the attributes it changed."""
        client = self.client()
        method = client.entity_update if mode == "update" else client.entity_replace

        async def call(auth: Any) -> Any:
            extra = {"auth": auth} if auth is not None else {}
            return await method(
                type_name,
                self._selector(uuid, cred),
                attributes,
                last_updated=last_updated,
                **extra,
            )

        await self._run(cred, call)
        self.audit(f"entity.{mode}", uuid, changed if changed is not None else list(attributes))

    async def delete(
        self,
        type_name: str,
        uuid: str,
        attribute_name: str | None = None,
        cred: Credential = ADMIN,
    ) -> None:
        """entity.delete of the record, or of one plural element (``/statuses#12``)."""
        client = self.client()

        async def call(auth: Any) -> Any:
            kwargs: dict[str, Any] = {}
            if attribute_name:
                kwargs["attribute_name"] = attribute_name
            if auth is not None:
                kwargs["auth"] = auth
            return await client.entity_delete(type_name, self._selector(uuid, cred), **kwargs)

        await self._run(cred, call)
        # The element path (``statuses#12``) or the whole-record marker the audit log knows.
        what = [attribute_name.strip("/").replace("/", ".")] if attribute_name else ["(record)"]
        self.audit("entity.delete", uuid, what)

    async def create(
        self,
        type_name: str,
        attributes: dict[str, Any],
        creation_slot_id: str | None = None,
    ) -> tuple[int, str]:
        """entity.create with client credentials or a creation-token slot; (id, uuid)."""
        kwargs: dict[str, Any] = {}
        if creation_slot_id is not None:
            token = await self._require_keeper().creation_token(creation_slot_id)
            kwargs["auth"] = CreationTokenAuth(token)
        result = await self.client().entity_create(type_name, attributes, **kwargs)
        self.audit("entity.create", str(result.uuid), list(attributes))
        return int(result.id), str(result.uuid)

    async def revoke_access(self, type_name: str, uuid: str) -> list[str]:
        """entity.deleteAccess with the profile's client credentials (never a token holder's):
        every access and refresh token of the record dies at the server, this profile's slots
        of it turn ``revoked`` (never refreshed again), and the audit log says so. Returns the
        revoked slot ids."""
        from capture_desktop.auth.revoke import revoke_record

        revoked = await revoke_record(
            self._keeper(), self.client(), self.profile_name(), type_name, uuid
        )
        self.audit("entity.deleteAccess", uuid, [])
        return revoked

    # ---- audit -------------------------------------------------------------------------------
    def audit(self, operation: str, uuid: str | None, changed: list[str]) -> None:
        """Append to the local audit log: names only, never values. Never fails the change."""
        try:
            factory = self._audit_factory
            if factory is None:
                from capture_desktop.store.audit import AuditLog

                factory = AuditLog
            path = self._audit_path or default_audit_path()
            factory(path).record(self.profile_name(), operation, uuid, sorted(set(changed)))
        except Exception:
            log.exception("could not write the audit log entry for %s", operation)
