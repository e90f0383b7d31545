"""`wps validate`: check the data and report every problem as file:line: record: field: message."""


import sys
from pathlib import Path
from typing import Annotated

import typer

from wpskosovo.cli.app import app
from wpskosovo.cli.common import (
    fail,
    state,
    usage,
)
from wpskosovo.cli.options import (
    DataOpt,
)


@app.command(short_help="Check the data: every problem at file:line.")
def validate(
    paths: Annotated[list[str] | None, typer.Argument(  # text: an empty one must not become "."
        metavar="PATH", show_default=False,
        help="Files or directories to check (default: --data, or the shipped dataset).")] = None,
    sources: Annotated[Path | None, typer.Option(
        "--sources", metavar="DIR", show_default=False, file_okay=False,
        help="Also check every quote against the source documents in DIR (each source record names "
             "its file): verbatim, whitespace aside.")] = None,
    mentions: Annotated[bool, typer.Option(
        "--mentions", help="Also report each place, organization or person a record's description or "
                           "quotes name while the record has no link to it (unless its `unlinked` says why).")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the problems as JSON.")] = False,
    data: DataOpt = None,
) -> None:
    """Check the data; report every problem as file:line: record: field: message (exit 1).

    Findings go to stdout, so `wps validate | grep` works; exit 0 when clean.

    Examples:

    \b
      wps validate
      wps validate my-data/ extra.toml
      wps validate --sources path/to/documents/
      wps validate --mentions
      wps validate --json
    """
    from wpskosovo.load.validate import check
    from wpskosovo.problems import DataError
    from wpskosovo.render import output

    if any(not p for p in paths or ()):  # it would read every .toml under this folder
        raise usage("an empty path; name a file or a directory (. for this one)", "PATH")
    if sources is not None and not sources.is_dir():
        raise fail(f"{sources}: no such directory")  # as a --data path that is not there: exit 1
    given = [Path(p) for p in paths] if paths else None
    dataset, problems = check(given or data or state.get("data"), sources, mentions=mentions)
    if as_json:
        output.emit_json({"ok": not problems, "records": len(dataset),
                          "problems": [{"file": p.file, "line": p.line, "record": p.record,
                                        "field": p.field, "message": p.message} for p in problems]})
    elif problems:
        sys.stdout.write(output.clean(DataError(problems).report()) + "\n")
    else:
        n = len(dataset.files)
        quotes = f", every quote found in {sources}" if sources else ""
        print(f"ok: {len(dataset)} records in {n} file{'s' * (n != 1)}, no problems found{quotes}")
    if problems:
        raise typer.Exit(1)
