"""No input makes the sandbox answer `unexpected_error` (code 500): each hostile input found by
the security review, and a hypothesis property over the request space, sent over a real port.

Documented limits (README, "Sandbox limits"): JSON parameters nest at most 64 levels, a filter
has at most 500 conditions, and text must be valid Unicode (no lone surrogates). Beyond them
the answer is `invalid_argument` (code 200) naming the argument.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from capture_desktop.sandbox import SandboxServer
from capture_desktop.sandbox.filter_parser import MAX_CONDITIONS
from capture_desktop.sandbox.params import MAX_JSON_DEPTH
from tests.helpers.sandbox import basic_auth, demo_client


@pytest.fixture
def owner_http(sandbox_server: SandboxServer) -> Iterator[httpx.Client]:
    auth = basic_auth(demo_client(sandbox_server.config.data_dir, "owner"))
    with httpx.Client(base_url=sandbox_server.base_url, auth=auth, timeout=30) as http:
        yield http


def _deep(depth: int) -> str:
    return '{"a":' * (depth - 1) + "[]" + "}" * (depth - 1)


def _call(http: httpx.Client, path: str, **params: str) -> dict[str, Any]:
    response = http.post(path, data=params)
    body: dict[str, Any] = response.json()
    return body


def _assert_invalid(body: dict[str, Any], argument: str) -> None:
    assert body["stat"] == "error", body
    assert body["code"] == 200, body
    assert body["error"] == "invalid_argument"
    assert body["argument_name"] == argument


# (path, the argument under test, the other parameters the call needs)
JSON_ARGUMENTS = [
    ("/entity.create", "attributes", {"type_name": "user"}),
    ("/entity.update", "attributes", {"type_name": "user", "id": "1"}),
    ("/entity.update", "value", {"type_name": "user", "id": "1", "attribute_name": "/givenName"}),
    ("/entity", "key_value", {"type_name": "user", "key_attribute": "email"}),
    (
        "/access/getAuthorizationCode",
        "transaction_state",
        {"type_name": "user", "id": "1", "redirect_uri": "http://127.0.0.1:9/cb"},
    ),
]


@pytest.mark.parametrize(("path", "argument", "rest"), JSON_ARGUMENTS)
@pytest.mark.parametrize("depth", [MAX_JSON_DEPTH + 1, 700, 5_000, 100_000])
def test_deep_json_is_an_invalid_argument(
    owner_http: httpx.Client, path: str, argument: str, rest: dict[str, str], depth: int
) -> None:
    _assert_invalid(_call(owner_http, path, **rest, **{argument: _deep(depth)}), argument)


@pytest.mark.parametrize(("path", "argument", "rest"), JSON_ARGUMENTS)
def test_a_lone_surrogate_is_an_invalid_argument(
    owner_http: httpx.Client, path: str, argument: str, rest: dict[str, str]
) -> None:
    # The escape is valid JSON text; the string it decodes to is not valid Unicode.
    value = '"\\udc80"' if argument in ("key_value", "value") else '{"givenName": "a\\udc80"}'
    _assert_invalid(_call(owner_http, path, **rest, **{argument: value}), argument)
    key = '{"\\ud800": 1}' if argument not in ("key_value", "value") else '["\\ud800"]'
    _assert_invalid(_call(owner_http, path, **rest, **{argument: key}), argument)


def test_json_at_the_depth_limit_is_read(owner_http: httpx.Client) -> None:
    state = _deep(MAX_JSON_DEPTH)
    body = _call(
        owner_http,
        "/access/getAuthorizationCode",
        type_name="user",
        id="1",
        redirect_uri="http://127.0.0.1:9/cb",
        transaction_state=state,
    )
    assert body["stat"] == "ok", body


@pytest.mark.parametrize("joiner", [" or ", " and ", " OR ", " and not "])
@pytest.mark.parametrize("count", [600, 1_111, 1_250])
def test_long_condition_chains_are_refused_cleanly(
    owner_http: httpx.Client, joiner: str, count: int
) -> None:
    text = joiner.join(["id=1"] * count)
    if len(text) > 10_000:
        text = text[: text.rfind(joiner, 0, 10_000)]
    body = _call(owner_http, "/entity.find", type_name="user", filter=text)
    _assert_invalid(body, "filter")


@pytest.mark.parametrize("joiner", [" or ", " and "])
def test_the_largest_allowed_filter_runs(owner_http: httpx.Client, joiner: str) -> None:
    text = joiner.join([f"id={n}" for n in range(1, MAX_CONDITIONS + 1)])
    body = _call(owner_http, "/entity.find", type_name="user", filter=text)
    assert body["stat"] == "ok", body
    assert len(body["results"]) == (4 if joiner == " or " else 0)
    mixed = " or ".join(f"(id={n} and email is not null)" for n in range(MAX_CONDITIONS // 2))
    assert _call(owner_http, "/entity.count", type_name="user", filter=mixed)["stat"] == "ok"


# -- the property ------------------------------------------------------------------------------
JSON_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False)
    | st.text(st.characters(codec=None), max_size=6),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=4), inner),
    max_leaves=10,
)
HOSTILE = st.one_of(
    st.integers(1, 3_000).map(_deep),
    st.integers(1, 3_000).map(lambda depth: "[" * depth + "]" * depth),
    st.integers(1, 3_000).map(lambda depth: "[" * depth),
    st.text(st.characters(categories=["Cs"]), min_size=1, max_size=3).map(json.dumps),
    JSON_VALUES.map(json.dumps),
    st.tuples(
        st.sampled_from([" or ", " and ", " and not ", ") or (", " or not ("]),
        st.integers(1, 1_300),
    ).map(lambda pair: pair[0].join(["id=1"] * pair[1])[:10_000]),
    st.text(max_size=30),
    st.sampled_from(['"alice@example.com"', "1", "user", "email", "/", "http://127.0.0.1:9/cb"]),
)
NAMES = st.sampled_from(
    [
        "id",
        "key_attribute",
        "key_value",
        "attributes",
        "attribute_name",
        "value",
        "filter",
        "sort_on",
        "max_results",
        "redirect_uri",
        "lifetime",
        "transaction_state",
        "all_attributes",
        "grant_type",
        "refresh_token",
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
        "/access/getAuthorizationCode",
        "/access/getAccessToken",
        "/oauth/token",
    ]
)


@settings(
    max_examples=int(os.environ.get("SANDBOX_FUZZ_EXAMPLES", "150")),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(PATHS, st.dictionaries(NAMES, HOSTILE, max_size=5))
def test_no_request_over_the_wire_is_an_internal_error(
    owner_http: httpx.Client, path: str, params: dict[str, str]
) -> None:
    form = {"type_name": "user", **params}
    response = owner_http.post(path, data=form)
    body = response.json()
    assert body["stat"] in ("ok", "error"), body
    assert body.get("code") != 500, body
    if body["stat"] == "error" and body["code"] == 200:
        assert body.get("argument_name"), body
