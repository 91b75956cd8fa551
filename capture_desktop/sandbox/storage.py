"""SQLite storage: one table per entity type with indexed generated columns, plus clients,
tokens, events and the per-type id counter.

Table, column and index names come from the schema in code, and filter SQL from the
translator with bound parameters, never from request text (hence the S608 suppressions).

One connection, used from the event-loop thread only (the sandbox answers requests one at a
time; queries take well under a millisecond with the indexes).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from capture_desktop.sandbox.errors import ApiFault
from capture_desktop.sandbox.records import reshape
from capture_desktop.sandbox.schema import DEFAULT_TYPES, AttrDef, EntityType
from capture_desktop.sandbox.schema_json import dump_type, load_type

DB_NAME = "sandbox.db"

_BASE_DDL = """
CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS counters(type_name TEXT PRIMARY KEY, next_id INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS clients(
    client_id TEXT PRIMARY KEY, client_secret TEXT NOT NULL,
    description TEXT NOT NULL, features TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS tokens(
    token TEXT PRIMARY KEY, kind TEXT NOT NULL, client_id TEXT, type_name TEXT,
    record_id INTEGER, redirect_uri TEXT, expires_at REAL, used INTEGER NOT NULL DEFAULT 0,
    revoked INTEGER NOT NULL DEFAULT 0, code_challenge TEXT, transaction_state TEXT,
    created_at REAL NOT NULL);
CREATE INDEX IF NOT EXISTS tokens_record ON tokens(record_id);
CREATE TABLE IF NOT EXISTS events(
    id INTEGER PRIMARY KEY, at REAL NOT NULL, kind TEXT NOT NULL, detail TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS entity_types(name TEXT PRIMARY KEY, schema TEXT NOT NULL);
"""


def table_name(type_name: str) -> str:
    return f'"e_{type_name}"'


def column_name(dot_path: str) -> str:
    return '"c_' + dot_path.replace(".", "__") + '"'


def _column_ddl(path: str, attr: AttrDef) -> str:
    collate = " COLLATE NOCASE" if attr.type == "string" and not attr.case_sensitive else ""
    return f"{column_name(path)} ANY{collate}"


class ColumnExtractor:
    """The values of a type's dedicated columns, taken from a record's data dict. Columns are
    written with the JSON on every insert and update, so indexes never parse JSON."""

    def __init__(self, etype: EntityType) -> None:
        self.paths = [tuple(path.split(".")) for path, _ in etype.indexed_columns()]
        self.names = [column_name(path) for path, _ in etype.indexed_columns()]

    def values(self, data: dict[str, Any]) -> list[Any]:
        out: list[Any] = []
        for path in self.paths:
            value: Any = data.get(path[0])
            if len(path) == 2:
                value = value.get(path[1]) if isinstance(value, dict) else None
            out.append(int(value) if isinstance(value, bool) else value)
        return out


def entity_ddl(etype: EntityType) -> list[str]:
    table = table_name(etype.name)
    columns = [
        "id INTEGER PRIMARY KEY",
        "uuid TEXT NOT NULL",
        "created TEXT NOT NULL",
        "last_updated TEXT NOT NULL",
        "data TEXT NOT NULL",
    ]
    columns += [_column_ddl(path, attr) for path, attr in etype.indexed_columns()]
    statements = [f"CREATE TABLE IF NOT EXISTS {table}({', '.join(columns)})"]
    prefix = f"e_{etype.name}"
    statements.append(f'CREATE UNIQUE INDEX IF NOT EXISTS "{prefix}_uuid" ON {table}(uuid)')
    statements.append(f'CREATE INDEX IF NOT EXISTS "{prefix}_created" ON {table}(created)')
    statements.append(
        f'CREATE INDEX IF NOT EXISTS "{prefix}_last_updated" ON {table}(last_updated)'
    )
    for path, attr in etype.indexed_columns():
        if "unique" not in attr.constraints and "query" not in attr.features:
            continue
        unique = "UNIQUE " if "unique" in attr.constraints else ""
        index = f'"{prefix}_{path.replace(".", "__")}"'
        statements.append(
            f"CREATE {unique}INDEX IF NOT EXISTS {index} ON {table}({column_name(path)})"
        )
    return statements


@dataclass(frozen=True)
class Row:
    id: int
    uuid: str
    created: str
    last_updated: str
    data_json: str

    @property
    def data(self) -> dict[str, Any]:
        value: dict[str, Any] = json.loads(self.data_json)
        return value


# (id, uuid, created, last_updated, data) of a record to insert.
NewRow = tuple[int, str, str, str, dict[str, Any]]


ROW_COLUMNS = "id, uuid, created, last_updated, data"
SCHEMA_VERSION = 3


def _set_aside_if_outdated(path: Path) -> list[tuple[Any, ...]]:
    """A database from an older sandbox layout is renamed to `sandbox.db.v<N>.bak` so a fresh
    one is seeded; its API clients are returned and kept, so saved secrets stay valid."""
    if not path.exists():
        return []
    conn = sqlite3.connect(path)
    try:
        version = int(conn.execute("PRAGMA user_version").fetchone()[0])
        if version == SCHEMA_VERSION:
            return []
        try:
            clients = conn.execute(
                "SELECT client_id, client_secret, description, features FROM clients"
            ).fetchall()
        except sqlite3.DatabaseError:
            clients = []
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        conn.close()
    path.replace(path.with_name(f"{path.name}.v{version}.bak"))
    for suffix in ("-wal", "-shm"):
        path.with_name(path.name + suffix).unlink(missing_ok=True)
    return clients


class Storage:
    """The sandbox database. `types` maps type names to their schemas; they are kept in the
    database, so schema calls survive a restart. `imported` types (from `--schema`) replace
    the stored ones of the same name; a fresh database starts from the built-in types."""

    def __init__(self, path: Path, imported: Iterable[EntityType] = ()) -> None:
        self.path = path
        kept_clients = _set_aside_if_outdated(path)
        self.conn = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
        self.conn.execute("PRAGMA journal_mode=WAL")
        self.conn.execute("PRAGMA synchronous=NORMAL")
        self.conn.executescript(_BASE_DDL)
        self.conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        self.conn.executemany("INSERT OR IGNORE INTO clients VALUES (?, ?, ?, ?)", kept_clients)
        self._depth = 0
        self.types: dict[str, EntityType] = {}
        self._columns: dict[str, ColumnExtractor] = {}
        stored = {
            str(name): load_type(str(text))
            for name, text in self.conn.execute("SELECT name, schema FROM entity_types")
        }
        for etype in (stored or DEFAULT_TYPES).values():
            self._install(etype)
        for etype in imported:
            if self.types.get(etype.name) != etype:
                self.set_type(etype)

    def _install(self, etype: EntityType) -> None:
        """Make the type's table, columns, indexes and counter exist, and remember it."""
        self._install_columns_only(etype)
        for statement in entity_ddl(etype)[1:]:
            self.conn.execute(statement)
        self.conn.execute(
            "INSERT OR IGNORE INTO counters(type_name, next_id) VALUES (?, 1)", (etype.name,)
        )
        self.conn.execute(
            "INSERT OR REPLACE INTO entity_types(name, schema) VALUES (?, ?)",
            (etype.name, dump_type(etype)),
        )
        self.types[etype.name] = etype
        self._columns[etype.name] = ColumnExtractor(etype)

    def set_type(self, etype: EntityType) -> None:
        """Add or change a type. Indexes are rebuilt (a constraint may have changed), records
        are reshaped to the schema, and the columns refilled; a unique index over duplicate
        values is refused with 361 and nothing changes."""
        with self.transaction():
            prefix = f"e_{etype.name}"
            for (name,) in self.conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = ? "
                "AND sql IS NOT NULL",
                (prefix,),
            ).fetchall():
                self.conn.execute(f'DROP INDEX "{name}"')
            self._install_columns_only(etype)
            self._reshape(etype)
            try:
                self._install(etype)
            except sqlite3.IntegrityError as exc:
                raise unique_fault(exc) from exc

    def _install_columns_only(self, etype: EntityType) -> None:
        self.conn.execute(entity_ddl(etype)[0])
        table = table_name(etype.name)
        present = {str(row[1]) for row in self.conn.execute(f"PRAGMA table_info({table})")}
        for path, attr in etype.indexed_columns():
            if column_name(path).strip('"') not in present:
                self.conn.execute(f"ALTER TABLE {table} ADD COLUMN {_column_ddl(path, attr)}")

    def _reshape(self, etype: EntityType) -> None:
        """Every record of the type holds exactly the type's attributes: new ones blank,
        removed ones gone (Capture's addAttribute adds to all records; removeAttribute
        deletes the data)."""
        extractor = ColumnExtractor(etype)
        table = table_name(etype.name)
        sets = ", ".join(["data = ?", *(f"{name} = ?" for name in extractor.names)])
        sql = f"UPDATE {table} SET {sets} WHERE id = ?"  # noqa: S608
        rows = self.conn.execute(f"SELECT id, data FROM {table}").fetchall()  # noqa: S608
        for record_id, data_json in rows:
            data = reshape(etype, json.loads(data_json))
            self.conn.execute(sql, (json.dumps(data), *extractor.values(data), record_id))

    def drop_type_data(self, type_name: str) -> int:
        """entity.purge: delete every record of a type; returns how many went."""
        cursor = self.conn.execute(f"DELETE FROM {table_name(type_name)}")  # noqa: S608
        return cursor.rowcount

    def close(self) -> None:
        self.conn.close()

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """A (re-entrant) write transaction; rolled back on any exception."""
        if self._depth:
            self._depth += 1
            try:
                yield
            finally:
                self._depth -= 1
            return
        self.conn.execute("BEGIN IMMEDIATE")
        self._depth = 1
        try:
            yield
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        else:
            self.conn.execute("COMMIT")
        finally:
            self._depth = 0

    # -- meta and counters -----------------------------------------------------------------
    def meta(self, key: str) -> str | None:
        row = self.conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return None if row is None else str(row[0])

    def set_meta(self, key: str, value: str) -> None:
        self.conn.execute("INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)", (key, value))

    def reserve_ids(self, type_name: str, count: int) -> int:
        """Reserve `count` ids from the type's one counter (records and plural elements share
        it); returns the first."""
        with self.transaction():
            row = self.conn.execute(
                "SELECT next_id FROM counters WHERE type_name = ?", (type_name,)
            ).fetchone()
            first = int(row[0])
            self.conn.execute(
                "UPDATE counters SET next_id = ? WHERE type_name = ?", (first + count, type_name)
            )
        return first

    @contextmanager
    def bulk_load(self, type_name: str) -> Iterator[None]:
        """Drop the non-unique indexes of a type while a large load runs, and build them again
        afterwards: one sorted build per index is much faster than 100k incremental inserts."""
        etype = self.types[type_name]
        names = [
            str(row[0])
            for row in self.conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = ? "
                "AND sql IS NOT NULL AND sql NOT LIKE 'CREATE UNIQUE%'",
                (f"e_{type_name}",),
            )
        ]
        for name in names:
            self.conn.execute(f'DROP INDEX "{name}"')
        try:
            yield
        finally:
            for statement in entity_ddl(etype):
                self.conn.execute(statement)

    # -- records ---------------------------------------------------------------------------
    def _insert_sql(self, type_name: str) -> str:
        names = self._columns[type_name].names
        columns = ", ".join([ROW_COLUMNS, *names])
        marks = ", ".join("?" * (5 + len(names)))
        return f"INSERT INTO {table_name(type_name)}({columns}) VALUES ({marks})"  # noqa: S608

    def insert(self, type_name: str, row: NewRow) -> Row:
        record_id, uuid, created, last_updated, data = row
        data_json = json.dumps(data)
        values = self._columns[type_name].values(data)
        try:
            self.conn.execute(
                self._insert_sql(type_name),
                (record_id, uuid, created, last_updated, data_json, *values),
            )
        except sqlite3.IntegrityError as exc:
            raise unique_fault(exc) from exc
        return Row(record_id, uuid, created, last_updated, data_json)

    def insert_many(self, type_name: str, rows: Iterable[NewRow]) -> None:
        extract = self._columns[type_name].values
        self.conn.executemany(
            self._insert_sql(type_name),
            (
                (record_id, uuid, created, updated, json.dumps(data), *extract(data))
                for record_id, uuid, created, updated, data in rows
            ),
        )

    def write(self, type_name: str, record_id: int, data: dict[str, Any], last_updated: str) -> str:
        """Store new data for a record; returns its JSON text."""
        extractor = self._columns[type_name]
        assignments = ", ".join(f"{name} = ?" for name in extractor.names)
        data_json = json.dumps(data)
        sql = (
            f"UPDATE {table_name(type_name)} SET data = ?, last_updated = ?, "  # noqa: S608
            f"{assignments} WHERE id = ?"
        )
        try:
            self.conn.execute(sql, (data_json, last_updated, *extractor.values(data), record_id))
        except sqlite3.IntegrityError as exc:
            raise unique_fault(exc) from exc
        return data_json

    def delete(self, type_name: str, record_id: int) -> None:
        self.conn.execute(f"DELETE FROM {table_name(type_name)} WHERE id = ?", (record_id,))  # noqa: S608

    def fetch_one(self, type_name: str, where: str, args: Sequence[Any]) -> Row | None:
        found = self.conn.execute(
            f"SELECT {ROW_COLUMNS} FROM {table_name(type_name)} WHERE {where} LIMIT 1",  # noqa: S608
            args,
        ).fetchone()
        return None if found is None else Row(*found)

    def select(
        self,
        type_name: str,
        *,
        where: str,
        args: Sequence[Any],
        order_by: str,
        limit: int,
        offset: int,
    ) -> list[Row]:
        sql = (
            f"SELECT {ROW_COLUMNS} FROM {table_name(type_name)} WHERE {where} "  # noqa: S608
            f"ORDER BY {order_by} LIMIT ? OFFSET ?"
        )
        return [Row(*found) for found in self.conn.execute(sql, (*args, limit, offset))]

    def count(self, type_name: str, where: str, args: Sequence[Any]) -> int:
        sql = f"SELECT COUNT(*) FROM {table_name(type_name)} WHERE {where}"  # noqa: S608
        return int(self.conn.execute(sql, args).fetchone()[0])

    # -- events ----------------------------------------------------------------------------
    def record_event(self, at: float, kind: str, detail: dict[str, Any]) -> None:
        self.conn.execute(
            "INSERT INTO events(at, kind, detail) VALUES (?, ?, ?)", (at, kind, json.dumps(detail))
        )

    def events(self, limit: int = 100) -> list[dict[str, Any]]:
        rows = self.conn.execute(
            "SELECT at, kind, detail FROM events ORDER BY id DESC LIMIT ?", (limit,)
        ).fetchall()
        return [{"at": at, "kind": kind, **json.loads(detail)} for at, kind, detail in rows]


def unique_fault(exc: sqlite3.IntegrityError) -> ApiFault:
    text = str(exc)
    column = text.rsplit(".", 1)[-1] if "UNIQUE" in text else "record"
    name = column.removeprefix("c_").replace("__", ".")
    return ApiFault(361, f"Attempted to update a duplicate value for {name}")
