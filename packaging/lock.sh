#!/usr/bin/env bash
# Refresh the hash-locked requirements from pyproject.toml's ranges:
#
#     bash packaging/lock.sh              # add/remove what pyproject.toml changed, keep the rest
#     bash packaging/lock.sh --upgrade    # also move every pin to the newest allowed version
#
# Writes two files, both with sha256 hashes for every package (pip --require-hashes):
#   packaging/requirements-ci.lock       runtime + the test extra + the build backend
#                                        (setuptools, wheel): .ci/setup installs from it;
#   packaging/requirements-runtime.lock  runtime only: packaging/build.py's clean venv.
# Both are resolved for CPython 3.11 on Linux (CI and the installer build run there).
# Tool: pip-tools (pip-compile --generate-hashes). It resolves with pip itself, through the
# same index configuration the installs use, and writes plain requirements files that a bare
# `pip install --require-hashes` consumes: neither CI nor the build venv needs another tool.
# tests/unit/test_lock.py checks that the locks satisfy pyproject.toml.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}
TOOLS=packaging/build/lock-venv
if ! "$TOOLS/bin/python" -m piptools --version >/dev/null 2>&1; then
  echo "== pip-tools venv in $TOOLS"
  rm -rf "$TOOLS"
  "$PY" -m venv "$TOOLS"
  "$TOOLS/bin/python" -m pip install -q pip-tools
fi
common=(--quiet --generate-hashes --allow-unsafe --strip-extras --no-emit-index-url
  --no-emit-find-links --no-emit-trusted-host "$@")
# The runtime lock takes its pins from the CI lock, so the installer ships exactly the
# versions CI tested.
"$TOOLS/bin/python" -m piptools compile "${common[@]}" --extra test --all-build-deps \
  --output-file packaging/requirements-ci.lock pyproject.toml
grep -v -- '--hash' packaging/requirements-ci.lock | grep -E '^[A-Za-z0-9]' |
  sed 's/ *\\$//' >packaging/build/ci-pins.txt
"$TOOLS/bin/python" -m piptools compile "${common[@]}" --constraint packaging/build/ci-pins.txt \
  --output-file packaging/requirements-runtime.lock pyproject.toml
echo "== locked: $(grep -cE '^[A-Za-z0-9]' packaging/requirements-ci.lock) packages for CI," \
  "$(grep -cE '^[A-Za-z0-9]' packaging/requirements-runtime.lock) for the installer"
