"""Export for people: the engine's database with a full-text index (for Datasette's search box)
and the program's version, or that database as one CSV file per table."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from wpskosovo.render.output import inert
from wpskosovo.store.build import connect, fill_for_people, tables
from wpskosovo.store.db import Store
from wpskosovo.store.schema import FULL_TEXT


def database(store: Store, version: str) -> sqlite3.Connection:
    """A copy of the store's database in memory, with the full-text index and the version."""
    db = connect(":memory:")
    store.db.backup(db)
    fill_for_people(db, store.select("SELECT id FROM records ORDER BY rowid"))
    db.execute("INSERT OR REPLACE INTO meta VALUES ('wps_version', ?)", (version,))
    db.executescript(FULL_TEXT + READABLE)
    db.commit()
    return db


# What a spreadsheet or Datasette user needs beside the ids and exact texts: a flow's amount as a
# number (sorting, faceting and summing; `amount` keeps its exact digits) and its parties' names.
READABLE = """
ALTER TABLE funding ADD COLUMN amount_value REAL;
UPDATE funding SET amount_value = CAST(amount AS REAL) WHERE amount IS NOT NULL;
ALTER TABLE funding ADD COLUMN donor_names TEXT;
UPDATE funding SET donor_names = (SELECT group_concat(r.name, '; ') FROM links l JOIN records r ON r.id = l.target_id
                                  WHERE l.record_id = funding.id AND l.field = 'donors' ORDER BY l.rowid);
ALTER TABLE funding ADD COLUMN recipient_name TEXT;
UPDATE funding SET recipient_name = (SELECT name FROM records WHERE id = funding.recipient);
CREATE TABLE pillars (  -- the dataset's coding of each activity by UNSCR 1325's pillars: facet on pillar
    record_id TEXT NOT NULL REFERENCES records (id), pillar TEXT NOT NULL, reason TEXT NOT NULL);
INSERT INTO pillars SELECT j.id, json_extract(c.value, '$.pillar'), json_extract(c.value, '$.reason')
    FROM record_json j, json_each(j.json, '$.pillars') c;
ALTER TABLE funding ADD COLUMN project_name TEXT;
UPDATE funding SET project_name = (SELECT name FROM records WHERE id = funding.project);
"""


def save_csv(db: sqlite3.Connection, folder: Path, force: bool) -> list[Path]:
    """One CSV file per table in `folder` (made if missing); an existing file is replaced only
    with `force`. Written whole or not at all: every file first into a temporary folder beside
    it, then moved into place. Cells a spreadsheet would run as formulas are made inert."""
    import csv
    import os
    import shutil
    import tempfile

    from wpskosovo import leftovers

    targets = {name: folder / f"{name}.csv" for name in tables(db)}
    existing = [t for t in targets.values() if os.path.lexists(t)]
    if any(t.is_dir() or t.is_symlink() for t in existing):
        raise FileExistsError(f"{next(t for t in existing if t.is_dir() or t.is_symlink())} is not a file; "
                              "move it away first")
    if existing and not force:
        raise FileExistsError(f"{existing[0]} exists; add --force to replace it")
    folder.absolute().parent.mkdir(parents=True, exist_ok=True)
    work = leftovers.made(lambda: tempfile.mkdtemp(dir=folder.absolute().parent, prefix=".wps-", suffix=".tmp"))
    try:
        for name in targets:
            cursor = db.execute(f'SELECT * FROM "{name}"')
            with open(os.path.join(work, f"{name}.csv"), "w", encoding="utf-8", newline="") as out:
                writer = csv.writer(out, lineterminator="\n")
                writer.writerow([d[0] for d in cursor.description])
                writer.writerows([inert("" if v is None else str(v)) for v in row] for row in cursor)
        umask = os.umask(0)
        os.umask(umask)
        for name in targets:
            os.chmod(os.path.join(work, f"{name}.csv"), 0o666 & ~umask)
        if not os.path.lexists(folder):
            os.chmod(work, 0o777 & ~umask)
            os.rename(work, folder)
        else:
            for name, target in targets.items():
                os.replace(os.path.join(work, f"{name}.csv"), target)
    finally:
        shutil.rmtree(work, ignore_errors=True)
        leftovers.forget(work)
    return list(targets.values())
