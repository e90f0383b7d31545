"""Views: print results as a Rich table (terminal), tab-separated text (pipe), CSV or JSON,
and export them to SVG, HTML or Markdown.

No querying here. Every string from the data passes through `clean` (control characters made
visible) and reaches Rich only inside `Text` objects, so it is never read as markup.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from wpskosovo.parse import CONTROL

Sections = list[tuple[str, list[tuple[str, str]]]]  # a record in full: named (label, value) lists


def clean(value: Any) -> str:
    """Text safe for a terminal: control characters are shown as escapes, never sent."""
    text = "" if value is None else str(value)
    return CONTROL.sub(lambda m: m[0].encode("unicode_escape").decode(), text)


def console(stderr: bool = False):
    from rich.console import Console

    return Console(stderr=stderr, highlight=False, markup=False, emoji=False)


def error(message: str) -> None:
    sys.stderr.write(clean(message) + "\n")


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
    flex: str | None = None  # the column to give the width to (default: the widest text)
    drop_first: tuple[str, ...] = ()  # columns to leave out first on a narrow terminal


def choose_format(as_json: bool = False, as_csv: bool = False) -> str:
    if as_json:
        return "json"
    if as_csv:
        return "csv"
    return "table" if sys.stdout.isatty() else "plain"


def text(value: Any, fmt: str) -> str:
    """A cell as text: amounts grouped by thousands for people, exact digits for machines."""
    if isinstance(value, Decimal):
        return f"{value:,}" if fmt == "table" else str(value)
    if hasattr(value, "render"):  # a cell that shows itself differently to people and machines
        return clean(value.render(fmt))
    return clean(value)


def one_line(value: Any) -> str:
    """A value as one line of safe text: tabs and newlines inside it folded into spaces (so a
    piped row stays one line and one cell per tab, and a chart label one row)."""
    return " ".join(text(value, "plain").split())


# ---------------------------------------------------------------- renderables (terminal, export)


# Columns whose text is never cut: what a user copies into `wps show`, and dates.
WHOLE = {"id", "group", "date", "start", "end", "founded", "currency", "kind", "disclosed"}
FLEX_LINES = 2  # the widest text column may take this many lines a row; others take one


def _widths(headers: list[str], cells: list[list[str]], available: int,
            prefer: str | None = None) -> tuple[list[int], int | None]:
    """Column widths that fit `available`, and the flexible column: whole columns keep their
    longest cell; secondary text columns give way (down to their header) so that the widest
    text column gets as much as it can."""
    natural = [max(len(h), *(len(c) for c in col)) for h, col in zip(headers, cells)]
    if sum(natural) <= available:
        return natural, None
    free = [n for n, h in enumerate(headers) if h not in WHOLE]
    if not free:
        return natural, None
    flex = headers.index(prefer) if prefer in headers else max(free, key=lambda n: natural[n])
    widths = list(natural)
    others = [n for n in free if n != flex]
    for n in others:
        widths[n] = min(natural[n], max(len(headers[n]), 20))
    want = min(natural[flex], 40)
    for n in sorted(others, key=lambda n: -widths[n]):
        rest = available - sum(w for m, w in enumerate(widths) if m != flex)
        if rest >= want:
            break
        widths[n] = max(min(widths[n], max(len(headers[n]), 8)), widths[n] - (want - rest))
    widths[flex] = max(6, available - sum(w for m, w in enumerate(widths) if m != flex))
    return widths, flex


def _cut(value: str, width: int, lines: int) -> str:
    """`value` in at most `lines` lines of `width`, ending in "…" when cut."""
    import textwrap

    wrapped = textwrap.wrap(value, width, break_long_words=True) or [""]
    if len(wrapped) <= lines:
        return "\n".join(wrapped)
    last = wrapped[lines - 1]
    return "\n".join([*wrapped[:lines - 1], last[:width - 1].rstrip() + "…"])


def table_renderables(table: Table, footer: list[list[Any]] = (), width: int | None = None) -> list:
    """A table for people: ids and dates whole, long text cut with "…" (whole in `show`, piped
    output and JSON), and no column that is empty in every row."""
    from rich import box
    from rich.table import Table as RichTable
    from rich.text import Text

    cells = [[one_line(text(row[i], "table")) for row in table.rows] for i in range(len(table.columns))]
    cols = [i for i in range(len(table.columns)) if any(cells[i])]
    dropped: list[str] = []
    while True:  # a terminal too narrow for every column loses the last ones, never an id
        headers = [table.columns[i] for i in cols]
        available = (width or _console_width()) - 3 * len(cols) - 1  # padding and rules
        widths, flex = _widths(headers, [cells[i] for i in cols], available, table.flex)
        spare = [n for n in range(len(cols)) if headers[n] != "id" and n != flex]
        if (sum(widths) <= available and (flex is None or widths[flex] >= 16)) or not spare:
            break
        last = max(spare, key=lambda n: (headers[n] in table.drop_first, n))
        dropped.append(headers[last])
        del cols[last]
    cells = [cells[i] for i in cols]
    caption = "; ".join(filter(None, [table.caption, dropped and f"too narrow to show {', '.join(dropped)}"]))
    rt = RichTable(title=Text(clean(table.title)), title_justify="left", header_style="bold",
                   box=box.SIMPLE_HEAD, caption=Text(caption, style="dim") if caption else None,
                   caption_justify="left")
    for h, w in zip(headers, widths):
        rt.add_column(Text(h), no_wrap=True, overflow="ellipsis", width=w)
    for r in range(len(table.rows)):
        row = [Text(_cut(cells[n][r], widths[n], FLEX_LINES) if n == flex else cells[n][r])
               for n in range(len(cols))]
        for cell in row:
            cell.highlight_words(table.highlight, "bold reverse", case_sensitive=False)
        rt.add_row(*row)
    return [rt, *(Text(" ".join(text(c, "table") for c in line)) for line in footer)]


def pairs_renderables(title: str, sections: Sections) -> list:
    from rich.table import Table as RichTable
    from rich.text import Text

    out: list = [Text(clean(title), style="bold")] if title else []
    for name, pairs in sections:
        if not pairs:
            continue
        rt = RichTable(title=Text(name), title_justify="left", show_header=False, box=None, padding=(0, 1))
        rt.add_column(style="bold", no_wrap=True)
        rt.add_column()
        for k, v in pairs:
            rt.add_row(Text(clean(k)), Text(clean(v)))
        out.append(rt)
    return out


def tree_renderables(root: str, groups) -> list:
    """A tree: root, its groups, their items and each item's lines (all literal text)."""
    from rich.text import Text
    from rich.tree import Tree

    tree = Tree(Text(clean(root), style="bold"))
    for title, items in groups:
        branch = tree.add(Text(clean(title), style="bold"))
        for label, lines in items:
            node = branch.add(Text(clean(label)))
            for line in lines:
                node.add(Text(clean(line), style="dim"))
    return [tree]


def markdown_tree(root: str, groups) -> str:
    lines = [f"**{_md(root)}**", ""]
    for title, items in groups:
        lines.append(f"- {_md(title)}")
        for label, details in items:
            lines.append(f"  - {_md(label)}")
            lines += [f"    - {_md(d)}" for d in details]
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------- stdout


def emit_table(table: Table, fmt: str, footer: list[list[Any]] = ()) -> None:
    """Print a table; `footer` lines (e.g. totals) follow it on a terminal, and go to stderr
    otherwise, so that piped rows stay one shape."""
    if fmt == "csv":
        sys.stdout.write(csv_text(table))
    elif fmt == "plain":
        lines = ["\t".join(table.columns)]
        lines += ["\t".join(one_line(c) for c in row) for row in table.rows]
        sys.stdout.write("\n".join(lines) + "\n")
    else:
        emit_renderables(table_renderables(table, footer))
        return
    for line in footer:
        note(" ".join(text(c, fmt) for c in line))


def emit_pairs(title: str, sections: Sections, fmt: str) -> None:
    """Sections of (field, value) pairs: on a terminal under their names; piped or as CSV, one
    row a pair under a header row, so every row has the same three columns."""
    if fmt in ("plain", "csv"):
        rows = [[name, k, v] for name, pairs in sections for k, v in pairs]
        emit_table(Table(title, ["section", "field", "value"], rows), fmt)
    else:
        emit_renderables(pairs_renderables(title, sections))


def emit_lines(lines: list, fmt: str) -> None:
    """Chart lines (rich Text): styled on a terminal, their plain text otherwise."""
    if fmt == "table":
        emit_renderables(lines)
    else:
        sys.stdout.write("".join(line.plain.rstrip() + "\n" for line in lines))


def emit_renderables(renderables: list) -> None:
    out = console()
    for r in renderables:
        out.print(r)


def emit_json(data: Any) -> None:
    sys.stdout.write(json_text(data))


def _json_default(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)  # exact: never a float
    raise TypeError(f"cannot write {type(value).__name__} as JSON")


def width() -> int:
    """Columns to draw in: the terminal's, or COLUMNS, or 80 when piped."""
    return _console_width()


def _console_width() -> int:
    return console().width


# ---------------------------------------------------------------- export

EXPORT_FORMATS = (".svg", ".html", ".md", ".csv", ".json")


class ExportError(Exception):
    pass


def export(path: Path, force: bool, title: str, renderables, texts: dict) -> None:
    """Write the picture the terminal would show (.svg, .html) or a text form (.md, .csv,
    .json: `texts[suffix]()`), atomically. An existing file is only replaced with `force`."""
    suffix = path.suffix.lower()
    if suffix not in (".svg", ".html", *texts):
        raise ExportError(f"cannot export this to {path.name!r}: use a file ending in "
                          f"{', '.join(s for s in EXPORT_FORMATS if s in ('.svg', '.html', *texts))}")
    if path.exists() and not force:
        raise ExportError(f"{path} exists; add --force to replace it")
    if suffix in texts:
        content = texts[suffix]()
    else:
        import io

        from rich.console import Console

        con = Console(record=True, file=io.StringIO(), width=width(), force_terminal=True,
                      highlight=False, markup=False, emoji=False)
        for r in renderables():
            con.print(r)
        content = con.export_svg(title=title) if suffix == ".svg" else con.export_html()
    _write_atomically(path, content)


def csv_text(table: Table) -> str:
    import csv
    import io

    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(table.columns)
    writer.writerows([[text(c, "csv") for c in row] for row in table.rows])
    return out.getvalue()


def json_text(data: Any) -> str:
    import json

    return json.dumps(data, ensure_ascii=False, indent=2, default=_json_default) + "\n"


def _write_atomically(path: Path, content: str) -> None:
    import tempfile

    folder = path.resolve().parent
    try:
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as e:
        raise ExportError(f"cannot write {path}: {e.strerror or e}") from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(content)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)  # mkstemp makes files private; an export is an ordinary file
        os.replace(tmp, path)
    except OSError as e:
        os.unlink(tmp)
        raise ExportError(f"cannot write {path}: {e.strerror or e}") from None


_MD_SPECIAL = str.maketrans({c: "\\" + c for c in "\\`*_{}[]()<>#+!|~"})


def _md(value: Any) -> str:
    """A table cell's text, with Markdown and HTML syntax escaped so it renders literally."""
    return one_line(value).translate(_MD_SPECIAL)


def markdown_table(table: Table, footer: list[list[Any]] = ()) -> str:
    lines = [f"**{_md(table.title)}**", "", "| " + " | ".join(map(_md, table.columns)) + " |",
             "|" + "---|" * len(table.columns)]
    lines += ["| " + " | ".join(map(_md, row)) + " |" for row in table.rows]
    lines += ["", *(" ".join(map(_md, line)) for line in footer)]
    return "\n".join(lines).rstrip() + "\n"


def markdown_pairs(title: str, sections: Sections) -> str:
    rows = [[name, k, v] for name, pairs in sections for k, v in pairs]
    return markdown_table(Table(title, ["section", "field", "value"], rows))


def markdown_lines(title: str, lines: list) -> str:
    body = "\n".join(line.plain.rstrip() for line in lines)
    fence = "```"
    while fence in body:  # a fence longer than any run of backticks in the text
        fence += "`"
    return f"**{_md(title)}**\n\n{fence}text\n{body}\n{fence}\n"
