"""`wps schema`: the JSON Schema of a data file, for editors that check TOML as it is typed."""

from wpskosovo.cli.app import app


@app.command(short_help="The JSON Schema of a data file.")
def schema() -> None:
    """Print the JSON Schema of a data file, generated from the record models.

    An editor with a TOML language server (Taplo, "Even Better TOML") checks and completes
    records against it: data/records.toml names data/records.schema.json in its first line.

    Examples:

    \b
      wps schema > data/records.schema.json
    """
    from wpskosovo.model.kinds import json_schema
    from wpskosovo.render import output

    output.emit_json(json_schema())
