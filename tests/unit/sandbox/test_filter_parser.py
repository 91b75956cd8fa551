"""The filter parser on its own: precedence, literals, errors; and Hypothesis properties."""

from __future__ import annotations

import contextlib

import pytest
from hypothesis import given
from hypothesis import strategies as st

from capture_desktop.sandbox.filter_parser import (
    And,
    Compare,
    ContainsOperator,
    FilterError,
    IsNull,
    Not,
    Or,
    parse_filter,
)
from capture_desktop.sandbox.filter_sql import filter_sql
from capture_desktop.sandbox.schema import USER_TYPE


def test_and_binds_tighter_than_or() -> None:
    tree = parse_filter("a = 1 or b = 2 and c = 3")
    assert tree == Or(Compare("a", "=", 1), And(Compare("b", "=", 2), Compare("c", "=", 3)))


def test_parentheses_override_precedence() -> None:
    tree = parse_filter("(a = 1 or b = 2) and c = 3")
    assert tree == And(Or(Compare("a", "=", 1), Compare("b", "=", 2)), Compare("c", "=", 3))


def test_postfix_null_tests_bind_tightest_and_not_applies_to_them() -> None:
    assert parse_filter("not a is null") == Not(IsNull("a", False))
    assert parse_filter("! a IS NOT NULL") == Not(IsNull("a", True))
    assert parse_filter("a is null or b IS not NULL") == Or(IsNull("a", False), IsNull("b", True))


def test_relational_binds_tighter_than_equality() -> None:
    # "(a > 1) = x" compares a condition with a value: refused, as the precedence implies.
    with pytest.raises(FilterError):
        parse_filter("a > 1 = 'x'")


def test_literals() -> None:
    assert parse_filter("a = 'it\\'s'") == Compare("a", "=", "it's")
    assert parse_filter("a = 'it''s'") == Compare("a", "=", "it's")
    assert parse_filter('a = "dq"') == Compare("a", "=", "dq")
    assert parse_filter("a >= -12") == Compare("a", ">=", -12)
    assert parse_filter("a < 1.5") == Compare("a", "<", 1.5)
    assert parse_filter("a = TRUE") == Compare("a", "=", True)
    assert parse_filter("a = null") == IsNull("a", False)
    assert parse_filter("a != NULL") == IsNull("a", True)
    assert parse_filter("5 < a") == Compare("a", ">", 5)
    assert parse_filter("x.y.z = ''") == Compare("x.y.z", "=", "")
    assert parse_filter("  ") is None


@pytest.mark.parametrize("text", ["a contains 'b'", "a CONTAINS 'b'", "(contains)"])
def test_contains_is_its_own_error(text: str) -> None:
    with pytest.raises(ContainsOperator):
        parse_filter(text)


def test_contains_inside_a_string_is_just_text() -> None:
    assert parse_filter("a = 'contains'") == Compare("a", "=", "contains")


@pytest.mark.parametrize(
    "text",
    ["(" * 200 + "a = 1" + ")" * 200, "not " * 200 + "a is null", "a = '" + "x" * 20_000 + "'"],
)
def test_pathological_input_is_refused_not_crashing(text: str) -> None:
    with pytest.raises(FilterError):
        parse_filter(text)


TOKENS = st.sampled_from(
    [
        "email",
        "givenName",
        "id",
        "primaryAddress.city",
        "statuses.status",
        "nope",
        "password",
        "'x'",
        "'a''b'",
        '"q"',
        "5",
        "-3",
        "2.5",
        "true",
        "null",
        "=",
        "!=",
        ">",
        ">=",
        "<",
        "<=",
        "!",
        "(",
        ")",
        "and",
        "OR",
        "not",
        "is",
        "IS NOT",
        "contains",
        "'",
        "\\",
        "#",
    ]
)


@given(st.text(max_size=80))
def test_parser_never_crashes_on_any_text(text: str) -> None:
    with contextlib.suppress(FilterError):
        parse_filter(text)


@given(st.lists(TOKENS, max_size=15).map(" ".join))
def test_parser_and_translation_never_crash_on_token_soup(text: str) -> None:
    try:
        tree = parse_filter(text)
        where, args = filter_sql(USER_TYPE, tree)
    except FilterError:
        return
    assert where.count("?") == len(args)


def test_very_long_numbers_are_refused() -> None:
    with pytest.raises(FilterError):
        parse_filter("id > " + "9" * 5000)
