"""`wps show`: one record in full: what and when, its relations, its evidence, notes."""


from typing import Annotated

import typer

from wpskosovo.cli.app import app
from wpskosovo.cli.common import (
    deliver,
    open_store,
    output_format,
    resolve_name,
    source_id,
    usage,
)
from wpskosovo.cli.options import (
    CsvOpt,
    DataOpt,
    ForceOpt,
    ShowExportOpt,
    WholeJsonOpt,
    complete_records,
)


@app.command()
def show(
    record_id: Annotated[str, typer.Argument(
        metavar="ID", show_default=False, autocompletion=complete_records(None),
        help="A record id, or the name of an organization, person, project, policy, publication, "
             "event or place.")],
    as_json: WholeJsonOpt = False,
    as_csv: CsvOpt = False,
    export: ShowExportOpt = None,
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
    dataset = open_store(data)
    # A source by its number (`wps show 003`); any record by a name, or a unique start of its id.
    record = dataset.by_id.get(record_id) or dataset.by_id.get(source_id(record_id) or "")
    if record is None:
        record = dataset.by_id[resolve_name(dataset, record_id, tuple(KINDS), "show")]
    rels = select.relations(dataset, record)
    payload = reports.show_json(dataset, record, rels)
    if fmt == "json":
        output.emit_json(payload)
        return
    title = f"{record.kind} {record.id}: {dataset.label(record)}"
    record_part, evidence, coding, notes = reports.show_sections(dataset, record, rels)
    sections = [record_part, ("relations", reports.relation_pairs(dataset, rels)), evidence, coding, notes]

    def picture():
        relations = ("relations", reports.relation_pairs(dataset, rels, stacked=True))
        return output.pairs_renderables(title, [record_part, relations, evidence, coding, notes])

    deliver(export, force, title, picture,
            {".md": lambda: output.markdown_pairs(title, sections), ".json": lambda: output.json_text(payload)},
            lambda: output.emit_renderables(picture()) if fmt == "table" else output.emit_pairs(title, sections, fmt))
