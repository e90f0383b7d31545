"""Files for people: the --export file of any output (the picture a terminal shows as SVG or
HTML, or a text form: Markdown, CSV, JSON), written whole, and the Markdown forms."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from wpskosovo.render.output import Table, one_line, text, width

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


def write_atomically(path: Path, content: str) -> None:
    """Write an export whole (see leftovers.write_whole), with the umask's permissions."""
    from wpskosovo.leftovers import write_whole

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


def markdown_lines(title: str, lines: list) -> str:
    body = "\n".join(line.plain.rstrip() for line in lines)
    fence = "```"
    while fence in body:  # a fence longer than any run of backticks in the text
        fence += "`"
    return f"**{_md(title)}**\n\n{fence}text\n{body}\n{fence}\n"


def markdown_tree(root: str, groups) -> str:
    lines = [f"**{_md(root)}**", ""]
    for title, items in groups:
        lines.append(f"- {_md(title)}")
        for label, details in items:
            lines.append(f"  - {_md(label)}")
            lines += [f"    - {_md(d)}" for d in details]
    return "\n".join(lines) + "\n"
