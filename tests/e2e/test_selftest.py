"""``capture-desktop --self-test`` as a user (or CI, on the frozen app) runs it: a subprocess.

Each run gets its own D-Bus session and unlocked gnome-keyring (the self-test's keyring step
writes one probe item there); the no-keyring run gets no bus at all."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers.secret_service import PrivateSecretService

REPO = Path(__file__).resolve().parents[2]

STEPS = [
    "keyring works (probe secret stored, read back, deleted through the default backend)",
    "resources bundled",
    "TLS trust store present",
    "sandbox started in a temporary data folder",
    "client secret stored in the in-memory TEST keyring",
    "loopback receiver listening",
    "authorization code issued (access/getAuthorizationCode)",
    "code delivered to redirect_uri and captured",
    "code exchanged for tokens (oauth/token)",
    "record read with the access token (entity)",
    "tokens refreshed (refresh token rotated)",
    "creation token issued (access/getCreationToken)",
    "record created with the creation token (entity.create)",
    "new record read back (entity by uuid)",
    "Qt starts offscreen with its plugins",
    "main window painted offscreen",
    "built-in sandbox opened through the app",
]


@pytest.fixture
def keyring_env(private_secret_service: PrivateSecretService) -> dict[str, str]:
    return private_secret_service.env


def run_self_test(*extra: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    base = {
        k: v
        for k, v in os.environ.items()
        if k not in ("QT_QPA_PLATFORM", "CAPTURE_DESKTOP_HOME", "PYTHON_KEYRING_BACKEND")
    }
    return subprocess.run(
        [sys.executable, "-m", "capture_desktop", "--self-test", *extra],
        cwd=REPO,
        env={**base, "PYTHONIOENCODING": "utf-8", **env},
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
        check=False,
    )


def data_folder(stdout: str) -> Path:
    match = re.search(r"^Temporary data folder: (.+)$", stdout, re.MULTILINE)
    assert match, stdout
    return Path(match.group(1))


def test_self_test_passes_every_step_and_prints_no_secret(keyring_env: dict[str, str]) -> None:
    result = run_self_test("--keep-data", env=keyring_env)
    folder = data_folder(result.stdout)
    try:
        assert result.returncode == 0, result.stdout + result.stderr
        lines = result.stdout.splitlines()
        for step in STEPS:
            assert any(line.startswith(f"✓ {step}") for line in lines), (step, result.stdout)
        assert not any(line.startswith(("✗", "–")) for line in lines), result.stdout
        assert "in-memory TEST keyring" in result.stdout
        summary = re.search(r"^self-test passed: (\d+) checks in", result.stdout, re.MULTILINE)
        assert summary and int(summary.group(1)) == len(STEPS), result.stdout
        # The run used its own folder, and none of the sandbox clients' secrets was printed.
        clients = json.loads((folder / "sandbox" / "clients.json").read_text(encoding="utf-8"))
        assert clients
        for client in clients:
            assert client["client_secret"] not in result.stdout + result.stderr
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def test_self_test_names_the_failed_step_and_exits_1(
    tmp_path: Path, keyring_env: dict[str, str]
) -> None:
    # A CA bundle path that does not exist: no client can be built, as on a broken install.
    result = run_self_test(env={**keyring_env, "SSL_CERT_FILE": str(tmp_path / "missing-ca.pem")})
    assert result.returncode == 1, result.stdout + result.stderr
    assert "✓ sandbox started in a temporary data folder" in result.stdout
    assert (
        "✗ authorization code issued (access/getAuthorizationCode): TlsConfigurationError"
        in result.stdout
    )
    assert "– tokens refreshed (refresh token rotated): skipped" in result.stdout
    assert "self-test FAILED" in result.stdout
    assert not data_folder(result.stdout).exists()  # the temporary folder is removed


def test_self_test_fails_without_a_usable_keyring() -> None:
    # No D-Bus session at all: keyring falls back to its fail backend, where the app could not
    # keep a client secret. The self-test must say so and exit 1, not report the step green.
    result = run_self_test(env={"DBUS_SESSION_BUS_ADDRESS": "disabled:"})
    assert result.returncode == 1, result.stdout + result.stderr
    step = STEPS[0]
    assert f"✗ {step}: RuntimeError: no usable keyring (default fail.Keyring)" in result.stdout, (
        result.stdout
    )
    assert "✓ sandbox started in a temporary data folder" in result.stdout  # the rest still runs
    assert "self-test FAILED (1 failed" in result.stdout, result.stdout
