"""What every command shares: errors, opening the data, resolving names, checking the
filters, the output format, --sort and --limit, and delivering a table, chart or JSON."""


from collections.abc import Sequence
from pathlib import Path
from typing import overload

import typer

from wpskosovo.query.filters import applies

state: dict = {}  # --data, as the root callback read it; the store a command opened


def fail(message: str, code: int = 1) -> typer.Exit:
    from wpskosovo.render import output

    output.note(f"Error: {message}")  # worded as click words a usage error
    return typer.Exit(code)


def usage(message: str, option: str | None = None) -> typer.BadParameter:
    """A usage error (exit 2) that names the option at fault; what the user typed in it is
    shown with control characters made visible."""
    from wpskosovo.render.output import clean

    return typer.BadParameter(clean(message), param_hint=option and f"'{option}'")


def open_store(data: list[Path] | None = None):
    from wpskosovo.problems import DataError
    from wpskosovo.render import output
    from wpskosovo.store.db import open_data

    try:
        state["store"] = open_data(data or state.get("data"))
        return state["store"]
    except DataError as e:
        output.note(e.report())
        raise typer.Exit(1) from None


def not_an_input(target: Path) -> None:
    """Refuse to write over a data file being read, compared by identity (a link to it, a
    hard link), whatever --force says."""
    import os

    from wpskosovo.load.toml import default_paths, toml_files

    if not os.path.lexists(target):
        return
    for path in toml_files(state.get("data") or default_paths())[0]:
        try:
            same = os.path.samefile(target, path)
        except OSError:
            continue
        if same:
            raise fail(f"{target} is the data being read ({path}): choose another name")


@overload
def resolve_name(store, text: str, kinds: tuple[str, ...] = ..., option: str = ...) -> str: ...
@overload
def resolve_name(store, text: None, kinds: tuple[str, ...] = ..., option: str = ...) -> None: ...


def resolve_name(store, text: str | None, kinds: tuple[str, ...] = ("organization",),
                 option: str = "--org") -> str | None:
    """The id a name means. A loose match (a prefix, a word, a part of a name) is said on
    stderr, so that nobody reads an answer about a record they did not mean."""
    from wpskosovo.query.resolve import QueryError, is_exact, resolve
    from wpskosovo.render import output

    if text is None:
        return None
    try:
        record = resolve(store, text, kinds)
    except QueryError as e:
        raise fail(str(e), 2 if e.ambiguous else 1) from None
    if not is_exact(record, text):
        output.note(f"{option} {text}: {record.id} ({store.label(record)})")
    return record.id


def output_format(as_json: bool, as_csv: bool, chart: bool = False, export: Path | None = None,
                  cite: str | None = None) -> str:
    """The one output format asked for; asking for two is a usage error."""
    from wpskosovo.render import output

    asked = [name for name, on in (("--json", as_json), ("--csv", as_csv), ("--chart", chart), ("--cite", cite)) if on]
    if len(asked) > 1:
        raise usage(f"{' and '.join(asked)} cannot be combined; choose one")
    if export is not None and (as_json or as_csv or cite):
        raise usage("--export writes a file in the format its name ends in; drop --json/--csv/--cite")
    return output.choose_format(as_json, as_csv)


@overload
def kind_option(kind: str) -> str: ...
@overload
def kind_option(kind: None) -> None: ...


def kind_option(kind: str | None) -> str | None:
    from wpskosovo.query import resolve

    try:
        return resolve.kind_of(kind) if kind else None
    except resolve.QueryError as e:
        raise usage(str(e), "--kind") from None


def check_filters(typed, kind: str | None) -> None:
    """Check the filters as typed against the kind, before any data is read: one that cannot
    apply to the kind, --from after --to, a type the kind does not have."""
    from wpskosovo.model.kinds import KINDS
    from wpskosovo.model.words import fold
    from wpskosovo.query import resolve
    from wpskosovo.query.filters import FILTERS

    for flt in FILTERS.values():
        if getattr(typed, flt.field) and kind is not None and kind not in (kinds := applies(flt.option)):
            raise usage(f"does not apply to {KINDS[kind].plural}; it applies to "
                        f"{', '.join(KINDS[k].plural for k in kinds)}", flt.option)
    if typed.start and typed.end and typed.start.lower > typed.end.upper:
        raise usage(f"--from {typed.start} is later than --to {typed.end}")
    if typed.type:
        values = resolve.type_values(kind)
        if fold(typed.type) not in map(fold, values):
            of = f" of {KINDS[kind].plural}" if kind else ""
            import difflib

            close = difflib.get_close_matches(fold(typed.type), [fold(v) for v in values], n=1)
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            raise usage(f"{typed.type!r} is not a type{of}{hint}; types{of}: {', '.join(values)}", "--type")


def resolve_filters(store, typed, kind: str | None):
    """The filters of a query: the names typed resolved to ids (each filter names the kinds it
    takes), for records of `kind`."""
    from dataclasses import replace

    from wpskosovo.query.filters import FILTERS

    def one(flt, text: str) -> str:
        return resolve_name(store, (source_id(text) or text) if flt.field == "source" else text, flt.names,
                            flt.option)

    names = {flt.field: tuple(one(flt, t) for t in value) if isinstance(value, tuple) else one(flt, value)
             for flt in FILTERS.values() if flt.names and (value := getattr(typed, flt.field))}
    return replace(typed, kind=kind, **names)


def source_id(text: str | None) -> str | None:
    """A source by its number, as the documents are numbered (`003` for src-003)."""
    return f"src-{text.strip()}" if text and text.strip().isdigit() else text


def wanted_fields(fields: str | None, declared: list[str]) -> list[str] | None:
    """`--json=a,b`: the fields asked for, checked against the command's declared fields
    before any data is read; an unknown one is a usage error naming the valid ones."""
    if fields is None:
        return None
    wanted = [f.strip() for f in fields.split(",") if f.strip()]
    unknown = [f for f in wanted if f not in declared]
    if unknown or not wanted:
        raise usage(f"unknown field {', '.join(unknown) or repr(fields)}; fields: {', '.join(declared)}",
                    "--json")
    return wanted


def pick(rows: list[dict], wanted: list[str] | None) -> list[dict]:
    return rows if wanted is None else [{f: row[f] for f in wanted} for row in rows]


def limited(items: Sequence, limit: int | None) -> tuple[Sequence, int | None]:
    """The rows to show, and the total when some are left out."""
    if limit is None or len(items) <= limit:
        return items, None
    return items[:limit], len(items)


def sort_option(sort: str | None, names: list[str]) -> str | None:
    """Check --sort against what the command's rows hold, before any data is read."""
    if sort is not None and sort.lstrip("-") not in names:
        raise usage(f"cannot sort by {sort!r}; sort by {', '.join(names)} (-FIELD: descending)", "--sort")
    return sort


def ordered(build, items: Sequence, sort: str | None, limit: int | None, title: str):
    """The table `build(items)` makes, ordered by --sort and cut to --limit ("showing N of M"),
    titled "TITLE (M)"; and the items its rows show, in order."""
    from wpskosovo.render import reports

    if sort:  # every row is needed to order them
        table = build(items)
        items = reports.sort_table(table, items, sort)
        shown, total = limited(items, limit)
        table.rows = table.rows[:len(shown)]
    else:
        shown, total = limited(items, limit)
        table = build(shown)
    table.title = f"{title} ({len(items)})"
    table.caption = reports.showing(len(shown), total) or table.caption
    return table, shown


def deliver_rows(export, force, table, shown: list, fmt: str, wanted, store, nothing: str) -> None:
    """Deliver a table of records (rows with their `id`): JSON rows (its columns and each whole
    record, read from the store) for --json or a .json export, else the table; `nothing` is
    said when there are no rows."""
    from wpskosovo.render import output, reports

    def json_rows():
        records = store.records([item.id for item in shown])
        return pick([reports.row_json(table, i, r) for i, r in enumerate(records)], wanted)

    if fmt == "json":
        output.emit_json(json_rows())
    elif not shown:  # JSON says "nothing" itself: []
        output.note(nothing)
    else:
        deliver_table(export, force, table, fmt, json_rows)


def deliver(export: Path | None, force: bool, title: str, renderables, texts: dict, emit) -> None:
    """Print with `emit()`, or write the --export file: the picture (`renderables()`) or a
    text form (`texts[suffix]()`)."""
    from wpskosovo.render import files, output

    if export is None:
        emit()
        return
    not_an_input(export)
    try:
        files.export(export, force, title, renderables, texts)
    except files.ExportError as e:
        raise fail(str(e), 2 if "cannot export" in str(e) else 1) from None
    except OSError as e:  # a name the system refuses (too long, a folder that is a file): the user's to fix
        raise fail(f"cannot write {export}: {e.strerror or e}") from None
    output.note(f"wrote {export}")


def deliver_table(export: Path | None, force: bool, table, fmt: str, json_rows=None, footer=()) -> None:
    """Deliver a table; `json_rows()` makes its rows for a .json export (only then: it costs)."""
    from wpskosovo.render import files, layout, output

    texts = {".md": lambda: files.markdown_table(table, footer), ".csv": lambda: output.csv_text(table)}
    if json_rows is not None:
        texts[".json"] = lambda: output.json_text(json_rows())
    if table.caption and fmt != "table" and export is None:
        output.note(table.caption)  # "showing N of M": on stderr, so the rows stay clean
    deliver(export, force, table.title, lambda: layout.table_renderables(table, footer), texts,
            lambda: output.emit_table(table, fmt, footer))


def deliver_pairs(export: Path | None, force: bool, title: str, sections, fmt: str, payload, picture=None) -> None:
    """Deliver a report of sections (stats, show): `payload` as JSON; else the sections, as
    `picture()` on a terminal (by default, the sections under their names) or section, field,
    value rows; the --export file in any of these forms."""
    from wpskosovo.render import files, layout, output

    if fmt == "json":
        output.emit_json(payload)
        return
    draw = picture or (lambda: layout.pairs_renderables(title, sections))
    rows = output.pairs_table(title, sections)
    deliver(export, force, title, draw,
            {".md": lambda: files.markdown_table(rows), ".csv": lambda: output.csv_text(rows),
             ".json": lambda: output.json_text(payload)},
            lambda: output.emit_renderables(draw()) if fmt == "table" else output.emit_table(rows, fmt))


def picked(payload: dict, wanted: list[str] | None) -> dict:
    """A report's JSON with only the parts --json=FIELDS asks for (null where it has none)."""
    return payload if wanted is None else {f: payload.get(f) for f in wanted}


def deliver_chart(export: Path | None, force: bool, title: str, lines, fmt: str) -> bool:
    """Deliver chart lines; False, with a note, when there are none (the terminal is too narrow)."""
    from wpskosovo.render import files, output

    if lines is None:
        output.note("too narrow for a chart; showing the table")
        return False
    deliver(export, force, title, lambda: lines, {".md": lambda: files.markdown_lines(title, lines)},
            lambda: output.emit_lines(lines, fmt))
    return True


def deliver_citations(store, ids: list[str], fmt: str) -> None:
    """The sources these records rest on, as plain text, BibTeX or CSL-JSON."""
    from wpskosovo.query.cite import citations
    from wpskosovo.render import cite, output

    if not ids:  # an empty listing rests on nothing: JSON says so itself, text on stderr
        if fmt == "csl":
            output.emit_json([])
        else:
            output.note("no records, so nothing to cite")
        return
    found = citations(store, ids)
    if fmt == "csl":
        output.emit_json(cite.csl(found))
    else:
        wrap = output.width() - 1 if output.choose_format() == "table" else None  # a terminal's width
        output.emit_text(cite.bibtex(found) if fmt == "bibtex" else cite.plain(found, wrap))
