"""`wps stats`: counts per kind, the period covered, and the sources."""


from enum import StrEnum
from typing import Annotated

import typer

from wpskosovo.cli.app import app
from wpskosovo.cli.common import (
    check_filters,
    deliver_pairs,
    kind_option,
    open_store,
    output_format,
    picked,
    resolve_filters,
    wanted_fields,
)
from wpskosovo.cli.options import (
    NO_OUTPUT,
    DataOpt,
    KindOpt,
    Output,
    with_filters,
    with_output,
)
from wpskosovo.query.filters import NO_FILTERS, Filters


class StatsBy(StrEnum):
    gender = "gender"
    pillar = "pillar"


@app.command(short_help="Counts per kind, the period, the sources.")
@with_output("json", "csv", "export")
@with_filters()
def stats(
    kind: KindOpt = None,
    typed: Filters = NO_FILTERS,
    by: Annotated[StatsBy | None, typer.Option(
        "--by", show_default=False, case_sensitive=False,
        help="Also count by gender, as the documents state it (named participants of the activities, "
             "people, women's organizations), or by the pillar of UNSCR 1325 the dataset codes each "
             "activity with.")] = None,
    out: Output = NO_OUTPUT,
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
    from wpskosovo.render import reports

    k = kind_option(kind)
    fmt = output_format(out.as_json, out.as_csv, export=out.export)
    wanted = wanted_fields(out.fields, reports.json_fields("stats"))
    check_filters(typed, k)
    store = open_store(data)
    f = resolve_filters(store, typed, k)
    s = stats.stats(store, f)
    counted = {"gender": stats.by_gender, "pillar": stats.by_pillar}[by.value](store, f) if by else None
    payload = picked(reports.stats_json(s) | ({f"by_{by}": counted} if by else {}), wanted)
    sections = reports.stats_sections(s) + ([(f"by {by}: {name}", [(k, str(n)) for k, n in counts.items()])
                                            for name, counts in counted.items()] if counted else [])
    deliver_pairs(out.export, out.force, "Dataset" if f == NO_FILTERS else "Selected records", sections, fmt, payload)
