"""Seeding: the demo set, clients.json, deterministic generated users, and the set-aside of a
database from an older layout."""

from __future__ import annotations

import json
import sqlite3
import stat
from pathlib import Path

from capture_desktop.sandbox import (
    DEMO_USERS,
    SandboxConfig,
    client_for_feature,
    create_app,
    load_clients,
)
from capture_desktop.sandbox.clients import FEATURES
from capture_desktop.sandbox.storage import Storage
from capture_desktop.sandbox.validation import verify_password


def _open(data_dir: Path, seed: int = 0) -> Storage:
    app = create_app(SandboxConfig(data_dir=data_dir, seed_users=seed))
    storage: Storage = app.state.sandbox.storage
    return storage


def _people(storage: Storage) -> list[tuple[int, str, str]]:
    rows = storage.conn.execute("SELECT id, uuid, data FROM e_user ORDER BY id").fetchall()
    return [(row[0], row[1], json.loads(row[2])["email"]) for row in rows]


def test_fresh_folder_gets_demo_users_and_one_client_per_feature(tmp_path: Path) -> None:
    storage = _open(tmp_path)
    try:
        emails = [email for _, _, email in _people(storage)]
        assert emails == [user[0] for user in DEMO_USERS]
        alice = json.loads(storage.conn.execute("SELECT data FROM e_user").fetchone()[0])
        assert verify_password("Password1!", alice["password"])
        assert not verify_password("Password2!", alice["password"])
    finally:
        storage.close()
    clients = load_clients(tmp_path)
    assert [c["features"] for c in clients] == [[f] for f in FEATURES]
    assert all(len(c["client_id"]) == 32 and len(c["client_secret"]) == 32 for c in clients)
    assert client_for_feature(tmp_path, "login_client")["description"] == (
        "Sandbox login_client client"
    )
    mode = stat.S_IMODE((tmp_path / "clients.json").stat().st_mode)
    assert mode == 0o600  # it holds secrets


def test_reopening_keeps_data_and_clients(tmp_path: Path) -> None:
    _open(tmp_path).close()
    first = load_clients(tmp_path)
    (tmp_path / "clients.json").unlink()
    storage = _open(tmp_path)
    try:
        assert len(_people(storage)) == len(DEMO_USERS)
    finally:
        storage.close()
    assert load_clients(tmp_path) == first  # rewritten from the database


def test_generated_users_are_deterministic_and_incremental(tmp_path: Path) -> None:
    direct = _open(tmp_path / "a", seed=60)
    stepwise = _open(tmp_path / "b", seed=25)
    stepwise.close()
    stepwise = _open(tmp_path / "b", seed=60)
    try:
        people = _people(direct)
        assert len(people) == len(DEMO_USERS) + 60
        generated = [p for p in people if p[0] > 12]
        assert [p[1:] for p in generated] == [p[1:] for p in _people(stepwise) if p[0] > 12]
        assert len({email for _, _, email in people}) == len(people)
        sample = json.loads(
            direct.conn.execute("SELECT data FROM e_user ORDER BY id DESC").fetchone()[0]
        )
        assert sample["primaryAddress"]["city"] and sample["birthday"]
        for element in sample["statuses"] + sample["profiles"]:
            assert element["id"] > 12
        counter = direct.conn.execute("SELECT next_id FROM counters").fetchone()[0]
        all_ids = [p[0] for p in people]
        assert counter > max(all_ids)
    finally:
        direct.close()
        stepwise.close()


def test_database_from_an_older_layout_is_set_aside_keeping_clients(tmp_path: Path) -> None:
    tmp_path.mkdir(exist_ok=True)
    old = sqlite3.connect(tmp_path / "sandbox.db")
    old.execute("CREATE TABLE clients(client_id, client_secret, description, features)")
    old.execute(
        "INSERT INTO clients VALUES ('old', 'secret', 'Sandbox owner client', ?)",
        (json.dumps(["owner"]),),
    )
    old.execute("CREATE TABLE e_user(id INTEGER PRIMARY KEY, uuid, created, data, broken)")
    old.commit()
    old.close()
    storage = _open(tmp_path)
    try:
        assert (tmp_path / "sandbox.db.v0.bak").exists()
        assert len(_people(storage)) == len(DEMO_USERS)
    finally:
        storage.close()
    assert [c["client_id"] for c in load_clients(tmp_path)] == ["old"]
