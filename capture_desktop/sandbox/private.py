"""Owner-only files: the sandbox's data folder holds every client secret and live token.

The folder is 0700 and every file in it 0600, whatever the process umask. The database is
created 0600 before SQLite opens it, and SQLite gives its `-wal` and `-shm` files the mode of
the database file. A folder left readable by an older sandbox is tightened when it is opened.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

FOLDER_MODE = 0o700
FILE_MODE = 0o600


def private_folder(path: Path) -> Path:
    """Create `path` (and its parents) if needed; make it and everything inside owner-only."""
    path.mkdir(parents=True, exist_ok=True, mode=FOLDER_MODE)
    _tighten(path, FOLDER_MODE)
    for root, folders, files in os.walk(path):
        for name in folders:
            _tighten(Path(root, name), FOLDER_MODE)
        for name in files:
            _tighten(Path(root, name), FILE_MODE)
    return path


def private_file(path: Path) -> Path:
    """Create `path` empty with mode 0600 unless it exists; tighten it if it does."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, FILE_MODE)
    except FileExistsError:
        _tighten(path, FILE_MODE)
    else:
        os.close(fd)
    return path


def _tighten(path: Path, mode: int) -> None:
    # Symlinks are left alone: chmod would change whatever they point at.
    info = path.lstat()
    if stat.S_ISLNK(info.st_mode) or stat.S_IMODE(info.st_mode) == mode:
        return
    path.chmod(mode)
