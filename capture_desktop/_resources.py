"""Locate files shipped in ``resources/`` (installed as ``capture_desktop.resources``).

In a source checkout run from the repo root, ``capture_desktop`` is imported straight from
the tree, where ``resources/`` sits beside the package rather than inside it; we fall back
to that folder.
"""

from __future__ import annotations

import functools
from importlib import resources
from importlib.abc import Traversable
from pathlib import Path


@functools.cache  # resolved once: the start-up page looks up a dozen icons
def _root() -> Traversable:
    try:
        return resources.files("capture_desktop.resources")
    except ModuleNotFoundError:
        return Path(__file__).resolve().parent.parent / "resources"


def resource(name: str) -> Traversable:
    """Return the packaged resource ``name`` (a path relative to ``resources/``)."""
    node = _root()
    for part in name.split("/"):
        node = node.joinpath(part)
    return node


def read_text(name: str) -> str:
    return resource(name).read_text(encoding="utf-8")
