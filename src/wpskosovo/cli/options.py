"""The options the commands share (each declared once, with its help, parser and completion),
so that an option means the same in every command."""


import re
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any, NamedTuple

import typer

from wpskosovo.cli.completion import kind_on_line, matches
from wpskosovo.model.dates import DateFormatError, PartialDate
from wpskosovo.model.words import PILLARS
from wpskosovo.query.filters import FILTERS, Filters


def complete_kind(incomplete: str) -> list[str]:
    from wpskosovo.model.kinds import kind_names

    return matches(sorted(kind_names()), incomplete)


def complete_records(kinds: tuple[str, ...] | None):
    def complete(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
        from wpskosovo.cli.completion import records

        # The callbacks storing --data have not run yet: read it from the command line.
        paths = ctx.params.get("data") or ctx.find_root().params.get("data")
        return records(kinds, [Path(p) for p in paths] if paths else None, incomplete)

    return complete


def complete_type(ctx: typer.Context, incomplete: str) -> list[str]:
    from wpskosovo.query import resolve

    kind = kind_on_line(ctx)
    try:
        k = resolve.kind_of(kind) if kind else ("funding" if ctx.info_name == "funding" else None)
    except resolve.QueryError:
        k = None
    return matches(resolve.type_values(k), incomplete)


# ---------------------------------------------------------------- option types


def parse_date(value: str) -> PartialDate:
    """Parse --from/--to while options are parsed, so a bad date is a usage error (exit 2)."""
    try:
        return PartialDate.parse(value)
    except DateFormatError as e:
        raise typer.BadParameter(str(e)) from None


def not_empty(value):
    values = value if isinstance(value, list) else [value]
    if any(v is not None and not v.strip() for v in values):
        raise typer.BadParameter("must not be empty")
    return value


def export_path(value: Path | None) -> Path | None:
    from wpskosovo.render.files import EXPORT_FORMATS

    if value is not None and value.suffix.lower() not in EXPORT_FORMATS:
        raise typer.BadParameter(f"{value.name!r}: use a file ending in {', '.join(EXPORT_FORMATS)}")
    return value


class CiteFormat(StrEnum):
    plain = "plain"
    bibtex = "bibtex"
    csl = "csl"


CiteOpt = Annotated[CiteFormat | None, typer.Option(
    "--cite", metavar="FORMAT", show_default=False, case_sensitive=False,
    help="Print the sources the rows rest on, with their quotes, instead: plain, bibtex or csl (CSL-JSON).")]


class By(StrEnum):
    donor = "donor"
    recipient = "recipient"
    project = "project"
    year = "year"
    pillar = "pillar"


def kinds_help() -> str:
    from wpskosovo.model.kinds import KINDS

    return ", ".join(m.plural for m in KINDS.values()) + " (orgs for short)"


EMPTY_PATH = ("an empty path would read every .toml file under the current folder; name the files "
              "or folders")


def data_path(value: str) -> Path:
    """A --data entry: an empty one (Path("") is ".") would mean every .toml under the current
    folder, so it is refused. WPS_DATA is read, and checked alike, by load.toml.default_paths."""
    if not value.strip():
        raise typer.BadParameter(EMPTY_PATH)
    return Path(value)


DataOpt = Annotated[list[Path] | None, typer.Option(
    "--data", show_default=False, metavar="PATH", parser=data_path,
    help="A TOML file or a directory of them (repeatable; default: WPS_DATA, paths joined by ':', "
         "else the shipped dataset).")]
KindOpt = Annotated[str | None, typer.Option(
    "--kind", "-k", metavar="KIND", show_default=False, autocompletion=complete_kind,
    help=f"Only records of this kind: {kinds_help()}.")]
OrgOpt = Annotated[list[str] | None, typer.Option(
    "--org", metavar="NAME", show_default=False, autocompletion=complete_records(("organization",)),
    callback=not_empty, help=FILTERS["--org"].help)]
FromOpt = Annotated[PartialDate | None, typer.Option(
    "--from", metavar="DATE", show_default=False, parser=parse_date, help=FILTERS["--from"].help)]
ToOpt = Annotated[PartialDate | None, typer.Option(
    "--to", metavar="DATE", show_default=False, parser=parse_date, help=FILTERS["--to"].help)]
class Period(NamedTuple):
    start: PartialDate | None
    end: PartialDate | None


def parse_period(value: str) -> Period:
    """`-p 2009`, `-p 2009-06`, `-p 2008..2011`, `-p 2008..`, `-p ..2011`, as hledger takes them."""
    first, dots, last = value.partition("..")
    if not (first or last) or (not dots and not first):
        raise typer.BadParameter(f"{value!r} is not a period: 2009, 2009-06, 2008..2011, 2008.. or ..2011")
    start = parse_date(first) if first else None
    return Period(start, (parse_date(last) if last else None) if dots else start)


PeriodOpt = Annotated[Period | None, typer.Option(
    "--period", "-p", metavar="PERIOD", show_default=False, parser=parse_period,
    help="A period for short, as --from and --to count it: 2009, 2009-06, 2008..2011, 2008.. or ..2011.")]
def parse_gender(value: str) -> str:
    gender = {"women": "woman", "woman": "woman", "men": "man", "man": "man"}.get(value.strip().lower())
    if gender is None:
        raise typer.BadParameter(f"{value!r}: give women or men (a gender no document states is not listed)")
    return gender


def parse_pillar(value: str) -> str:
    words = " ".join(value.lower().replace("-", " ").split())
    found = [p for p in PILLARS if p.startswith(words) or words in p.split()]
    if not words or len(found) != 1:
        raise typer.BadParameter(f"{value!r}: give a pillar of UNSCR 1325: {', '.join(PILLARS)}")
    return found[0]


PillarOpt = Annotated[str | None, typer.Option(
    "--pillar", metavar="PILLAR", show_default=False, parser=parse_pillar, help=FILTERS["--pillar"].help,
    autocompletion=lambda incomplete: [p for p in PILLARS if p.startswith(incomplete.lower()) and " " not in p]
    + [p.split()[0] for p in PILLARS if " " in p and p.startswith(incomplete.lower())])]
GenderOpt = Annotated[str | None, typer.Option(
    "--gender", metavar="women|men", show_default=False, parser=parse_gender, help=FILTERS["--gender"].help,
    autocompletion=lambda incomplete: [g for g in ("women", "men") if g.startswith(incomplete.lower())])]
TypeOpt = Annotated[str | None, typer.Option(
    "--type", metavar="TYPE", show_default=False, callback=not_empty, autocompletion=complete_type,
    help=FILTERS["--type"].help)]


def _naming(flt) -> Any:
    """The option of a filter whose value names one record (`--person NAME`), made from its
    declaration alone: its name, metavar, help, and the kinds whose names it completes."""
    return Annotated[str | None, typer.Option(
        flt.option, metavar=flt.metavar, show_default=False, callback=not_empty,
        autocompletion=complete_records(flt.names), help=flt.help)]


# Each declared filter's option (query/filters.py says what it does; this, how it is typed):
# one that names a record, from its declaration; the others as they are parsed.
FILTER_OPTIONS = {option: _naming(flt) for option, flt in FILTERS.items() if flt.names} | {
    "--org": OrgOpt, "--from": FromOpt, "--to": ToOpt, "--type": TypeOpt, "--gender": GenderOpt,
    "--pillar": PillarOpt}
assert set(FILTER_OPTIONS) == set(FILTERS)


def complete_sort(ctx: typer.Context, incomplete: str) -> list[str]:
    from wpskosovo.model.kinds import KINDS
    from wpskosovo.query import resolve
    from wpskosovo.render import reports

    # A list offers the fields of the kind on the line (`list projects --sort`, `--kind
    # events`), else those of every kind.
    command, by = ctx.info_name or "", ctx.params.get("by")
    kinds: list[str | None] = [None]
    if command == "list":
        kinds = list(KINDS)
        try:
            given = kind_on_line(ctx)
            kinds = [resolve.kind_of(given)] if given else kinds
        except resolve.QueryError:
            pass
    names = [n for k in kinds for n in reports.sort_names(command, k, by and by.value)]
    return matches(sorted({*names, *("-" + n for n in names)}), incomplete)


SortOpt = Annotated[str | None, typer.Option(
    "--sort", metavar="FIELD", show_default=False, autocompletion=complete_sort,
    help="Order the rows by a field (-FIELD: descending): name, date, or any --json field.")]


def positive(value: str) -> int:
    """A count, parsed here so that a bad one is said in the tool's words (exit 2)."""
    if not re.fullmatch(r"[0-9]{1,9}", value.strip()) or int(value) < 1:  # not "²", not 5,000 digits
        raise typer.BadParameter(f"{value[:20]!r} is not a number of rows: give a whole number, 1 or more")
    return int(value)


LimitOpt = Annotated[int | None, typer.Option(
    "--limit", "-L", metavar="N", show_default=False, parser=positive,
    help="Show at most N rows (the rest is counted).")]
JsonOpt = Annotated[bool, typer.Option(
    "--json", help="Print JSON for scripts; --json=FIELD,… for some fields only (a wrong one lists them).")]
FieldsOpt = Annotated[str | None, typer.Option("--json-fields", hidden=True)]
CsvOpt = Annotated[bool, typer.Option("--csv", help="Print CSV.")]
ExportOpt = Annotated[Path | None, typer.Option(
    "--export", metavar="FILE", show_default=False, callback=export_path,
    help="Write the output to FILE instead: .svg or .html (the picture a terminal shows), .md, .csv "
         "or .json.")]
ForceOpt = Annotated[bool, typer.Option("--force", help="Let --export replace an existing file.")]
ChartOpt = Annotated[bool, typer.Option("--chart", help="Draw a chart instead of a table.")]


# ---------------------------------------------------------------- options given to commands


def _in_place_of(name: str, added: list, build):
    """A decorator: the command's parameter `name` becomes the options `added` (inspect
    Parameters, shown in help where `name` stands), and the command receives `build(values)`
    as `name`, from the values given to them."""
    import functools
    import inspect

    def decorate(fn):
        signature = inspect.signature(fn)
        own = list(signature.parameters.values())
        at = [p.name for p in own].index(name)

        @functools.wraps(fn)
        def command(**kwargs):
            values = {p.name: kwargs.pop(p.name) for p in added}
            return fn(**kwargs, **{name: build(values)})

        command.__signature__ = signature.replace(parameters=[*own[:at], *added, *own[at + 1:]])
        return command

    return decorate


def _parameter(name: str, annotation, default=None):
    import inspect

    return inspect.Parameter(name, inspect.Parameter.POSITIONAL_OR_KEYWORD, default=default, annotation=annotation)


def with_filters(*options: str):
    """Give a command the declared filters `options` (default: all of them; --period with
    --from and --to) in place of its parameter `typed`, which receives them as one Filters of
    the names as typed (resolved later by common.resolve_filters). One declaration, every
    command: a new filter is declared in FILTERS (with its field of Filters), and typed in
    FILTER_OPTIONS only if its value is not the name of a record."""
    added = []
    for option in options or tuple(FILTERS):
        added.append(_parameter(FILTERS[option].field, FILTER_OPTIONS[option]))
        if option == "--to":
            added.append(_parameter("period", PeriodOpt))

    def build(values: dict) -> Filters:
        period = values.pop("period", None)
        if period is not None:
            if values.get("start") or values.get("end"):
                raise typer.BadParameter("give a period or --from/--to, not both", param_hint="'--period'")
            values["start"], values["end"] = period
        return Filters(**values | {"orgs": tuple(values.get("orgs") or ())})

    return _in_place_of("typed", added, build)


@dataclass(frozen=True)
class Output:
    """The output flags as given: the format (--json[=FIELDS], --csv, --cite), a file
    (--export, --force), and the order and number of rows (--sort, --limit)."""

    as_json: bool = False
    fields: str | None = None  # --json=FIELD,…
    as_csv: bool = False
    export: Path | None = None
    force: bool = False
    cite: CiteFormat | None = None
    sort: str | None = None
    limit: int | None = None


NO_OUTPUT = Output()


def with_output(*flags: str):
    """Give a command the output flags it can honour, in place of its parameter `out` (an
    Output), as gh's AddJSONFlags does: "json" (--json and its fields), "csv", "export" (and
    --force), "cite" — the formats of every command that prints rows or a report — and "sort"
    and "limit", a listing's."""
    options: dict[str, list[tuple[str, Any]]] = {
        "sort": [("sort", SortOpt)], "limit": [("limit", LimitOpt)],
        "json": [("as_json", JsonOpt), ("fields", FieldsOpt)], "csv": [("as_csv", CsvOpt)],
        "export": [("export", ExportOpt), ("force", ForceOpt)], "cite": [("cite", CiteOpt)]}
    added = [_parameter(name, annotation, False if name in ("as_json", "as_csv", "force") else None)
             for flag in flags for name, annotation in options[flag]]
    return _in_place_of("out", added, lambda values: Output(**values))
