"""Output: the cells of a result (dates, amounts, lists) and its formats on standard output, a
table on a terminal (drawn by layout.py, through the pager when tall), tab-separated text when
piped, CSV or JSON; files are files.py's.

No querying here. Every string from the data passes through `clean` (control characters made
visible) and reaches Rich only inside `Text` objects, so it is never read as markup.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from wpskosovo.model.fields import digits
from wpskosovo.model.words import CONTROL

# A record in full: named (label, value) lists; a value may be (main, detail) on a terminal.
Sections = list[tuple[str, list[tuple[str, Any]]]]


def clean(value: Any) -> str:
    """Text safe for a terminal: control characters are shown as escapes, never sent."""
    text = "" if value is None else str(value)
    return CONTROL.sub(lambda m: m[0].encode("unicode_escape").decode(), text)


def console(stderr: bool = False):
    """Rich's console for data output. NO_COLOR means no escape code at all: Rich alone would
    still send bold and dim."""
    from rich.console import Console

    if os.environ.get("NO_COLOR"):
        return Console(stderr=stderr, highlight=False, markup=False, emoji=False, color_system=None)
    return Console(stderr=stderr, highlight=False, markup=False, emoji=False)


def note(message: str) -> None:
    """A remark for the reader (e.g. an empty result): stderr, so pipes stay clean."""
    sys.stderr.write(clean(message) + "\n")


@dataclass
class Table:
    title: str
    columns: list[str]
    rows: list[list[Any]]
    caption: str = ""  # e.g. "showing 5 of 24" under the table on a terminal
    highlight: list[str] = field(default_factory=list)  # words to mark on a terminal (search)
    flex: str | None = None  # what a row is about, given the width (default: the widest text)


class DateCell:
    """A date in a table column: people see "~" before a date the sources imply, and `shown`
    where a date needs more ("≥2009-01", "as of ~2009", "unknown"); machines get the
    bare date (nothing for an open end) and, in a column of its own (`start_inferred`),
    whether it is inferred."""

    def __init__(self, value, inferred: bool = False, shown: str | None = None):
        self.value, self.inferred, self.shown = value, inferred, shown

    def render(self, fmt: str) -> str:
        if fmt == "table" and self.shown is not None:
            return self.shown
        if self.value is None:
            return ""
        return ("~" if self.inferred and fmt == "table" else "") + str(self.value)

    def companions(self) -> list[Any]:
        return [self.inferred if self.value is not None else None]


class EndCell(DateCell):
    """A period's end: for machines, beside whether it is inferred, the date an open end is
    known to go on to (`ongoing`) and whether start and end bound a window (`window`), as the
    data states them; both empty (null) for an undated row."""

    def __init__(self, value=None, inferred: bool = False, shown: str | None = None, ongoing=None,
                 window: bool | None = None):
        super().__init__(value, inferred, shown)
        self.ongoing, self.window = ongoing, window

    def companions(self) -> list[Any]:
        return [self.inferred if self.value is not None or self.ongoing is not None else None,
                None if self.ongoing is None else str(self.ongoing), self.window]


class Money:
    """An amount: people see it grouped with its currency ("937,500 USD", or "undisclosed");
    machines get the exact digits, and the currency in a column of its own."""

    def __init__(self, amount: Decimal | None, currency: str | None):
        self.amount, self.currency = amount, currency

    def render(self, fmt: str) -> str:
        if self.amount is None:
            return "undisclosed" if fmt == "table" else ""
        return f"{digits(self.amount, grouped=True)} {self.currency}" if fmt == "table" else digits(self.amount)

    def companions(self) -> list[Any]:
        """Its currency, and the amount as a number (JSON), beside its exact digits."""
        if self.amount is None:
            return [self.currency, None]
        whole = self.amount == self.amount.to_integral_value()
        return [self.currency, int(self.amount) if whole else float(self.amount)]


class Several:
    """A list in a cell (donors, places, roles): one text for people and TSV/CSV, joined by
    `sep`; an array in JSON."""

    def __init__(self, items, sep: str = ", "):
        self.items, self.sep = [str(i) for i in items], sep

    def render(self, fmt: str) -> str:
        return self.sep.join(self.items)

    def __str__(self) -> str:
        return self.render("plain")


# Columns whose cells may be DateCell, EndCell or Money, and the columns machines get beside them.
COMPANIONS = {"date": ["date_inferred"], "founded": ["founded_inferred"],
              "end": ["end_inferred", "ongoing", "window"], "amount": ["currency", "amount_value"]}


def machine_columns(columns: list[str]) -> list[str]:
    """The columns of a table for machines (TSV, CSV, JSON): each date followed by whether it
    is inferred, each amount by its currency; spaces in names become underscores."""
    out = []
    for c in columns:
        out += [c.replace(" ", "_"), *COMPANIONS.get(c, ())]
    return out


def machine_row(columns: list[str], row: list[Any], fmt: str) -> list[Any]:
    """A row's values under `machine_columns`: plain text for TSV and CSV; for JSON, the same
    text with booleans kept, and null where there is no value (an end not stated is null, as
    whether it is inferred is)."""
    out: list[Any] = []
    for c, cell in zip(columns, row):
        if fmt == "json" and isinstance(cell, Several):
            out.append([clean(i) for i in cell.items])
        else:
            value = text(cell, fmt)
            out.append(None if fmt == "json" and value == "" else value)
        if c in COMPANIONS:
            extra = cell.companions() if hasattr(cell, "companions") else [None] * len(COMPANIONS[c])
            out += extra if fmt == "json" else map(_plain, extra)
    return out


def _plain(value: Any) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    return "" if value is None else clean(value)


def choose_format(as_json: bool = False, as_csv: bool = False) -> str:
    if as_json:
        return "json"
    if as_csv:
        return "csv"
    # WPS_FORCE_TTY: tables for people even when piped (into a pager, a golden file), as gh's
    # GH_FORCE_TTY; the width then comes from COLUMNS.
    return "table" if sys.stdout.isatty() or os.environ.get("WPS_FORCE_TTY") else "plain"


def text(value: Any, fmt: str) -> str:
    """A cell as text: amounts grouped by thousands for people, exact digits for machines."""
    if isinstance(value, Decimal):
        return digits(value, grouped=fmt == "table")
    if hasattr(value, "render"):  # a cell that shows itself differently to people and machines
        return clean(value.render(fmt))
    return clean(value)


def one_line(value: Any) -> str:
    """A value as one line of safe text: tabs and newlines inside it folded into spaces (so a
    piped row stays one line and one cell per tab, and a chart label one row)."""
    return " ".join(text(value, "plain").split())


# ---------------------------------------------------------------- stdout


def emit_table(table: Table, fmt: str, footer: Sequence[Sequence[Any]] = ()) -> None:
    """Print a table; `footer` lines (e.g. totals) follow it on a terminal, and go to stderr
    otherwise, so that piped rows stay one shape."""
    if fmt == "csv":
        sys.stdout.write(csv_text(table))
    elif fmt == "plain":
        lines = ["\t".join(machine_columns(table.columns))]
        lines += ["\t".join(" ".join(c.split()) for c in machine_row(table.columns, row, "plain"))
                  for row in table.rows]
        sys.stdout.write("\n".join(lines) + "\n")
    else:
        from wpskosovo.render.layout import table_renderables

        emit_renderables(table_renderables(table, footer))
        return
    for line in footer:
        note(" ".join(text(c, fmt) for c in line))


def emit_lines(lines: list, fmt: str) -> None:
    """Chart lines (rich Text): styled on a terminal, their plain text otherwise."""
    if fmt == "table":
        from rich.text import Text

        # One Text of all lines: printed line by line, Rich measures the terminal for each.
        emit_renderables([Text("\n").join(lines)], overflow="crop", no_wrap=True)
    else:
        sys.stdout.write("".join(line.plain.rstrip() + "\n" for line in lines))


# What ends a line but shows nothing: the spaces Rich pads a table's lines with to its width,
# and the style codes around them.
_TRAILING = re.compile(r"(?:[ ]|\x1b\[[0-9;]*m)+$", re.M)


def emit_renderables(renderables: list, **print_options) -> None:
    """Print on the terminal, each line without the padding after its last character; through
    the pager when it is taller than the screen."""
    out = console()
    with out.capture() as captured:
        for r in renderables:
            out.print(r, **print_options)
    shown = _TRAILING.sub(lambda m: "\x1b[0m" if "\x1b" in m[0] else "", captured.get())
    if not _paged(shown):
        sys.stdout.write(shown)


PAGING = {"on": True}  # `wps --no-pager` turns it off


def _paged(shown: str) -> bool:
    """Show `shown` in the pager, as git and gh do: only on a real terminal, only when taller
    than the screen; WPS_PAGER, else PAGER, else `less -FRX` (an empty one or `cat`: none).
    The pager is run as a program with its arguments, never through a shell. False when
    nothing was paged (then the caller prints)."""
    import shlex
    import shutil
    import subprocess

    if not PAGING["on"] or not sys.stdout.isatty() or shown.count("\n") < shutil.get_terminal_size().lines:
        return False
    command = os.environ.get("WPS_PAGER", os.environ.get("PAGER", "less -FRX"))
    try:
        argv = shlex.split(command)
    except ValueError:
        return False
    if not argv or argv == ["cat"]:
        return False
    sys.stdout.flush()
    try:
        pager = subprocess.Popen(argv, stdin=subprocess.PIPE, encoding="utf-8", errors="replace")
    except OSError:  # no such pager: print as if there were none
        return False
    try:
        pager.communicate(shown)
    except (BrokenPipeError, KeyboardInterrupt):  # the reader quit the pager early
        pager.wait()
    return True


def emit_text(text: str) -> None:
    """Plain text from the data (a citation): control characters shown, never sent."""
    sys.stdout.write(clean(text))


def emit_json(data: Any) -> None:
    sys.stdout.write(json_text(data))


def _json_default(value: Any) -> Any:
    if isinstance(value, Decimal):
        return digits(value)  # exact: never a float, never an exponent
    raise TypeError(f"cannot write {type(value).__name__} as JSON")


def width() -> int:
    """Columns to draw in: the terminal's, or COLUMNS, or 80 when piped."""
    return console().width


def csv_text(table: Table) -> str:
    import csv
    import io

    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(machine_columns(table.columns))
    writer.writerows([[inert(c) for c in machine_row(table.columns, row, "csv")] for row in table.rows])
    return out.getvalue()


FORMULA_SIGNS = ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")  # full-width too: some locales read them


def inert(cell: str) -> str:
    """A CSV cell a spreadsheet would run as a formula (=, +, -, @, tab, CR, or a full-width
    sign, first, spaces aside) starts with an apostrophe instead, as OWASP advises: the data
    is text, never a live formula."""
    return "'" + cell if cell.lstrip(" ")[:1] in FORMULA_SIGNS else cell


def json_text(data: Any) -> str:
    """JSON with the data's text as written, except the characters `clean` makes visible: they
    are \\u escapes (JSON's structure is ASCII, so they can only be inside strings)."""
    import json

    out = json.dumps(data, ensure_ascii=False, indent=2, default=_json_default) + "\n"
    return CONTROL.sub(lambda m: json.dumps(m[0])[1:-1], out)


def pairs_table(title: str, sections: Sections) -> Table:
    """Sections as rows for machines and Markdown: section, field, value."""
    rows = [[name, k, v[0] if isinstance(v, tuple) else v] for name, pairs in sections for k, v in pairs]
    return Table(title, ["section", "field", "value"], rows)
