"""The ``capture-desktop`` entry point (GUI)."""

from __future__ import annotations

import sys


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if "--self-test" in args:  # before the GUI imports: offscreen, temp data, test keyring
        from capture_desktop.selftest import main as self_test

        return self_test(args)
    from capture_desktop.app import run

    return run(args)


if __name__ == "__main__":
    raise SystemExit(main())
