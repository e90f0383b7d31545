"""Reading TOML files into plain tables, and mapping a location in them back to a line.

tomli keeps no positions, so `LineIndex` scans the text itself. It is built only when there is
a problem to report, so the happy path pays nothing for it.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from wpskosovo.load.lines import locate_all
from wpskosovo.model.words import CONTROL
from wpskosovo.problems import Problem

# What in a file could produce such a character once parsed: one written raw (TOML refuses raw
# C0 controls) or any escape sequence. Only files holding one are walked: scanning the bytes is
# cheap, walking every string of a large file is not.
_RAW_CONTROL = re.compile(rb"\xc2[\x80-\x9f\xad]|\xcd\x8f|\xd8\x9c|\xe1\x85[\x9f\xa0]|\xe1\xa0\x8e"
                          rb"|\xe2\x80[\x8b-\x8f\xa8-\xae]|\xe2\x81[\xa0-\xa4\xa6-\xa9]|\xe3\x85\xa4"
                          rb"|\xef\xbb\xbf|\xef\xbe\xa0|\xef\xbf[\xb9-\xbb]|\xf3\xa0[\x80\x81]")


def _may_hold_control(data: bytes) -> bool:
    return b"\\" in data or _RAW_CONTROL.search(data) is not None


def shipped_data() -> Path:
    """The dataset that travels with the package (or, in a source checkout, the repo's data/)."""
    package = Path(__file__).resolve().parents[1]
    packaged = package / "data"
    return packaged if packaged.is_dir() else package.parents[1] / "data"


def default_paths() -> list[Path]:
    """WPS_DATA's paths (joined by os.pathsep), else the shipped dataset. An empty entry (a
    stray ':') is a ValueError: it would mean every .toml under the current folder."""
    env = os.environ.get("WPS_DATA")
    if not env:
        return [shipped_data()]
    entries = env.split(os.pathsep)
    if any(not e.strip() for e in entries):
        raise ValueError("an empty path in WPS_DATA")
    return [Path(e) for e in entries]


def toml_files(paths: list[Path]) -> tuple[list[Path], list[Problem]]:
    """The files to read: each file named, and every *.toml under each folder; a file named
    twice (`data/ data/records.toml`) once. What a folder scan cannot read is a problem."""
    files: dict[Path, Path] = {}  # resolved → as named
    problems: list[Problem] = []
    for path in paths:
        if path.is_dir():
            found = _scan(path, problems)
            if not found:
                problems.append(Problem(str(path), None, "directory holds no .toml files"))
            for p in found:
                files.setdefault(p.resolve(), p)
        elif path.exists():
            files.setdefault(path.resolve(), path)
        elif os.path.lexists(path):
            problems.append(Problem(str(path), None, "a symbolic link that leads nowhere or loops"))
        else:
            problems.append(Problem(str(path), None, "no such file or directory"))
    return list(files.values()), problems


def _scan(folder: Path, problems: list[Problem]) -> list[Path]:
    """The *.toml files under a folder, in order. A folder that cannot be read or entered, and
    a *.toml that is not a regular file (a dangling or looping link, a device), are problems:
    a scan never skips data in silence. Linked folders are not followed (no loops)."""
    def unreadable(e: OSError) -> None:
        problems.append(Problem(str(e.filename or folder), None, f"cannot read folder: {e.strerror or e}"))

    found = []
    for root, _, names in os.walk(folder, onerror=unreadable):
        for name in names:
            if not name.endswith(".toml"):
                continue
            path = Path(root, name)
            try:
                regular = path.is_file()
            except OSError as e:
                problems.append(Problem(str(path), None, f"cannot read file: {e.strerror or e}"))
                continue
            if regular:
                found.append(path)
            else:
                problems.append(Problem(str(path), None, "skipped: not a regular file (a dangling "
                                                         "or looping link, a folder or a device)"))
    return sorted(found)


MAX_BYTES = 256 * 2**20  # a data file or a document larger than this is refused, not read


class NotRegular(OSError):
    pass


def read_regular(path: Path, limit: int = MAX_BYTES) -> bytes:
    """A regular file's bytes. A FIFO, a device (/dev/zero) or a folder is refused before a
    byte is read (opened non-blocking, so a FIFO cannot hang us), and so is a file over `limit`."""
    import stat

    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise NotRegular("not a regular file")
        if info.st_size > limit:
            raise NotRegular(f"larger than {limit // 2**20} MB")
        with os.fdopen(os.dup(fd), "rb") as f:
            data = f.read(limit + 1)
        if len(data) > limit:
            raise NotRegular(f"larger than {limit // 2**20} MB")
        return data
    finally:
        os.close(fd)


def read(path: Path) -> tuple[bytes | None, list[Problem]]:
    try:
        return read_regular(path), []
    except NotRegular as e:
        return None, [Problem(str(path), None, f"cannot read file: {e}")]
    except OSError as e:
        return None, [Problem(str(path), None, f"cannot read file: {e.strerror or e}")]


def parse(name: str, data: bytes) -> tuple[dict | None, list[Problem]]:
    """Parse one file's bytes; return its tables, or None and the problems that stopped it."""
    import tomli  # only when data is read: a run the cache answers never parses

    try:
        text = data.decode("utf-8-sig")  # a byte-order mark is accepted and dropped
    except UnicodeDecodeError as e:
        line = data.count(b"\n", 0, e.start) + 1
        column = e.start - (data.rfind(b"\n", 0, e.start) + 1) + 1
        return None, [Problem(name, line, f"not valid UTF-8 (byte 0x{data[e.start]:02x})", column=column)]
    try:
        tables = tomli.loads(text)
    except tomli.TOMLDecodeError as e:
        msg = getattr(e, "msg", None) or str(e).split(" (at ")[0]
        return None, [Problem(name, getattr(e, "lineno", None), f"TOML syntax error: {msg}",
                              column=getattr(e, "colno", None))]
    except RecursionError:
        return None, [Problem(name, _deepest_line(text), "TOML syntax error: values are nested too deeply")]
    except ValueError:  # Python refuses an integer of over 4,300 digits (a denial-of-service guard)
        huge = re.search(r"\d{4000,}", text)
        at = text.count("\n", 0, huge.start()) + 1 if huge else None
        return None, [Problem(name, at, "TOML syntax error: a number with thousands of digits")]
    problems = []
    if _may_hold_control(data):
        for loc, value in _strings(tables, ()):
            found = CONTROL.search(value)
            if found:
                problems.append((loc, f"contains a control character ({found[0]!r}); remove it"))
    return tables, locate_all(name, text, tables, problems) if problems else []


def _deepest_line(text: str) -> int:
    """The line where brackets (outside strings and comments, roughly) nest deepest."""
    depth = deepest = 0
    at = 1
    for n, line in enumerate(text.split("\n"), 1):
        for ch in re.sub(r'"(?:[^"\\]|\\.)*"|\'[^\']*\'|#.*', "", line):
            depth += {"[": 1, "{": 1, "]": -1, "}": -1}.get(ch, 0)
            if depth > deepest:
                deepest, at = depth, n
    return at


def _strings(value, loc):
    if isinstance(value, str):
        yield loc, value
    elif isinstance(value, dict):
        for k, v in value.items():
            yield from _strings(k, loc + (k,))
            yield from _strings(v, loc + (k,))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from _strings(v, loc + (i,))
