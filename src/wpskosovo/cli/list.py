"""`wps list`: the records of one kind, with filters."""


from typing import Annotated

import typer

from wpskosovo.cli.app import app
from wpskosovo.cli.common import (
    check_filters,
    deliver_citations,
    deliver_rows,
    kind_option,
    open_store,
    ordered,
    output_format,
    resolve_filters,
    sort_option,
    usage,
    wanted_fields,
)
from wpskosovo.cli.options import (
    NO_OUTPUT,
    DataOpt,
    KindOpt,
    Output,
    complete_kind,
    kinds_help,
    with_filters,
    with_output,
)
from wpskosovo.query.filters import NO_FILTERS, Filters


@app.command("list", short_help="List the records of one kind, with filters.")
@with_output("sort", "limit", "json", "csv", "export", "cite")
@with_filters()
def list_(
    kind: Annotated[str | None, typer.Argument(
        metavar="KIND", show_default=False, autocompletion=complete_kind,
        help=f"What to list: {kinds_help()}; or give --kind.")] = None,
    kind_opt: KindOpt = None,
    typed: Filters = NO_FILTERS,
    out: Output = NO_OUTPUT,
    data: DataOpt = None,
) -> None:
    """List the records of one kind, with filters.

    Examples:

    \b
      wps list projects
      wps list events --org KCSS --from 2020
      wps list events --place Štrpce
      wps list orgs --type ministry --json=id,name
      wps list people --gender women
      wps list events --pillar protection
      wps list publications --export publications.md
    """
    from wpskosovo.model.kinds import KINDS
    from wpskosovo.query import select
    from wpskosovo.query.filters import FILTERS, applies
    from wpskosovo.render import reports

    if kind and kind_opt and kind_option(kind) != kind_option(kind_opt):
        raise usage("give the kind once, as KIND or --kind")
    if not (kind or kind_opt):
        given = [f.option for f in FILTERS.values() if getattr(typed, f.field) and f.option != "--type"]
        if not given:
            raise usage(f"say what to list: {kinds_help()}; or give a filter (--source 001) for every kind", "KIND")
        one_table = [o for o, v in (("--type", typed.type), ("--sort", out.sort), ("--limit", out.limit),
                                    ("--csv", out.as_csv), ("--json=FIELDS", out.fields), ("--export", out.export),
                                    ("--cite", out.cite)) if v]
        if one_table:
            raise usage(f"{one_table[0]} needs a KIND: without one, every kind is listed, each its own table")
        kinds = [k for k in KINDS if all(k in applies(o) for o in given)]
        return _every_kind(open_store(data), kinds, out.as_json, typed)
    k = kind_option(kind or kind_opt or "")
    fmt = output_format(out.as_json, out.as_csv, export=out.export, cite=out.cite)
    wanted = wanted_fields(out.fields, reports.json_fields("list", k))
    sort_option(out.sort, reports.sort_names("list", k))
    check_filters(typed, k)
    store = open_store(data)
    rows = select.select(store, k, resolve_filters(store, typed, k))
    table, shown = ordered(lambda some: reports.list_table(k, some), rows, out.sort, out.limit,
                           KINDS[k].plural.capitalize())
    if out.cite:
        return deliver_citations(store, [r.id for r in shown], out.cite.value)
    deliver_rows(out.export, out.force, table, shown, fmt, wanted, store, f"no {KINDS[k].plural} found")


def _every_kind(store, kinds: list[str], as_json: bool, typed: Filters) -> None:
    """What the filters select, kind by kind, each its own table (piped: each block of rows
    under a `# Kind (n)` line); JSON: the rows by kind."""
    import sys

    from wpskosovo.model.kinds import KINDS
    from wpskosovo.query import select
    from wpskosovo.render import layout, output, reports

    fmt = output_format(as_json, False)
    found = []
    for k in kinds:
        rows = select.select(store, k, resolve_filters(store, typed, k))
        if rows:
            found.append((k, reports.list_table(k, rows), rows))
    if fmt == "json":
        output.emit_json({KINDS[k].plural: [reports.row_json(t, i, r) for i, r in enumerate(store.records(rs.ids))]
                          for k, t, rs in found})
    elif not found:
        output.note("no records found")
    if fmt == "table":  # one output, so that the pager shows it all
        output.emit_renderables([r for _, table, _ in found for r in layout.table_renderables(table)])
        return
    for n, (_, table, _) in enumerate(found if fmt != "json" else ()):
        if fmt == "plain":
            sys.stdout.write(("\n" if n else "") + f"# {table.title}\n")
        output.emit_table(table, fmt)
