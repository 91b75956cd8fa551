"""``capture-desktop profile …`` as a user's shell runs it: real processes, real keyring."""

from __future__ import annotations

import json
import os
import pty
import select
import subprocess
from pathlib import Path

import pytest

from tests.integration.scripting.conftest import Cli

# Every process of a test shares one private gnome-keyring (tests/helpers/secret_service.py).
pytestmark = pytest.mark.secret_service

SECRET = "s3cret-value-for-the-cli-test"


def _add(cli: Cli, name: str, *extra: str, stdin: str | None = SECRET + "\n") -> None:
    cli.ok(
        "profile", "add", name, "--url", "https://qa.example.com", "--client-id", "abc123",
        *extra, stdin=stdin,
    )  # fmt: skip


def test_add_takes_the_secret_from_stdin_and_the_gui_store_sees_it(cli: Cli) -> None:
    _add(cli, "qa", "--environment", "development")
    shown = json.loads(cli.ok("profile", "show", "qa", "--json"))
    assert shown["base_url"] == "https://qa.example.com"
    assert shown["client_id"] == "abc123"
    assert shown["client_secret_stored"] is True
    assert SECRET not in json.dumps(shown)
    # The file the GUI reads holds the profile, and no secret.
    profiles_file = cli.home / "config" / "profiles.json"
    assert "qa" in profiles_file.read_text() and SECRET not in profiles_file.read_text()
    listed = json.loads(cli.ok("profile", "list", "--json"))
    assert [p["name"] for p in listed] == ["qa"]
    plain = cli.ok("profile", "list")
    assert plain.startswith("qa\tdevelopment\thttps://qa.example.com\tabc123")


def test_remove_forgets_the_profile_and_its_secret(cli: Cli) -> None:
    _add(cli, "qa")
    cli.ok("profile", "remove", "qa")
    assert json.loads(cli.ok("profile", "list", "--json")) == []
    _add(cli, "qa", "--no-secret", stdin=None)
    assert json.loads(cli.ok("profile", "show", "qa", "--json"))["client_secret_stored"] is False


def test_an_empty_secret_is_a_usage_error_and_adds_nothing(cli: Cli) -> None:
    done = cli.run(
        "profile", "add", "qa", "--url", "https://qa.example.com", "--client-id", "x", stdin="\n"
    )
    assert done.returncode == 2
    assert "No client secret was given" in done.stderr
    assert "Traceback" not in done.stderr
    assert json.loads(cli.ok("profile", "list", "--json")) == []


def test_the_secret_is_never_an_argument(cli: Cli) -> None:
    done = cli.run("profile", "add", "qa", "--url", "https://q.example.com", "--client-id", "x",
                   "--client-secret", SECRET)  # fmt: skip
    assert done.returncode == 2
    assert "unrecognized arguments: --client-secret" in done.stderr


def test_unknown_profile_is_exit_2_in_plain_words(cli: Cli) -> None:
    done = cli.run("profile", "show", "nope")
    assert done.returncode == 2
    assert done.stderr.strip() == "capture-desktop: No connection profile named 'nope'."


def test_from_json_provisions_profiles_and_refuses_secrets(cli: Cli, tmp_path: Path) -> None:
    good = tmp_path / "team.json"
    good.write_text(json.dumps({"profiles": [
        {"name": "staging", "base_url": "https://staging.example.com", "client_id": "c1",
         "environment": "development"},
        {"name": "prod", "base_url": "https://prod.example.com", "client_id": "c2",
         "environment": "production"},
    ]}))  # fmt: skip
    cli.ok("profile", "add", "--from-json", str(good))
    assert [p["name"] for p in json.loads(cli.ok("profile", "list", "--json"))] == [
        "prod",
        "staging",
    ]
    leaky = tmp_path / "leaky.json"
    leaky.write_text(json.dumps({"name": "x", "base_url": "https://x.example.com",
                                 "client_id": "c", "client_secret": SECRET}))  # fmt: skip
    done = cli.run("profile", "add", "--from-json", str(leaky))
    assert done.returncode == 2
    assert "client_secret" in done.stderr and "must hold no secrets" in done.stderr
    assert SECRET not in done.stderr
    # A secret can be stored afterwards without repeating the profile's fields.
    cli.ok("profile", "add", "prod", "--replace", stdin=SECRET + "\n")
    assert json.loads(cli.ok("profile", "show", "prod", "--json"))["client_secret_stored"] is True


def test_no_keyring_is_exit_4_with_what_to_do(cli: Cli) -> None:
    cli.env["PYTHON_KEYRING_BACKEND"] = "keyring.backends.fail.Keyring"
    done = cli.run(
        "profile", "add", "qa", "--url", "https://q.example.com", "--client-id", "x",
        stdin=SECRET + "\n",
    )  # fmt: skip
    assert done.returncode == 4
    assert "keyring" in done.stderr and "gnome-keyring" in done.stderr
    assert "Traceback" not in done.stderr
    assert json.loads(cli.ok("profile", "list", "--json")) == []


def test_help_has_examples_and_exit_codes(cli: Cli) -> None:
    top = cli.ok("profile", "--help")
    assert "examples:" in top and "--from-json" in top
    add = cli.ok("profile", "add", "--help")
    assert "printf" in add and "asks for the secret without echoing it" in add
    assert "3  needs sign-in" in add and "4  the system keyring is unavailable" in add


def test_on_a_terminal_the_secret_prompt_does_not_echo(cli: Cli) -> None:
    main, child = pty.openpty()
    proc = subprocess.Popen(
        cli.command("profile", "add", "tty", "--url", "https://t.example.com", "--client-id", "x"),
        stdin=child, stdout=child, stderr=child, env=cli.env, close_fds=True,
    )  # fmt: skip
    os.close(child)
    seen = b""

    def read_until(marker: bytes) -> None:
        nonlocal seen
        while marker not in seen:
            ready, _, _ = select.select([main], [], [], 30)
            assert ready, seen
            chunk = os.read(main, 1024)
            assert chunk, seen
            seen += chunk

    try:
        read_until(b"(not shown): ")
        os.write(main, SECRET.encode() + b"\n")
        read_until(b"Added profile 'tty'")
        assert proc.wait(timeout=30) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        os.close(main)
    assert SECRET.encode() not in seen  # the terminal never showed it
    assert json.loads(cli.ok("profile", "show", "tty", "--json"))["client_secret_stored"] is True
