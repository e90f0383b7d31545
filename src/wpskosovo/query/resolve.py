"""Name resolution: the one record a name, acronym, alias or other-language name means;
the kinds, and the values `--type` may take."""

from __future__ import annotations

import typing
from collections.abc import Iterable

from wpskosovo.model.fields import members
from wpskosovo.model.kinds import KINDS, Record, kind_names
from wpskosovo.model.words import fold, tokens
from wpskosovo.query.filters import CLOSURE, json_list
from wpskosovo.store.db import Store


class QueryError(Exception):
    """A query that cannot be answered as asked (unknown or ambiguous name, bad kind)."""

    def __init__(self, message: str, ambiguous: bool = False):
        super().__init__(message)
        self.ambiguous = ambiguous  # a usage error: the user must say which one


def kind_of(name: str) -> str:
    names = kind_names()
    kind = names.get(name.lower())
    if kind is None:
        import difflib  # only for suggestions, on the error path

        close = difflib.get_close_matches(name.lower(), names, n=1)
        hint = f"did you mean {close[0]!r}? " if close else ""
        choices = ", ".join(m.plural for m in KINDS.values())
        raise QueryError(f"unknown kind {name!r}; {hint}kinds: {choices}")
    return kind


def resolve(store: Store, text: str, kinds: Iterable[str] = ("organization",)) -> Record:
    """Find the one record a name means: id, name, acronym, alias or other-language name.

    An exact id wins; then exact names; then names containing the text as whole words; then
    any substring.
    """
    kinds = tuple(kinds)
    if not text.strip():
        raise QueryError("an empty name matches nothing")
    found = store.by_id.get(text)
    if found is not None and found.kind in kinds:
        return found
    want = fold(text.strip())
    exact = list(dict.fromkeys(rid for rid, in store.db.execute(
        "SELECT k.record_id FROM known_as k JOIN records r ON r.id = k.record_id "
        "WHERE k.folded = ? AND k.kind IN (SELECT value FROM json_each(?)) ORDER BY r.rowid",
        (want, json_list(kinds)))))
    if len(exact) == 1:
        return store.by_id[exact[0]]
    # Every name of every record of these kinds, in the order of the kinds, then of the data.
    rows = store.db.execute(
        "SELECT k.record_id, k.kind, k.folded FROM known_as k JOIN records r ON r.id = k.record_id "
        "WHERE k.kind IN (SELECT value FROM json_each(?)) ORDER BY r.rowid, k.position", (json_list(kinds),)).fetchall()
    rows.sort(key=lambda row: kinds.index(row[1]))
    pool: dict[str, list[str]] = {}
    for rid, _, name in rows:
        pool.setdefault(rid, []).append(name)
    exact.sort(key=list(pool).index)
    candidates = exact or [r for r in pool if r.startswith(want)] \
        or [r for r, names in pool.items() if any(has_words(n, want) for n in names)] \
        or [r for r, names in pool.items() if any(want in n for n in names)]
    if len(candidates) == 1:
        return store.by_id[candidates[0]]
    if candidates:
        listed = "\n".join(f"  {r.id}  {r.label}" for r in store.records(candidates[:20]))
        raise QueryError(f"{text!r} is ambiguous; it could mean:\n{listed}", ambiguous=True)
    import difflib  # only for suggestions, on the error path

    names = {n: rid for rid, ns in pool.items() for n in ns}
    close = difflib.get_close_matches(want, list(names), n=5, cutoff=0.6)
    ids = list(dict.fromkeys(names[c] for c in close))
    hint = f"; did you mean {', '.join(ids)}?" if ids else ""
    what = " or ".join(kinds) if len(kinds) <= 3 else "record"
    raise QueryError(f"no {what} matches {text!r}{hint}")


def is_exact(record: Record, text: str) -> bool:
    """Whether `text` is the record's id or one of its names (not a part of one)."""
    return text == record.id or fold(text.strip()) in map(fold, record.all_names())


def has_words(haystack: str, words: str) -> bool:
    padded = f" {' '.join(tokens(haystack))} "
    return f" {' '.join(tokens(words))} " in padded


def units(store: Store, orgs: tuple[str, ...]) -> list[str]:
    """Organizations and every unit inside them, at any depth."""
    return [rid for rid, in store.db.execute(CLOSURE, (json_list(orgs), "parent"))]


def type_values(kind: str | None = None) -> list[str]:
    """The values `--type` may take for a kind (or any kind), from the models' types."""

    values: set[str] = set()
    for k in [kind] if kind else KINDS:
        field = KINDS[k].model_fields.get("type")
        if field is None:
            continue
        for arg in members(field.annotation):  # a Literal of the types
            values.update(typing.get_args(arg))
    return sorted(values)
