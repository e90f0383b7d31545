"""The `wps` command line. Commands only wire: options → load → query → view → exit code.

Exit codes: 0 ok (an empty result too), 1 data problems or a name that matches nothing,
2 usage errors (an ambiguous name too), 70 an internal error (a bug), 74 output not written,
130/143 stopped by a signal.

Options mean the same in every command: the filters (--org --donor --from --to --place --type
--source),
--kind, --sort, --limit, --json, --csv, --export and --data. A filter that cannot apply to the
chosen kind is a usage error, never a silent empty result.
"""

from __future__ import annotations

import os
import re
import shutil
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated, overload

import typer
from typer.core import TyperArgument, TyperGroup

from wpskosovo.cli.completion import matches
from wpskosovo.model.dates import DateFormatError, PartialDate
from wpskosovo.model.words import KIND_NAMES
from wpskosovo.query.filters import FILTERS, NO_FILTERS, Filters, applies

# `wps --show-completion zsh` names its shell (Typer would otherwise guess, and print bash's).
os.environ.setdefault("_TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION", "1")

# Help names each argument by its metavar (KIND, ID), without Typer's Python type (<str>).
TyperArgument.display_type_rich = lambda self, ctx: None  # type: ignore[method-assign]

FIELDS_COMMANDS = ("list", "search", "timeline", "funding", "network")  # where --json=FIELD,… picks fields
_FIELD_LIST = re.compile(r"[a-z_]+(,[a-z_]+)*")


class _Group(TyperGroup):
    def parse_args(self, ctx, args):
        # `--json=id,title` picks fields, as gh's --json does, while a bare --json stays a flag.
        # gh's own spelling `--json id,title` too, where the next word cannot be anything else:
        # not in `search` (it could be a word to find) nor a kind after `list`.
        command = next((a for a in args if a in self.commands), None)
        if command in FIELDS_COMMANDS:
            out = []
            for n, arg in enumerate(args):
                nxt = args[n + 1] if n + 1 < len(args) else ""
                if arg.startswith("--json="):
                    out += ["--json", "--json-fields", arg[7:]]
                elif arg == "--json" and command != "search" and _FIELD_LIST.fullmatch(nxt) \
                        and not (command == "list" and nxt in KIND_NAMES):
                    out += ["--json", "--json-fields"]
                else:
                    out.append(arg)
            args = out
        return super().parse_args(ctx, args)


EXAMPLES = "Examples:\n\n\b\n"  # click keeps a paragraph that starts with \b as written

app = typer.Typer(
    name="wps",
    cls=_Group,
    help="Query a sourced dataset of Women, Peace and Security (WPS) work in Kosovo.\n\n"
         "Every record cites its source documents with a verbatim quote.\n\n" + EXAMPLES +
         "  wps list projects\n"
         "  wps timeline --org KWN\n"
         "  wps funding --donor Netherlands\n"
         "  wps search Shtërpcë\n"
         "  wps show kwn --json",
    invoke_without_command=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"],
                      # help as wide as the terminal, so summaries are whole
                      "max_content_width": max(60, shutil.get_terminal_size().columns - 2)},
)

_state: dict = {}


def fail(message: str, code: int = 1) -> typer.Exit:
    from wpskosovo.render import output

    output.error(f"error: {message}")
    return typer.Exit(code)


def usage(message: str, option: str | None = None) -> typer.BadParameter:
    """A usage error (exit 2) that names the option at fault; what the user typed in it is
    shown with control characters made visible."""
    from wpskosovo.render.output import clean

    return typer.BadParameter(clean(message), param_hint=option and f"'{option}'")


def _store(data: list[Path] | None = None):
    from wpskosovo.problems import DataError
    from wpskosovo.render import output
    from wpskosovo.store.db import open_data

    try:
        _state["store"] = open_data(data or _state.get("data"))
        return _state["store"]
    except DataError as e:
        output.error(e.report())
        raise typer.Exit(1) from None


@overload
def _resolve(data, text: str, kinds: tuple[str, ...] = ..., option: str = ...) -> str: ...
@overload
def _resolve(data, text: None, kinds: tuple[str, ...] = ..., option: str = ...) -> None: ...


def _resolve(data, text: str | None, kinds: tuple[str, ...] = ("organization",),
             option: str = "--org") -> str | None:
    """The id a name means. A loose match (a prefix, a word, a part of a name) is said on
    stderr, so that nobody reads an answer about a record they did not mean."""
    from wpskosovo.query.resolve import QueryError, is_exact, resolve
    from wpskosovo.render import output

    if text is None:
        return None
    try:
        record = resolve(data, text, kinds)
    except QueryError as e:
        raise fail(str(e), 2 if e.ambiguous else 1) from None
    if not is_exact(record, text):
        output.note(f"{option} {text}: {record.id} ({data.label(record)})")
    return record.id


# ---------------------------------------------------------------- completion (cheap: shipped data)


def _complete_kind(incomplete: str) -> list[str]:
    return matches(sorted(KIND_NAMES), incomplete)


def _complete_records(kinds: tuple[str, ...] | None):
    def complete(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
        from wpskosovo.cli.completion import records

        # The callbacks storing --data have not run yet: read it from the command line.
        paths = ctx.params.get("data") or ctx.find_root().params.get("data")
        return records(kinds, [Path(p) for p in paths] if paths else None, incomplete)

    return complete


def _complete_type(ctx: typer.Context, incomplete: str) -> list[str]:
    from wpskosovo.query import resolve

    kind = ctx.params.get("kind_opt") or ctx.params.get("kind")
    try:
        k = resolve.kind_of(kind) if kind else ("funding" if ctx.info_name == "funding" else None)
    except resolve.QueryError:
        k = None
    return matches(resolve.type_values(k), incomplete)


# ---------------------------------------------------------------- option types


def _date(value: str) -> PartialDate:
    """Parse --from/--to while options are parsed, so a bad date is a usage error (exit 2)."""
    try:
        return PartialDate.parse(value)
    except DateFormatError as e:
        raise typer.BadParameter(str(e)) from None


def _not_empty(value):
    values = value if isinstance(value, list) else [value]
    if any(v is not None and not v.strip() for v in values):
        raise typer.BadParameter("must not be empty")
    return value


def _export_path(value: Path | None) -> Path | None:
    from wpskosovo.render.output import EXPORT_FORMATS

    if value is not None and value.suffix.lower() not in EXPORT_FORMATS:
        raise typer.BadParameter(f"{value.name!r}: use a file ending in {', '.join(EXPORT_FORMATS)}")
    return value


class By(StrEnum):
    donor = "donor"
    recipient = "recipient"
    project = "project"
    year = "year"


def _kinds_help() -> str:
    from wpskosovo.model.words import KIND_PLURALS

    return ", ".join(KIND_PLURALS.values()) + " (orgs for short)"


EMPTY_PATH = ("an empty path would read every .toml file under the current folder; name the files "
              "or folders")


def _data_path(value: str) -> Path:
    """A --data entry: an empty one (Path("") is ".") would mean every .toml under the current
    folder, so it is refused. WPS_DATA is read, and checked alike, by parse.default_paths."""
    if not value.strip():
        raise typer.BadParameter(EMPTY_PATH)
    return Path(value)


DataOpt = Annotated[list[Path] | None, typer.Option(
    "--data", show_default=False, metavar="PATH", parser=_data_path,
    help="A TOML file or a directory of them (repeatable; default: WPS_DATA, paths joined by ':', "
         "else the shipped dataset).")]
KindOpt = Annotated[str | None, typer.Option(
    "--kind", "-k", metavar="KIND", show_default=False, autocompletion=_complete_kind,
    help=f"Only records of this kind: {_kinds_help()}.")]
OrgOpt = Annotated[list[str] | None, typer.Option(
    "--org", metavar="NAME", show_default=False, autocompletion=_complete_records(("organization",)),
    callback=_not_empty, help=FILTERS["--org"].help)]
DonorOpt = Annotated[str | None, typer.Option(
    "--donor", metavar="NAME", show_default=False, autocompletion=_complete_records(("organization",)),
    callback=_not_empty, help=FILTERS["--donor"].help)]
FromOpt = Annotated[PartialDate | None, typer.Option(
    "--from", metavar="DATE", show_default=False, parser=_date, help=FILTERS["--from"].help)]
ToOpt = Annotated[PartialDate | None, typer.Option(
    "--to", metavar="DATE", show_default=False, parser=_date, help=FILTERS["--to"].help)]
PlaceOpt = Annotated[str | None, typer.Option(
    "--place", metavar="PLACE", show_default=False, callback=_not_empty,
    autocompletion=_complete_records(("place",)), help=FILTERS["--place"].help)]
TypeOpt = Annotated[str | None, typer.Option(
    "--type", metavar="TYPE", show_default=False, callback=_not_empty, autocompletion=_complete_type,
    help=FILTERS["--type"].help)]
SourceOpt = Annotated[str | None, typer.Option(
    "--source", metavar="SOURCE", show_default=False, callback=_not_empty,
    autocompletion=_complete_records(("source",)), help=FILTERS["--source"].help)]
def _complete_sort(ctx: typer.Context, incomplete: str) -> list[str]:
    from wpskosovo.model.words import KIND_PLURALS
    from wpskosovo.render import reports

    # The shell passes `--sort` without its value, so click has not parsed the kind: a list
    # offers the fields of every kind.
    command, by = ctx.info_name or "", ctx.params.get("by")
    kinds = list(KIND_PLURALS) if command == "list" else [None]
    names = [n for k in kinds for n in reports.sort_names(command, k, by and by.value)]
    return matches(sorted({*names, *("-" + n for n in names)}), incomplete)


SortOpt = Annotated[str | None, typer.Option(
    "--sort", metavar="FIELD", show_default=False, autocompletion=_complete_sort,
    help="Order the rows by a field (-FIELD: descending): name, date, or any --json field.")]
def _positive(value: str) -> int:
    """A count, parsed here so that a bad one is said in the tool's words (exit 2)."""
    if not value.strip().isdigit() or int(value) < 1:
        raise typer.BadParameter(f"{value!r} is not a number of rows: give a whole number, 1 or more")
    return int(value)


LimitOpt = Annotated[int | None, typer.Option(
    "--limit", "-L", metavar="N", show_default=False, parser=_positive,
    help="Show at most N rows (the rest is counted).")]
JsonOpt = Annotated[bool, typer.Option(
    "--json", help="Print JSON for scripts; --json=FIELD,… for some fields only (a wrong one lists them).")]
WholeJsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON for scripts.")]
FieldsOpt = Annotated[str | None, typer.Option("--json-fields", hidden=True)]
CsvOpt = Annotated[bool, typer.Option("--csv", help="Print CSV.")]
ExportOpt = Annotated[Path | None, typer.Option(
    "--export", metavar="FILE", show_default=False, callback=_export_path,
    help="Write the output to FILE instead: .svg or .html (the picture a terminal shows), .md, .csv "
         "or .json.")]
ShowExportOpt = Annotated[Path | None, typer.Option(
    "--export", metavar="FILE", show_default=False, callback=_export_path,
    help="Write the record to FILE instead: .svg or .html (the picture a terminal shows), .md or .json.")]
ForceOpt = Annotated[bool, typer.Option("--force", help="Let --export replace an existing file.")]
ChartOpt = Annotated[bool, typer.Option("--chart", help="Draw a chart instead of a table.")]


def _version(value: bool) -> None:
    if value:
        from importlib.metadata import version

        print(f"wps {version('wpskosovo')}")
        raise typer.Exit()


@app.callback()
def _root(ctx: typer.Context, data: DataOpt = None,
          version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True,
                                                help="Print the version and exit.")] = False) -> None:
    from wpskosovo.load.toml import default_paths

    try:
        default_paths()
    except ValueError:
        raise typer.BadParameter(f"WPS_DATA: {EMPTY_PATH}") from None
    _state["data"] = data
    if ctx.invoked_subcommand is None:  # bare `wps`: the help, and success
        print(ctx.get_help())
        raise typer.Exit(0)


# ---------------------------------------------------------------- shared wiring


def _format(as_json: bool, as_csv: bool, chart: bool = False, export: Path | None = None) -> str:
    """The one output format asked for; asking for two is a usage error."""
    from wpskosovo.render import output

    asked = [name for name, on in (("--json", as_json), ("--csv", as_csv), ("--chart", chart)) if on]
    if len(asked) > 1:
        raise usage(f"{' and '.join(asked)} cannot be combined; choose one")
    if export is not None and (as_json or as_csv):
        raise usage("--export writes a file in the format its name ends in; drop --json/--csv")
    return output.choose_format(as_json, as_csv)


@overload
def _kind(kind: str) -> str: ...
@overload
def _kind(kind: None) -> None: ...


def _kind(kind: str | None) -> str | None:
    from wpskosovo.query import resolve

    try:
        return resolve.kind_of(kind) if kind else None
    except resolve.QueryError as e:
        raise usage(str(e), "--kind") from None


def _filters(data, kind: str | None, org=None, donor=None, from_=None, to=None, place=None, type_=None,
             source=None):
    """Check the filters against the kind (cheap, before any name is resolved) and build them."""
    from wpskosovo.model.kinds import KINDS
    from wpskosovo.model.words import fold
    from wpskosovo.query import resolve

    given = {"org": org, "donor": donor, "from": from_, "to": to, "place": place, "type": type_, "source": source}
    for option, value in given.items():
        if value and kind is not None:
            kinds = applies(f"--{option}")
            if kind not in kinds:
                raise usage(f"does not apply to {KINDS[kind].plural}; it applies to "
                            f"{', '.join(KINDS[k].plural for k in kinds)}", f"--{option}")
    if from_ and to and from_.lower > to.upper:
        raise usage(f"--from {from_} is later than --to {to}")
    if type_:
        values = resolve.type_values(kind)
        if fold(type_) not in map(fold, values):
            of = f" of {KINDS[kind].plural}" if kind else ""
            raise usage(f"{type_!r} is not a type{of}; types{of}: {', '.join(values)}", "--type")
    if data is None:
        return None
    return Filters(orgs=tuple(_resolve(data, o) for o in org or ()),
                         donor=_resolve(data, donor, option="--donor"), start=from_, end=to,
                         place=_resolve(data, place, ("place",), "--place"), type=type_, kind=kind,
                         source=_resolve(data, _source_id(source), ("source",), "--source"))


def _source_id(text: str | None) -> str | None:
    """A source by its number, as the documents are numbered (`003` for src-003)."""
    return f"src-{text.strip()}" if text and text.strip().isdigit() else text


def _fields(fields: str | None, declared: list[str]) -> list[str] | None:
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


def _pick(rows: list[dict], wanted: list[str] | None) -> list[dict]:
    return rows if wanted is None else [{f: row[f] for f in wanted} for row in rows]


def _limited(items: list, limit: int | None) -> tuple[list, int | None]:
    """The rows to show, and the total when some are left out."""
    if limit is None or len(items) <= limit:
        return items, None
    return items[:limit], len(items)


def _sort(sort: str | None, names: list[str]) -> str | None:
    """Check --sort against what the command's rows hold, before any data is read."""
    if sort is not None and sort.lstrip("-") not in names:
        raise usage(f"cannot sort by {sort!r}; sort by {', '.join(names)} (-FIELD: descending)", "--sort")
    return sort


def _ordered(build, items: list, sort: str | None, limit: int | None, title: str):
    """The table `build(items)` makes, ordered by --sort and cut to --limit ("showing N of M"),
    titled "TITLE (M)"; and the items its rows show, in order."""
    from wpskosovo.render import reports

    if sort:  # every row is needed to order them
        table = build(items)
        items = reports.sort_table(table, items, sort)
        shown, total = _limited(items, limit)
        table.rows = table.rows[:len(shown)]
    else:
        shown, total = _limited(items, limit)
        table = build(shown)
    table.title = f"{title} ({len(items)})"
    table.caption = reports.showing(len(shown), total)
    return table, shown


def _deliver_rows(export, force, table, shown: list, fmt: str, wanted, record_of, nothing: str) -> None:
    """Deliver a table of records: JSON rows (its columns and each `record_of(item)`) for
    --json or a .json export, else the table; `nothing` is said when there are no rows."""
    from wpskosovo.render import output, reports

    def json_rows():
        return _pick([reports.row_json(table, i, record_of(item)) for i, item in enumerate(shown)], wanted)

    if fmt == "json":
        output.emit_json(json_rows())
    elif not shown:  # JSON says "nothing" itself: []
        output.note(nothing)
    else:
        _deliver_table(export, force, table, fmt, json_rows)


def _deliver(export: Path | None, force: bool, title: str, renderables, texts: dict, emit) -> None:
    """Print with `emit()`, or write the --export file: the picture (`renderables()`) or a
    text form (`texts[suffix]()`)."""
    from wpskosovo.render import output

    if export is None:
        emit()
        return
    try:
        output.export(export, force, title, renderables, texts)
    except output.ExportError as e:
        raise fail(str(e), 2 if "cannot export" in str(e) else 1) from None
    output.note(f"wrote {export}")


def _deliver_table(export: Path | None, force: bool, table, fmt: str, json_rows=None, footer=()) -> None:
    """Deliver a table; `json_rows()` makes its rows for a .json export (only then: it costs)."""
    from wpskosovo.render import output

    texts = {".md": lambda: output.markdown_table(table, footer), ".csv": lambda: output.csv_text(table)}
    if json_rows is not None:
        texts[".json"] = lambda: output.json_text(json_rows())
    if table.caption and fmt != "table" and export is None:
        output.note(table.caption)  # "showing N of M": on stderr, so the rows stay clean
    _deliver(export, force, table.title, lambda: output.table_renderables(table, footer), texts,
             lambda: output.emit_table(table, fmt, footer))


def _deliver_chart(export: Path | None, force: bool, title: str, lines, fmt: str) -> bool:
    """Deliver chart lines; False, with a note, when there are none (the terminal is too narrow)."""
    from wpskosovo.render import output

    if lines is None:
        output.note("too narrow for a chart; showing the table")
        return False
    _deliver(export, force, title, lambda: lines, {".md": lambda: output.markdown_lines(title, lines)},
             lambda: output.emit_lines(lines, fmt))
    return True


# ---------------------------------------------------------------- validate


@app.command()
def validate(
    paths: Annotated[list[Path] | None, typer.Argument(
        metavar="PATH", show_default=False,
        help="Files or directories to check (default: --data, or the shipped dataset).")] = None,
    sources: Annotated[Path | None, typer.Option(
        "--sources", metavar="DIR", show_default=False, file_okay=False,
        help="Also check every quote against the source documents in DIR (each source record names "
             "its file): verbatim, whitespace aside.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the problems as JSON.")] = False,
    data: DataOpt = None,
) -> None:
    """Check the data; report every problem as file:line: record: field: message (exit 1).

    Findings go to stdout, so `wps validate | grep` works; exit 0 when clean.

    Examples:

    \b
      wps validate
      wps validate my-data/ extra.toml
      wps validate --sources path/to/documents/
      wps validate --json
    """
    from wpskosovo.load.validate import check
    from wpskosovo.problems import DataError
    from wpskosovo.render import output

    if sources is not None and not sources.is_dir():
        raise usage(f"{sources} is not a directory", "--sources")
    dataset, problems = check(paths or data or _state.get("data"), sources)
    if as_json:
        output.emit_json({"ok": not problems, "records": len(dataset),
                        "problems": [{"file": p.file, "line": p.line, "record": p.record,
                                      "field": p.field, "message": p.message} for p in problems]})
    elif problems:
        sys.stdout.write(output.clean(DataError(problems).report()) + "\n")
    else:
        n = len(dataset.files)
        quotes = f", every quote found in {sources}" if sources else ""
        print(f"ok: {len(dataset)} records in {n} file{'s' * (n != 1)}, no problems found{quotes}")
    if problems:
        raise typer.Exit(1)


# ---------------------------------------------------------------- list


@app.command("list")
def list_(
    kind: Annotated[str | None, typer.Argument(
        metavar="KIND", show_default=False, autocompletion=_complete_kind,
        help=f"What to list: {_kinds_help()}; or give --kind.")] = None,
    kind_opt: KindOpt = None,
    org: OrgOpt = None,
    donor: DonorOpt = None,
    from_: FromOpt = None,
    to: ToOpt = None,
    place: PlaceOpt = None,
    type_: TypeOpt = None,
    source: SourceOpt = None,
    sort: SortOpt = None,
    limit: LimitOpt = None,
    as_json: JsonOpt = False,
    fields: FieldsOpt = None,
    as_csv: CsvOpt = False,
    export: ExportOpt = None,
    force: ForceOpt = False,
    data: DataOpt = None,
) -> None:
    """List the records of one kind, with filters.

    Examples:

    \b
      wps list projects
      wps list events --org KCSS --from 2020
      wps list events --place Štrpce
      wps list orgs --type ministry --json=id,name
      wps list publications --export publications.md
    """
    from wpskosovo.model.kinds import KINDS
    from wpskosovo.query import select
    from wpskosovo.render import reports

    if kind and kind_opt and _kind(kind) != _kind(kind_opt):
        raise usage("give the kind once, as KIND or --kind")
    if not (kind or kind_opt):
        raise usage(f"say what to list: {_kinds_help()}", "KIND")
    k = _kind(kind or kind_opt or "")
    fmt = _format(as_json, as_csv, export=export)
    wanted = _fields(fields, reports.json_fields("list", k))
    _sort(sort, reports.sort_names("list", k))
    _filters(None, k, org, donor, from_, to, place, type_, source)
    dataset = _store(data)
    records = select.select(dataset, k, _filters(dataset, k, org, donor, from_, to, place, type_, source))
    table, shown = _ordered(lambda rs: reports.list_table(dataset, k, rs), records, sort, limit,
                            KINDS[k].plural.capitalize())
    _deliver_rows(export, force, table, shown, fmt, wanted, lambda r: r, f"no {KINDS[k].plural} found")


# ---------------------------------------------------------------- show


@app.command()
def show(
    record_id: Annotated[str, typer.Argument(
        metavar="ID", show_default=False, autocompletion=_complete_records(None),
        help="A record id, or the name of an organization, person, project, policy, publication, "
             "event or place.")],
    as_json: WholeJsonOpt = False,
    export: ShowExportOpt = None,
    force: ForceOpt = False,
    data: DataOpt = None,
) -> None:
    """Show one record in full: what and when, its relations, its evidence, notes last.

    Examples:

    \b
      wps show kwn
      wps show shterpce-panel-2020 --json
      wps show wssi-plus --export wssi-plus.html
    """
    from wpskosovo.model.kinds import KINDS
    from wpskosovo.query import select
    from wpskosovo.render import output, reports

    if not record_id.strip():
        raise usage("an empty name matches nothing", "ID")
    fmt = _format(as_json, False, export=export)
    dataset = _store(data)
    # A source by its number (`wps show 003`); any record by a name, or a unique start of its id.
    record = dataset.by_id.get(record_id) or dataset.by_id.get(_source_id(record_id) or "")
    if record is None:
        record = dataset.by_id[_resolve(dataset, record_id, tuple(KINDS), "show")]
    rels = select.relations(dataset, record)
    payload = reports.show_json(dataset, record, rels)
    if fmt == "json":
        output.emit_json(payload)
        return
    title = f"{record.kind} {record.id}: {dataset.label(record)}"
    record_part, evidence, notes = reports.show_sections(dataset, record, rels)
    sections = [record_part, ("relations", reports.relation_pairs(dataset, rels)), evidence, notes]

    def picture():
        relations = ("relations", reports.relation_pairs(dataset, rels, stacked=True))
        return output.pairs_renderables(title, [record_part, relations, evidence, notes])

    _deliver(export, force, title, picture,
             {".md": lambda: output.markdown_pairs(title, sections), ".json": lambda: output.json_text(payload)},
             lambda: output.emit_renderables(picture()) if fmt == "table" else output.emit_pairs(title, sections, fmt))


# ---------------------------------------------------------------- search


@app.command()
def search(
    words: Annotated[list[str], typer.Argument(
        metavar="WORDS", show_default=False,
        help="Words to find, quoted or not (case and accents do not matter).")],
    kind: KindOpt = None,
    org: OrgOpt = None,
    donor: DonorOpt = None,
    from_: FromOpt = None,
    to: ToOpt = None,
    place: PlaceOpt = None,
    type_: TypeOpt = None,
    source: SourceOpt = None,
    sort: SortOpt = None,
    limit: LimitOpt = None,
    as_json: JsonOpt = False,
    fields: FieldsOpt = None,
    as_csv: CsvOpt = False,
    export: ExportOpt = None,
    force: ForceOpt = False,
    data: DataOpt = None,
) -> None:
    """Search every kind and text field, names in every language, acronyms and aliases.

    A record also matches through the names of what it links to; exact names come first.

    Examples:

    \b
      wps search nicole kidman
      wps search domestic violence --kind policies
      wps search Prishtinë --from 2009
    """
    from wpskosovo.query import search
    from wpskosovo.render import reports

    text = " ".join(words)
    if not any(c.isalnum() for c in text):
        raise usage("give a word to search for", "WORDS")
    k = _kind(kind)
    fmt = _format(as_json, as_csv, export=export)
    wanted = _fields(fields, reports.json_fields("search"))
    _sort(sort, reports.sort_names("search"))
    _filters(None, k, org, donor, from_, to, place, type_, source)
    dataset = _store(data)
    f = _filters(dataset, k, org, donor, from_, to, place, type_, source)
    hits = search.search(dataset, text, k, f)
    table, shown = _ordered(lambda hs: reports.search_table(dataset, hs), hits, sort, limit, "Search results")
    table.highlight = words
    _deliver_rows(export, force, table, shown, fmt, wanted, lambda h: h.record, f"nothing found for {text!r}")


# ---------------------------------------------------------------- timeline


@app.command()
def timeline(
    kind: KindOpt = None,
    org: OrgOpt = None,
    donor: DonorOpt = None,
    from_: FromOpt = None,
    to: ToOpt = None,
    place: PlaceOpt = None,
    type_: TypeOpt = None,
    source: SourceOpt = None,
    sort: SortOpt = None,
    limit: LimitOpt = None,
    dated_only: Annotated[bool, typer.Option(
        "--dated-only", help="Leave out the records whose date the documents do not state.")] = False,
    chart: ChartOpt = False,
    as_json: JsonOpt = False,
    fields: FieldsOpt = None,
    as_csv: CsvOpt = False,
    export: ExportOpt = None,
    force: ForceOpt = False,
    data: DataOpt = None,
) -> None:
    """Everything dated, in order; then what the documents mention without a date.

    Dates show their precision (2009, 2009-06, 2009-06-08); '~' marks a date the sources
    imply but do not state (`wps show ID` says why), '?' an uncertain one. Records with no
    stated date close the timeline, with what the documents say (e.g. "June 6-8, year not
    stated"), unless --from/--to or --dated-only is given.

    Examples:

    \b
      wps timeline --org KWN
      wps timeline --from 2008 --to 2009 --kind events
      wps timeline --chart --org UNIFEM --export unifem.svg
    """
    from wpskosovo.query import timeline
    from wpskosovo.render import output, reports

    k = _kind(kind)
    fmt = _format(as_json, as_csv, chart, export)
    wanted = _fields(fields, reports.json_fields("timeline"))
    _sort(sort, reports.sort_names("timeline"))
    _filters(None, k, org, donor, from_, to, place, type_, source)
    dataset = _store(data)
    f = _filters(dataset, k, org, donor, from_, to, place, type_, source)
    undated = [] if (dated_only or from_ or to) else timeline.undated(dataset, f)

    def build(rows):
        return reports.timeline_table(dataset, [m for m in rows if isinstance(m, timeline.Moment)],
                                      [r for r in rows if not isinstance(r, timeline.Moment)])

    table, shown = _ordered(build, [*timeline.timeline(dataset, f), *undated], sort, limit, "Timeline")
    if chart and shown:
        from wpskosovo.render import charts

        lines = charts.timeline_chart(dataset, [m for m in shown if isinstance(m, timeline.Moment)], output.width(),
                                      [r for r in shown if not isinstance(r, timeline.Moment)])
        if _deliver_chart(export, force, "Timeline", lines, fmt):
            return
    _deliver_rows(export, force, table, shown, fmt, wanted,
                  lambda item: item.record if isinstance(item, timeline.Moment) else item, "no records found")


# ---------------------------------------------------------------- funding


@app.command()
def funding(
    donor: DonorOpt = None,
    recipient: Annotated[str | None, typer.Option(
        metavar="NAME", help="Only flows to (or through) this organization.", show_default=False,
        callback=_not_empty, autocompletion=_complete_records(("organization",)))] = None,
    project: Annotated[str | None, typer.Option(
        metavar="NAME", help="Only flows to this project.", show_default=False, callback=_not_empty,
        autocompletion=_complete_records(("project",)))] = None,
    org: OrgOpt = None,
    from_: FromOpt = None,
    to: ToOpt = None,
    place: PlaceOpt = None,
    type_: TypeOpt = None,
    source: SourceOpt = None,
    by: Annotated[By | None, typer.Option(help="Totals per group instead of flows.", case_sensitive=False,
                                             show_default=False)] = None,
    sort: SortOpt = None,
    limit: LimitOpt = None,
    chart: ChartOpt = False,
    as_json: JsonOpt = False,
    fields: FieldsOpt = None,
    as_csv: CsvOpt = False,
    export: ExportOpt = None,
    force: ForceOpt = False,
    data: DataOpt = None,
) -> None:
    """Funding flows with totals per currency; undisclosed amounts are counted, never summed as 0.

    Examples:

    \b
      wps funding --donor Netherlands
      wps funding --from 2009 --by donor
      wps funding --chart --export funding.svg
    """
    from dataclasses import replace

    from wpskosovo.query import funding
    from wpskosovo.render import output, reports

    fmt = _format(as_json, as_csv, chart, export)
    wanted = _fields(fields, reports.json_fields("funding", by=by and by.value))
    _sort(sort, reports.sort_names("funding", by=by and by.value))
    _filters(None, "funding", org, None, from_, to, place, type_, source)
    dataset = _store(data)
    f = _filters(dataset, "funding", org, None, from_, to, place, type_, source)
    grouping = by.value if by else ("donor" if chart else None)
    report = funding.funding(dataset, donor=_resolve(dataset, donor, option="--donor"),
                           recipient=_resolve(dataset, recipient, option="--recipient"),
                           project=_resolve(dataset, project, ("project",), "--project"), by=grouping, f=f)
    selected = len(report.flows)
    if not report.flows and fmt != "json":
        output.note("no funding found")
        return
    if chart:
        from wpskosovo.render import charts

        if limit is not None and report.groups is not None:
            report.groups = dict(list(report.groups.items())[:limit])
        if _deliver_chart(export, force, "Funding", charts.funding_chart(report, output.width()), fmt):
            return
    full, footer = reports.funding_table(dataset, report)
    if report.groups is None:
        table, report.flows = _ordered(lambda flows: reports.list_table(dataset, "funding", flows), report.flows,
                                       sort, limit, "Funding")
    else:
        table, _ = _ordered(lambda rows: replace(full, rows=list(rows)), full.rows, sort, limit, "Funding totals")

    def json_out():
        out = reports.funding_json(report, table, selected)
        rows = "flows" if report.groups is None else "groups"
        return out | {rows: _pick(out[rows], wanted)}

    if fmt == "json":
        output.emit_json(json_out())
        return
    _deliver_table(export, force, table, fmt, json_out, footer)


# ---------------------------------------------------------------- network


def _depth(value: str | int) -> int:
    if str(value) not in ("1", "2"):  # the default arrives as the int itself
        raise typer.BadParameter(f"{value!r}: give 1 (partners) or 2 (their partners too)")
    return int(value)


@app.command()
def network(
    org: Annotated[str | None, typer.Option(
        "--org", metavar="NAME", show_default=False, callback=_not_empty,
        autocompletion=_complete_records(("organization",)),
        help="Whose partners to show (id, name, acronym or alias); without it, the most connected first.")] = None,
    depth: Annotated[int, typer.Option(
        "--depth", metavar="1|2", help="2 adds the partners' own partners.", parser=_depth)] = 1,
    via: Annotated[str | None, typer.Option(
        "--via", metavar="KINDS", show_default=False,
        help="Only links through these, comma-separated: projects, events, publications, policies, "
             "funding, members.")] = None,
    from_: FromOpt = None,
    to: ToOpt = None,
    sort: SortOpt = None,
    limit: LimitOpt = None,
    as_json: JsonOpt = False,
    fields: FieldsOpt = None,
    as_csv: CsvOpt = False,
    dot: Annotated[bool, typer.Option("--dot", help="Print Graphviz DOT (draw it with `dot -Tsvg`).")] = False,
    export: ExportOpt = None,
    force: ForceOpt = False,
    data: DataOpt = None,
) -> None:
    """Which organizations are linked, and by what: shared projects, events, publications,
    policies, funding, membership.

    An organization takes part in a record as --org counts it: itself or one of its units, in
    any role or through one of its people. A link known only through an inferred participation
    is marked "(inferred)". --limit N keeps the N most connected partners (or organizations),
    in every format; --from/--to keep the links made by records of that period.

    Examples:

    \b
      wps network --org KWN
      wps network --org UNIFEM --via projects,funding
      wps network --org KCSS --depth 2 --dot > kcss.dot
      wps network --limit 10
    """
    from wpskosovo.query import network as net
    from wpskosovo.query import resolve, select
    from wpskosovo.render import output, reports

    names = net.via()
    singular = {kind: name for name, kind in names.items()} | {"member": "members"}  # --via event too
    kinds = {singular.get(v.strip(), v.strip()) for v in via.split(",")} if via else set(names)
    unknown = sorted(kinds - set(names))
    if unknown:
        raise usage(f"unknown {', '.join(unknown)}; choose from {', '.join(names)}", "--via")
    if dot and (as_json or as_csv):
        raise usage("--dot cannot be combined with --json or --csv; choose one")
    if export is not None and dot:
        raise usage("--export writes a file in the format its name ends in; drop --dot")
    if depth == 2 and not org:
        raise usage("needs --org: whose partners' partners to show", "--depth")
    fmt = _format(as_json, as_csv, export=export)
    wanted = _fields(fields, reports.json_fields("network"))
    _sort(sort, reports.sort_names("network") if org else reports.RANKING_COLUMNS + ["name", "date"])
    _filters(None, None, None, None, from_, to)
    dataset = _store(data)
    center = _resolve(dataset, org)
    # Its units count as the organization itself, as they do for --org in every command.
    merge = {unit: center for unit in resolve.units(dataset, (center,))} if center else None
    everything = net.edges(net.link_rows(dataset, merge), kinds)
    if from_ or to:
        kept = select.in_period(dataset, {e.record for e in everything}, from_, to)
        everything = [e for e in everything if e.record in kept]
    if center:
        edges = reports.edges_from(center, net.around(everything, center, depth, limit))
        table, _ = _ordered(lambda es: reports.edges_table(dataset, es), edges, sort, None, "Links")
    else:
        table, ranked = _ordered(lambda rs: reports.ranking_table(dataset, rs), net.ranking(everything), sort,
                                 limit, "Most connected organizations")
        shown = {o for o, _, _ in ranked}
        edges = [e for e in everything if e.a in shown and e.b in shown]

    def json_out():
        out = reports.network_json(dataset, edges)
        return out | {"edges": _pick(out["edges"], wanted)}

    if fmt == "json" or dot:
        sys.stdout.write(reports.network_dot(dataset, edges) if dot else output.json_text(json_out()))
        return
    if not edges:
        output.note("no links found")
        return
    if center is None:
        _deliver_table(export, force, table, fmt, json_out)
        return
    title = f"{center}  {dataset.by_id[center].label}"
    groups = reports.network_groups(dataset, center, edges)
    _deliver(export, force, title, lambda: output.tree_renderables(title, groups),
             {".md": lambda: output.markdown_tree(title, groups), ".csv": lambda: output.csv_text(table),
              ".json": lambda: output.json_text(json_out())},
             lambda: output.emit_renderables(output.tree_renderables(title, groups)) if fmt == "table"
             else output.emit_table(table, fmt))


# ---------------------------------------------------------------- stats


@app.command()
def stats(
    kind: KindOpt = None,
    org: OrgOpt = None,
    donor: DonorOpt = None,
    from_: FromOpt = None,
    to: ToOpt = None,
    place: PlaceOpt = None,
    type_: TypeOpt = None,
    source: SourceOpt = None,
    as_json: WholeJsonOpt = False,
    as_csv: CsvOpt = False,
    data: DataOpt = None,
) -> None:
    """Counts per kind, the period covered, and the sources with how many records each supports;
    with filters, of the records they select.

    Examples:

    \b
      wps stats
      wps stats --org KWN --from 2009
      wps stats --json
    """
    from wpskosovo.query import stats
    from wpskosovo.render import output, reports

    k = _kind(kind)
    fmt = _format(as_json, as_csv)
    _filters(None, k, org, donor, from_, to, place, type_, source)
    dataset = _store(data)
    f = _filters(dataset, k, org, donor, from_, to, place, type_, source)
    s = stats.stats(dataset, f)
    if fmt == "json":
        output.emit_json(reports.stats_json(s))
    else:
        output.emit_pairs("Dataset" if f == NO_FILTERS else "Selected records", reports.stats_sections(s), fmt)


# ---------------------------------------------------------------- export


@app.command("export")
def export_(
    target: Annotated[Path, typer.Argument(
        metavar="TARGET", show_default=False,
        help="A SQLite file to write (wps.db), or with --csv a folder for one CSV file per table.")],
    as_csv: Annotated[bool, typer.Option("--csv", help="Write one CSV file per table into TARGET.")] = False,
    force: ForceOpt = False,
    data: DataOpt = None,
) -> None:
    """Write the whole dataset as a SQLite database (or CSV files) for other tools.

    The database opens as it is in Datasette (`datasette wps.db`: a table per kind, references
    as links, a full-text search box on `records`) and in sqlite-utils or any SQLite client.

    Examples:

    \b
      wps export wps.db
      wps export tables/ --csv
    """
    import sqlite3
    from importlib.metadata import version

    from wpskosovo.render import export, output
    from wpskosovo.store.build import save

    if not as_csv and target.exists() and not force:
        raise fail(f"{target} exists; add --force to replace it")
    if as_csv and target.exists() and not target.is_dir():
        raise usage(f"{target} is not a folder", "TARGET")
    dataset = _store(data)
    db = export.database(dataset, version("wpskosovo"))
    try:
        if as_csv:
            files, where = len(export.save_csv(db, target, force)), f"{target}/*.csv"
        else:
            save(db, target)
            files, where = 1, str(target)
    except FileExistsError as e:
        raise fail(str(e)) from None
    except (OSError, sqlite3.Error) as e:
        raise fail(f"cannot write {target}: {getattr(e, 'strerror', None) or e}") from None
    output.note(f"wrote {where} ({files} file{'s' * (files != 1)}, {len(dataset)} records)")


def _run() -> None:
    """Run the command; if the cache entry it read turns out damaged inside (a query fails on
    it), drop the entry and run the command again on the data itself."""
    import sqlite3

    try:
        app()  # ends in SystemExit, even on success
    except sqlite3.DatabaseError:
        damaged = getattr(_state.get("store"), "path", None)
        if damaged is None:
            raise
        damaged.unlink(missing_ok=True)
        os.environ["WPS_CACHE"] = "off"
        _state.clear()
        app()


def main() -> None:
    # A terminal that cannot show a character gets an escape, not a crash.
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="backslashreplace")
    try:
        try:
            _run()
        finally:
            sys.stdout.flush()  # a full disk is found here, not in a message at exit
    except OSError as e:  # the system refused (a full disk, a closed output): not a bug
        sys.stderr.write(f"wps: cannot write the output: {e.strerror or e}\n")
        sys.exit(74)
    except Exception as e:  # a bug, not bad input: say so in one line, without a traceback
        sys.stderr.write(f"wps: internal error: {type(e).__name__}: {e}\n"
                         "Please report it with the command you ran.\n")
        sys.exit(70)
