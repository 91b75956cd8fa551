"""RecordEdit: one record being edited, without Qt. The record editor only renders outcomes.

It holds the record as loaded (``original``), its ``schema`` and the user's ``draft``, and
does the editing work: the changes to review, saving with Update or Replace (a failure keeps
the draft on disk), comparing with a newer version after a conflict, keeping unsaved edits,
and deleting with a backup written first.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, Protocol

from capture_desktop.api.errors import ApiError, TimestampMismatch
from capture_desktop.editing.diff import (
    Change,
    changed_attributes,
    diff_records,
    rebase,
    replace_payload,
    update_payload,
)
from capture_desktop.editing.passwords import with_base_passwords, without_passwords
from capture_desktop.editing.schema import Schema, infer_schema, schema_from
from capture_desktop.redaction import restore_secret_values
from capture_desktop.store.drafts import Draft, DraftStore, write_backup

SaveMode = Literal["update", "replace"]


class RecordCalls(Protocol):
    """The calls an edit needs: ``services.records.RecordsService`` has them. ``cred`` is
    who the call acts as (the service's ``Credential``), passed through as it is."""

    async def fetch(self, type_name: str, uuid: str | None, cred: Any) -> dict[str, Any]: ...

    async def schema(self, type_name: str, *, refresh: bool = False) -> Any: ...

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
    ) -> object: ...

    async def delete(
        self, type_name: str, uuid: str, attribute_name: str | None, cred: Any
    ) -> object: ...


@dataclass(frozen=True)
class Saved:
    mode: SaveMode


@dataclass(frozen=True)
class Conflict:
    """Someone changed the record after it was loaded (error 330): nothing was saved, the
    edits are kept as a draft; ``compare`` shows what differs."""

    error: BaseException
    draft: Path


@dataclass(frozen=True)
class Failed:
    """The save failed for another reason; the edits are kept as a draft."""

    error: BaseException
    draft: Path

    @property
    def reason(self) -> str:
        return _reason(self.error)


SaveOutcome = Saved | Conflict | Failed


@dataclass(frozen=True)
class Comparison:
    """The newer record, the user's edits reapplied on it, and what differs."""

    latest: dict[str, Any]
    rebased: dict[str, Any]
    mine: list[Change]  # the rebased edits against the newer record
    theirs: list[Change]  # what changed on the server since the record was loaded
    both: list[str] = field(default_factory=list)  # attributes both sides changed


class BackupFailed(Exception):
    """The backup could not be written, so nothing was deleted."""


def _reason(error: BaseException) -> str:
    """Why a save failed, in the draft file: ``330 TimestampMismatch``."""
    code = error.code if isinstance(error, ApiError) else ""
    return f"{code} {type(error).__name__}".strip()


class RecordEdit:
    """The edit of one record in one profile (see module docstring)."""

    def __init__(
        self,
        calls: RecordCalls,
        drafts: DraftStore,
        backups: Path,
        *,
        profile: str,
        type_name: str,
        uuid: str | None,
        credential: Any,
    ) -> None:
        self.calls = calls
        self.credential = credential
        self.drafts = drafts
        self.backups = backups
        self.profile = profile
        self.type_name = type_name
        self.uuid = uuid
        self.schema = Schema(type_name)
        self.original: dict[str, Any] = {}
        self.draft: dict[str, Any] | None = None

    # -- the record --------------------------------------------------------------------------
    async def load(self, *, refresh_schema: bool = False) -> dict[str, Any]:
        """Fetch the record (and, the first time or when asked, its type's schema); it becomes
        the record as loaded. Without a readable schema, one is inferred from the record.
        ``refresh_schema`` asks Capture again: schema calls (``entityType.addAttribute`` …)
        change a type under an open record."""
        record = await self.calls.fetch(self.type_name, self.uuid, self.credential)
        if refresh_schema or not self.schema.attrs:
            try:
                fetched = await self.calls.schema(self.type_name, refresh=refresh_schema)
                self.schema = schema_from(fetched)
            except Exception:
                if not self.schema.attrs:
                    self.schema = infer_schema(self.type_name, record)
        self.set_original(record)
        return record

    def set_original(self, record: dict[str, Any]) -> None:
        self.original = record
        self.uuid = str(record.get("uuid") or self.uuid)

    def changes(self) -> list[Change]:
        """What the draft changes in the record as loaded (empty without a draft)."""
        return diff_records(self.original, self.draft) if self.draft is not None else []

    # -- save --------------------------------------------------------------------------------
    async def save(self, mode: SaveMode) -> SaveOutcome:
        """Send the draft with Update or Replace, guarded by the loaded ``lastUpdated``."""
        data = self.draft
        if data is None:
            raise ValueError("nothing to save: no draft")
        changed = changed_attributes(diff_records(self.original, data))
        last_updated = self.original.get("lastUpdated")
        uuid = str(self.uuid)
        try:
            payload = (
                replace_payload(data) if mode == "replace" else update_payload(self.original, data)
            )
            await self.calls.save(
                mode, self.type_name, uuid, payload,
                last_updated=last_updated, cred=self.credential, changed=changed,
            )  # fmt: skip
        except Exception as exc:
            path = self._keep(data, _reason(exc))
            if isinstance(exc, TimestampMismatch):
                return Conflict(exc, path)
            return Failed(exc, path)
        self.drafts.discard(self.profile, self.type_name, uuid)
        return Saved(mode)

    async def compare(self) -> Comparison:
        """Fetch the newer record and reapply the draft's changes on it; it becomes the
        record as loaded, and the rebased edits the draft."""
        data = self.draft if self.draft is not None else self.original
        latest = await self.calls.fetch(self.type_name, self.uuid, self.credential)
        mine = set(changed_attributes(diff_records(self.original, data)))
        theirs = diff_records(self.original, latest)
        rebased = rebase(latest, data, mine)
        self.set_original(latest)
        self.draft = rebased
        return Comparison(
            latest=latest,
            rebased=rebased,
            mine=diff_records(latest, rebased),
            theirs=theirs,
            both=sorted(mine & set(changed_attributes(theirs))),
        )

    # -- drafts ------------------------------------------------------------------------------
    def _keep(self, data: dict[str, Any], reason: str) -> Path:
        """Write ``data`` as this record's draft file, without its password attributes."""
        kept, dropped = without_passwords(self.schema, data, self.original)
        return self.drafts.save(
            self.profile,
            self.type_name,
            str(self.uuid),
            kept,
            self.original.get("lastUpdated"),
            reason,
            passwords_dropped=dropped,
        )

    def keep_unsaved(self, reason: str) -> bool:
        """Keep the draft on disk when it changes anything (True when it was kept)."""
        if self.draft is None or not self.original or not self.uuid or not self.changes():
            return False
        self._keep(self.draft, reason)
        return True

    def stored_draft(self) -> Draft | None:
        """The draft a failed save or a close left on disk, if any."""
        if not self.uuid:
            return None
        return self.drafts.load(self.profile, self.type_name, self.uuid)

    def draft_is_older(self, draft: Draft) -> bool:
        """True when the record changed on the server after the draft was kept."""
        return draft.base_last_updated != self.original.get("lastUpdated")

    def restored(self, draft: Draft) -> dict[str, Any]:
        """The draft's record with the loaded passwords put back (a restore never removes
        one, nor a value under a secret-looking name); it becomes the current draft."""
        data = with_base_passwords(self.schema, draft.data, self.original)
        self.draft = restore_secret_values(data, self.original)
        return self.draft

    def discard_draft(self) -> None:
        if self.uuid:
            self.drafts.discard(self.profile, self.type_name, self.uuid)

    # -- delete ------------------------------------------------------------------------------
    async def delete(self, path: str | None = None) -> Path:
        """Back up the record, then delete it (or the element at ``path``, e.g.
        ``statuses#12``); returns the backup. Nothing is deleted when the backup fails."""
        try:
            backup = write_backup(self.backups, self.profile, self.type_name, self.original, path)
        except OSError as exc:
            raise BackupFailed(str(exc)) from exc
        # Capture's write-side paths use slashes: /statuses#12, /primaryAddress/...
        attribute = "/" + path.replace(".", "/") if path else None
        await self.calls.delete(self.type_name, str(self.uuid), attribute, self.credential)
        return backup
