"""Export for people: the engine's database with a full-text index (for Datasette's search box)
and the program's version, or that database as one CSV file per table."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from wpskosovo.render.output import inert, write_atomically
from wpskosovo.store.build import connect, tables
from wpskosovo.store.db import Store
from wpskosovo.store.schema import FULL_TEXT


def database(store: Store, version: str) -> sqlite3.Connection:
    """A copy of the store's database in memory, with the full-text index and the version."""
    db = connect(":memory:")
    store.db.backup(db)
    db.execute("INSERT OR REPLACE INTO meta VALUES ('wps_version', ?)", (version,))
    db.executescript(FULL_TEXT)
    db.commit()
    return db


def save_csv(db: sqlite3.Connection, folder: Path, force: bool) -> list[Path]:
    """One CSV file per table in `folder` (made if missing); an existing file is replaced only
    with `force`. Cells a spreadsheet would run as formulas are made inert, as in every CSV."""
    import csv
    import io

    folder.mkdir(parents=True, exist_ok=True)
    targets = {name: folder / f"{name}.csv" for name in tables(db)}
    existing = [str(t) for t in targets.values() if t.exists()]
    if existing and not force:
        raise FileExistsError(f"{existing[0]} exists; add --force to replace it")
    for name, target in targets.items():
        cursor = db.execute(f'SELECT * FROM "{name}"')
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow([d[0] for d in cursor.description])
        writer.writerows([inert("" if v is None else str(v)) for v in row] for row in cursor)
        write_atomically(target, out.getvalue())
    return list(targets.values())
