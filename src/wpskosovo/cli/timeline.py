"""`wps timeline`: everything dated, in order; then what the documents mention undated."""


from enum import StrEnum
from typing import Annotated

import typer

from wpskosovo.cli.app import app
from wpskosovo.cli.common import (
    check_filters,
    deliver_chart,
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
    ChartOpt,
    DataOpt,
    KindOpt,
    Output,
    with_filters,
    with_output,
)
from wpskosovo.query.filters import NO_FILTERS, Filters


class TimelineBy(StrEnum):
    pillar = "pillar"


@app.command(short_help="Everything dated, in order.")
@with_output("sort", "limit", "json", "csv", "export", "cite")
@with_filters()
def timeline(
    kind: KindOpt = None,
    typed: Filters = NO_FILTERS,
    out: Output = NO_OUTPUT,
    dated_only: Annotated[bool, typer.Option(
        "--dated-only", help="Leave out the records whose date the documents do not state.")] = False,
    chart: ChartOpt = False,
    by: Annotated[TimelineBy | None, typer.Option(
        "--by", show_default=False, case_sensitive=False,
        help="With --chart: a section per pillar of UNSCR 1325 the dataset codes the activities with "
             "(an activity in each of its pillars; the rest under 'not coded').")] = None,
    data: DataOpt = None,
) -> None:
    """Everything dated, in order; then what the documents mention without a date.

    Dates show their precision (2009, 2009-06, 2009-06-08); '~' marks a date the sources
    imply but do not state (`wps show ID` says why), '?' an uncertain one; '≥A ≤B' a window
    (it happened some time between A and B), 'as of D' an open end known to go on at D and
    not after. --from/--to keep what the documents put in the range: a date known only to
    its year, or a window, only when all of it is inside. Records with no
    stated date close the timeline, with what the documents say (e.g. "June 6-8, year not
    stated"), unless --from/--to or --dated-only is given.

    Examples:

    \b
      wps timeline --org KWN
      wps timeline --from 2008 --to 2009 --kind events
      wps timeline --chart --org UNIFEM --export unifem.svg
      wps timeline --chart --by pillar --org KWN
    """
    from wpskosovo.query import timeline
    from wpskosovo.render import output, reports

    k = kind_option(kind)
    fmt = output_format(out.as_json, out.as_csv, chart, out.export, out.cite)
    if by and not chart:
        raise usage("groups the chart: add --chart", "--by")
    wanted = wanted_fields(out.fields, reports.json_fields("timeline"))
    sort_option(out.sort, reports.sort_names("timeline"))
    check_filters(typed, k)
    store = open_store(data)
    f = resolve_filters(store, typed, k)
    rows = timeline.timeline(store, f, with_undated=not (dated_only or typed.start or typed.end))

    table, shown = ordered(reports.timeline_table, rows, out.sort, out.limit, "Timeline")
    if out.cite:
        return deliver_citations(store, [m.id for m in shown], out.cite.value)
    if chart and shown:
        from wpskosovo.render import charts

        lines = charts.timeline_chart(shown, output.width(), _by_pillar(store, shown) if by else None)
        if deliver_chart(out.export, out.force, "Timeline", lines, fmt):
            return
    deliver_rows(out.export, out.force, table, shown, fmt, wanted, store, "no records found")


def _by_pillar(store, shown: list) -> list[tuple[str, list]]:
    """The dated rows under each pillar of UNSCR 1325 their records are coded with (a row under
    each of its pillars), then those coded with none."""
    from wpskosovo.model.words import PILLARS
    from wpskosovo.query.select import pillars

    dated = [m for m in shown if m.timing is not None]
    coded = pillars(store, (m.id for m in dated))
    return [(p, [m for m in dated if p in coded[m.id]]) for p in PILLARS] + \
        [("not coded", [m for m in dated if not coded[m.id]])]
