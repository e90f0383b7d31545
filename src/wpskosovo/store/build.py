"""Records into rows: each record's table row, links, names, roles, evidence, span and sort keys,
and its JSON; the database built in memory or in a new file, and copied whole to a file."""

from __future__ import annotations

import json
import sqlite3
import typing
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

from wpskosovo.leftovers import write_whole
from wpskosovo.load.dataset import Dataset
from wpskosovo.model.dates import PartialDate
from wpskosovo.model.fields import digits
from wpskosovo.model.kinds import KINDS, Funding, Person, Place, Record
from wpskosovo.model.record import NAME_WEIGHT
from wpskosovo.model.words import fold, name_key
from wpskosovo.store.db import connect
from wpskosovo.store.schema import (
    INDEXES,
    LIST_OF_NAMES,
    OPEN_END,
    OPEN_START,
    SEPARATOR,
    columns,
    derived,
    schema,
)

R = typing.TypeVar("R", bound=Record)


def _cell(value):
    """A value as SQLite keeps it: flags as 0/1, everything else as text (amounts as their exact
    digits, dates as written: 2009, 2009-06)."""
    if value is None or isinstance(value, bool):
        return value if value is None else int(value)
    return digits(value) if isinstance(value, Decimal) else str(value)


def _dates(record: Record) -> tuple:
    """start, end, ongoing, start_inferred, end_inferred, window, lo, hi, first_hi, last_lo and
    date_order of a record (all None when it is undated)."""
    timing = record.timing()
    if timing is None:
        return (None,) * 11
    lo, hi, first_hi, last_lo = timing.bounds()
    start, end = timing.start, timing.end  # its span
    return (start and str(start), end and str(end), timing.ongoing and str(timing.ongoing),
            *map(int, record.span_inferred()), int(timing.window),
            lo.isoformat() if lo else OPEN_START, hi.isoformat() if hi else OPEN_END,
            first_hi and first_hi.isoformat(), last_lo and last_lo.isoformat(), date_order(timing.first))


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


def _search_texts(data: Dataset, folded: dict[str, list[str]],
                  texts: typing.Callable[[list[tuple]], object]) -> Iterator[tuple]:
    """Every record's row of `search_text`: its texts folded (in one call a record), names
    first, as Record.texts() gives them, and their weights. Its other texts as written, its
    rows of `texts`, go to `texts` a thousand records at a time, so that neither table is
    held whole (its names as written are its rows of `known_as`; the names of what it links
    to are not copied: search reads them from `known_as` through `links`)."""
    rows: list[tuple] = []
    for n, r in enumerate(data, 1):
        names = folded[r.id]
        own = r.texts()[len(names):]
        own_folded = fold(SEPARATOR.join(text for _, text, _ in own)).split(SEPARATOR) if own else []
        rows += [(r.id, i, field, text) for i, (field, text, _) in enumerate(own, len(names))]
        if n % 1000 == 0:
            texts(rows)
            rows = []
        yield (r.id, SEPARATOR.join([*names, *own_folded]),
               json.dumps([NAME_WEIGHT] * len(names) + [weight for _, _, weight in own], separators=(",", ":")))
    texts(rows)


def build(data: Dataset, meta: dict[str, str], target: str = "") -> sqlite3.Connection:
    """The database of a dataset in a new file `target`, or by default in a temporary file of
    SQLite's own, removed when closed (never all in memory: a no-cache run at 100k records
    would hold it beside the records). Rows are generated as they are inserted, so that no
    table is held twice."""
    known = {r.id: r.all_names() for r in data}
    folded = {rid: fold("\0".join(names)).split("\0") for rid, names in known.items()}  # one call a record
    countries = {fold(name): place.id for place in data.of(Place)
                 if place.type in ("country", "territory") for name in place.all_names()}
    db = connect(target)
    if target != ":memory:":  # a file nobody reads until it is whole (or SQLite's own temporary file,
        # target ""): no journal to keep
        db.executescript("PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF;")
    db.executescript(schema())
    insert = db.executemany
    if data.release is not None:  # the dataset's own version, for people and for citations
        meta = meta | {"release": data.release.release, "release_date": str(data.release.date),
                       "release_title": data.release.title}
    insert("INSERT INTO meta VALUES (?, ?)", sorted(meta.items()))
    insert(f"INSERT INTO records VALUES ({', '.join('?' * 19)})",
           ((r.id, r.kind, data.label(r), r.short_name, r.get("type") and fold(r.get("type")), *_dates(r),
             name_key(r.sort_name()), r.what(), r.get("when")) for r in data))
    insert("INSERT INTO search_text VALUES (?, ?, ?)",
           _search_texts(data, folded, lambda rows: insert("INSERT INTO texts VALUES (?, ?, ?, ?)", rows)))
    # Compact: what the data gives, no defaults (the decoder fills them in, as validation did)
    insert("INSERT INTO record_json VALUES (?, ?)", ((r.id, r.model_dump_json(exclude_defaults=True)) for r in data))
    insert("INSERT INTO links VALUES (?, ?, ?, ?, ?, ?)",
           ((r.id, link.path[0], link.path[1] if len(link.path) > 1 else None, link.target, link.role,
             int(r.is_inferred(link))) for r in data for link in data.links(r) if link.target in data.by_id))
    insert("INSERT INTO known_as VALUES (?, ?, ?, ?, ?)",
           ((r.id, r.kind, i, name, f) for r in data for i, (name, f) in enumerate(zip(known[r.id], folded[r.id]))))
    insert("INSERT INTO roles VALUES (?, ?, ?, ?, ?, ?)",
           ((r.id, i, role.org, role.title, role.start and str(role.start), role.end and str(role.end))
            for r in data.of(Person) for i, role in enumerate(r.roles)))
    insert("INSERT INTO evidence VALUES (?, ?, ?)",
           ((r.id, i, e.source) for r in data for i, e in enumerate(r.get("sources", ()))))
    insert("INSERT INTO record_places VALUES (?, ?)",
           ((r.id, p) for r in data for p in dict.fromkeys(_places(data, r, countries))))
    db.executescript(INDEXES + derived())  # the derived tables' joins use the indexes
    db.commit()
    return db


def fill_for_people(db: sqlite3.Connection, records: list[Record]) -> None:
    """Fill the tables only people read (`wps export`; no query reads them, so a cache holds
    them empty): a table per kind with its plain fields, the names in other languages and
    lists of names, and the inferences."""
    insert = db.executemany
    for kind, model in KINDS.items():
        cols = columns(kind)
        names = ", ".join(f'"{c}"' for c in ["id", *cols])
        insert(f'INSERT INTO "{model.plural}" ({names}) VALUES ({", ".join("?" * (len(cols) + 1))})',
               ([r.id, *(_cell(dump.get(c)) for c in cols)]
                for r in records if r.kind == kind for dump in [r.model_dump(mode="json", include=set(cols))]))
    insert("INSERT INTO names VALUES (?, ?, ?, ?)",
           ((r.id, "names", lang, name) for r in records for lang, name in r.get("names", {}).items()))
    insert("INSERT INTO names VALUES (?, ?, ?, ?)",
           ((r.id, f, None, name) for r in records for f in LIST_OF_NAMES for name in r.get(f, ())))
    insert("INSERT INTO inferred VALUES (?, ?, ?)",
           ((r.id, k, v) for r in records for k, v in r.get("inferred", {}).items()))


def save(db: sqlite3.Connection, path: Path, private: bool = True) -> None:
    """Write the database to `path` whole (see leftovers.write_whole)."""

    def copy(tmp: str) -> None:
        out = sqlite3.connect(tmp)
        with out:
            db.backup(out)
        out.close()

    write_whole(path, copy, private)
