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
    NO_OUTPUT,
    DataOpt,
    Output,
    complete_records,
    with_output,
)


@app.command(short_help="One record in full, with its evidence.")
@with_output("json", "csv", "export")
def show(
    record_id: Annotated[str, typer.Argument(
        metavar="ID", show_default=False, autocompletion=complete_records(None),
        help="A record id, or the name of an organization, person, project, policy, publication, "
             "event or place.")],
    out: Output = NO_OUTPUT,
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
    from wpskosovo.render import layout, reports
    from wpskosovo.render import show as show_render

    if not record_id.strip():
        raise usage("an empty name matches nothing", "ID")
    fmt = output_format(out.as_json, out.as_csv, export=out.export)
    wanted = wanted_fields(out.fields, reports.json_fields("show"))
    store = open_store(data)
    # A source by its number (`wps show 003`); any record by a name, or a unique start of its id.
    record = store.by_id.get(record_id) or store.by_id.get(source_id(record_id) or "")
    if record is None:
        record = store.by_id[resolve_name(store, record_id, tuple(KINDS), "show")]
    rels = select.relations(store, record)
    payload = picked(show_render.show_json(store, record, rels), wanted)
    title = f"{record.kind} {record.id}: {store.label(record)}"
    record_part, evidence, coding, notes = show_render.show_sections(store, record, rels)
    sections = [record_part, ("relations", show_render.relation_pairs(store, rels)), evidence, coding, notes]

    def picture():
        relations = ("relations", show_render.relation_pairs(store, rels, stacked=True))
        return layout.pairs_renderables(title, [record_part, relations, evidence, coding, notes])

    deliver_pairs(out.export, out.force, title, sections, fmt, payload, picture)
