"""The ``capture-desktop`` entry point (GUI)."""

from __future__ import annotations

import sys


def main(argv: list[str] | None = None) -> int:
    from capture_desktop.app import run

    return run(sys.argv[1:] if argv is None else argv)


if __name__ == "__main__":
    raise SystemExit(main())
