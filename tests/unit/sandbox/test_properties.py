"""Hypothesis properties through the API (malformed filters are 200 invalid_argument) and of
the update/replace semantics."""

from __future__ import annotations

import itertools
import json
import os
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from capture_desktop.sandbox.records import Writer, blank_record
from capture_desktop.sandbox.schema import USER_TYPE
from tests.helpers.sandbox import basic_auth
from tests.unit.sandbox.conftest import Api

FILTER_TEXT = st.one_of(
    st.text(max_size=60),
    st.lists(
        st.sampled_from(
            [
                "email",
                "id",
                "givenName",
                "=",
                ">",
                "(",
                ")",
                "and",
                "or",
                "not",
                "is",
                "null",
                "'a'",
                "7",
                "contains",
                "!",
                "statuses.status",
                "'",
            ]
        ),
        max_size=12,
    ).map(" ".join),
)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(FILTER_TEXT)
async def test_any_filter_answers_http_200_ok_or_invalid_argument(api: Api, text: str) -> None:
    response = await api.raw("/entity.find", type_name="user", filter=text)
    assert response.status_code == 200
    body = response.json()
    if body["stat"] == "error":
        assert (body["code"], body["error"]) in {
            (200, "invalid_argument"),
            (485, "contains_operator_removed"),
        }, body
        assert body["argument_name"] == "filter"


# -- update / replace semantics on the record functions -----------------------------------

NAME = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=20)
SIMPLE = st.fixed_dictionaries(
    {},
    optional={
        "givenName": st.none() | NAME,
        "familyName": st.none() | NAME,
        "gender": st.none() | st.sampled_from(["female", "male"]),
        "loginCount": st.none() | st.integers(0, 10_000),
        "primaryAddress": st.fixed_dictionaries(
            {}, optional={"city": st.none() | NAME, "country": st.none() | NAME}
        ),
        "statuses": st.lists(st.fixed_dictionaries({"status": NAME}), max_size=3),
    },
)


def _writer(mode: str, counter: itertools.count[int]) -> Writer:
    return Writer(USER_TYPE, lambda: next(counter), 1_800_000_000.0, mode)


def _ids(record: dict[str, Any]) -> list[int]:
    return [element["id"] for element in record["statuses"]]


@given(SIMPLE, SIMPLE)
def test_update_merges(first: dict[str, Any], second: dict[str, Any]) -> None:
    counter = itertools.count(1)
    before = _writer("create", counter).apply(None, first)
    after = _writer("update", counter).apply(before, second)
    for name, value in before.items():
        if name not in second:
            assert after[name] == value  # untouched
    for name in ("givenName", "familyName", "gender", "loginCount"):
        if name in second:
            assert after[name] == second[name]
    for child, value in second.get("primaryAddress", {}).items():
        assert after["primaryAddress"][child] == value
    for child in set(before["primaryAddress"]) - set(second.get("primaryAddress", {})):
        assert after["primaryAddress"][child] == before["primaryAddress"][child]
    # Plural elements without an id are appended with fresh, unique ids.
    added = second.get("statuses", [])
    assert after["statuses"][: len(before["statuses"])] == before["statuses"]
    assert [s["status"] for s in after["statuses"][len(before["statuses"]) :]] == [
        s["status"] for s in added
    ]
    assert len(set(_ids(after))) == len(_ids(after))


@given(SIMPLE, SIMPLE)
def test_replace_nulls_everything_not_given_and_renumbers(
    first: dict[str, Any], second: dict[str, Any]
) -> None:
    counter = itertools.count(1)
    before = _writer("create", counter).apply(None, first)
    after = _writer("replace", counter).apply(before, second)
    blank = blank_record(USER_TYPE)
    for name in after:
        if name not in second:
            assert after[name] == blank[name]
    assert set(after["primaryAddress"]) == set(blank["primaryAddress"])
    for child, value in after["primaryAddress"].items():
        assert value == second.get("primaryAddress", {}).get(child)
    assert [s["status"] for s in after["statuses"]] == [
        s["status"] for s in second.get("statuses", [])
    ]
    old_ids = set(_ids(before))
    assert not old_ids & set(_ids(after))
    assert all(new > max(old_ids, default=0) for new in _ids(after))


@given(SIMPLE)
def test_update_is_idempotent_without_plurals(attrs: dict[str, Any]) -> None:
    attrs = {k: v for k, v in attrs.items() if k != "statuses"}
    counter = itertools.count(1)
    base = _writer("create", counter).apply(None, {"givenName": "Base"})
    once = _writer("update", counter).apply(base, attrs)
    twice = _writer("update", counter).apply(once, attrs)
    assert once == twice


# -- no request shape makes the sandbox fail with 500 ---------------------------------------

JSONISH = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner),
    max_leaves=8,
)
PARAM_VALUE = st.one_of(
    st.text(max_size=20),
    st.sampled_from(
        [
            "/",
            "/statuses#2",
            "statuses",
            "/primaryAddress/city",
            "password",
            "/statuses#2/id",
            "email",
            "user",
            "1",
            "4",
            '"alice@example.com"',
            '["-id"]',
            "true",
            "http://x/",
        ]
    ),
    st.integers().map(str),
    JSONISH.map(json.dumps),
)
PARAM_NAMES = st.sampled_from(
    [
        "type_name",
        "id",
        "uuid",
        "key_attribute",
        "key_value",
        "attributes",
        "attribute_name",
        "value",
        "filter",
        "sort_on",
        "max_results",
        "first_result",
        "show_total_count",
        "include_record",
        "lastUpdated",
        "created",
        "all_attributes",
        "redirect_uri",
        "lifetime",
        "transaction_state",
        "grant_type",
        "code",
        "refresh_token",
        "password_attribute",
        "password_value",
    ]
)
PATHS = st.sampled_from(
    [
        "/entity",
        "/entity.find",
        "/entity.count",
        "/entity.create",
        "/entity.bulkCreate",
        "/entity.update",
        "/entity.replace",
        "/entity.delete",
        "/access/getAuthorizationCode",
        "/access/getCreationToken",
        "/oauth/token",
        "/entityType",
    ]
)


@settings(
    max_examples=int(os.environ.get("SANDBOX_FUZZ_EXAMPLES", "150")),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(PATHS, st.dictionaries(PARAM_NAMES, PARAM_VALUE, max_size=6))
async def test_no_request_makes_an_internal_error(
    api: Api, path: str, params: dict[str, str]
) -> None:
    form = {"type_name": "user", **params}
    response = await api.http.post(path, data=form, auth=basic_auth(api.clients["owner"]))
    body = response.json()
    assert body["stat"] in ("ok", "error")
    assert body.get("code") != 500, body
