"""The type checker itself refuses a credential an operation does not take."""

from __future__ import annotations

import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

pytest.importorskip("mypy")

SNIPPET = textwrap.dedent(
    """
    from capture_desktop.api import (
        AccessTokenAuth, BasicAuth, CaptureClient, CreationTokenAuth, RecordSelector,
    )


    async def wrong(client: CaptureClient) -> None:
        await client.entity_find("user", auth=AccessTokenAuth("t"))  # line 8
        await client.entity("user", auth=CreationTokenAuth("t"))  # line 9
        await client.entity_create("user", {}, auth=AccessTokenAuth("t"))  # line 10
        await client.get_creation_token("user", auth=CreationTokenAuth("t"))  # line 11
        await client.oauth_token("refresh_token", code="c", redirect_uri="r")  # line 12
        await client.entity_replace("user", None, {}, auth=CreationTokenAuth("t"))  # line 13
        await client.entity_update("user", None, {}, include_recod=True)  # line 14


    async def right(client: CaptureClient) -> None:
        sel = RecordSelector.by_id(1)
        await client.entity("user", sel, auth=AccessTokenAuth("t"))
        await client.entity_update("user", None, {"a": 1}, auth=AccessTokenAuth("t"))
        await client.entity_replace("user", sel, value={"a": 1}, include_record=True)
        await client.entity_create("user", {}, auth=CreationTokenAuth("t"))
        await client.entity_find("user", auth=BasicAuth("c", "s"))
        await client.oauth_token("refresh_token", refresh_token="r")
        await client.oauth_token(code="c", redirect_uri="r")
    """
)


def test_wrong_credentials_are_type_errors(tmp_path: Path) -> None:
    source = tmp_path / "usage.py"
    source.write_text(SNIPPET)
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--config-file=", "--cache-dir=/dev/null",
         "--no-incremental", str(source)],
        capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    lines = {int(m.group(1)) for m in re.finditer(r"usage\.py:(\d+): error", result.stdout)}
    assert lines == {8, 9, 10, 11, 12, 13, 14}, result.stdout
