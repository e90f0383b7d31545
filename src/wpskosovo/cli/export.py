"""`wps export`: the whole dataset as a SQLite database (or CSV files) for other tools."""


from pathlib import Path
from typing import Annotated

import typer

from wpskosovo.cli.app import app
from wpskosovo.cli.common import (
    fail,
    not_an_input,
    open_store,
    usage,
)
from wpskosovo.cli.options import (
    DataOpt,
)

DATABASE_SUFFIXES = (".db", ".sqlite", ".sqlite3")


@app.command("export", short_help="The dataset as SQLite (or CSV files).")
def export_(
    target: Annotated[Path, typer.Argument(
        metavar="TARGET", show_default=False,
        help="A SQLite file to write (wps.db), or with --csv a folder for one CSV file per table.")],
    as_csv: Annotated[bool, typer.Option("--csv", help="Write one CSV file per table into TARGET.")] = False,
    force: Annotated[bool, typer.Option("--force", help="Replace an existing database or CSV files.")] = False,
    data: DataOpt = None,
) -> None:
    """Write the whole dataset as a SQLite database (or CSV files) for other tools.

    The database opens as it is in Datasette (`datasette wps.db`: a table per kind, references
    as links, a full-text search box on `records`) and in sqlite-utils or any SQLite client.

    Examples:

    \b
      wps export wps.db
      wps export tables/ --csv
    """
    import os
    import sqlite3
    from importlib.metadata import version

    from wpskosovo.render import export, output
    from wpskosovo.store import export as database
    from wpskosovo.store.build import save

    if not as_csv and target.suffix.lower() not in DATABASE_SUFFIXES:
        raise usage(f"{target.name!r}: a database is written to a file ending in {', '.join(DATABASE_SUFFIXES)}; "
                    "for spreadsheets, --csv writes a folder of CSV files", "TARGET")
    # os.path's tests answer False where the system refuses the name (too long): writing says why.
    if not as_csv and os.path.lexists(target) and not force:
        raise fail(f"{target} exists; add --force to replace it")
    if as_csv and os.path.lexists(target) and not os.path.isdir(target):
        raise usage(f"{target} is not a folder", "TARGET")
    not_an_input(target)
    if as_csv and os.path.isdir(target):
        for table in target.iterdir():
            not_an_input(table)
    store = open_store(data)
    db = database.database(store, version("wpskosovo"))
    try:
        if as_csv:
            files, where = len(export.save_csv(db, target, force)), f"{target}/*.csv"
        else:
            save(db, target, private=False)
            files, where = 1, str(target)
    except FileExistsError as e:
        raise fail(str(e)) from None
    except (OSError, sqlite3.Error) as e:
        raise fail(f"cannot write {target}: {getattr(e, 'strerror', None) or e}") from None
    output.note(f"wrote {where} ({files} file{'s' * (files != 1)}, {len(store)} records)")
