"""The store: the validated records in SQLite (`schema.py`, `build.py`), the engine every query
runs on. `open_data` answers from the cache's database when the same program built the same
bytes before (`cache.py`), else builds one from a full load (into the cache, or into a temporary file
without one). A query reads only the rows it returns, from the columns; a record is built
into its model (decoded from its JSON) only when a command needs it whole (show, cite, --json)."""

from __future__ import annotations

import json
import sqlite3
import typing
from collections.abc import Iterable, Iterator, Sequence
from decimal import Decimal
from pathlib import Path

from pydantic import BaseModel

from wpskosovo.leftovers import write_whole
from wpskosovo.model.dates import PartialDate, Timing
from wpskosovo.model.fields import members
from wpskosovo.model.kinds import KINDS, Record, Release
from wpskosovo.model.words import fold
from wpskosovo.store import cache

# ---------------------------------------------------------------- records out of the database


def _converter(annotation):
    """How to turn a field's JSON value back into what the model holds, read from its type
    (None where JSON holds it as it is); a missing value (None) stays None."""
    inner = members(annotation)
    convert = _converter_of(inner[0]) if len(inner) == 1 else None
    return None if convert is None else (lambda v: None if v is None else convert(v))


def _converter_of(annotation):
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
    database holds only records that were validated when it was built. It does what
    `model_construct` does, with what that works out for every call (the fields' defaults)
    worked out once: a search may build thousands of records."""
    if model not in _DECODERS:
        convert = {f: c for f, info in model.model_fields.items() if (c := _converter(info.annotation)) is not None}
        # Every default is immutable (None, (), a flag) or made fresh by its factory.
        fields_info = model.model_fields
        made = {f: info.default_factory for f, info in fields_info.items() if info.default_factory is not None}
        default = {f: info.default for f, info in fields_info.items() if not info.is_required() and f not in made}
        order = list(model.model_fields)  # a record's fields in their declared order, as validation gives them

        def decode(values: dict) -> BaseModel:
            for field, c in convert.items():
                if field in values:
                    values[field] = c(values[field])
            given = set(values)
            fields = {f: values[f] if f in given else default[f] if f in default else made[f]()  # type: ignore[call-arg]
                      for f in order}
            record = model.__new__(model)
            object.__setattr__(record, "__dict__", fields)
            object.__setattr__(record, "__pydantic_fields_set__", given)
            object.__setattr__(record, "__pydantic_extra__", None)
            object.__setattr__(record, "__pydantic_private__", None)
            return record

        _DECODERS[model] = decode
    return _DECODERS[model]


# A record's date or period and its inference marks, as the build stores them in `records`
# (build._dates): what a row of a query selects (`r` the records table), read by `dated`.
DATED = 'r.start, r."end", r.ongoing, r."window", r.start_inferred, r.end_inferred'


def dated(start: str | None, end: str | None, ongoing: str | None, window: int | None,
          start_inferred: int | None, end_inferred: int | None) -> tuple[Timing | None, tuple[bool, bool]]:
    """A record's Timing (None when undated), and whether the sources only imply its start (or
    only date) and its end, from the columns DATED selects."""
    if start is None and end is None and ongoing is None:
        return None, (False, False)
    d = [PartialDate.coerce(x) if x else None for x in (start, end, ongoing)]
    return Timing(d[0], d[1], d[2], bool(window)), (bool(start_inferred), bool(end_inferred))


T = typing.TypeVar("T")


class Selected(Sequence[T]):
    """What a query selected, as keys in its order (`ids`), each row read (`build`, from a
    list of keys) only when it is read: `wps list events --limit 50` of 100k reads 50 rows,
    and counts the rest by their ids."""

    def __init__(self, ids: list, build: typing.Callable[[list], list[T]]):
        self.ids, self.build = ids, build

    def __len__(self) -> int:
        return len(self.ids)

    @typing.overload
    def __getitem__(self, at: int) -> T: ...
    @typing.overload
    def __getitem__(self, at: slice) -> list[T]: ...

    def __getitem__(self, at):
        return self.build(self.ids[at]) if isinstance(at, slice) else self.build([self.ids[at]])[0]

    def __iter__(self):
        return iter(self.build(self.ids))


class Store:
    """The query engine's handle on the database: records by id, each built into its model the
    first time a query returns it."""

    def __init__(self, db: sqlite3.Connection, path: Path | None = None, built: bool = False):
        self.db = db
        self.path = path  # the cache file it reads, if any; None: a temporary one
        self.built = built  # this run built it from the data (else: a cache entry an earlier run left)
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

    def release(self) -> Release | None:
        """The dataset's release (`[dataset]`), or None when the data declares none."""
        meta = dict(self.db.execute("SELECT key, value FROM meta WHERE key LIKE 'release%'"))
        if "release" not in meta:
            return None
        return Release.model_construct(title=meta["release_title"], release=meta["release"],
                                       date=PartialDate.parse(meta["release_date"]))

    def label(self, record: Record) -> str:
        """What to call a record on screen; a funding flow, which has no name, by its parties."""
        return record.label if record.kind != "funding" else self.names([record.id])[record.id]

    def names(self, ids: Iterable[str], column: str = "name") -> dict[str, str]:
        """What to call these records on screen (`records.name`, see `label`), or among others
        (`short`: Record.short_name); an id not in the data is called by itself."""
        if column not in ("name", "short"):  # a column of `records`, never text from elsewhere
            raise ValueError(f"no such name column: {column!r}")
        ids = list(dict.fromkeys(ids))
        found = dict(self.db.execute(f"SELECT id, {column} FROM records WHERE id IN (SELECT value FROM json_each(?))",
                                     (json.dumps(ids),)))
        return {i: found.get(i, i) for i in ids}

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
        built = self._store._records.get(rid)  # most lookups are of records already built
        if built is not None:
            return built
        found = self._store.records([rid])
        return found[0] if found else default

    def __getitem__(self, rid: str) -> Record:
        found = self.get(rid)
        if found is None:
            raise KeyError(rid)
        return found

    def __contains__(self, rid: object) -> bool:
        return isinstance(rid, str) and self.get(rid) is not None


# ---------------------------------------------------------------- opening: the cache or a build


def connect(target: str, uri: bool = False) -> sqlite3.Connection:
    """A connection that knows `fold`, so SQL can fold text as search does."""
    db = sqlite3.connect(target, uri=uri, check_same_thread=False)
    db.create_function("fold", 1, fold, deterministic=True)
    return db


def open_data(paths: list[Path] | None = None) -> Store:
    """The store of the data at `paths` (the shipped data by default): the cached database when
    the same program built the same bytes before, else built from a full load into the cache
    (into a temporary file without one). Raises DataError, listing every problem, for data that is not valid."""
    from wpskosovo.load.toml import default_paths, toml_files

    files, problems = toml_files(paths or default_paths())
    known = cache.known_digests(files) if not problems and cache.directory() else None
    if known is not None:  # unchanged files: the entry they were built into, without reading them
        key = cache.key(known)
        entry = cache.entry(f"{key}.db")
        db = _cached(entry, key) if entry is not None else None
        if db is not None:
            return Store(db, entry)
    # Reading, checking and building are loaded only now: a run the cache answers never needs them.
    from wpskosovo.load.validate import check, load, read_all
    from wpskosovo.problems import DataError, Problem
    from wpskosovo.store.build import build

    contents, problems = read_all(listed=(files, problems))
    if problems:  # report them with those of the files that could be read
        raise DataError(sorted(check(contents=contents)[1] + problems, key=Problem.sort_key))
    digests = [cache.digest(data) for _, data in contents]
    key = cache.key(digests)
    entry = cache.entry(f"{key}.db")
    db = _cached(entry, key) if entry is not None else None
    if cache.directory():  # after the lookup: writing makes the folder private, as a build does
        cache.remember([path for path, _ in contents], digests)
    if db is None:
        data = load(contents=contents)
        meta = {"cache_key": key, "records": str(len(data))}
        place = cache.folder()
        if place is not None:
            try:
                return Store(_build_into(place / f"{key}.db", data, meta), place / f"{key}.db", built=True)
            except (OSError, sqlite3.Error):
                pass  # a read-only home or a full disk: this run builds into a temporary file
        return Store(build(data, meta), built=True)
    return Store(db, entry)


def _build_into(path: Path, data, meta: dict[str, str]) -> sqlite3.Connection:
    """Build the database in a temporary file beside `path`, rename it into place whole (a
    racing run's rename is as good), and open it as a later run would. Built on disk, it
    never sits in memory beside the records it is built from."""
    from wpskosovo.store.build import build

    write_whole(path, lambda tmp: build(data, meta, tmp).close())
    cache.seal(path)
    db = _cached(path, meta["cache_key"])
    if db is None:
        raise OSError(f"{path} could not be read back")
    return db


def _cached(path: Path, key: str) -> sqlite3.Connection | None:
    """The cache's database at `path` (see `cache.entry`), opened read-only, or None: truncated,
    not a database, built for another key, or not the bytes it was sealed with (`cache.intact`).
    Damage a query meets (sqlite3.DatabaseError) makes the command line drop the entry and
    answer from the data."""
    from urllib.parse import quote

    try:
        db = connect(f"file:{quote(str(path))}?mode=ro&immutable=1", uri=True)
        pages = db.execute("PRAGMA page_count").fetchone()[0] * db.execute("PRAGMA page_size").fetchone()[0]
        if pages != path.stat().st_size or db.execute(
                "SELECT value FROM meta WHERE key = 'cache_key'").fetchone() != (key,) or not cache.intact(path):
            db.close()
            return None
        return db
    except (sqlite3.Error, OSError):
        return None
