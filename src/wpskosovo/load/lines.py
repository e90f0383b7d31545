"""From a location inside a parsed TOML file (kind, index, field, ...) back to its line: read
only on the error path, so a valid file never pays for it."""

from __future__ import annotations

import re

from wpskosovo.model.words import ID
from wpskosovo.problems import Problem


def locate_all(file: str, text: str, tables: dict, items: list[tuple[tuple, str]]) -> list[Problem]:
    """Turn (location, message) pairs inside one parsed file into problems with lines."""
    index = LineIndex(text)
    out = []
    for loc, message in items:
        record = None
        in_array = len(loc) >= 2 and isinstance(loc[1], int)  # a record: (kind, index, field...)
        if in_array:
            try:
                raw = tables[loc[0]][loc[1]]  # a record's table, or the record it became (load.validate)
                record = raw.get("id") if isinstance(raw, dict) else getattr(raw, "id", None)
                if record is not None and not (isinstance(record, str) and ID.fullmatch(record)):
                    record = repr(record)[:60]  # a malformed id is shown, never printed raw
            except (KeyError, IndexError, TypeError):
                pass
        field = ".".join(map(str, loc[2:] if in_array else loc)) or None
        out.append(Problem(file, index.line(loc), message, record=record, field=field))
    return out


_STRINGS_AND_COMMENTS = re.compile(r'"(?:[^"\\]|\\.)*"|\'[^\']*\'|#.*')
_HEADER = re.compile(r"\s*(\[\[?)\s*([^\]]+?)\s*\]\]?\s*(?:#.*)?$")
_KEY = re.compile(r'\s*((?:[A-Za-z0-9_-]+|"[^"]*"|\'[^\']*\')(?:\s*\.\s*(?:[A-Za-z0-9_-]+|"[^"]*"|\'[^\']*\'))*)\s*=')


def _opens(line: str) -> str | None:
    """The delimiter of a multi-line string this line opens and leaves open, if any: found
    outside comments and one-line strings (a comment may hold ''' as any text)."""
    i = 0
    while i < len(line):
        ch = line[i]
        if ch == "#":
            return None
        fence = line[i:i + 3]
        if fence in ('"""', "'''"):
            close = line.find(fence, i + 3)
            if close < 0:
                return fence
            i = close + 3
        elif ch in "\"'":
            i += 1
            while i < len(line) and line[i] != ch:
                i += 2 if ch == '"' and line[i] == "\\" else 1
            i += 1
        else:
            i += 1
    return None


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
        # TOML ends lines at \n alone: str.splitlines would also split at U+2028 and others.
        for n, line in enumerate(text.split("\n"), 1):
            if fence:
                if line.count(fence) % 2 == 1:
                    fence = None
                continue
            bare = _STRINGS_AND_COMMENTS.sub("", line)
            fence = _opens(line)
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
