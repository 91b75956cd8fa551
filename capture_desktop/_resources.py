"""Locate files shipped in ``resources/`` (installed as ``capture_desktop.resources``).

In a source checkout run from the repo root, ``capture_desktop`` is imported straight from
the tree, where ``resources/`` sits beside the package rather than inside it; we fall back
to that folder.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from importlib.abc import Traversable


@functools.cache  # resolved once: the start-up page looks up a dozen icons
def _root() -> Traversable:
    # A folder on disk (an installed package, a frozen bundle, a source checkout) is used as
    # it is; importlib.resources (~5 ms to import) is only needed for a zipped install.
    here = Path(__file__).resolve().parent
    for folder in (here / "resources", here.parent / "resources"):
        if (folder / "icons").is_dir():
            return folder
    from importlib import resources

    return resources.files("capture_desktop.resources")


def resource(name: str) -> Traversable:
    """Return the packaged resource ``name`` (a path relative to ``resources/``)."""
    node = _root()
    for part in name.split("/"):
        node = node.joinpath(part)
    return node


def read_text(name: str) -> str:
    return resource(name).read_text(encoding="utf-8")
