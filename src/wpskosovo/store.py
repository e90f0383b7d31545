"""The validated records as a SQLite database that people open with the tools they already have
(`datasette wps.db`, sqlite-utils, any SQLite client): `wps export wps.db`.

The schema is derived from the models: a table per kind (named by its plural) with a column for
each single value, a column pointing at `records` for each reference to one record; link, name,
role and evidence tables for the rest; foreign keys everywhere, so Datasette shows references
as links; and a full-text index over every record's text, folded as `wps search` folds it.
"""

from __future__ import annotations

import sqlite3
import types
import typing
from pathlib import Path

from pydantic import BaseModel

from wpskosovo.dataset import Dataset
from wpskosovo.model import KINDS, Person, Record
from wpskosovo.words import fold

# The tables of links, names, roles and evidence: what a record holds in lists.
FIXED = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE records (
    id TEXT PRIMARY KEY, kind TEXT NOT NULL, name TEXT NOT NULL,  -- "name": Datasette labels links by it
    search_text TEXT NOT NULL  -- every name and text of the record, folded (case, accents)
);
CREATE INDEX records_kind ON records (kind);
CREATE TABLE links (
    record_id TEXT NOT NULL REFERENCES records (id), field TEXT NOT NULL, position INTEGER,
    target_id TEXT NOT NULL REFERENCES records (id), role TEXT, inferred INTEGER NOT NULL
);
CREATE INDEX links_record ON links (record_id);
CREATE INDEX links_target ON links (target_id);
CREATE TABLE names (
    record_id TEXT NOT NULL REFERENCES records (id), field TEXT NOT NULL, language TEXT,
    name TEXT NOT NULL
);
CREATE INDEX names_record ON names (record_id);
CREATE TABLE roles (
    person_id TEXT NOT NULL REFERENCES records (id), position INTEGER NOT NULL,
    org_id TEXT REFERENCES records (id), title TEXT NOT NULL, start TEXT, "end" TEXT
);
CREATE TABLE evidence (
    record_id TEXT NOT NULL REFERENCES records (id), position INTEGER NOT NULL,
    source_id TEXT NOT NULL REFERENCES records (id), quote TEXT NOT NULL
);
CREATE INDEX evidence_record ON evidence (record_id);
CREATE INDEX evidence_source ON evidence (source_id);
CREATE TABLE inferred (
    record_id TEXT NOT NULL REFERENCES records (id), field TEXT NOT NULL, reason TEXT NOT NULL
);
CREATE VIRTUAL TABLE records_fts USING fts5 (
    search_text, content = 'records', tokenize = 'unicode61 remove_diacritics 2'
);
"""
LIST_OF_NAMES = ("acronyms", "aliases", "countries")  # lists of plain names, into `names`
SKIP = {"id", "sources", "inferred", "names", "roles", *LIST_OF_NAMES}


def _plain(annotation) -> bool:
    """Whether a field holds one plain value (text, number, date, flag), not a list or table."""
    while typing.get_origin(annotation) is typing.Annotated:
        annotation = typing.get_args(annotation)[0]
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        return all(_plain(a) for a in typing.get_args(annotation) if a is not type(None))
    origin = typing.get_origin(annotation)
    if origin in (tuple, list, dict):
        return False
    return not (isinstance(annotation, type) and issubclass(annotation, BaseModel))


def columns(kind: str) -> list[str]:
    """The one-value fields of a kind, in the model's order: its table's columns after `id`."""
    import wpskosovo.model as model

    hints = typing.get_type_hints(KINDS[kind], vars(model), include_extras=True)
    found = [f for f in KINDS[kind].model_fields if f not in SKIP and _plain(hints[f])]
    # What a row is about first, the notes last, as `show` prints them.
    return sorted(found, key=lambda f: (f not in ("title", "name"), f == "notes"))


def schema(references: dict[str, set[str]]) -> str:
    """The DDL: the fixed tables, then a table per kind; `references[kind]` names the columns
    that hold one record's id (they point at `records`)."""
    parts = [FIXED]
    for kind, model in KINDS.items():
        cols = ['"id" TEXT PRIMARY KEY REFERENCES records (id)']
        cols += [f'"{c}" ' + ("INTEGER" if model.model_fields[c].annotation is bool else "TEXT")
                 + (" REFERENCES records (id)" if c in references.get(kind, ()) else "") for c in columns(kind)]
        parts.append(f'CREATE TABLE "{model.plural}" ({", ".join(cols)});')
    return "\n".join(parts)


def _text(record: Record) -> str:
    """All the text of a record, folded, for the full-text index."""
    dump = record.model_dump(mode="json", exclude={"sources", "inferred"})
    values: list[str] = []

    def walk(value):
        if isinstance(value, str):
            values.append(value)
        elif isinstance(value, dict):
            for v in value.values():
                walk(v)
        elif isinstance(value, list):
            for v in value:
                walk(v)

    walk(dump)
    return fold(" ".join(values))


def _cell(value):
    """A value as SQLite keeps it: flags as 0/1, everything else as text (amounts as their exact
    digits, dates as written: 2009, 2009-06)."""
    if value is None or isinstance(value, bool):
        return value if value is None else int(value)
    return str(value)


def build(data: Dataset, release: dict[str, str]) -> sqlite3.Connection:
    """An in-memory database of the dataset (write it out with `save`)."""
    references: dict[str, set[str]] = {}
    for record in data:
        for link in record.links():
            if len(link.path) == 1:
                references.setdefault(record.kind, set()).add(link.path[0])
    db = sqlite3.connect(":memory:")
    db.executescript(schema(references))
    db.executemany("INSERT INTO meta VALUES (?, ?)", sorted(release.items()))
    db.executemany("INSERT INTO records VALUES (?, ?, ?, ?)",
                   [(r.id, r.kind, data.label(r), _text(r)) for r in data])
    for kind, model in KINDS.items():
        cols = columns(kind)
        rows = []
        for r in data.by_kind[kind]:
            dump = r.model_dump(mode="json")
            rows.append([r.id, *(_cell(dump.get(c)) for c in cols)])
        names = ", ".join(f'"{c}"' for c in ["id", *cols])
        db.executemany(f'INSERT INTO "{model.plural}" ({names}) VALUES ({", ".join("?" * (len(cols) + 1))})', rows)
    known = data.by_id
    db.executemany("INSERT INTO links VALUES (?, ?, ?, ?, ?, ?)",
                   [(r.id, link.path[0], link.path[1] if len(link.path) > 1 else None, link.target, link.role,
                     int(r.is_inferred(link)))
                    for r in data for link in r.links() if link.target in known])
    db.executemany("INSERT INTO names VALUES (?, ?, ?, ?)",
                   [(r.id, "names", lang, name) for r in data for lang, name in r.get("names", {}).items()]
                   + [(r.id, f, None, name) for r in data for f in LIST_OF_NAMES for name in r.get(f, ())])
    db.executemany("INSERT INTO roles VALUES (?, ?, ?, ?, ?, ?)",
                   [(r.id, i, role.org, role.title, role.start and str(role.start), role.end and str(role.end))
                    for r in data.of(Person) for i, role in enumerate(r.roles)])
    db.executemany("INSERT INTO evidence VALUES (?, ?, ?, ?)",
                   [(r.id, i, e.source, e.quote) for r in data for i, e in enumerate(r.get("sources", ()))])
    db.executemany("INSERT INTO inferred VALUES (?, ?, ?)",
                   [(r.id, k, v) for r in data for k, v in r.get("inferred", {}).items()])
    db.execute("INSERT INTO records_fts (records_fts) VALUES ('rebuild')")
    db.commit()
    return db


def save(db: sqlite3.Connection, path: Path) -> None:
    """Write the database to `path` whole: into a temporary file beside it, then renamed."""
    import os
    import tempfile

    fd, tmp = tempfile.mkstemp(dir=path.absolute().parent, prefix=".wps-", suffix=".tmp")
    os.close(fd)
    try:
        out = sqlite3.connect(tmp)
        with out:
            db.backup(out)
        out.close()
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def tables(db: sqlite3.Connection) -> list[str]:
    """The tables a person reads (not the full-text index's own)."""
    return [name for (name,) in db.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'records_fts%' ORDER BY rowid")]


def save_csv(db: sqlite3.Connection, folder: Path, force: bool) -> list[Path]:
    """One CSV file per table in `folder` (made if missing); an existing file is replaced only
    with `force`. Cells a spreadsheet would run as formulas are made inert, as in every CSV."""
    import csv
    import io

    from wpskosovo.view import _inert, _write_atomically

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
        writer.writerows([_inert("" if v is None else str(v)) for v in row] for row in cursor)
        _write_atomically(target, out.getvalue())
    return list(targets.values())
