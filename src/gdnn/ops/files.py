"""Files of an installation: the umask of gdnn processes, permission checks, checksums."""

from __future__ import annotations

import hashlib
import os
import stat
from collections.abc import Iterator
from pathlib import Path

# Data files are read and written by the service account only: files 0600, directories 0700.
UMASK = 0o077
FILE_MODE = 0o600
DIR_MODE = 0o700


def secure_umask() -> None:
    """Make every file a gdnn process creates private to its owner (called at start-up)."""
    os.umask(UMASK)


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1024 * 1024), b""):
            digest.update(chunk)
    return digest.hexdigest()


def walk(root: Path) -> Iterator[Path]:
    """Every file and directory under root (root included), symlinks not followed."""
    yield root
    for dirpath, dirnames, filenames in os.walk(root):
        for name in (*dirnames, *filenames):
            yield Path(dirpath) / name


def permission_problems(root: Path, *, limit: int = 5) -> tuple[int, list[str]]:
    """Files or directories under root that others than the owner may access: (count, first few)."""
    count, shown = 0, list[str]()
    if not root.exists():
        return 0, []
    for path in walk(root):
        try:
            mode = path.lstat().st_mode
        except OSError:
            continue
        if stat.S_ISLNK(mode):
            continue
        if mode & 0o077:
            count += 1
            if len(shown) < limit:
                shown.append(f"{path} ({stat.filemode(mode)})")
    return count, shown


def make_private(root: Path) -> None:
    """chmod files 0600 and directories 0700 under root (used after a restore)."""
    for path in walk(root):
        if path.is_symlink():
            continue
        path.chmod(DIR_MODE if path.is_dir() else FILE_MODE)
