"""PyInstaller runtime hook (Linux): give child processes the user's library path back.

The bootloader puts the bundle's ``_internal`` on ``LD_LIBRARY_PATH`` (keeping the user's
value in ``LD_LIBRARY_PATH_ORIG``). This process no longer needs it (glibc read it at start),
but every program the app starts would inherit it: ``xdg-open`` and the browser it opens for
the sign-in flow would then load our OpenSSL, SQLite and zlib instead of their own.
"""

import os

_original = os.environ.pop("LD_LIBRARY_PATH_ORIG", None)
if _original is not None:
    os.environ["LD_LIBRARY_PATH"] = _original
else:
    os.environ.pop("LD_LIBRARY_PATH", None)
