"""`wps pillars`: the four pillars of UNSCR 1325 the dataset codes activities with."""

from wpskosovo.cli.app import app
from wpskosovo.cli.common import open_store, output_format
from wpskosovo.cli.options import CsvOpt, DataOpt, WholeJsonOpt


@app.command()
def pillars(as_json: WholeJsonOpt = False, as_csv: CsvOpt = False, data: DataOpt = None) -> None:
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
    from wpskosovo.render import output
    from wpskosovo.render.output import Table

    fmt = output_format(as_json, as_csv)
    counts = stats.by_pillar(open_store(data))["activities"]
    if fmt == "json":
        output.emit_json([{"pillar": p, "activities": counts[p], "covers": what} for p, what in PILLARS.items()])
        return
    title = "Pillars of UNSCR 1325 (the dataset's coding)"
    if fmt == "table":  # each pillar's words whole, wrapped
        output.emit_pairs(title, [("", [(p, f"{counts[p]} activities: {what}") for p, what in PILLARS.items()])], fmt)
        return
    rows = [[p, counts[p], what] for p, what in PILLARS.items()]
    output.emit_table(Table(title, ["pillar", "activities", "covers"], rows), fmt)
