"""`wps network`: which organizations are linked, and by what."""


import sys
from typing import Annotated

import typer

from wpskosovo.cli.app import app
from wpskosovo.cli.common import (
    check_filters,
    deliver,
    deliver_table,
    open_store,
    ordered,
    output_format,
    pick,
    resolve_name,
    sort_option,
    usage,
    wanted_fields,
)
from wpskosovo.cli.options import (
    NO_OUTPUT,
    DataOpt,
    Output,
    complete_records,
    not_empty,
    with_filters,
    with_output,
)
from wpskosovo.query.filters import NO_FILTERS, Filters


def _depth(value: str | int) -> int:
    if str(value) not in ("1", "2"):  # the default arrives as the int itself
        raise typer.BadParameter(f"{value!r}: give 1 (partners) or 2 (their partners too)")
    return int(value)


# The network's own options: whose links, how far, through what, and DOT.
CenterOpt = Annotated[str | None, typer.Option(
    "--org", metavar="NAME", show_default=False, callback=not_empty, autocompletion=complete_records(("organization",)),
    help="Whose partners to show (id, name, acronym or alias); without it, the most connected first.")]
DepthOpt = Annotated[int, typer.Option("--depth", metavar="1|2", help="2 adds the partners' own partners.",
                                       parser=_depth)]
ViaOpt = Annotated[str | None, typer.Option(
    "--via", metavar="KINDS", show_default=False,
    help="Only links through these, comma-separated: projects, events, publications, policies, funding, members.")]
DotOpt = Annotated[bool, typer.Option("--dot", help="Print Graphviz DOT (draw it with `dot -Tsvg`).")]


@app.command(short_help="Which organizations work together, and how.")
@with_output("sort", "limit", "json", "csv", "export")
@with_filters("--from", "--to")
def network(org: CenterOpt = None, depth: DepthOpt = 1, via: ViaOpt = None, typed: Filters = NO_FILTERS,
            out: Output = NO_OUTPUT, dot: DotOpt = False, data: DataOpt = None) -> None:
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
    from wpskosovo.query import select
    from wpskosovo.render import network as network_render
    from wpskosovo.render import output, reports

    kinds = _via_kinds(via)
    if dot and (out.as_json or out.as_csv or out.export):
        raise usage("--dot prints Graphviz DOT: it cannot be combined with --json, --csv or --export; choose one")
    if depth == 2 and not org:
        raise usage("needs --org: whose partners' partners to show", "--depth")
    fmt = output_format(out.as_json, out.as_csv, export=out.export)
    wanted = wanted_fields(out.fields, reports.json_fields("network"))
    sort_option(out.sort, reports.sort_names("network" if org else "ranking"))
    check_filters(typed, None)
    store = open_store(data)
    center = resolve_name(store, org)
    g = _graph(store, center, kinds, typed)
    if center:
        edges = network_render.edges_from(center, net.around(g, center, depth, out.limit))
        table, _ = ordered(network_render.edges_table, edges, out.sort, None, "Links")
        names = select.named(store, {center, *(x for e in edges for x in (e.a, e.b, e.record))})
    else:
        ranking = g.ranking()
        names = select.named(store, (o for o, _, _ in ranking))
        table, ranked = ordered(lambda rs: network_render.ranking_table(names, rs), ranking, out.sort,
                                out.limit, "Most connected organizations")
        edges = g.edges(among={o for o, _, _ in ranked})

    def json_out():
        whole = network_render.network_json(names, edges)
        return whole | {"edges": pick(whole["edges"], wanted)}

    if fmt == "json" or dot:
        sys.stdout.write(network_render.network_dot(names, edges) if dot else output.json_text(json_out()))
        return
    if not edges:
        output.note("no links found")
        return
    if center is None:
        deliver_table(out.export, out.force, table, fmt, json_out)
        return
    partners = {net.partner(e, center) for e in g.edges(touching={center})} - {center}
    if out.limit is not None and len(partners) > out.limit and out.export is None:
        output.note(reports.showing(out.limit, len(partners)) + " partners")
    _deliver_tree(names, center, edges, table, out, fmt, json_out)


def _graph(store, center: str | None, kinds: set[str], typed: Filters):
    """The links through records of `kinds` made in the period asked for; an organization's
    units count as the organization itself, as they do for --org in every command."""
    from wpskosovo.query import network as net
    from wpskosovo.query import resolve, select

    merge = {unit: center for unit in resolve.units(store, (center,))} if center else None
    g = net.graph(net.link_rows(store, merge), kinds)
    if typed.start or typed.end:
        g = g.keep(select.in_period(store, g.record_ids(), typed.start, typed.end))
    return g


def _via_kinds(via: str | None) -> set[str]:
    """The kinds --via names, singular or plural (`event` or `events`); an unknown one is a
    usage error."""
    from wpskosovo.query import network as net

    names = net.via()
    singular = {kind: name for name, kind in names.items()} | {"member": "members"}
    kinds = {singular.get(v.strip(), v.strip()) for v in via.split(",")} if via else set(names)
    unknown = sorted(kinds - set(names))
    if unknown:
        raise usage(f"unknown {', '.join(unknown)}; choose from {', '.join(names)}", "--via")
    return kinds


def _deliver_tree(names, center: str, edges, table, out: Output, fmt: str, json_out) -> None:
    """An organization's partners as a tree on a terminal (and in .svg, .html, .md); piped,
    as CSV or JSON, its links as rows."""
    from wpskosovo.render import files, layout, output
    from wpskosovo.render import network as network_render

    title = f"{center}  {names[center].label}"
    groups = network_render.network_groups(names, center, edges)
    deliver(out.export, out.force, title, lambda: layout.tree_renderables(title, groups),
            {".md": lambda: files.markdown_tree(title, groups), ".csv": lambda: output.csv_text(table),
             ".json": lambda: output.json_text(json_out())},
            lambda: output.emit_renderables(layout.tree_renderables(title, groups)) if fmt == "table"
            else output.emit_table(table, fmt))
