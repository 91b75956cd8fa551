"""``capture-desktop profile …`` and ``capture-desktop token …``: the app for scripts.

Same profiles, token slots and keyring as the GUI. Exit codes are in ``errors.ExitCode``
(0 ok, 1 other failure, 2 usage, 3 needs sign-in, 4 keyring unavailable, 5 server error);
errors go to stderr in plain words; ``--json`` gives machine output on stdout.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys
from collections.abc import Sequence

from capture_desktop import APP_NAME, __version__

COMMANDS = ("profile", "token")

DESCRIPTION = f"""{APP_NAME}: connection profiles and tokens for scripts.

Without a command, capture-desktop opens the GUI (capture-desktop --profile NAME opens it on
that profile). The commands share the GUI's profiles, token slots and system keyring."""

EXAMPLES = """examples:
  printf '%s\\n' "$SECRET" | capture-desktop profile add qa --url https://qa.example.com \\
      --client-id abc123
  slot=$(capture-desktop token new --profile qa --record alice@example.com)
  curl -H "Authorization: OAuth $(capture-desktop token print "$slot")" …
  eval "$(capture-desktop token env "$slot")"
  capture-desktop token revoke "$slot"
"""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        # argparse's own usage errors exit 2 too; keep its usage line, plain words after it.
        self.print_usage(sys.stderr)
        self.exit(2, f"capture-desktop: {message}\n")


def build_parser() -> argparse.ArgumentParser:
    from capture_desktop.scripting import profile_cmd, token_cmd
    from capture_desktop.scripting.errors import help_pages

    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--json", action="store_true", help="machine-readable output")
    parser = _Parser(
        prog="capture-desktop",
        description=DESCRIPTION,
        **help_pages(EXAMPLES),
    )
    parser.add_argument("--version", action="version", version=f"{APP_NAME} {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    profile_cmd.add_parser(sub, common)
    token_cmd.add_parser(sub, common)
    return parser


def main(argv: Sequence[str]) -> int:
    from capture_desktop.scripting.context import Context
    from capture_desktop.scripting.errors import classify

    parser = build_parser()
    args = parser.parse_args(list(argv))
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")

    async def run() -> int:
        ctx = Context(as_json=args.json)
        try:
            code: int = await args.run(ctx, args)
            return code
        finally:
            await ctx.aclose()

    try:
        return asyncio.run(run())
    except KeyboardInterrupt:
        print("capture-desktop: interrupted", file=sys.stderr)
        return 130
    except Exception as exc:
        code, words = classify(exc)
        print(f"capture-desktop: {words}", file=sys.stderr)
        return int(code)
