"""The `wps` command line. Commands only wire: options → load → query → view → exit code.

Exit codes: 0 ok (an empty result too), 1 data problems or a name that matches nothing,
2 usage errors, 70 an internal error (a bug).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

from wpskosovo.dates import DateFormatError, PartialDate

app = typer.Typer(
    name="wps",
    help="Query a sourced dataset of Women, Peace and Security (WPS) work in Kosovo.\n\n"
         "Every record cites its source documents with a verbatim quote.\n\n"
         "Examples:\n\n"
         "  wps list projects\n\n"
         "  wps timeline --org KWN\n\n"
         "  wps funding --donor Netherlands\n\n"
         "  wps search Shterpce\n\n"
         "  wps show kwn --json",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)

_state: dict = {}


def fail(message: str, code: int = 1) -> typer.Exit:
    from wpskosovo import view

    view.error(f"error: {message}")
    return typer.Exit(code)


def _dataset():
    from wpskosovo import view
    from wpskosovo.load import load
    from wpskosovo.problems import DataError

    try:
        return load(_state.get("data"))
    except DataError as e:
        view.error(e.report())
        raise typer.Exit(1) from None


def _resolve(data, text: str | None, kinds=("organization",)) -> str | None:
    from wpskosovo.query import QueryError, resolve

    if text is None:
        return None
    if not text.strip():
        raise fail("an empty name matches nothing", 2)
    try:
        return resolve(data, text, kinds).id
    except QueryError as e:
        raise fail(str(e)) from None


# ---------------------------------------------------------------- completion (cheap: shipped data)


def _complete_kind(incomplete: str) -> list[str]:
    from wpskosovo.model import KINDS

    return [m.plural for m in KINDS.values() if m.plural.startswith(incomplete)] + \
        (["orgs"] if "orgs".startswith(incomplete) else [])


def _complete_org(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
    try:
        from wpskosovo.load import load
        from wpskosovo.query import fold

        data = load(ctx.find_root().params.get("data"))  # the callback storing --data has not run
    except Exception:  # completion must never print a traceback into the shell
        return []
    want = fold(incomplete)
    # Offer ids and acronyms (as written: shells filter by what was typed, case and all).
    return [(value, o.label) for o in data.by_kind["organization"]
            for value in (o.id, *o.acronyms) if fold(value).startswith(want)]


def _date(value: str | None) -> PartialDate | None:
    """Parse --from/--to while options are parsed, so a bad date is a usage error (exit 2)."""
    if value is None:
        return None
    try:
        return PartialDate.parse(value)
    except DateFormatError as e:
        raise typer.BadParameter(str(e)) from None


def _not_empty(value: str | None) -> str | None:
    if value is not None and not value.strip():
        raise typer.BadParameter("must not be empty")
    return value


# ---------------------------------------------------------------- shared options

DataOpt = Annotated[Optional[list[Path]], typer.Option(
    "--data", envvar="WPS_DATA", show_default=False, metavar="PATH",
    help="A TOML file or a directory of them (repeatable; default: the shipped dataset).")]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON for scripts.")]
CsvOpt = Annotated[bool, typer.Option("--csv", help="Print CSV.")]
OrgOpt = Annotated[Optional[str], typer.Option(
    "--org", help="Only records an organization takes part in, in any role "
    "(id, name, acronym or alias).", autocompletion=_complete_org, show_default=False)]
FromOpt = Annotated[Optional[str], typer.Option(
    "--from", help="From this year or partial date (e.g. 2009 or 2009-06).", show_default=False,
    callback=_date)]
ToOpt = Annotated[Optional[str], typer.Option(
    "--to", help="Up to this year or partial date.", show_default=False, callback=_date)]
ExportOpt = Annotated[Optional[Path], typer.Option(
    "--export", metavar="FILE", show_default=False,
    help="Write the output to FILE instead: .svg or .html (the picture the terminal shows) or .md.")]
ForceOpt = Annotated[bool, typer.Option("--force", help="Let --export replace an existing file.")]
ChartOpt = Annotated[bool, typer.Option("--chart", help="Draw a chart instead of a table.")]
LimitOpt = Annotated[Optional[int], typer.Option("--limit", "-L", min=1, help="Show at most N rows.",
                                                  show_default=False)]


def _deliver(export: Path | None, force: bool, title: str, renderables, markdown, emit) -> None:
    """Print with `emit()`, or write `renderables()` / `markdown()` to the --export file."""
    from wpskosovo import view

    if export is None:
        emit()
        return
    try:
        view.export(export, renderables(), markdown(), force, title)
    except view.ExportError as e:
        raise fail(str(e)) from None
    view.note(f"wrote {export}")


def _deliver_table(export: Path | None, force: bool, table, fmt: str, footer=()) -> None:
    from wpskosovo import view

    _deliver(export, force, table.title, lambda: view.table_renderables(table, footer),
             lambda: view.markdown_table(table, footer), lambda: view.emit_table(table, fmt, footer))


def _deliver_chart(export: Path | None, force: bool, title: str, lines, fmt: str) -> bool:
    """Deliver chart lines; False, with a note, when there are none (the terminal is too narrow)."""
    from wpskosovo import view

    if lines is None:
        view.note("too narrow for a chart; showing the table")
        return False
    _deliver(export, force, title, lambda: lines, lambda: view.markdown_lines(title, lines),
             lambda: view.emit_lines(lines, fmt))
    return True


def _no_export_with(export: Path | None, as_json: bool, as_csv: bool = False) -> None:
    if export is not None and (as_json or as_csv):
        raise fail("--export cannot be combined with --json or --csv", 2)


@app.callback()
def _options(data: DataOpt = None) -> None:
    _state["data"] = data


# ---------------------------------------------------------------- validate


@app.command()
def validate(
    paths: Annotated[Optional[list[Path]], typer.Argument(
        help="Files or directories to check (default: --data, or the shipped dataset).",
        show_default=False)] = None,
) -> None:
    """Check the data and report every problem as file:line: record: field: message.

    Exit 0 when clean, 1 when there are problems.

    Examples:

      wps validate

      wps validate my-data/ extra.toml
    """
    from wpskosovo import view
    from wpskosovo.load import check
    from wpskosovo.problems import DataError

    dataset, problems = check(paths or _state.get("data"))
    if problems:
        view.error(DataError(problems).report())
        raise typer.Exit(1)
    n = len(dataset.files)
    print(f"ok: {len(dataset)} records in {n} file{'s' * (n != 1)}, no problems found")


# ---------------------------------------------------------------- list


@app.command("list")
def list_(
    kind: Annotated[str, typer.Argument(
        help="projects, organizations (orgs), events, people, funding, publications, policies, sources.",
        autocompletion=_complete_kind, show_default=False)],
    org: OrgOpt = None,
    donor: Annotated[Optional[str], typer.Option(help="Only records this donor funds.",
                                                 autocompletion=_complete_org, show_default=False)] = None,
    from_: FromOpt = None,
    to: ToOpt = None,
    place: Annotated[Optional[str], typer.Option(help="Only records at this place or a place within it (any of its names).", show_default=False,
                                                 callback=_not_empty)] = None,
    type_: Annotated[Optional[str], typer.Option("--type", help="Only records of this type "
                                                 "(e.g. ngo, law, training).", show_default=False,
                                                 callback=_not_empty)] = None,
    sort: Annotated[str, typer.Option(help="Sort by date, name or id.")] = "date",
    limit: LimitOpt = None,
    as_json: JsonOpt = False,
    as_csv: CsvOpt = False,
    export: ExportOpt = None,
    force: ForceOpt = False,
) -> None:
    """List the records of one kind, with filters.

    Examples:

      wps list projects

      wps list events --org KCSS --from 2020

      wps list orgs --type ministry --json

      wps list publications --export publications.md
    """
    from wpskosovo import query, reports, view

    _no_export_with(export, as_json, as_csv)
    try:
        k = query.kind_of(kind)
    except query.QueryError as e:
        raise fail(str(e), 2) from None
    if sort not in query.SORTS:
        raise fail(f"--sort must be one of {', '.join(query.SORTS)}", 2)
    data = _dataset()
    f = query.Filters(org=_resolve(data, org), donor=_resolve(data, donor), start=from_,
                      end=to, place=_resolve(data, place, ("place",)), type=type_)
    records = query.select(data, k, f, sort, limit)
    fmt = view.choose_format(as_json, as_csv)
    if not records and fmt != "json":  # JSON says "nothing" itself: [] or an empty report
        view.note(f"no {query.KINDS[k].plural} found")
        return
    if fmt == "json":
        view.emit_json([reports.record_json(r) for r in records])
        return
    _deliver_table(export, force, reports.list_table(data, k, records), fmt)


# ---------------------------------------------------------------- show


@app.command()
def show(
    record_id: Annotated[str, typer.Argument(metavar="ID", help="A record id, or the name of an "
                                             "organization, person, project, policy, publication "
                                             "or event.", show_default=False)],
    as_json: JsonOpt = False,
    export: ExportOpt = None,
    force: ForceOpt = False,
) -> None:
    """Show one record in full: every field, its evidence, and its relations both ways.

    Examples:

      wps show kwn

      wps show shterpce-panel-2020 --json

      wps show wssi-plus --export wssi-plus.html
    """
    from wpskosovo import query, reports, view

    _no_export_with(export, as_json)
    data = _dataset()
    record = data.by_id.get(record_id)
    if record is None:
        record = data.by_id[_resolve(data, record_id, ("organization", "person", "project", "policy",
                                                       "publication", "event"))]
    rels = query.relations(data, record)
    if as_json:
        view.emit_json(reports.show_json(data, record, rels))
        return
    title = f"{record.kind} {record.id}: {data.label(record)}"
    sections = reports.show_sections(data, record, rels)
    _deliver(export, force, title, lambda: view.pairs_renderables(title, sections),
             lambda: view.markdown_pairs(title, sections),
             lambda: view.emit_pairs(title, sections, view.choose_format()))


# ---------------------------------------------------------------- search


@app.command()
def search(
    text: Annotated[str, typer.Argument(help="Words to find (case and accents do not matter).",
                                        show_default=False)],
    kind: Annotated[Optional[str], typer.Option(help="Only this kind.", autocompletion=_complete_kind,
                                                show_default=False)] = None,
    limit: LimitOpt = None,
    as_json: JsonOpt = False,
    as_csv: CsvOpt = False,
) -> None:
    """Search every kind and every text field, names in every language, acronyms and aliases.

    A record also matches through the names of what it links to.

    Examples:

      wps search Shterpce

      wps search "domestic violence" --kind policies
    """
    from wpskosovo import query, reports, view

    try:
        k = query.kind_of(kind) if kind else None
    except query.QueryError as e:
        raise fail(str(e), 2) from None
    data = _dataset()
    hits = query.search(data, text, k)[:limit]
    fmt = view.choose_format(as_json, as_csv)
    if not hits and fmt != "json":  # JSON says "nothing" itself: [] or an empty report
        view.note(f"nothing found for {text!r}")
        return
    if fmt == "json":
        view.emit_json([reports.record_json(h.record) | {"matched": h.where} for h in hits])
    else:
        view.emit_table(reports.search_table(data, hits), fmt)


# ---------------------------------------------------------------- timeline


@app.command()
def timeline(
    org: OrgOpt = None,
    from_: FromOpt = None,
    to: ToOpt = None,
    kind: Annotated[Optional[str], typer.Option(help="Only this kind.", autocompletion=_complete_kind,
                                                show_default=False)] = None,
    limit: LimitOpt = None,
    chart: ChartOpt = False,
    as_json: JsonOpt = False,
    as_csv: CsvOpt = False,
    export: ExportOpt = None,
    force: ForceOpt = False,
) -> None:
    """Everything dated, in order: events, project periods, publications, policies, funding, foundings.

    Dates show their precision (2009, 2009-06, 2009-06-08); '?' marks an uncertain date and
    '(inferred)' one the sources imply but do not state.

    Examples:

      wps timeline --org KWN

      wps timeline --from 2008 --to 2009 --kind events

      wps timeline --chart --org UNIFEM --export unifem.svg
    """
    from wpskosovo import query, reports, view

    _no_export_with(export, as_json, as_csv)
    try:
        k = query.kind_of(kind) if kind else None
    except query.QueryError as e:
        raise fail(str(e), 2) from None
    data = _dataset()
    f = query.Filters(org=_resolve(data, org), start=from_, end=to, kind=k)
    moments = query.timeline(data, f)[:limit]
    fmt = view.choose_format(as_json, as_csv)
    if not moments and fmt != "json":  # JSON says "nothing" itself: [] or an empty report
        view.note("no dated records found")
        return
    if fmt == "json":
        view.emit_json([reports.moment_json(m) for m in moments])
        return
    if chart and fmt != "csv":
        from wpskosovo import charts

        if _deliver_chart(export, force, "Timeline", charts.timeline_chart(data, moments, view.width()), fmt):
            return
    _deliver_table(export, force, reports.timeline_table(data, moments), fmt)


# ---------------------------------------------------------------- funding


@app.command()
def funding(
    donor: Annotated[Optional[str], typer.Option(help="Only flows from this donor.",
                                                 autocompletion=_complete_org, show_default=False)] = None,
    recipient: Annotated[Optional[str], typer.Option(help="Only flows to (or through) this organization.",
                                                     autocompletion=_complete_org, show_default=False)] = None,
    project: Annotated[Optional[str], typer.Option(help="Only flows to this project.",
                                                   show_default=False)] = None,
    by: Annotated[Optional[str], typer.Option(help="Totals per donor, recipient, project or year.",
                                              show_default=False)] = None,
    from_: FromOpt = None,
    to: ToOpt = None,
    chart: ChartOpt = False,
    as_json: JsonOpt = False,
    as_csv: CsvOpt = False,
    export: ExportOpt = None,
    force: ForceOpt = False,
) -> None:
    """Funding flows with totals per currency; undisclosed amounts are counted, never summed as 0.

    Examples:

      wps funding --donor Netherlands

      wps funding --by donor

      wps funding --chart --export funding.svg
    """
    from wpskosovo import query, reports, view

    _no_export_with(export, as_json, as_csv)
    if by is not None and by not in query.GROUPINGS:
        raise fail(f"--by must be one of {', '.join(query.GROUPINGS)}", 2)
    data = _dataset()
    report = query.funding(
        data, donor=_resolve(data, donor), recipient=_resolve(data, recipient),
        project=_resolve(data, project, ("project",)), by=by or ("donor" if chart else None),
        f=query.Filters(start=from_, end=to))
    fmt = view.choose_format(as_json, as_csv)
    if not report.flows and fmt != "json":  # JSON says "nothing" itself: [] or an empty report
        view.note("no funding found")
        return
    if fmt == "json":
        view.emit_json(reports.funding_json(report))
        return
    if chart and fmt != "csv":
        from wpskosovo import charts

        if _deliver_chart(export, force, "Funding", charts.funding_chart(report, view.width()), fmt):
            return
    table, footer = reports.funding_table(data, report)
    _deliver_table(export, force, table, fmt, footer)


# ---------------------------------------------------------------- stats


@app.command()
def stats(as_json: JsonOpt = False) -> None:
    """Counts per kind, the period covered, and the sources with how many records each supports.

    Examples:

      wps stats

      wps stats --json
    """
    from wpskosovo import query, reports, view

    data = _dataset()
    s = query.stats(data)
    fmt = view.choose_format(as_json)
    if fmt == "json":
        view.emit_json(reports.stats_json(s))
    else:
        view.emit_pairs("Dataset", reports.stats_sections(s), fmt)


def main() -> None:
    import signal

    # When the reader goes away (`wps list events | head -1`), stop quietly as Unix tools do.
    if hasattr(signal, "SIGPIPE"):
        signal.signal(signal.SIGPIPE, signal.SIG_DFL)
    # A terminal that cannot show a character gets an escape, not a crash.
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="backslashreplace")
    try:
        app()
    except Exception as e:  # a bug, not bad input: say so in one line, without a traceback
        sys.stderr.write(f"wps: internal error: {type(e).__name__}: {e}\n"
                         "Please report it with the command you ran.\n")
        sys.exit(70)
