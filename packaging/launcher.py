"""The frozen app's entry script: the same ``capture-desktop`` entry point as a pip install."""

from capture_desktop.cli import main

raise SystemExit(main())
