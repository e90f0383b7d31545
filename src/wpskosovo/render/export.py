"""The exported database as one CSV file per table, for spreadsheets (the database itself is
store/export.py's)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from wpskosovo.render.output import inert


def _tables(db: sqlite3.Connection) -> list[str]:
    """The tables a person reads (not the full-text index's own)."""
    return [name for (name,) in db.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'records_fts%' ORDER BY rowid")]


def save_csv(db: sqlite3.Connection, folder: Path, force: bool) -> list[Path]:
    """One CSV file per table in `folder` (made if missing); an existing file is replaced only
    with `force`. Written whole or not at all: every file first into a temporary folder beside
    it, then moved into place. Cells a spreadsheet would run as formulas are made inert."""
    import csv
    import os
    import shutil
    import tempfile

    from wpskosovo import leftovers

    targets = {name: folder / f"{name}.csv" for name in _tables(db)}
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
