"""`wps stats`: counts per kind, the period covered, and the sources."""


from enum import StrEnum
from typing import Annotated

import typer

from wpskosovo.cli.app import app
from wpskosovo.cli.common import (
    deliver_pairs,
    filters_of,
    kind_option,
    open_store,
    output_format,
    period_of,
    picked,
    wanted_fields,
)
from wpskosovo.cli.options import (
    CsvOpt,
    DataOpt,
    DonorOpt,
    ExportOpt,
    FieldsOpt,
    ForceOpt,
    FromOpt,
    GenderOpt,
    JsonOpt,
    KindOpt,
    OrgOpt,
    PeriodOpt,
    PillarOpt,
    PlaceOpt,
    SourceOpt,
    ToOpt,
    TypeOpt,
)
from wpskosovo.query.filters import NO_FILTERS


class StatsBy(StrEnum):
    gender = "gender"
    pillar = "pillar"


@app.command(short_help="Counts per kind, the period, the sources.")
def stats(
    kind: KindOpt = None,
    org: OrgOpt = None,
    donor: DonorOpt = None,
    from_: FromOpt = None,
    to: ToOpt = None,
    period: PeriodOpt = None,
    place: PlaceOpt = None,
    type_: TypeOpt = None,
    source: SourceOpt = None,
    gender: GenderOpt = None,
    pillar: PillarOpt = None,
    by: Annotated[StatsBy | None, typer.Option(
        "--by", show_default=False, case_sensitive=False,
        help="Also count by gender, as the documents state it (named participants of the activities, "
             "people, women's organizations), or by the pillar of UNSCR 1325 the dataset codes each "
             "activity with.")] = None,
    as_json: JsonOpt = False,
    fields: FieldsOpt = None,
    as_csv: CsvOpt = False,
    export: ExportOpt = None,
    force: ForceOpt = False,
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
    from_, to = period_of(period, from_, to)
    from wpskosovo.query import stats
    from wpskosovo.render import reports

    k = kind_option(kind)
    fmt = output_format(as_json, as_csv, export=export)
    wanted = wanted_fields(fields, reports.json_fields("stats"))
    filters_of(None, k, org, donor, from_, to, place, type_, source, gender, pillar)
    dataset = open_store(data)
    f = filters_of(dataset, k, org, donor, from_, to, place, type_, source, gender, pillar)
    s = stats.stats(dataset, f)
    counted = {"gender": stats.by_gender, "pillar": stats.by_pillar}[by.value](dataset, f) if by else None
    payload = picked(reports.stats_json(s) | ({f"by_{by}": counted} if by else {}), wanted)
    sections = reports.stats_sections(s) + ([(f"by {by}: {name}", [(k, str(n)) for k, n in counts.items()])
                                            for name, counts in counted.items()] if counted else [])
    deliver_pairs(export, force, "Dataset" if f == NO_FILTERS else "Selected records", sections, fmt, payload)
