"""The cache: the database of validated data (`db.py`), so a query need not parse and
validate unchanged data again; and the names index completion reads.

- Keyed on content: the key hashes the files' bytes together with the source of the modules
  that decide what a valid record is and how it is stored (so an edited checkout counts as a
  new program) and the versions of Pydantic, Python and SQLite: a changed file or program is
  never served stale data.
- Lives in the user's cache directory (`$XDG_CACHE_HOME/wpskosovo`, else `~/.cache/wpskosovo`);
  `WPS_CACHE=off` turns it off.
- Safe with concurrent processes: an entry is written to a temporary file and renamed into
  place, so a reader sees a whole entry or none; two writers of one key write the same bytes.
- Only data with no problems is stored; an unreadable, corrupt or foreign entry is a miss.
- An entry is used only from a private folder (0700) when both are the user's own and writable
  by nobody else, and never through a symlink, as ssh treats its files; otherwise it is a miss.
- An entry is sealed when built: the SHA-256 of its bytes, and the file's identity and change
  time (`{key}.sum`). A run re-hashes it only when the file changed since it was sealed or last
  checked (any write changes the change time, which no one can set back); bytes that do not
  match are a miss. A warm run of unchanged data pays one stat, not a hash of the database.
- The data files' digests are memoized likewise (`files.json`, as git's index): a file whose
  identity, size and change times are those it had when hashed is not read again, so a warm run
  reads no data at all; a file changed within two seconds of its hashing is never memoized.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
import stat
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1]  # src/wpskosovo, whose code the key covers
# Bumped when what is stored changes shape (3: SQLite; 4: the release in meta; 5: parties.through;
# 6: search_text, texts.text, records.start and end; 7: records.ongoing, first_hi and last_lo;
# 8: records.end_inferred and window; 9: compact record JSON; 10: tables for people left empty;
# 11: the key from the files' digests; 12: texts without linked names; 13: search_text with
# weights, texts without folded copies, evidence without quotes, records.what and "when";
# 14: records.short).
FORMAT = "14"


def directory() -> Path | None:
    if os.environ.get("WPS_CACHE", "").lower() in ("off", "0", "no", "false"):
        return None
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    if not os.path.isabs(base):  # no HOME and no passwd entry: "~" stays "~"; never a folder here
        return None
    return Path(base) / "wpskosovo"


def _program() -> bytes:
    """What the stored database depends on: the code that defines, reads, checks and stores
    records (the model, load and store folders), and the libraries' versions."""
    import pydantic

    from wpskosovo.model.kinds import KINDS

    kinds = repr([(kind, m.__module__, list(m.model_fields)) for kind, m in KINDS.items()])
    parts = [FORMAT.encode(), pydantic.VERSION.encode(), sys.version.encode(), sqlite3.sqlite_version.encode(),
             kinds.encode()]
    return b"\0".join(parts + [path.read_bytes() for path in program_files("model", "load", "store")])


def program_files(*folders: str) -> list[Path]:
    """The package's modules in these folders, in a stable order."""
    return sorted(path for folder in folders for path in (PACKAGE / folder).glob("*.py"))


def key(digests: list[str]) -> str:
    """The cache key of the data files (their SHA-256 digests, in the order they are read)."""
    return hashlib.sha256(_program() + b"\0" + "\0".join(digests).encode()).hexdigest()


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


# What a file's memo entry was taken from: its identity, size, and the times of its last
# change; and how long a file must have been still to be memoized (racy-git's rule: a file
# changed in the same tick as it was hashed could keep its stamp with other bytes).
MEMO = "files.json"
STILL_NS = 2_000_000_000


def _stamp(st: os.stat_result) -> list[int]:
    return [st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns]


def known_digests(files: list[Path]) -> list[str] | None:
    """The digests of these files from the memo, as git's index keeps them: trusted where a
    file's identity, size and change times are those it had when hashed; None when any file
    must be read again. A warm run of unchanged data then reads and hashes none of it."""
    import json

    found = read_private(MEMO)
    if found is None:
        return None
    try:
        memo = json.loads(found)
        out = []
        for path in files:
            stamp, sha = memo[str(path.resolve())]
            if stamp != _stamp(os.stat(path)):
                return None
            out.append(str(sha))
        return out
    except (ValueError, KeyError, TypeError, OSError):
        return None


def remember(files: list[Path], digests: list[str]) -> None:
    """Memoize the digests of the files that have been still long enough (see STILL_NS)."""
    import json
    import time

    now = time.time_ns()
    try:
        found = read_private(MEMO)
        memo = json.loads(found) if found else {}
        if not isinstance(memo, dict):
            memo = {}
        before = dict(memo)
        for path, sha in zip(files, digests):
            st = os.stat(path)
            if max(st.st_mtime_ns, st.st_ctime_ns) < now - STILL_NS:
                memo[str(path.resolve())] = [_stamp(st), sha]
    except (ValueError, OSError):
        return
    if memo != before:  # a run that learns nothing writes nothing
        write_private(MEMO, json.dumps(memo).encode())


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
    """Write a cache file whole (see leftovers.write_whole); failing to store (read-only home, full
    disk) is harmless."""
    from wpskosovo.leftovers import write_whole

    place = folder()
    if place is None:
        return
    try:
        write_whole(place / name, lambda tmp: Path(tmp).write_bytes(content))
    except OSError:
        pass


def _signature(path: Path) -> str:
    st = os.stat(path)
    return f"{st.st_ino} {st.st_size} {st.st_mtime_ns} {st.st_ctime_ns}"


def _digest(path: Path) -> str:
    with open(path, "rb") as f:
        return hashlib.file_digest(f, "sha256").hexdigest()


def seal(path: Path) -> None:
    """Record the digest of a cache database just built, and the file as it is now."""
    try:
        write_private(path.stem + ".sum", f"{_digest(path)} {_signature(path)}".encode())
    except OSError:
        pass


def intact(path: Path) -> bool:
    """Whether a cache database holds the bytes it was sealed with: trusted at once if the file
    has not changed since it was sealed or last checked, else hashed again."""
    found = read_private(path.stem + ".sum")
    if found is None:
        return False
    digest, _, signature = found.decode("ascii", "replace").partition(" ")
    try:
        if signature == _signature(path):
            return True
        if _digest(path) != digest:
            return False
    except OSError:
        return False
    write_private(path.stem + ".sum", f"{digest} {_signature(path)}".encode())  # checked: trusted until it changes
    return True


def entry(name: str) -> Path | None:
    """The path of a cache file that may be trusted, or None: missing, a symlink or not a
    regular file, or in a folder or file that is not the user's own and closed to others."""
    folder = directory()
    if folder is None:
        return None
    try:
        if not _private(os.stat(folder)):
            return None
        st = os.lstat(folder / name)
    except OSError:
        return None
    return folder / name if stat.S_ISREG(st.st_mode) and _private(st) else None


def folder() -> Path | None:
    """The cache folder, made private (0700) if need be; None when there is none or it is not
    the user's own."""
    found = directory()
    if found is None:
        return None
    try:
        found.mkdir(mode=0o700, parents=True, exist_ok=True)
        st = os.stat(found)
        if st.st_uid != os.getuid():
            return None
        if st.st_mode & 0o077:  # ours but open, e.g. made under an older version: close it
            found.chmod(0o700)
    except OSError:
        return None
    return found
