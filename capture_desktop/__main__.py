"""``python -m capture_desktop`` starts the GUI."""

from capture_desktop.cli import main

raise SystemExit(main())
