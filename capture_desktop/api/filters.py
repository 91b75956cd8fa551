"""How a value is written inside an ``entity.find`` filter: one rule for every caller.

Capture's filter strings take string literals in single quotes. A quote or a backslash
inside the value is escaped with a backslash, so any text (a name like O'Hara) reaches the
server as itself and can never end the literal early.
"""

from __future__ import annotations

__all__ = ["string_literal"]


def string_literal(value: str) -> str:
    """``value`` as a single-quoted filter literal, its quotes and backslashes escaped."""
    escaped = value.replace("\\", "\\\\").replace("'", "\\'")
    return f"'{escaped}'"
