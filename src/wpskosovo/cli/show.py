"""`wps show`: one record in full: what and when, its relations, its evidence, notes."""


from typing import Annotated

import typer

from wpskosovo.cli.app import app
from wpskosovo.cli.common import (
    deliver_pairs,
    open_store,
    output_format,
    picked,
    resolve_name,
    source_id,
    usage,
    wanted_fields,
)
from wpskosovo.cli.options import (
    CsvOpt,
    DataOpt,
    ExportOpt,
    FieldsOpt,
    ForceOpt,
    JsonOpt,
    complete_records,
)


@app.command(short_help="One record in full, with its evidence.")
def show(
    record_id: Annotated[str, typer.Argument(
        metavar="ID", show_default=False, autocompletion=complete_records(None),
        help="A record id, or the name of an organization, person, project, policy, publication, "
             "event or place.")],
    as_json: JsonOpt = False,
    fields: FieldsOpt = None,
    as_csv: CsvOpt = False,
    export: ExportOpt = None,
    force: ForceOpt = False,
    data: DataOpt = None,
) -> None:
    """Show one record in full: what and when, its relations, its evidence, notes last.

    Examples:

    \b
      wps show kwn
      wps show shterpce-panel-2020 --json
      wps show kwn --csv
      wps show wssi-plus --export wssi-plus.html
    """
    from wpskosovo.model.kinds import KINDS
    from wpskosovo.query import select
    from wpskosovo.render import output, reports

    if not record_id.strip():
        raise usage("an empty name matches nothing", "ID")
    fmt = output_format(as_json, as_csv, export=export)
    wanted = wanted_fields(fields, reports.json_fields("show"))
    dataset = open_store(data)
    # A source by its number (`wps show 003`); any record by a name, or a unique start of its id.
    record = dataset.by_id.get(record_id) or dataset.by_id.get(source_id(record_id) or "")
    if record is None:
        record = dataset.by_id[resolve_name(dataset, record_id, tuple(KINDS), "show")]
    rels = select.relations(dataset, record)
    payload = picked(reports.show_json(dataset, record, rels), wanted)
    title = f"{record.kind} {record.id}: {dataset.label(record)}"
    record_part, evidence, coding, notes = reports.show_sections(dataset, record, rels)
    sections = [record_part, ("relations", reports.relation_pairs(dataset, rels)), evidence, coding, notes]

    def picture():
        relations = ("relations", reports.relation_pairs(dataset, rels, stacked=True))
        return output.pairs_renderables(title, [record_part, relations, evidence, coding, notes])

    deliver_pairs(export, force, title, sections, fmt, payload, picture)
