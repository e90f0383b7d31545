"""Load: paths → parsed files → validated records → Dataset, or a DataError with every problem.

The loader never stops at the first problem: a file that fails to parse is reported and
skipped, a record that fails validation is reported and left out, and the cross-record checks
then run on what remains.
"""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from wpskosovo.load import checks
from wpskosovo.load.dataset import Dataset
from wpskosovo.load.lines import locate_all
from wpskosovo.load.toml import default_paths, parse, read, toml_files
from wpskosovo.model.fields import LANG_PATTERN
from wpskosovo.model.kinds import KINDS, Release, data_file
from wpskosovo.problems import DataError, Problem


def load(paths: list[Path] | None = None, contents: list[tuple[Path, bytes]] | None = None) -> Dataset:
    """Load and check the data (the files at `paths`, or `contents` already read); raise
    DataError listing every problem if there is any."""
    dataset, problems = check(paths, contents=contents)
    if problems:
        raise DataError(problems)
    return dataset


def read_all(paths: list[Path] | None = None,
             listed: tuple[list[Path], list[Problem]] | None = None) -> tuple[list[tuple[Path, bytes]], list[Problem]]:
    """The bytes of every data file at `paths` (the shipped data by default), or of the files
    `listed` already (toml_files' answer), and the problems of those that could not be found
    or read."""
    files, problems = listed or toml_files(paths or default_paths())
    problems = list(problems)
    contents = []
    for path in files:
        data, found = read(path)
        problems += found
        if data is not None:
            contents.append((path, data))
    return contents, problems


def check(paths: list[Path] | None = None, documents: Path | None = None,
          contents: list[tuple[Path, bytes]] | None = None, mentions: bool = False) -> tuple[Dataset, list[Problem]]:
    """Every problem of the data; with `documents` (a folder of the source texts), also every
    evidence quote that is not verbatim in its document; with `mentions`, every known name a
    record's texts mention without a link (load/mentions.py)."""
    if contents is None:
        contents, problems = read_all(paths)
    else:
        problems = []
    return _check(contents, problems, documents, mentions)


def _check(files: list[tuple[Path, bytes]], problems: list[Problem],
           documents: Path | None = None, mentions: bool = False) -> tuple[Dataset, list[Problem]]:
    parsed: list[tuple[Path, BaseModel]] = []
    contents: dict[Path, bytes] = {}
    raw_tables: dict[Path, dict] = {}
    pending: dict[Path, list[tuple[tuple, str]]] = defaultdict(list)
    moved: dict[Path, dict[str, list[int]]] = {}  # where each valid record sat in its array
    failed: set[str] = set()  # ids of records that failed validation
    for path, data in files:
        contents[path] = data
        tables, found = parse(str(path), data)
        problems += found
        if tables is None:
            continue
        raw_tables[path] = tables
        pending[path] += _trim(tables)
        valid, errors, positions, invalid = _validate(tables)
        pending[path] += errors
        failed |= invalid
        if positions:
            moved[path] = positions
        parsed.append((path, valid))
    dataset = Dataset(parsed, moved, failed)
    declared = [path for path, data in parsed if data.dataset is not None]  # type: ignore[attr-defined]
    for path in declared[1:]:
        pending[path].append((("dataset",), f"the dataset's release is declared in {declared[0]} too; keep one"))

    def tables_of(path: Path) -> dict:
        return raw_tables.get(path, {})

    for at, field, message, first in checks.run(dataset):
        if first is not None:  # say where the first one is: file:line, as every problem says
            line = locate_all(str(first.file), contents[first.file].decode("utf-8-sig"), tables_of(first.file),
                              [(first.loc + ("id",), "")])[0].line
            message += f" {first.file}:{line}"
        pending[at.file].append((at.loc + field, message))
    if documents is not None:
        from wpskosovo.load import evidence

        for at, field, message in evidence.quotes(dataset, documents):
            pending[at.file].append((at.loc + field, message))
    if mentions:
        from wpskosovo.load.mentions import unlinked

        for at, field, message in unlinked(dataset):
            pending[at.file].append((at.loc + field, message))
    for path, items in pending.items():
        if items:
            problems += locate_all(str(path), contents[path].decode("utf-8-sig"), tables_of(path), items)
    return dataset, sorted(problems, key=Problem.sort_key)


MAX_KEYS = 200  # far more than any record has fields; past it, a table is not checked key by key


def _trim(tables: dict) -> list[tuple[tuple, str]]:
    """Cut a table with more keys than any record has (a million, say) to its first MAX_KEYS,
    so that checking it costs what a sensible file costs; say so, once a table."""
    found = []
    tables_of = [((), tables)] + [((kind, i), item) for kind, items in list(tables.items()) if isinstance(items, list)
                                  for i, item in enumerate(items) if isinstance(item, dict)]
    for loc, table in tables_of:
        if len(table) > MAX_KEYS:
            found.append((loc, f"has {len(table)} keys, more than any record has fields: only the first "
                               f"{MAX_KEYS} were checked"))
            for key in list(table)[MAX_KEYS:]:
                del table[key]
    return found


def _validate(tables: dict):
    """Validate a file record by record, keeping the valid ones.

    Each record's table is replaced in `tables` by its model as it is validated, so the parsed
    file gives way to the records as they are made (a first run at 100k records holds one copy
    of them, not two); the table of a record that fails stays, for its problems' lines.
    Returns the file, its errors, where each kept record sat in its array, and the ids of the
    records that failed (so references to them are not reported again).
    """
    found: list[Any] = []  # pydantic's ErrorDetails, each at its place in the file
    arrays = {kind: items for kind in KINDS if isinstance(items := tables.get(kind), list)}
    try:  # all but the records: unknown keys, a kind that is not an array of tables, the release
        rest: BaseModel | None = data_file().model_validate({k: v for k, v in tables.items() if k not in arrays})
    except ValidationError as e:
        rest = None
        found += e.errors(include_url=False)
    good: dict[str, list[Any]] = {}
    positions: dict[str, list[int]] = {}
    failed: set[str] = set()
    for kind, items in arrays.items():
        validate = KINDS[kind].model_validate
        good[kind], positions[kind] = [], []
        for i, item in enumerate(items):
            try:
                items[i] = record = validate(item)
            except ValidationError as e:
                found += [{**err, "loc": (kind, i, *err["loc"])} for err in e.errors(include_url=False)]
                if isinstance(item, dict) and isinstance(item.get("id"), str):
                    failed.add(item["id"])
                continue
            good[kind].append(record)
            positions[kind].append(i)
    errors = [(tuple(err["loc"]), _message(err, suggest=i < SUGGEST_AT_MOST)) for i, err in enumerate(found)]
    # An array whose only item failed also reports "too short"; the item's own error says it.
    # (A set of every proper prefix keeps this linear: 100k bad records compared pairwise
    # never finished.)
    inner = {loc[:n] for loc, _ in errors for n in range(1, len(loc))}
    errors = [(loc, msg) for loc, msg in errors if loc not in inner]
    valid: dict[str, Any] = {kind: tuple(records) for kind, records in good.items()}
    if rest is not None:
        valid["dataset"] = rest.dataset  # type: ignore[attr-defined]
    elif isinstance(tables.get("dataset"), dict) and not any(loc[0] == "dataset" for loc, _ in errors):
        valid["dataset"] = Release.model_validate(tables["dataset"])  # the release stays when records fail
    return data_file().model_construct(**valid), errors, positions, failed


SUGGEST_AT_MOST = 100  # "did you mean" for the first problems only: a file of 10^6 typos is still read fast


def _message(err: Any, suggest: bool = True) -> str:  # a pydantic ErrorDetails
    import difflib  # only for suggestions, on the error path

    loc, kind = err["loc"], err["type"]
    if kind == "extra_forbidden":
        name = loc[-1]
        if len(loc) == 1:
            close = difflib.get_close_matches(str(name), KINDS, n=1)
            hint = f" (did you mean [[{close[0]}]]?)" if close else f" (kinds: {', '.join(KINDS)})"
            return f"unknown record kind or top-level key {name!r}{hint}"
        model = KINDS.get(loc[0])
        fields = list(model.model_fields) if model and len(loc) == 3 else []
        close = difflib.get_close_matches(str(name), fields, n=1) if suggest else []
        return f"unknown field {name!r}" + (f" (did you mean {close[0]!r}?)" if close else "")
    if kind == "missing":
        return "required field is missing"
    ctx, given = err.get("ctx") or {}, err.get("input")
    if kind == "string_too_short":
        return "must not be empty" if ctx.get("min_length") == 1 else \
            f"must be at least {ctx.get('min_length')} characters"
    if kind == "too_short":
        if loc and loc[-1] == "sources":
            return "needs at least one piece of evidence: {source = \"…\", quote = \"…\"}"
        n = ctx.get("min_length")
        return "needs at least one entry" if n == 1 else f"needs at least {n} entries"
    if kind == "string_pattern_mismatch":  # say what the form is, not the regular expression
        what = "a language code: two or three lowercase letters, e.g. sq, sr, en" \
            if ctx.get("pattern") == LANG_PATTERN else \
            "an id: lowercase letters, digits and single hyphens, e.g. kwn-2009"
        return f"{given!r} is not {what}"
    if kind == "string_too_long":
        return f"is longer than {ctx.get('max_length')} characters"
    bounds = {"greater_than_equal": ("ge", "{} or more"), "greater_than": ("gt", "more than {}"),
              "less_than_equal": ("le", "{} or less"), "less_than": ("lt", "less than {}")}
    if kind in bounds:
        key, words = bounds[kind]
        return "must be " + words.format(ctx.get(key))
    if kind == "literal_error":
        close = difflib.get_close_matches(str(given), re.findall(r"'([^']*)'", str(ctx.get("expected", ""))), n=1)
        hint = f" (did you mean {close[0]!r}?)" if close else ""
        return f"{given!r} is not one of {ctx.get('expected', '').replace(' or ', ', ')}{hint}"
    if kind in ("int_parsing", "int_type", "decimal_parsing", "decimal_type", "float_parsing", "float_type"):
        return f"{given!r} is not a number"
    if kind in ("string_type",):
        return "must be text, in quotes"
    if kind in ("bool_type", "bool_parsing"):
        return "must be true or false"
    if kind in ("tuple_type", "list_type"):
        return "must be an array: [ … ]"
    if kind in ("dict_type", "model_type", "model_attributes_type"):
        return "must be a table: { … }"
    # Arrays are tuples in the models (immutable records); say what a TOML author writes.
    return err["msg"].removeprefix("Value error, ").replace("a valid tuple", "an array")
