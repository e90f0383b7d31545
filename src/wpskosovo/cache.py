"""A cache of validated files, so a query need not parse and validate unchanged data again.

- Keyed on content: the key hashes the file's bytes together with the source of the modules
  that decide what a valid record is (so an edited checkout counts as a new program) and the
  versions of Pydantic and Python: a changed file or program is never served stale data.
- Lives in the user's cache directory (`$XDG_CACHE_HOME/wpskosovo`, else `~/.cache/wpskosovo`);
  `WPS_CACHE=off` turns it off.
- Safe with concurrent processes: an entry is written to a temporary file and renamed into
  place, so a reader sees a whole entry or none; two writers of one key write the same bytes.
- Only files with no problems are stored; an unreadable or corrupt entry is a miss.
- A pickle is code, so an entry is loaded only from a private folder (0700) when both are the
  user's own and writable by nobody else, as ssh treats its files; otherwise it is a miss.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
from pathlib import Path

FORMAT = "1"  # bump when what is stored changes shape


def directory() -> Path | None:
    if os.environ.get("WPS_CACHE", "").lower() in ("off", "0", "no", "false"):
        return None
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "wpskosovo"


def _program() -> bytes:
    """What validation depends on: the modules defining records, and the libraries' versions."""
    import pydantic

    from wpskosovo import currencies, dates, model, parse

    parts = [FORMAT.encode(), pydantic.VERSION.encode(), sys.version.encode()]
    parts += [Path(m.__file__).read_bytes() for m in (model, dates, currencies, parse)]
    return b"\0".join(parts)


def key(data: bytes) -> str:
    """The cache key of a file's bytes (compute it once per file: it hashes all of them)."""
    return hashlib.sha256(_program() + b"\0" + data).hexdigest()


def _private(st: os.stat_result) -> bool:
    """Owned by this user and writable by no one else (group or others)."""
    return st.st_uid == os.getuid() and not st.st_mode & 0o022


def read_private(name: str) -> bytes | None:
    """The bytes of a cache file, or None: missing, or in a folder or file that is not the
    user's own and closed to others, or a symlink."""
    folder = directory()
    if folder is None:
        return None
    try:
        if not _private(os.stat(folder)):
            return None
        fd = os.open(folder / name, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
        with os.fdopen(fd, "rb") as f:
            if not _private(os.fstat(f.fileno())):
                return None
            return f.read()
    except OSError:
        return None


def write_private(name: str, content: bytes) -> None:
    """Write a cache file atomically (a reader sees all of it or nothing); failing to store
    (read-only home, full disk) is harmless."""
    import tempfile  # only a miss writes; a hit should not pay for importing this

    folder = directory()
    if folder is None:
        return
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        st = os.stat(folder)
        if st.st_uid != os.getuid():
            return
        if st.st_mode & 0o077:  # ours but open, e.g. made under an older version: close it
            folder.chmod(0o700)
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=".tmp-")
        try:
            with os.fdopen(fd, "wb") as f:
                f.write(content)
            os.replace(tmp, folder / name)
        except BaseException:
            os.unlink(tmp)
            raise
    except OSError:
        pass


def get(digest: str):
    """The object stored under this key, or None."""
    data = read_private(f"{digest}.pickle")
    try:
        return None if data is None else pickle.loads(data)
    except Exception:  # truncated, corrupt or from an incompatible program: a miss
        return None


def put(digest: str, value) -> None:
    """Store value under this key."""
    write_private(f"{digest}.pickle", pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
