"""The terminal's pictures: a table sized to the width (one line a row, stacked rows, or blocks
of lines), a record's sections, a tree; also what SVG and HTML exports draw. Every string
reaches Rich inside a `Text`, cleaned, so it is never read as markup."""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from typing import Any

from wpskosovo.render.output import Sections, Table, clean, one_line, text
from wpskosovo.render.output import width as terminal_width

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

    width = width or terminal_width()
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
        room = max(20, (width or terminal_width()) - key_w - 4)

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
