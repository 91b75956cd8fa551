"""`python -m capture_desktop.sandbox`: the same as the `capture-sandbox` command."""

from __future__ import annotations

from capture_desktop.sandbox.cli import main

raise SystemExit(main())
