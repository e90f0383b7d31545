"""The validated records in SQLite: the engine every query runs on, and the database people
open with the tools they already have (`wps export wps.db`, then `datasette wps.db`).

The schema is derived from the models: a table per kind (named by its plural) with a column for
each single value, a column pointing at `records` for each reference to one record; link, name,
role and evidence tables for the rest; foreign keys everywhere, so Datasette shows references
as links; and a full-text index over every record's text, folded as `wps search` folds it.
What queries need beyond that is worked out once, when the database is built: each record's
span and sort keys, the organizations it involves (`parties`), its donors (`funders`), its
places (`record_places`), every name it is known by (`known_as`), and the record itself as
JSON, so that a query turns only the rows it returns into models.

Cold and warm runs take one path: the records are built into a database in memory; that
database is then written to the cache (`cache.py`), keyed on the data's bytes and the
program, and a later run on the same data opens it read-only instead of reading any TOML.
"""

from __future__ import annotations

import json
import sqlite3
import types
import typing
from collections.abc import Iterable, Iterator
from decimal import Decimal
from pathlib import Path

from pydantic import BaseModel

from wpskosovo.load.dataset import Dataset
from wpskosovo.model.dates import PartialDate
from wpskosovo.model.kinds import KINDS, Funding, Link, Person, Place, Record
from wpskosovo.model.words import fold, name_key

R = typing.TypeVar("R", bound=Record)

# The tables of links, names, roles and evidence (what a record holds in lists), and what the
# queries need, worked out once.
FIXED = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE records (
    id TEXT PRIMARY KEY, kind TEXT NOT NULL, name TEXT NOT NULL,  -- "name": Datasette labels links by it
    type TEXT,  -- folded, as --type compares it
    first TEXT, last TEXT,  -- its earliest and latest date, as written (2009, 2009-06-08, 2023?)
    lo TEXT, hi TEXT,  -- the days a date filter tests (an open end reaches 0001-01-01 or 9999-12-31)
    date_order TEXT, name_order TEXT,  -- a listing's order: by date (NULL when undated), then name
    search_text TEXT NOT NULL  -- every name and text of the record and the names of what it links to, folded
);
CREATE TABLE record_json (  -- each record whole, as the data file gives it: what a query returns
    id TEXT PRIMARY KEY REFERENCES records (id), json TEXT NOT NULL
);
CREATE TABLE links (
    record_id TEXT NOT NULL REFERENCES records (id), field TEXT NOT NULL, position INTEGER,
    target_id TEXT NOT NULL REFERENCES records (id), role TEXT, inferred INTEGER NOT NULL
);
CREATE TABLE names (
    record_id TEXT NOT NULL REFERENCES records (id), field TEXT NOT NULL, language TEXT,
    name TEXT NOT NULL
);
CREATE TABLE known_as (  -- every name a record answers to, its id first
    record_id TEXT NOT NULL REFERENCES records (id), kind TEXT NOT NULL, position INTEGER NOT NULL,
    name TEXT NOT NULL, folded TEXT NOT NULL
);
CREATE TABLE roles (
    person_id TEXT NOT NULL REFERENCES records (id), position INTEGER NOT NULL,
    org_id TEXT REFERENCES records (id), title TEXT NOT NULL, start TEXT, "end" TEXT
);
CREATE TABLE evidence (
    record_id TEXT NOT NULL REFERENCES records (id), position INTEGER NOT NULL,
    source_id TEXT NOT NULL REFERENCES records (id), quote TEXT NOT NULL
);
CREATE TABLE inferred (
    record_id TEXT NOT NULL REFERENCES records (id), field TEXT NOT NULL, reason TEXT NOT NULL
);
CREATE TABLE parties (  -- the organizations a record involves: linked, or through a person's role
    record_id TEXT NOT NULL REFERENCES records (id), org_id TEXT NOT NULL REFERENCES records (id)
);
CREATE TABLE funders (  -- a funding flow's donors; a project's funding participants and donors
    record_id TEXT NOT NULL REFERENCES records (id), org_id TEXT NOT NULL REFERENCES records (id)
);
CREATE TABLE record_places (  -- where a record is: its places, the countries it names, a flow's project's
    record_id TEXT NOT NULL REFERENCES records (id), place_id TEXT NOT NULL REFERENCES records (id)
);
"""
# What the filters read, derived from the links once they are in.
DERIVED = """
-- An organization takes part in itself, in what links to it, and in what links to a person
-- who holds a role in it (a panelist who is a deputy mayor brings the municipality).
INSERT INTO parties
    SELECT id, id FROM records WHERE kind = 'organization'
    UNION SELECT l.record_id, l.target_id FROM links l JOIN records t ON t.id = l.target_id
        WHERE t.kind = 'organization'
    UNION SELECT l.record_id, r.org_id FROM links l JOIN roles r ON r.person_id = l.target_id
        WHERE r.org_id IN (SELECT id FROM records);
-- A flow's donors fund it, and fund the project and the recipient it goes to; a project's
-- participants in the role "funding" fund it.
INSERT INTO funders
    SELECT record_id, target_id FROM links WHERE field = 'donors'
    UNION SELECT record_id, target_id FROM links WHERE role = 'funding'
    UNION SELECT f.target_id, d.target_id FROM links f JOIN links d ON d.record_id = f.record_id
        WHERE d.field = 'donors' AND f.field IN ('project', 'recipient')
        AND f.record_id IN (SELECT id FROM records WHERE kind = 'funding');
"""
# Made once the tables are filled: cheaper than keeping them in order row after row.
INDEXES = """
CREATE INDEX records_kind ON records (kind, date_order, name_order);
CREATE INDEX links_record ON links (record_id);
CREATE INDEX links_target ON links (target_id, field);
CREATE INDEX names_record ON names (record_id);
CREATE INDEX known_as_record ON known_as (record_id, position);
CREATE INDEX known_as_folded ON known_as (folded);
CREATE INDEX known_as_kind ON known_as (kind);
CREATE INDEX evidence_record ON evidence (record_id);
CREATE INDEX evidence_source ON evidence (source_id);
CREATE INDEX parties_org ON parties (org_id);
CREATE INDEX funders_org ON funders (org_id);
CREATE INDEX record_places_place ON record_places (place_id);
"""
# For people (`wps export`): Datasette's search box. Substrings of the names as written and of
# the folded text, three letters at a time. Queries do not need it: a scan of the folded text
# takes a tenth of a second at 100k records, and the index would cost a third of a cold run.
FULL_TEXT = """
CREATE VIRTUAL TABLE records_fts USING fts5 (name, search_text, content="records", tokenize='trigram');
INSERT INTO records_fts (records_fts) VALUES ('rebuild');
"""
LIST_OF_NAMES = ("acronyms", "aliases", "countries")  # lists of plain names, into `names`
SKIP = {"id", "sources", "inferred", "names", "roles", *LIST_OF_NAMES}
OPEN_START, OPEN_END = "0001-01-01", "9999-12-31"


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
    fields = KINDS[kind].model_fields
    found = [f for f, info in fields.items() if f not in SKIP and _plain(info.annotation)]
    # What a row is about first, the notes last, as `show` prints them.
    return sorted(found, key=lambda f: (f not in ("title", "name"), f == "notes"))


def schema() -> str:
    """The DDL: the fixed tables, then a table per kind, whose reference fields to one record
    point at `records`."""
    parts = [FIXED]
    for kind, model in KINDS.items():
        one = {field for field, declared, _ in model.references() if declared is not None}
        cols = ['"id" TEXT PRIMARY KEY REFERENCES records (id)']
        cols += [f'"{c}" ' + ("INTEGER" if model.model_fields[c].annotation is bool else "TEXT")
                 + (" REFERENCES records (id)" if c in one else "") for c in columns(kind)]
        parts.append(f'CREATE TABLE "{model.plural}" ({", ".join(cols)});')
    return "\n".join(parts)


def _cell(value):
    """A value as SQLite keeps it: flags as 0/1, everything else as text (amounts as their exact
    digits, dates as written: 2009, 2009-06)."""
    if value is None or isinstance(value, bool):
        return value if value is None else int(value)
    return str(value)


def _dates(record: Record) -> tuple:
    """first, last, lo, hi and date_order of a record (all None when it is undated)."""
    start, end = record.span()
    if start is None and end is None:
        return None, None, None, None, None
    first, last = start or end, end or start
    assert first is not None and last is not None
    lo = start.lower.isoformat() if start else OPEN_START
    hi = end.upper.isoformat() if end else OPEN_END
    return str(first), str(last), lo, hi, date_order(first)


def date_order(d: PartialDate) -> str:
    """A date's place in a listing as text: its first day, then the coarser date first
    ("2009" before "2009-01")."""
    return f"{d.lower.isoformat()}{int(d.month is not None)}{int(d.day is not None)}"


def _places(data: Dataset, record: Record, countries: dict[str, str]) -> list[str]:
    """The places a record is at: its place fields, and the countries it names as text (an
    organization's `country`, a project's `countries`) that are places of the data. A funding
    flow is where the project it funds is."""
    if isinstance(record, Funding):
        project = data.by_id.get(record.project or "")
        return _places(data, project, countries) if project is not None and project.kind == "project" else []
    named = [record.get("country"), *record.get("countries", ())]
    return [p for p in (record.get("place"), *record.get("places", ())) if p] + \
        [countries[fold(c)] for c in named if c and fold(c) in countries]


def _search_text(record: Record, links: list[Link], names: dict[str, list[str]]) -> str:
    """What search reads, folded: the record's own texts and the names of what it links to."""
    linked = [n for link in links for n in names.get(link.target, ())]
    return fold("\n".join([*(t for _, t, _ in record.texts()), *linked]))


def build(data: Dataset, meta: dict[str, str]) -> sqlite3.Connection:
    """The database of a dataset, in memory (write it out with `save`). Rows are generated as
    they are inserted, so that no table is held twice."""
    links = {r.id: [link for link in r.links() if link.target in data.by_id] for r in data}
    known = {r.id: r.all_names() for r in data}
    countries = {fold(name): place.id for place in data.of(Place)
                 if place.type in ("country", "territory") for name in place.all_names()}
    db = connect(":memory:")
    db.executescript(schema())
    insert = db.executemany
    insert("INSERT INTO meta VALUES (?, ?)", sorted(meta.items()))
    insert("INSERT INTO records VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
           ((r.id, r.kind, data.label(r), r.get("type") and fold(r.get("type")), *_dates(r), name_key(r.label),
             _search_text(r, links[r.id], known)) for r in data))
    insert("INSERT INTO record_json VALUES (?, ?)", ((r.id, r.model_dump_json()) for r in data))
    for kind, model in KINDS.items():
        cols = columns(kind)
        names = ", ".join(f'"{c}"' for c in ["id", *cols])
        insert(f'INSERT INTO "{model.plural}" ({names}) VALUES ({", ".join("?" * (len(cols) + 1))})',
               ([r.id, *(_cell(dump.get(c)) for c in cols)]
                for r in data.by_kind[kind] for dump in [r.model_dump(mode="json", include=set(cols))]))
    insert("INSERT INTO links VALUES (?, ?, ?, ?, ?, ?)",
           ((r.id, link.path[0], link.path[1] if len(link.path) > 1 else None, link.target, link.role,
             int(r.is_inferred(link))) for r in data for link in links[r.id]))
    insert("INSERT INTO names VALUES (?, ?, ?, ?)",
           ((r.id, "names", lang, name) for r in data for lang, name in r.get("names", {}).items()))
    insert("INSERT INTO names VALUES (?, ?, ?, ?)",
           ((r.id, f, None, name) for r in data for f in LIST_OF_NAMES for name in r.get(f, ())))
    insert("INSERT INTO known_as VALUES (?, ?, ?, ?, ?)",
           ((r.id, r.kind, i, name, fold(name)) for r in data for i, name in enumerate(known[r.id])))
    insert("INSERT INTO roles VALUES (?, ?, ?, ?, ?, ?)",
           ((r.id, i, role.org, role.title, role.start and str(role.start), role.end and str(role.end))
            for r in data.of(Person) for i, role in enumerate(r.roles)))
    insert("INSERT INTO evidence VALUES (?, ?, ?, ?)",
           ((r.id, i, e.source, e.quote) for r in data for i, e in enumerate(r.get("sources", ()))))
    insert("INSERT INTO inferred VALUES (?, ?, ?)",
           ((r.id, k, v) for r in data for k, v in r.get("inferred", {}).items()))
    insert("INSERT INTO record_places VALUES (?, ?)",
           ((r.id, p) for r in data for p in dict.fromkeys(_places(data, r, countries))))
    db.executescript(DERIVED + INDEXES)
    db.commit()
    return db


def connect(target: str, uri: bool = False) -> sqlite3.Connection:
    """A connection that knows `fold`, so SQL can fold text as search does."""
    db = sqlite3.connect(target, uri=uri, check_same_thread=False)
    db.create_function("fold", 1, fold, deterministic=True)
    return db


# ---------------------------------------------------------------- records out of the database


def _converter(annotation):
    """How to turn a field's JSON value back into what the model holds, read from its type."""
    while typing.get_origin(annotation) is typing.Annotated:
        annotation = typing.get_args(annotation)[0]
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        inner = [a for a in typing.get_args(annotation) if a is not type(None)]
        convert = _converter(inner[0]) if len(inner) == 1 else None
        return None if convert is None else (lambda v: None if v is None else convert(v))
    if typing.get_origin(annotation) is tuple:
        item = _converter(typing.get_args(annotation)[0])
        return (lambda v: tuple(v)) if item is None else (lambda v: tuple(map(item, v)))
    if annotation is PartialDate:
        return PartialDate.coerce
    if annotation is Decimal:
        return Decimal
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return _decoder(annotation)
    return None  # text, numbers, flags, tables of names: JSON holds them as they are


_DECODERS: dict[type, typing.Callable[[dict], BaseModel]] = {}


def _decoder(model: type[BaseModel]) -> typing.Callable[[dict], BaseModel]:
    """A function from a record's JSON object to its model, without validating again: the
    database holds only records that were validated when it was built."""
    if model not in _DECODERS:
        convert = {f: c for f, info in model.model_fields.items() if (c := _converter(info.annotation)) is not None}

        def decode(values: dict) -> BaseModel:
            for field, c in convert.items():
                if field in values:
                    values[field] = c(values[field])
            return model.model_construct(**values)

        _DECODERS[model] = decode
    return _DECODERS[model]


class Store:
    """The query engine's handle on the database: records by id, each built into its model the
    first time a query returns it."""

    def __init__(self, db: sqlite3.Connection, path: Path | None = None):
        self.db = db
        self.path = path  # the cache file it reads, if any; None: built in memory
        self._records: dict[str, Record] = {}
        self.by_id = _ById(self)

    def records(self, ids: Iterable[str]) -> list[Record]:
        """The records with these ids, in that order (ids not in the data are left out)."""
        ids = list(ids)
        missing = [i for i in dict.fromkeys(ids) if i not in self._records]
        if missing:
            rows = self.db.execute("SELECT r.id, r.kind, j.json FROM records r JOIN record_json j ON j.id = r.id "
                                   "WHERE r.id IN (SELECT value FROM json_each(?))",
                                   (json.dumps(missing),))
            for rid, kind, text in rows:
                self._records[rid] = typing.cast(Record, _decoder(KINDS[kind])(json.loads(text)))
        return [self._records[i] for i in ids if i in self._records]

    def select(self, sql: str, params: Iterable = ()) -> list[Record]:
        """The records whose ids the query returns (its first column), in its order."""
        return self.records(row[0] for row in self.db.execute(sql, tuple(params)))

    def of(self, model: type[R]) -> list[R]:
        """The records of one kind, typed as their model: `store.of(Funding)`."""
        return typing.cast(list[R], self.select("SELECT id FROM records WHERE kind = ? ORDER BY rowid", (model.kind,)))

    def label(self, record: Record) -> str:
        """What to call a record on screen; a funding flow, which has no name, by its parties."""
        if record.kind != "funding":
            return record.label
        row = self.db.execute("SELECT name FROM records WHERE id = ?", (record.id,)).fetchone()
        return row[0] if row else record.id

    def __len__(self) -> int:
        return self.db.execute("SELECT count(*) FROM records").fetchone()[0]

    def __iter__(self) -> Iterator[Record]:
        """Every record (the whole dataset is built: for the few answers that need it all)."""
        return iter(self.select("SELECT id FROM records ORDER BY rowid"))


class _ById:
    """`store.by_id[...]`: a record by its id, read on demand."""

    def __init__(self, store: Store):
        self._store = store

    def get(self, rid: str, default=None):
        found = self._store.records([rid])
        return found[0] if found else default

    def __getitem__(self, rid: str) -> Record:
        found = self.get(rid)
        if found is None:
            raise KeyError(rid)
        return found

    def __contains__(self, rid: object) -> bool:
        return isinstance(rid, str) and self.get(rid) is not None


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

    from wpskosovo.render.output import _inert, _write_atomically

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


# ---------------------------------------------------------------- opening: the cache or a build


def open_data(paths: list[Path] | None = None) -> Store:
    """The store of the data at `paths` (the shipped data by default): the cached database when
    the same program built the same bytes before, else built in memory from a full load (and
    cached). Raises DataError, listing every problem, for data that is not valid."""
    from wpskosovo.load.validate import check, load, read_all
    from wpskosovo.problems import DataError, Problem
    from wpskosovo.store import cache

    contents, problems = read_all(paths)
    if problems:  # report them with those of the files that could be read
        raise DataError(sorted(check(contents=contents)[1] + problems, key=Problem.sort_key))
    key = cache.key([data for _, data in contents])
    entry = cache.entry(f"{key}.db")
    db = _cached(entry, key) if entry is not None else None
    if db is None:
        data = load(contents=contents)
        db = build(data, {"cache_key": key, "records": str(len(data))})
        place = cache.folder()
        if place is not None:
            try:
                save(db, place / f"{key}.db")
            except (OSError, sqlite3.Error):
                pass  # a read-only home or a full disk: this run answers from memory
        return Store(db)
    return Store(db, entry)


def _cached(path: Path, key: str) -> sqlite3.Connection | None:
    """The cache's database at `path` (see `cache.entry`), opened read-only, or None: truncated,
    not a database, or built for another key. Damage deeper inside shows when a query reads it
    (sqlite3.DatabaseError): the command line then drops the entry and answers from the data."""
    from urllib.parse import quote

    try:
        db = connect(f"file:{quote(str(path))}?mode=ro&immutable=1", uri=True)
        pages = db.execute("PRAGMA page_count").fetchone()[0] * db.execute("PRAGMA page_size").fetchone()[0]
        if pages != path.stat().st_size or db.execute(
                "SELECT value FROM meta WHERE key = 'cache_key'").fetchone() != (key,):
            db.close()
            return None
        return db
    except (sqlite3.Error, OSError):
        return None
