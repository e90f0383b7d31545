"""Views: print results as a Rich table (terminal), tab-separated text (pipe), CSV or JSON,
and export them to SVG, HTML or Markdown.

No querying here. Every string from the data passes through `clean` (control characters made
visible) and reaches Rich only inside `Text` objects, so it is never read as markup.
"""

from __future__ import annotations

import os
import re
import sys
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
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


# ---------------------------------------------------------------- renderables (terminal, export)


# Columns whose text is never cut: what a user copies into `wps show`, dates and amounts.
WHOLE = {"id", "group", "date", "end", "founded", "currency", "kind", "amount", "partners",
         "records", "inferred"}
RIGHT = {"amount", "partners", "records"}  # numbers, aligned on their last digit
LEAD = ("date", "founded")  # the date a stacked row starts with
FLEX_MIN = 45  # a title's width in a one-line-a-row table: 30 characters and a long word
FLEX_LINES = 2  # the title may take this many lines in a one-line-a-row table


def _wrap(value: str, width: int) -> str:
    return "\n".join(textwrap.wrap(value, max(width, 2), break_on_hyphens=False)) or ""


def _cut(value: str, width: int, lines: int) -> str:
    """`value` in at most `lines` lines of `width`, ending in "…" when cut. The text is first
    cut to what those lines can hold, so a huge value costs no more than a short one."""
    import textwrap

    width = max(width, 2)
    value = value[:width * (lines + 1)]
    wrapped = textwrap.wrap(value, width, break_long_words=True, break_on_hyphens=False) or [""]
    if len(wrapped) <= lines:
        return "\n".join(wrapped)
    last = wrapped[lines - 1]
    return "\n".join([*wrapped[:lines - 1], last[:width - 1].rstrip() + "…"])


BARE = ("id", "kind", "what")  # details a stacked row shows without their column's name


def _details(columns: list[str], values: list[str]) -> str:
    """A stacked row's second line: "kwn · organization founded · type: ngo"."""
    bare = " ".join(v for c, v in zip(columns, values) if c in BARE and c != "id" and v)
    named = [f"{c}: {v}" for c, v in zip(columns, values) if c not in BARE and v]
    first = [v for c, v in zip(columns, values) if c == "id" and v]
    return " · ".join([*first, *([bare] if bare else []), *named])


def table_renderables(table: Table, footer: Sequence[Sequence[Any]] = (), width: int | None = None) -> list:
    """A table for people. A row is one line (its title may take two) when every column fits
    whole and the title keeps FLEX_MIN columns; otherwise each row is stacked, as `git log`
    does: its date and title (and amount) on the first line, its id and the rest dim below;
    where an id would not fit beside the date, each row is a block of lines at the full width.
    Ids, dates and amounts are never cut; a column empty in every row is left out."""
    from rich import box
    from rich.table import Table as RichTable
    from rich.text import Text

    width = width or _console_width()
    cells = {c: [one_line(text(row[i], "table")) for row in table.rows] for i, c in enumerate(table.columns)}
    cols = [c for c in table.columns if any(cells[c])]
    natural = {c: max(len(c), *(len(x) for x in cells[c])) for c in cols}
    texts = [c for c in cols if c not in WHOLE]
    flex = next((c for c in (table.flex, "title", "name") if c in texts), None) or \
        max(texts, key=lambda c: natural[c], default=None)
    fixed = sum(natural[c] for c in cols if c != flex)
    one_line_rows = fixed + (min(natural[flex], FLEX_MIN) if flex else 0) + 3 * len(cols) + 1 <= width
    rt = RichTable(title=Text(clean(table.title)), title_justify="left", header_style="bold",
                   box=box.SIMPLE_HEAD, caption=Text(table.caption, style="dim") if table.caption else None,
                   caption_justify="left")
    if one_line_rows or flex is None:
        for c in cols:
            w = max(1, width - fixed - 3 * len(cols) - 1) if c == flex else natural[c]
            rt.add_column(Text(c), no_wrap=True, width=min(w, natural[c]),
                          justify="right" if c in RIGHT else "left")
        for r in range(len(table.rows)):
            row = [Text(_cut(cells[c][r], natural[c] if c != flex else
                             max(1, width - fixed - 3 * len(cols) - 1), FLEX_LINES) if c == flex else cells[c][r])
                   for c in cols]
            for cell in row:
                cell.highlight_words(table.highlight, "bold reverse", case_sensitive=False)
            rt.add_row(*row)
    else:
        lead = next((c for c in LEAD if c in cols), None)
        right = [c for c in cols if c in RIGHT]
        rest = sorted((c for c in cols if c not in (lead, "end", flex, *right)), key=lambda c: c != "id")
        ends = [_end_line(x) for x in cells.get("end", [""] * len(table.rows))] if "end" in cols else []
        lead_width = max([natural[lead]] + [len(x) for x in ends]) if lead else 0
        outer = ([lead] if lead else []) + right
        main = width - sum(lead_width if c == lead else natural[c] for c in outer) - 3 * (len(outer) + 1) - 1
        if max((len(x) for c in ("id", "group") if c in cols for x in cells[c]), default=0) > main:
            return _blocks(table, cols, cells, flex, ends, width, footer)
        if lead:
            rt.add_column(Text(lead), no_wrap=True, width=lead_width)
        rt.add_column(Text(f"{flex} / {' · '.join(rest)}" if len(f"{flex} / {' · '.join(rest)}") <= main
                           else flex), no_wrap=True, width=main)
        for c in right:
            rt.add_column(Text(c), no_wrap=True, width=natural[c], justify="right")
        for r in range(len(table.rows)):
            # Stacked, a row shows all it holds: the title and the details wrap, never cut; a
            # word longer than the column (an id at 60 columns) is the one thing that breaks.
            title = Text(_wrap(cells[flex][r], main))
            details = _details(rest, [cells[c][r] for c in rest])
            body = Text.assemble(title, "\n", (_wrap(details, main), "dim"))
            body.highlight_words(table.highlight, "bold reverse", case_sensitive=False)
            row = []
            if lead:
                row.append(Text.assemble(cells[lead][r], ("\n" + ends[r] if ends and ends[r] else "", "dim")))
            row.append(body)
            row += [Text(cells[c][r]) for c in right]
            rt.add_row(*row)
    return [rt, *(Text(" ".join(text(c, "table") for c in line)) for line in footer)]


def _blocks(table: Table, cols: list[str], cells: dict, flex: str, ends: list[str], width: int, footer) -> list:
    """Rows as blocks of lines at the full width, for a terminal too narrow for a table: the
    date (and its end) with the amount, the title wrapped, the id on a line of its own, the
    rest one field a line; a blank line between rows."""
    from rich.text import Text

    out: list = [Text(clean(table.title)), Text("")]
    for r in range(len(table.rows)):
        when = " ".join([cells[c][r] for c in LEAD if c in cols][:1] + ([ends[r]] if ends and ends[r] else []))
        head = " · ".join(x for x in [when.strip(), *(cells[c][r] for c in cols if c in RIGHT)] if x)
        lines = [Text(head, style="bold")] if head else []
        lines.append(Text(_wrap(cells[flex][r], width)))
        rest = [c for c in cols if c not in (flex, "end", *LEAD, *RIGHT) and cells[c][r]]
        bare = " ".join(cells[c][r] for c in rest if c in BARE and c != "id")
        lines += [Text(cells[c][r], style="dim") for c in rest if c == "id"] + \
            [Text(bare, style="dim")] * bool(bare) + \
            [Text(_wrap(f"{c}: {cells[c][r]}", width), style="dim") for c in rest if c not in BARE]
        for line in lines:
            line.highlight_words(table.highlight, "bold reverse", case_sensitive=False)
        out += [*lines, Text("")]
    if table.caption:
        out.append(Text(table.caption, style="dim"))
    return out + [Text(" ".join(text(c, "table") for c in line)) for line in footer]


def _end_line(end: str) -> str:
    """A stacked row's end under its start: "– 2011"; "≤2009-07", "as of 2009" as they are."""
    return "– " + end if end[:1].isdigit() or end[:1] == "~" else end


LONG = 10_000  # characters: a value this long is wrapped by pairs_renderables itself


class _Lines:
    """Lines already wrapped, indented, handed to Rich as they are: Rich wraps one long cell
    by splitting it line after line, copying the rest each time (16 MB took 94 s)."""

    def __init__(self, lines: list[str], indent: int):
        self.lines, self.indent = lines, indent

    def __rich_console__(self, console, options):
        from rich.segment import Segment

        for line in self.lines:
            yield Segment(" " * self.indent + line)
            yield Segment.line()


def _pairs_table(title: str | None, key_w: int):
    from rich.table import Table as RichTable
    from rich.text import Text

    rt = RichTable(title=Text(title) if title else None, title_justify="left", show_header=False, box=None,
                   padding=(0, 1))
    rt.add_column(style="bold", no_wrap=True, width=key_w)
    rt.add_column(overflow="fold")  # a word longer than the column (an id at 60 columns) breaks, never cut
    return rt


def pairs_renderables(title: str, sections: Sections, width: int | None = None) -> list:
    from rich.text import Text

    out: list = [Text(clean(title), style="bold")] if title else []
    for name, pairs in sections:
        if not pairs:
            continue
        key_w = max(len(clean(k)) for k, _ in pairs)
        room = max(20, (width or _console_width()) - key_w - 4)

        rt = _pairs_table(name, key_w)
        for k, v in pairs:
            if not isinstance(v, tuple) and len(v := clean(v)) > LONG:
                lines = textwrap.wrap(v, room, break_on_hyphens=False) or [""]
                rt.add_row(Text(clean(k)), Text(lines[0]))
                out += [rt, _Lines(lines[1:], key_w + 3)]
                rt = _pairs_table(None, key_w)
                continue
            # A (main, detail) value shows its detail dim on the line below, as a stacked row.
            value = Text.assemble(clean(v[0]), "\n", (clean(v[1]), "dim")) if isinstance(v, tuple) else Text(v)
            rt.add_row(Text(clean(k)), value)
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
        emit_renderables(table_renderables(table, footer))
        return
    for line in footer:
        note(" ".join(text(c, fmt) for c in line))


def emit_pairs(title: str, sections: Sections, fmt: str) -> None:
    """Sections of (field, value) pairs: on a terminal under their names; piped or as CSV, one
    row a pair under a header row, so every row has the same three columns."""
    if fmt in ("plain", "csv"):
        emit_table(pairs_table(title, sections), fmt)
    else:
        emit_renderables(pairs_renderables(title, sections))


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
    write_atomically(path, content)


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


def write_atomically(path: Path, content: str) -> None:
    """Write an export whole (see store.build.write_whole), with the umask's permissions."""
    from wpskosovo.store.build import write_whole

    try:
        write_whole(path, lambda tmp: Path(tmp).write_text(content, encoding="utf-8"), private=False)
    except OSError as e:
        raise ExportError(f"cannot write {path}: {e.strerror or e}") from None


_MD_SPECIAL = str.maketrans({c: "\\" + c for c in "\\`*_{}[]()<>#+!|~"})


def _md(value: Any) -> str:
    """A table cell's text, with Markdown and HTML syntax escaped so it renders literally."""
    return one_line(value).translate(_MD_SPECIAL)


def markdown_table(table: Table, footer: Sequence[Sequence[Any]] = ()) -> str:
    lines = [f"**{_md(table.title)}**", "", "| " + " | ".join(map(_md, table.columns)) + " |",
             "|" + "---|" * len(table.columns)]
    lines += ["| " + " | ".join(_md(text(c, "table")) for c in row) + " |" for row in table.rows]
    lines += ["", *(" ".join(map(_md, line)) for line in footer)]
    return "\n".join(lines).rstrip() + "\n"


def pairs_table(title: str, sections: Sections) -> Table:
    """Sections as rows for machines and Markdown: section, field, value."""
    rows = [[name, k, v[0] if isinstance(v, tuple) else v] for name, pairs in sections for k, v in pairs]
    return Table(title, ["section", "field", "value"], rows)


def markdown_lines(title: str, lines: list) -> str:
    body = "\n".join(line.plain.rstrip() for line in lines)
    fence = "```"
    while fence in body:  # a fence longer than any run of backticks in the text
        fence += "`"
    return f"**{_md(title)}**\n\n{fence}text\n{body}\n{fence}\n"
