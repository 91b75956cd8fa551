"""`capture-sandbox` / `python -m capture_desktop.sandbox` in a subprocess, ended by its PID."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

URL_LINE = re.compile(r"listening on (http://127\.0\.0\.1:\d+)")


def _start(tmp_path: Path, *extra: str) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "capture_desktop.sandbox",
            "--port",
            "0",
            "--data",
            str(tmp_path / "data"),
            *extra,
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=env,
    )


def _read_until_ready(proc: subprocess.Popen[str]) -> tuple[str, list[str]]:
    assert proc.stdout is not None
    lines: list[str] = []
    for line in proc.stdout:  # blocks on the child's output; pytest-timeout bounds it
        lines.append(line)
        if line.startswith("Press Ctrl-C"):
            break
    text = "".join(lines)
    match = URL_LINE.search(text)
    assert match, text
    return match.group(1), lines


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
def test_cli_serves_prints_clients_and_stops_cleanly(tmp_path: Path, sig: int) -> None:
    with _start(tmp_path, "--seed", "25", "--code-lifetime", "7") as proc:
        try:
            base_url, lines = _read_until_ready(proc)
            text = "".join(lines)
            assert "alice@example.com / Password1!" in text
            assert "Sandbox login_client client" in text
            secrets = [c["client_secret"] for c in _clients(tmp_path)]
            assert not any(secret in text for secret in secrets)  # secrets stay in the file
            settings = httpx.get(f"{base_url}/__sandbox__/settings").json()
            assert settings["code_lifetime"] == 7
            owner = _clients(tmp_path)[0]
            count = httpx.post(
                f"{base_url}/entity.count",
                data={"type_name": "user"},
                auth=(owner["client_id"], owner["client_secret"]),
            ).json()
            assert count["total_count"] == 4 + 25
        finally:
            os.kill(proc.pid, sig)
            rest, _ = proc.communicate(timeout=30)
        assert proc.returncode == 0, rest
        assert "Stopped." in rest


def _clients(tmp_path: Path) -> list[dict[str, str]]:
    from capture_desktop.sandbox import load_clients

    return load_clients(tmp_path / "data")


def test_cli_refuses_a_non_loopback_host(tmp_path: Path) -> None:
    with _start(tmp_path, "--host", "0.0.0.0") as proc:  # noqa: S104 - the refusal is tested
        output, _ = proc.communicate(timeout=30)
    assert proc.returncode == 2
    assert "loopback" in output


def test_cli_reports_bad_fault_settings(tmp_path: Path) -> None:
    with _start(tmp_path, "--error-rate", "2") as proc:
        output, _ = proc.communicate(timeout=30)
    assert proc.returncode == 2
    assert "error_rate must be between 0 and 1" in output


def test_default_data_folder_is_the_apps(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from capture_desktop.sandbox.cli import default_data_dir

    monkeypatch.setenv("CAPTURE_DESKTOP_HOME", str(tmp_path))
    assert default_data_dir() == tmp_path / "data" / "sandbox"


def test_cli_imports_a_schema_and_is_lenient_on_request(tmp_path: Path) -> None:
    schema = tmp_path / "store.json"
    schema.write_text(
        '{"stat": "ok", "schema": {"name": "store", "attr_defs": '
        '[{"name": "code", "type": "string", "length": 10}]}}'
    )
    with _start(tmp_path, "--schema", str(schema), "--lenient") as proc:
        try:
            base_url, _ = _read_until_ready(proc)
            owner = _clients(tmp_path)[0]
            auth = (owner["client_id"], owner["client_secret"])
            listed = httpx.post(f"{base_url}/entityType.list", auth=auth).json()
            assert listed["results"] == ["consent", "store", "user"]
            created = httpx.post(
                f"{base_url}/entity.create",
                data={"type_name": "store", "attributes": '{"code": "S1"}'},
                auth=auth,
            ).json()
            assert created["id"] == 1
            found = httpx.post(  # a double-quoted filter string: only a lenient sandbox takes it
                f"{base_url}/entity.find",
                data={"type_name": "store", "filter": 'code = "S1"'},
                auth=auth,
            ).json()
            assert found["result_count"] == 1, found
        finally:
            os.kill(proc.pid, signal.SIGTERM)
            proc.communicate(timeout=30)


def test_cli_refuses_a_bad_schema_file(tmp_path: Path) -> None:
    schema = tmp_path / "bad.json"
    schema.write_text('{"schema": {"name": "x", "attr_defs": [{"name": "a", "type": "?"}]}}')
    with _start(tmp_path, "--schema", str(schema)) as proc:
        output, _ = proc.communicate(timeout=30)
    assert proc.returncode == 2
    assert "unknown type" in output
