"""`wps search`: every kind and text field, names in every language, exact names first."""


from typing import Annotated

import typer

from wpskosovo.cli.app import app
from wpskosovo.cli.common import (
    deliver_citations,
    deliver_rows,
    filters_of,
    kind_option,
    open_store,
    ordered,
    output_format,
    period_of,
    sort_option,
    usage,
    wanted_fields,
)
from wpskosovo.cli.options import (
    CiteOpt,
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
    LimitOpt,
    OrgOpt,
    PeriodOpt,
    PillarOpt,
    PlaceOpt,
    SortOpt,
    SourceOpt,
    ToOpt,
    TypeOpt,
)

MAX_WORDS = 50


@app.command(short_help="Search names and texts, in every language.")
def search(
    words: Annotated[list[str], typer.Argument(
        metavar="WORDS", show_default=False,
        help="Words to find, quoted or not (case and accents do not matter).")],
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
    sort: SortOpt = None,
    limit: LimitOpt = None,
    as_json: JsonOpt = False,
    fields: FieldsOpt = None,
    as_csv: CsvOpt = False,
    export: ExportOpt = None,
    force: ForceOpt = False,
    cite: CiteOpt = None,
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
    from_, to = period_of(period, from_, to)
    from wpskosovo.query import search
    from wpskosovo.render import reports

    text = " ".join(words)
    if not any(c.isalnum() for c in text):
        raise usage("give a word to search for", "WORDS")
    if len(text.split()) > MAX_WORDS:  # every word is a condition in one SQL expression
        raise usage(f"at most {MAX_WORDS} words; narrow the search with --kind, --org or --from", "WORDS")
    k = kind_option(kind)
    fmt = output_format(as_json, as_csv, export=export, cite=cite)
    wanted = wanted_fields(fields, reports.json_fields("search"))
    sort_option(sort, reports.sort_names("search"))
    filters_of(None, k, org, donor, from_, to, place, type_, source, gender, pillar)
    dataset = open_store(data)
    f = filters_of(dataset, k, org, donor, from_, to, place, type_, source, gender, pillar)
    hits = search.search(dataset, text, k, f)
    table, shown = ordered(reports.search_table, hits, sort, limit, "Search results")
    table.highlight = words
    if cite:
        return deliver_citations(dataset, [h.id for h in shown], cite.value)
    deliver_rows(export, force, table, shown, fmt, wanted, lambda h: h.record, f"nothing found for {text!r}")
