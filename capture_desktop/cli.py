"""The ``capture-desktop`` entry point: the GUI, or the ``profile``/``token`` commands."""

from __future__ import annotations

import sys


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if args and args[0] in ("profile", "token"):  # the scripting commands never load Qt
        from capture_desktop.scripting import main as scripting

        return scripting(args)
    if "--self-test" in args:  # before the GUI imports: offscreen, temp data, test keyring
        from capture_desktop.selftest import main as self_test

        return self_test(args)
    from capture_desktop.app import run

    return run(args)


if __name__ == "__main__":
    raise SystemExit(main())
