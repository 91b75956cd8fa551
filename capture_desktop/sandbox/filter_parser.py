"""The entity.find filter language: tokenizer and parser producing a small condition tree.

Precedence, highest first: `is null` / `is not null` (postfix); `not` / `!` (prefix);
`>` `>=` `<` `<=`; `=` `!=`; `and`; `or`. Parentheses group. Keywords are case-insensitive;
strings are single- or double-quoted (backslash escapes, or a doubled quote); attributes are
dot paths. `contains` was removed from Capture and is refused with code 485.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

MAX_DEPTH = 64
MAX_LENGTH = 10_000


class FilterError(ValueError):
    """The filter is not valid; the message is the reason shown to the caller."""


class ContainsOperator(FilterError):
    """The removed `contains` operator was used (Capture answers 485)."""


@dataclass(frozen=True)
class Attr:
    path: str


@dataclass(frozen=True)
class Lit:
    value: Any  # str | int | float | bool | None


@dataclass(frozen=True)
class Compare:
    path: str
    op: str  # = != > >= < <=
    value: Any


@dataclass(frozen=True)
class IsNull:
    path: str
    negated: bool


@dataclass(frozen=True)
class Not:
    operand: Condition


@dataclass(frozen=True)
class And:
    left: Condition
    right: Condition


@dataclass(frozen=True)
class Or:
    left: Condition
    right: Condition


Condition = Compare | IsNull | Not | And | Or
Node = Condition | Attr | Lit

_TOKEN_RE = re.compile(
    r"""
    (?P<ws>\s+)
  | (?P<op>>=|<=|!=|=|>|<|!|\(|\))
  | (?P<str>'(?:[^'\\]|\\.|'')*'|"(?:[^"\\]|\\.|"")*")
  | (?P<num>-?\d+(?:\.\d+)?(?![A-Za-z_]))
  | (?P<name>[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*)
    """,
    re.VERBOSE,
)
KEYWORDS = frozenset({"and", "or", "not", "is", "null", "true", "false"})
_FLIP = {">": "<", "<": ">", ">=": "<=", "<=": ">=", "=": "=", "!=": "!="}


@dataclass(frozen=True)
class Token:
    kind: str  # op | str | num | name | kw | end
    value: Any
    pos: int


def _unquote(text: str) -> str:
    quote, body = text[0], text[1:-1]
    out: list[str] = []
    index = 0
    while index < len(body):
        char = body[index]
        if char == "\\" and index + 1 < len(body):
            out.append(body[index + 1])
            index += 2
        elif char == quote:  # a doubled quote inside the literal
            out.append(quote)
            index += 2
        else:
            out.append(char)
            index += 1
    return "".join(out)


def tokenize(text: str, *, double_quotes: bool = True) -> list[Token]:
    tokens: list[Token] = []
    pos = 0
    while pos < len(text):
        match = _TOKEN_RE.match(text, pos)
        if match is None:
            raise FilterError(f"unexpected character {text[pos]!r} at position {pos}")
        kind = match.lastgroup or "ws"
        raw = match.group()
        if kind == "str":
            if raw[0] == '"' and not double_quotes:
                raise FilterError(
                    f"string at position {pos} is double-quoted; Capture strings use single quotes"
                )
            tokens.append(Token("str", _unquote(raw), pos))
        elif kind == "num":
            try:
                number: int | float = float(raw) if "." in raw else int(raw)
            except ValueError:  # beyond Python's digit limit for int()
                raise FilterError(f"number at position {pos} is too long") from None
            tokens.append(Token("num", number, pos))
        elif kind == "name":
            lowered = raw.lower()
            if lowered == "contains":
                raise ContainsOperator("the contains operator is no longer supported")
            if lowered in KEYWORDS:
                tokens.append(Token("kw", lowered, pos))
            else:
                tokens.append(Token("name", raw, pos))
        elif kind == "op":
            tokens.append(Token("op", raw, pos))
        pos = match.end()
    tokens.append(Token("end", None, len(text)))
    return tokens


class _Parser:
    def __init__(self, tokens: list[Token]) -> None:
        self.tokens = tokens
        self.index = 0
        self.depth = 0

    def peek(self) -> Token:
        return self.tokens[self.index]

    def take(self) -> Token:
        token = self.tokens[self.index]
        self.index += 1
        return token

    def at(self, kind: str, *values: str) -> bool:
        token = self.peek()
        return token.kind == kind and (not values or token.value in values)

    def parse(self) -> Condition:
        node = self.or_expr()
        token = self.peek()
        if token.kind != "end":
            raise FilterError(f"unexpected {token.value!r} at position {token.pos}")
        return _condition(node)

    def or_expr(self) -> Node:
        left = self.and_expr()
        while self.at("kw", "or"):
            self.take()
            left = Or(_condition(left), _condition(self.and_expr()))
        return left

    def and_expr(self) -> Node:
        left = self.eq_expr()
        while self.at("kw", "and"):
            self.take()
            left = And(_condition(left), _condition(self.eq_expr()))
        return left

    def eq_expr(self) -> Node:
        left = self.rel_expr()
        while self.at("op", "=", "!="):
            op = self.take().value
            left = _compare(left, op, self.rel_expr())
        return left

    def rel_expr(self) -> Node:
        left = self.unary()
        while self.at("op", ">", ">=", "<", "<="):
            op = self.take().value
            left = _compare(left, op, self.unary())
        return left

    def unary(self) -> Node:
        if self.at("kw", "not") or self.at("op", "!"):
            self.take()
            self._enter()
            operand = self.unary()
            self.depth -= 1
            return Not(_condition(operand))
        return self.postfix()

    def postfix(self) -> Node:
        node = self.primary()
        while self.at("kw", "is"):
            self.take()
            negated = False
            if self.at("kw", "not"):
                self.take()
                negated = True
            if not self.at("kw", "null"):
                raise FilterError(f"expected null after is at position {self.peek().pos}")
            self.take()
            if not isinstance(node, Attr):
                raise FilterError("is null applies to an attribute")
            node = IsNull(node.path, negated)
        return node

    def primary(self) -> Node:
        token = self.take()
        if token.kind == "op" and token.value == "(":
            self._enter()
            node = self.or_expr()
            self.depth -= 1
            if not self.at("op", ")"):
                raise FilterError(f"missing closing parenthesis at position {self.peek().pos}")
            self.take()
            return node
        if token.kind == "name":
            return Attr(token.value)
        if token.kind in ("str", "num"):
            return Lit(token.value)
        if token.kind == "kw" and token.value in ("true", "false", "null"):
            return Lit({"true": True, "false": False, "null": None}[token.value])
        if token.kind == "end":
            raise FilterError("unexpected end of filter")
        raise FilterError(f"unexpected {token.value!r} at position {token.pos}")

    def _enter(self) -> None:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise FilterError("filter is nested too deeply")


def _condition(node: Node) -> Condition:
    if isinstance(node, Attr | Lit):
        what = "attribute" if isinstance(node, Attr) else "value"
        raise FilterError(f"a {what} on its own is not a condition")
    return node


def _compare(left: Node, op: str, right: Node) -> Condition:
    if isinstance(left, Lit) and isinstance(right, Attr):
        left, right, op = right, left, _FLIP[op]
    if not (isinstance(left, Attr) and isinstance(right, Lit)):
        raise FilterError(f"{op} compares an attribute with a value")
    if right.value is None:
        if op not in ("=", "!="):
            raise FilterError(f"null cannot be compared with {op}")
        return IsNull(left.path, op == "!=")
    return Compare(left.path, op, right.value)


def parse_filter(text: str, *, double_quotes: bool = True) -> Condition | None:
    """The condition tree of `text`; `None` for an empty filter (all records). The docs
    only ever single-quote strings; the strict sandbox passes `double_quotes=False`."""
    if len(text) > MAX_LENGTH:
        raise FilterError("filter is too long")
    if not text.strip():
        return None
    return _Parser(tokenize(text, double_quotes=double_quotes)).parse()
