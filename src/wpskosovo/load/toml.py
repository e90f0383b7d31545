"""Reading TOML files into plain tables, and mapping a location in them back to a line.

tomli keeps no positions, so `LineIndex` scans the text itself. It is built only when there is
a problem to report, so the happy path pays nothing for it.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import tomli

from wpskosovo.model.words import CONTROL, ID
from wpskosovo.problems import Problem

# What in a file could produce such a character once parsed: one written raw (TOML refuses raw
# C0 controls) or any escape sequence. Only files holding one are walked: scanning the bytes is
# cheap, walking every string of a large file is not.
_RAW_CONTROL = re.compile(rb"\xc2[\x80-\x9f]|\xd8\x9c|\xe2\x80[\x8b-\x8f\xa8-\xae]|\xe2\x81[\xa0-\xa4\xa6-\xa9]"
                          rb"|\xef\xbb\xbf|\xf3\xa0[\x80\x81]")


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
        return None, [Problem(name, None, "TOML syntax error: values are nested too deeply")]
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


def locate_all(file: str, text: str, tables: dict, items: list[tuple[tuple, str]]) -> list[Problem]:
    """Turn (location, message) pairs inside one parsed file into problems with lines."""
    index = LineIndex(text)
    out = []
    for loc, message in items:
        record = None
        if len(loc) >= 2 and isinstance(loc[1], int):
            try:
                raw = tables[loc[0]][loc[1]]
                record = raw.get("id") if isinstance(raw, dict) else None
                if record is not None and not (isinstance(record, str) and ID.fullmatch(record)):
                    record = repr(record)[:60]  # a malformed id is shown, never printed raw
            except (KeyError, IndexError, TypeError):
                pass
        field = ".".join(map(str, loc[2:])) or None if len(loc) >= 2 else ".".join(map(str, loc)) or None
        out.append(Problem(file, index.line(loc), message, record=record, field=field))
    return out


_STRINGS_AND_COMMENTS = re.compile(r'"(?:[^"\\]|\\.)*"|\'[^\']*\'|#.*')
_HEADER = re.compile(r"\s*(\[\[?)\s*([^\]]+?)\s*\]\]?\s*(?:#.*)?$")
_KEY = re.compile(r'\s*((?:[A-Za-z0-9_-]+|"[^"]*"|\'[^\']*\')(?:\s*\.\s*(?:[A-Za-z0-9_-]+|"[^"]*"|\'[^\']*\'))*)\s*=')


def _key_parts(dotted: str) -> tuple:
    return tuple(p.strip().strip("\"'") for p in re.findall(r'"[^"]*"|\'[^\']*\'|[^.]+', dotted))


class LineIndex:
    """Maps a location like ("event", 56, "sources", 1, "quote") to a line number (1-based).

    Knows the lines of tables (`[[event]]`), their keys, and the elements of arrays written
    one element per line; a deeper location falls back to the nearest known one.
    """

    def __init__(self, text: str):
        self.lines: dict[tuple, int] = {}
        self._counts: dict[tuple, int] = {}
        table: tuple = ()
        fence = None  # the delimiter of a multi-line string we are inside
        self._array: tuple = ()  # the key whose array value we are inside
        self._depth = 0
        for n, line in enumerate(text.splitlines(), 1):
            if fence:
                if line.count(fence) % 2 == 1:
                    fence = None
                continue
            bare = _STRINGS_AND_COMMENTS.sub("", line)
            for quotes in ('"""', "'''"):
                if line.count(quotes) % 2 == 1:  # a multi-line string opens here
                    fence = quotes
            if self._depth > 0:
                self._scan(bare, n)
                continue
            key = _KEY.match(line)
            header = None if key else _HEADER.match(line)
            if header:
                parts = _key_parts(header[2])
                if header[1] == "[[":
                    key_path = self._current(parts[:-1], table) + (parts[-1],)
                    count = self._counts[key_path] = self._counts.get(key_path, -1) + 1
                    self.lines.setdefault(key_path, n)
                    table = key_path + (count,)
                else:
                    table = self._current(parts, table)
                self.lines.setdefault(table, n)
            elif key:
                self._array = table + _key_parts(key[1])
                self.lines.setdefault(self._array, n)
                self._element, self._started = 0, False
                self._scan(bare[bare.find("=") + 1:], n)

    def _scan(self, chars: str, n: int) -> None:
        """Follow brackets through an array value, noting the line each element starts on."""
        for ch in chars:
            if self._depth == 1 and not self._started and ch not in " \t,]}":
                self.lines.setdefault(self._array + (self._element,), n)
                self._started = True
            if ch in "[{":
                self._depth += 1
            elif ch in "]}":
                self._depth = max(0, self._depth - 1)
            elif ch == "," and self._depth == 1:
                self._element, self._started = self._element + 1, False

    @staticmethod
    def _current(parts: tuple, table: tuple) -> tuple:
        # `[kind.sub]` inside `[[kind]]` refers to the latest kind element.
        out: tuple = ()
        for p in parts:
            out += (p,)
            if len(table) > len(out) and table[: len(out)] == out and isinstance(table[len(out)], int):
                out += (table[len(out)],)
        return out

    def line(self, loc: tuple) -> int | None:
        for end in range(len(loc), 0, -1):
            found = self.lines.get(tuple(loc[:end]))
            if found is not None:
                return found
        return None
