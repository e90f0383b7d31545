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

FORMAT = "2"  # bump when what is stored changes shape (2: a digest before the pickle)


def directory() -> Path | None:
    if os.environ.get("WPS_CACHE", "").lower() in ("off", "0", "no", "false"):
        return None
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    if not os.path.isabs(base):  # no HOME and no passwd entry: "~" stays "~"; never a folder here
        return None
    return Path(base) / "wpskosovo"


def _program() -> bytes:
    """What validation depends on: the modules defining records, and the libraries' versions."""
    import pydantic

    from wpskosovo import currencies, dates, model, parse

    parts = [FORMAT.encode(), pydantic.VERSION.encode(), sys.version.encode()]
    parts += [Path(str(m.__file__)).read_bytes() for m in (model, dates, currencies, parse)]
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
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=".tmp-")  # removed on any failure or signal
        try:
            with os.fdopen(fd, "wb") as f:
                f.write(content)
            os.replace(tmp, folder / name)
        except BaseException:
            os.unlink(tmp)
            raise
    except OSError:
        pass


def get(digest: str, kind: type):
    """The `kind` object stored under this key, or None. An entry holds the SHA-256 of its
    pickle before it: a flipped bit or a truncated file is a miss, and so is an object of
    another type."""
    data = read_private(f"{digest}.pickle")
    if data is None or hashlib.sha256(data[32:]).digest() != data[:32]:
        return None
    try:
        value = pickle.loads(data[32:])
    except Exception:  # from an incompatible program: a miss
        return None
    return value if type(value) is kind else None


def put(digest: str, value) -> None:
    """Store value under this key, with the digest `get` checks."""
    data = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
    write_private(f"{digest}.pickle", hashlib.sha256(data).digest() + data)
