"""`wps funding`: funding flows with totals per currency, grouped or charted."""


from typing import Annotated

import typer

from wpskosovo.cli.app import app
from wpskosovo.cli.common import (
    check_filters,
    deliver_chart,
    deliver_citations,
    deliver_table,
    open_store,
    ordered,
    output_format,
    pick,
    resolve_filters,
    resolve_name,
    sort_option,
    wanted_fields,
)
from wpskosovo.cli.options import (
    NO_OUTPUT,
    By,
    ChartOpt,
    DataOpt,
    Output,
    complete_records,
    not_empty,
    with_filters,
    with_output,
)
from wpskosovo.query.filters import NO_FILTERS, Filters


@app.command(short_help="Funding flows, with totals per currency.")
@with_output("sort", "limit", "json", "csv", "export", "cite")
@with_filters("--org", "--donor", "--from", "--to", "--place", "--type", "--source", "--pillar")
def funding(
    typed: Filters = NO_FILTERS,
    recipient: Annotated[str | None, typer.Option(
        metavar="NAME", help="Only flows to (or through) this organization.", show_default=False,
        callback=not_empty, autocompletion=complete_records(("organization",)))] = None,
    project: Annotated[str | None, typer.Option(
        metavar="NAME", help="Only flows to this project.", show_default=False, callback=not_empty,
        autocompletion=complete_records(("project",)))] = None,
    by: Annotated[By | None, typer.Option(help="Totals per group instead of flows.", case_sensitive=False,
                                          show_default=False)] = None,
    out: Output = NO_OUTPUT,
    chart: ChartOpt = False,
    data: DataOpt = None,
) -> None:
    """Funding flows with totals per currency; undisclosed amounts are counted, never summed as 0.

    Examples:

    \b
      wps funding --donor Netherlands
      wps funding --from 2009 --by donor
      wps funding --chart --export funding.svg
    """

    from wpskosovo.query import funding
    from wpskosovo.render import output, reports

    fmt = output_format(out.as_json, out.as_csv, chart, out.export, out.cite)
    wanted = wanted_fields(out.fields, reports.json_fields("funding", by=by and by.value))
    sort_option(out.sort, reports.sort_names("funding", by=by and by.value))
    check_filters(typed, "funding")
    store = open_store(data)
    f = resolve_filters(store, typed, "funding")
    grouping = by.value if by else ("donor" if chart else None)
    report = funding.funding(store, recipient=resolve_name(store, recipient, option="--recipient"),
                             project=resolve_name(store, project, ("project",), "--project"), by=grouping, f=f)
    selected = len(report.flows)
    if not report.flows and fmt != "json":
        output.note("no funding found")
        return
    if chart:
        from wpskosovo.render import charts

        if out.limit is not None and report.groups is not None:
            report.groups = dict(list(report.groups.items())[:out.limit])
        if deliver_chart(out.export, out.force, "Funding", charts.funding_chart(report, output.width()), fmt):
            return
    table, footer = _table(report, out)
    if out.cite:
        return deliver_citations(store, [flow.id for flow in report.flows], out.cite.value)
    if fmt == "json":
        output.emit_json(_json(store, report, table, selected, wanted))
        return
    deliver_table(out.export, out.force, table, fmt, lambda: _json(store, report, table, selected, wanted), footer)


def _json(store, report, table, selected: int, wanted: list[str] | None) -> dict:
    """The report for machines (--json, a .json export): the rows --json=FIELDS asks for, each
    flow with its whole record, and the totals."""
    from wpskosovo.render import reports

    flows = store.records([flow.id for flow in report.flows]) if report.groups is None else []
    whole = reports.funding_json(report, table, selected, flows)
    rows = "flows" if report.groups is None else "groups"
    return whole | {rows: pick(whole[rows], wanted)}


def _table(report, out: Output):
    """The flows (or, grouped, the totals per group) as a table ordered by --sort and cut to
    --limit, and the footer of totals per currency; the report keeps the flows shown."""
    from wpskosovo.render import reports

    footer = reports.funding_footer(report)
    if report.groups is None:
        table, report.flows = ordered(lambda flows: reports.list_table("funding", flows), report.flows,
                                      out.sort, out.limit, "Funding")
        return table, footer
    table, _ = ordered(lambda rows: reports.groups_table(report, rows), reports.group_rows(report), out.sort,
                       out.limit, "Funding totals")
    return table, footer
