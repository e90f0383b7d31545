"""Views: turn query results into a Rich table (terminal), tab-separated text (pipe), CSV or JSON.

No querying here. Every string from the data passes through `clean` (control characters made
visible) and reaches Rich only inside `Text` objects, so it is never read as markup.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from wpskosovo.parse import CONTROL


def clean(value: Any) -> str:
    """Text safe for a terminal: control characters are shown as escapes, never sent."""
    text = "" if value is None else str(value)
    return CONTROL.sub(lambda m: m[0].encode("unicode_escape").decode(), text)


def console(stderr: bool = False):
    from rich.console import Console

    return Console(stderr=stderr, highlight=False, markup=False, emoji=False)


def error(message: str) -> None:
    sys.stderr.write(clean(message).replace("\\n", "\n") + "\n")


def note(message: str) -> None:
    """A remark for the reader (e.g. an empty result): stderr, so pipes stay clean."""
    sys.stderr.write(clean(message) + "\n")


@dataclass
class Table:
    title: str
    columns: list[str]
    rows: list[list[Any]]


def choose_format(as_json: bool = False, as_csv: bool = False) -> str:
    if as_json:
        return "json"
    if as_csv:
        return "csv"
    return "table" if sys.stdout.isatty() else "plain"


def emit_table(table: Table, fmt: str, footer: list[list[Any]] = ()) -> None:
    """Print a table; `footer` lines (e.g. totals) follow it, except in CSV."""
    if fmt == "csv":
        import csv

        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow(table.columns)
        writer.writerows([[text(c, fmt) for c in row] for row in table.rows])
    elif fmt == "plain":
        lines = ["\t".join(table.columns)]
        lines += ["\t".join(_cell(c) for c in row) for row in (*table.rows, *footer)]
        sys.stdout.write("\n".join(lines) + "\n")
    else:
        out = console()
        out.print(rich_table(table))
        for line in footer:
            out.print(" ".join(text(c, fmt) for c in line))


def text(value: Any, fmt: str) -> str:
    """A cell as text: amounts grouped by thousands for people, exact digits for machines."""
    if isinstance(value, Decimal):
        return f"{value:,}" if fmt == "table" else str(value)
    return clean(value)


def _cell(value: Any) -> str:
    # One row per line and one cell per tab: fold any tab or newline inside a value into a space.
    return " ".join(text(value, "plain").split())


def rich_table(table: Table):
    from rich.table import Table as RichTable
    from rich.text import Text

    rt = RichTable(title=Text(clean(table.title)), title_justify="left", header_style="bold")
    for col in table.columns:
        rt.add_column(Text(col), overflow="fold")
    for row in table.rows:
        rt.add_row(*(Text(text(c, "table")) for c in row))
    return rt


def emit_json(data: Any) -> None:
    import json

    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2, default=_json_default) + "\n")


def _json_default(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)  # exact: never a float
    return str(value)


def emit_pairs(title: str, sections: list[tuple[str, list[tuple[str, str]]]], fmt: str) -> None:
    """A record in full: named sections of (label, value) pairs."""
    if fmt == "plain":
        lines = []
        for name, pairs in sections:
            lines += [f"{name}\t{_cell(k)}\t{_cell(v)}" for k, v in pairs]
        sys.stdout.write("\n".join(lines) + "\n")
        return
    from rich.table import Table as RichTable
    from rich.text import Text

    out = console()
    out.print(Text(clean(title), style="bold"))
    for name, pairs in sections:
        if not pairs:
            continue
        rt = RichTable(title=Text(name), title_justify="left", show_header=False, box=None, padding=(0, 1))
        rt.add_column(style="bold", no_wrap=True)
        rt.add_column(overflow="fold")
        for k, v in pairs:
            rt.add_row(Text(clean(k)), Text(clean(v)))
        out.print(rt)
