"""``capture-desktop token new | list | print | env | revoke``.

``token print`` goes through the same ``TokenKeeper`` as the GUI: a stale token is refreshed
under the slot's OS file lock, so twenty scripts and the GUI asking at once spend the
single-use refresh token exactly once.
"""

from __future__ import annotations

import argparse
import dataclasses
import shlex
from datetime import datetime
from typing import Any

from capture_desktop.auth.revoke import revoke_slot
from capture_desktop.scripting.context import Context
from capture_desktop.scripting.errors import ExitCode, add_command_group, help_pages
from capture_desktop.scripting.mint import mint_access_token
from capture_desktop.store.audit import AuditLog
from capture_desktop.store.slots import TokenSlot

ENV_NAMES = ("CAPTURE_ACCESS_TOKEN", "CAPTURE_BASE_URL", "CAPTURE_CLIENT_ID")
CREATION_ENV_NAMES = ("CAPTURE_CREATION_TOKEN", "CAPTURE_BASE_URL", "CAPTURE_CLIENT_ID")


def _iso(value: datetime | None) -> str | None:
    return value.isoformat(timespec="seconds") if value is not None else None


def slot_row(slot: TokenSlot) -> dict[str, Any]:
    return {
        "slot": slot.slot_id,
        "label": slot.label,
        "profile": slot.profile,
        "kind": slot.kind,
        "state": slot.state,
        "record_uuid": slot.record_uuid,
        "email": slot.email,
        "type_name": slot.type_name,
        "expires_at": _iso(slot.expires_at),
    }


async def cmd_new(ctx: Context, args: argparse.Namespace) -> int:
    profile = ctx.profiles.get(args.profile)
    client = await ctx.client(profile)
    type_name = args.type or profile.type_name
    tokens, email = await mint_access_token(client, profile, type_name, args.record)
    if tokens.client_id is None:
        tokens = dataclasses.replace(tokens, client_id=profile.client_id)
    slot = await ctx.keeper.save_token_set(
        profile.name,
        tokens,
        label=args.label or email or args.record,
        email=email,
        record_uuid=tokens.record_uuid,
        type_name=type_name,
    )
    ctx.emit(slot_row(ctx.keeper.slot(slot.slot_id)), slot.slot_id)
    return ExitCode.OK


async def cmd_list(ctx: Context, args: argparse.Namespace) -> int:
    if args.profile is not None:
        ctx.profiles.get(args.profile)  # an unknown name is a usage error, not an empty list
    slots = ctx.keeper.slots(args.profile)
    lines = [
        f"{s.slot_id}\t{s.profile}\t{s.kind}\t{s.state}\t{_iso(s.expires_at) or '-'}\t{s.label}"
        for s in slots
    ]
    ctx.emit([slot_row(s) for s in slots], "\n".join(lines) or "No token slots.")
    return ExitCode.OK


async def _current_token(ctx: Context, slot_id: str) -> tuple[TokenSlot, str]:
    slot = ctx.keeper.slot(slot_id)
    if slot.kind == "creation":
        return slot, await ctx.keeper.creation_token(slot_id)
    token = await ctx.keeper.access_token(slot_id)
    return ctx.keeper.slot(slot_id), token


async def cmd_print(ctx: Context, args: argparse.Namespace) -> int:
    slot, token = await _current_token(ctx, args.slot)
    ctx.emit({**slot_row(slot), "token": token}, token)
    return ExitCode.OK


async def cmd_env(ctx: Context, args: argparse.Namespace) -> int:
    slot, token = await _current_token(ctx, args.slot)
    profile = ctx.profiles.get(slot.profile)
    names = CREATION_ENV_NAMES if slot.kind == "creation" else ENV_NAMES
    values = dict(
        zip(names, (token, profile.base_url, slot.client_id or profile.client_id), strict=True)
    )
    # Never the client secret: a script holding the token needs no more.
    text = "\n".join(f"export {name}={shlex.quote(value)}" for name, value in values.items())
    ctx.emit(values, text)
    return ExitCode.OK


async def cmd_revoke(ctx: Context, args: argparse.Namespace) -> int:
    slot = ctx.keeper.slot(args.slot)
    profile = ctx.profiles.get(slot.profile)
    client = await ctx.client(profile)
    revoked = await revoke_slot(ctx.keeper, client, args.slot)
    # The same audit trail as the GUI's record changes: who revoked which record, when.
    AuditLog.default().record(profile.name, "entity.deleteAccess", slot.record_uuid, [])
    ctx.emit(
        {"revoked": revoked},
        f"Revoked every token of record {slot.record_uuid} at the server; "
        f"slots now revoked: {', '.join(revoked)}",
    )
    return ExitCode.OK


def add_parser(sub: Any, common: argparse.ArgumentParser) -> None:
    ts = add_command_group(
        sub,
        "token",
        help="mint, list, print or revoke tokens held in slots",
        description="Token slots, shared with the GUI (values in the system keyring).",
        examples=SLOT_EXAMPLES,
    )
    new = ts.add_parser(
        "new",
        parents=[common],
        help="mint an access token for a record (authorization-code flow, no window)",
        **help_pages(SLOT_EXAMPLES),
    )
    new.add_argument("--profile", required=True, metavar="NAME")
    new.add_argument("--record", required=True, metavar="EMAIL|UUID")
    new.add_argument("--type", metavar="TYPE_NAME", help="entity type (the profile's default)")
    new.add_argument("--label", help="the slot's label (default: the record's email)")
    new.set_defaults(run=cmd_new)
    lst = ts.add_parser("list", parents=[common], help="list token slots")
    lst.add_argument("--profile", metavar="NAME")
    lst.set_defaults(run=cmd_list)
    for name, run, words in (
        ("print", cmd_print, "print a valid access token, refreshed if needed"),
        ("env", cmd_env, "print export lines: token, base URL, client id (never the secret)"),
        ("revoke", cmd_revoke, "revoke every token of the slot's record at the server"),
    ):
        action = ts.add_parser(name, parents=[common], help=words)
        action.add_argument("slot", metavar="SLOT")
        action.set_defaults(run=run)


SLOT_EXAMPLES = """examples:
  slot=$(capture-desktop token new --profile qa --record alice@example.com)
  curl -H "Authorization: OAuth $(capture-desktop token print "$slot")" …
  eval "$(capture-desktop token env "$slot")"
  capture-desktop token list --profile qa --json
  capture-desktop token revoke "$slot"
"""
