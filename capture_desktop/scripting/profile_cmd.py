"""``capture-desktop profile list | show NAME | add NAME | remove NAME``.

The client secret is read from stdin when stdin is not a terminal, else from a prompt that
does not echo; never from the command line, where it would sit in shell history and in
every process listing.
"""

from __future__ import annotations

import argparse
import getpass
import json
import sys
from pathlib import Path
from typing import Any

from capture_desktop.scripting.context import Context
from capture_desktop.scripting.errors import CliError, ExitCode, add_command_group, help_pages
from capture_desktop.store.profiles import AUTH_METHODS, ENVIRONMENTS, Profile, ProfileExists
from capture_desktop.store.removal import remove_profile
from capture_desktop.store.secrets import SecretStoreUnavailable, client_secret_key

#: Keys a provisioning file must not carry: it is meant to be mailed around.
SECRET_KEYS = frozenset({"client_secret", "secret", "password", "access_token", "refresh_token"})


def read_secret(name: str) -> str:
    if sys.stdin is None:
        raise CliError("No client secret: stdin is closed.")
    if sys.stdin.isatty():
        secret = getpass.getpass(f"Client secret for {name!r} (not shown): ")
    else:
        secret = sys.stdin.readline().rstrip("\r\n")
    if not secret.strip():
        raise CliError(
            "No client secret was given. Pipe it on stdin, type it at the prompt, or pass "
            "--no-secret to add the profile without one."
        )
    return secret


def profile_row(profile: Profile) -> dict[str, Any]:
    return profile.to_dict()


async def cmd_list(ctx: Context, args: argparse.Namespace) -> int:
    profiles = ctx.profiles.list()
    lines = [f"{p.name}\t{p.environment}\t{p.base_url}\t{p.client_id}" for p in profiles]
    ctx.emit([profile_row(p) for p in profiles], "\n".join(lines) or "No profiles yet.")
    return ExitCode.OK


async def cmd_show(ctx: Context, args: argparse.Namespace) -> int:
    profile = ctx.profiles.get(args.name)
    try:
        has_secret: bool | None = bool(await ctx.client_secret(profile))
    except SecretStoreUnavailable:
        has_secret = None  # show the rest; the secret's presence is unknown
    data = {**profile_row(profile), "client_secret_stored": has_secret}
    secret_words = {True: "stored in the keyring", False: "not stored", None: "keyring unavailable"}
    text = "\n".join(
        [
            f"name:          {profile.name}",
            f"base URL:      {profile.base_url}",
            f"client id:     {profile.client_id}",
            f"client secret: {secret_words[has_secret]}",
            f"auth:          {profile.auth_method}",
            f"environment:   {profile.environment}",
            f"type_name:     {profile.type_name}",
            f"redirect:      http://{profile.redirect_host_form}:PORT{profile.redirect_path} "
            f"(PORT: {', '.join(map(str, profile.redirect_ports)) or 'any free port'})",
            f"insecure http: {'allowed' if profile.allow_insecure else 'refused'}",
        ]
    )
    ctx.emit(data, text)
    return ExitCode.OK


def _from_args(args: argparse.Namespace) -> Profile:
    if not args.url or not args.client_id:
        raise CliError("profile add needs --url and --client-id (or --from-json FILE).")
    try:
        return Profile(
            name=args.name,
            base_url=args.url,
            client_id=args.client_id,
            auth_method=args.auth,
            environment=args.environment,
            allow_insecure=args.allow_insecure,
            type_name=args.type,
        )
    except ValueError as exc:
        raise CliError(f"The profile is not valid: {exc}.") from exc


def _from_json(path: str) -> list[Profile]:
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except OSError as exc:
        raise CliError(f"Cannot read {path}: {exc.strerror or exc}.", ExitCode.FAILED) from exc
    except ValueError as exc:
        raise CliError(f"{path} is not valid JSON: {exc}.") from exc
    items = data.get("profiles", [data]) if isinstance(data, dict) else data
    if not isinstance(items, list) or not all(isinstance(i, dict) for i in items):
        raise CliError(f"{path} must hold a profile object, a list, or {{'profiles': [...]}}.")
    profiles = []
    for item in items:
        leaked = sorted(SECRET_KEYS & {str(k).lower() for k in item})
        if leaked:
            raise CliError(
                f"{path} carries {', '.join(leaked)}: provisioning files must hold no "
                "secrets. Remove them and add the secret on each machine instead."
            )
        try:
            profiles.append(Profile.from_dict(item))
        except (TypeError, ValueError) as exc:
            raise CliError(f"{path} has an invalid profile: {exc}.") from exc
    return profiles


async def cmd_add(ctx: Context, args: argparse.Namespace) -> int:
    if args.from_json:
        profiles = _from_json(args.from_json)
        existing = set(ctx.profiles.names())
        clash = [p.name for p in profiles if p.name in existing and not args.replace]
        if clash:
            raise ProfileExists(f"A profile named {clash[0]!r} already exists (use --replace).")
        for profile in profiles:
            ctx.profiles.put(profile)
        names = [p.name for p in profiles]
        ctx.emit({"added": names}, "Added: " + ", ".join(names))
        return ExitCode.OK
    if args.name is None:
        raise CliError("profile add needs a NAME (or --from-json FILE).")
    if args.replace and not args.url and not args.client_id and args.name in ctx.profiles.names():
        profile = ctx.profiles.get(args.name)  # only (re)store the secret
    else:
        profile = _from_args(args)
    if profile.name in ctx.profiles.names() and not args.replace:
        raise ProfileExists(f"A profile named {profile.name!r} already exists (use --replace).")
    secret = None if args.no_secret else read_secret(profile.name)
    if secret is not None:
        # The secret first: a keyring failure leaves no half-made profile behind.
        await ctx.secrets.set(client_secret_key(profile.name), secret)
    ctx.profiles.put(profile)
    words = "with its secret in the keyring" if secret else "without a client secret"
    ctx.emit({"added": [profile.name]}, f"Added profile {profile.name!r} {words}.")
    return ExitCode.OK


async def cmd_remove(ctx: Context, args: argparse.Namespace) -> int:
    removed = await remove_profile(args.name, ctx.profiles, ctx.slots, ctx.secrets)
    ctx.emit(
        {"removed": removed.name},
        f"Removed profile {removed.name!r}, its secret and its token slots.",
    )
    return ExitCode.OK


def add_parser(sub: Any, common: argparse.ArgumentParser) -> None:
    ps = add_command_group(
        sub,
        "profile",
        help="list, show, add or remove connection profiles",
        description="Connection profiles, shared with the GUI.",
        examples=PROFILE_EXAMPLES,
    )
    ps.add_parser("list", parents=[common], help="list profiles").set_defaults(run=cmd_list)
    show = ps.add_parser("show", parents=[common], help="show one profile (never its secret)")
    show.add_argument("name", metavar="NAME")
    show.set_defaults(run=cmd_show)
    add = ps.add_parser(
        "add",
        parents=[common],
        help="add a profile; the secret comes from stdin or a no-echo prompt",
        **help_pages(PROFILE_EXAMPLES),
    )
    add.add_argument("name", metavar="NAME", nargs="?")
    add.add_argument("--url", help="the Capture base URL, https://… (http only for loopback)")
    add.add_argument("--client-id", dest="client_id")
    add.add_argument("--auth", choices=AUTH_METHODS, default="basic")
    add.add_argument("--environment", choices=ENVIRONMENTS, default="development")
    add.add_argument("--type", default="user", help="the default entity type (user)")
    add.add_argument(
        "--allow-insecure", action="store_true", help="allow plain http to a non-loopback host"
    )
    add.add_argument("--no-secret", action="store_true", help="do not ask for a client secret")
    add.add_argument("--replace", action="store_true", help="overwrite a profile of that name")
    add.add_argument(
        "--from-json", metavar="FILE", help="add the profiles in FILE (which holds no secrets)"
    )
    add.set_defaults(run=cmd_add)
    remove = ps.add_parser("remove", parents=[common], help="remove a profile and its tokens")
    remove.add_argument("name", metavar="NAME")
    remove.set_defaults(run=cmd_remove)


PROFILE_EXAMPLES = """examples:
  printf '%s\\n' "$SECRET" | capture-desktop profile add qa --url https://qa.example.com \\
      --client-id abc123 --environment development
  capture-desktop profile add qa --url https://qa.example.com --client-id abc123
      (asks for the secret without echoing it)
  capture-desktop profile add --from-json team-profiles.json
  capture-desktop profile add qa --replace < secret.txt   (store or change only the secret)
  capture-desktop profile list --json
  capture-desktop profile show qa
  capture-desktop profile remove qa
"""
