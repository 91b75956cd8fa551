"""Package data: icons, the loopback result page and desktop-integration files.

Installed as ``capture_desktop.resources``; load files with ``importlib.resources``.
"""
