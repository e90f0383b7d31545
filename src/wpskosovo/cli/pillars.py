"""`wps pillars`: the four pillars of UNSCR 1325 the dataset codes activities with."""

from wpskosovo.cli.app import app
from wpskosovo.cli.common import deliver_pairs, deliver_table, open_store, output_format, pick, wanted_fields
from wpskosovo.cli.options import NO_OUTPUT, DataOpt, Output, with_output


@app.command(short_help="The four pillars of UNSCR 1325, counted.")
@with_output("json", "csv", "export")
def pillars(out: Output = NO_OUTPUT, data: DataOpt = None) -> None:
    """The four pillars of UNSCR 1325, what each covers, and how many activities the dataset
    codes with each (its own coding, not the documents': docs/codebook.md).

    Examples:

    \b
      wps pillars
      wps list events --pillar protection
      wps stats --by pillar --org KWN
    """
    from wpskosovo.model.words import PILLARS
    from wpskosovo.query import stats
    from wpskosovo.render import output, reports
    from wpskosovo.render.output import Table

    fmt = output_format(out.as_json, out.as_csv, export=out.export)
    wanted = wanted_fields(out.fields, reports.json_fields("pillars"))
    counts = stats.by_pillar(open_store(data))["activities"]
    rows = [{"pillar": p, "activities": counts[p], "covers": what} for p, what in PILLARS.items()]
    title = "Pillars of UNSCR 1325 (the dataset's coding)"
    if fmt == "table" and out.export is None:  # each pillar's words whole, wrapped
        sections = [("", [(p, f"{counts[p]} activities: {what}") for p, what in PILLARS.items()])]
        deliver_pairs(None, out.force, title, sections, fmt, None)
    elif fmt == "json":
        output.emit_json(pick(rows, wanted))
    else:
        table = Table(title, list(rows[0]), [list(r.values()) for r in rows])
        deliver_table(out.export, out.force, table, fmt, lambda: pick(rows, wanted))
