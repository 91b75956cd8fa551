"""Diff and the update/replace payloads, with plurals matched by element id."""

from __future__ import annotations

from capture_desktop.editing.diff import (
    changed_attributes,
    diff_records,
    removed_elements,
    replace_payload,
    update_payload,
)

OLD = {
    "id": 1,
    "uuid": "u",
    "lastUpdated": "t1",
    "email": "a@b.c",
    "givenName": "Ann",
    "primaryAddress": {"city": "Oslo", "zip": "0150"},
    "statuses": [{"id": 10, "status": "a"}, {"id": 11, "status": "b"}],
}


def _new(**changes: object) -> dict[str, object]:
    import copy

    new = copy.deepcopy(OLD)
    new.update(changes)
    return new


def test_diff_matches_plural_elements_by_id() -> None:
    new = _new(statuses=[{"id": 11, "status": "B"}, {"status": "c"}], givenName="Anne")
    changes = {(c.path, c.kind) for c in diff_records(OLD, new)}
    assert changes == {
        ("givenName", "changed"),
        ("statuses#11.status", "changed"),
        ("statuses[+1]", "added"),
        ("statuses#10", "removed"),
    }
    assert removed_elements(diff_records(OLD, new)) == ["statuses#10"]
    assert changed_attributes(diff_records(OLD, new)) == ["givenName", "statuses"]


def test_system_attributes_are_ignored() -> None:
    assert diff_records(OLD, _new(lastUpdated="t2", id=2)) == []


def test_update_payload_sends_only_changes() -> None:
    new = _new(
        primaryAddress={"city": "Bergen", "zip": "0150"},
        statuses=[{"id": 10, "status": "a"}, {"id": 11, "status": "B"}, {"id": 99, "status": "c"}],
    )
    assert update_payload(OLD, new) == {
        "primaryAddress": {"city": "Bergen"},
        # changed element keeps its id (merge into it); a new one goes without an id
        "statuses": [{"id": 11, "status": "B"}, {"status": "c"}],
    }


def test_update_payload_nulls_removed_keys_and_skips_pure_removals() -> None:
    new = _new(statuses=[{"id": 10, "status": "a"}])
    del new["givenName"]
    assert update_payload(OLD, new) == {"givenName": None}


def test_replace_payload_is_whole_record_without_ids() -> None:
    body = replace_payload(_new(statuses=[{"id": 11, "status": "b"}]))
    assert "id" not in body and "uuid" not in body and "lastUpdated" not in body
    assert body["statuses"] == [{"status": "b"}]
    assert body["primaryAddress"] == {"city": "Oslo", "zip": "0150"}


def test_rebase_keeps_their_changes_and_mine() -> None:
    from capture_desktop.editing.diff import rebase

    latest = _new(familyName="Theirs", lastUpdated="t2")
    mine = _new(givenName="Mine")
    del mine["email"]
    out = rebase(latest, mine, {"givenName", "email"})
    assert out["familyName"] == "Theirs" and out["givenName"] == "Mine"
    assert "email" not in out and out["lastUpdated"] == "t2"
