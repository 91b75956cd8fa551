"""Importing the error classes and the package namespaces stays cheap: no httpx, no keyring.

The UI matches core errors with ``isinstance`` at module load, so these imports happen before
the first window paints. Each check runs in a fresh interpreter, where ``sys.modules`` is clean.
"""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

import capture_desktop.api
import capture_desktop.auth
import capture_desktop.store


def _loaded_after(statement: str) -> set[str]:
    code = f"import sys\n{statement}\nprint('\\n'.join(sorted(sys.modules)))"
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env
    ).stdout
    return {line.split(".")[0] for line in out.splitlines()}


@pytest.mark.parametrize(
    "statement",
    [
        "import capture_desktop.api.errors",
        "from capture_desktop.api import CaptureError, RedirectUriMismatch",
        "from capture_desktop.auth import SignInDenied",
        "from capture_desktop.store.secret_errors import SecretStoreUnavailable",
        "import capture_desktop.store",
        "from capture_desktop.api.transport import may_send_secret, is_insecure_transport",
    ],
)
def test_error_classes_import_without_httpx_or_keyring(statement: str) -> None:
    loaded = _loaded_after(statement)
    assert "httpx" not in loaded
    assert "keyring" not in loaded


@pytest.mark.parametrize(
    "package", [capture_desktop.api, capture_desktop.auth, capture_desktop.store]
)
def test_every_public_name_resolves(package: object) -> None:
    names = package.__all__  # type: ignore[attr-defined]
    assert names
    for name in names:
        assert getattr(package, name) is not None, name
    assert set(names) <= set(dir(package))


def test_unknown_name_is_an_attribute_error() -> None:
    with pytest.raises(AttributeError, match="no_such_name"):
        capture_desktop.api.no_such_name  # type: ignore[attr-defined]  # noqa: B018
