"""Cross-record checks, each a small function of the dataset and one record.

Checks a single record can make on its own live in the models; these need the whole dataset
(ids, references) or point at a field more precisely than a model validator could. `run`
makes one pass over the records and yields (located record, field path, message).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from weakref import WeakKeyDictionary

from wpskosovo.load.dataset import Dataset, Located
from wpskosovo.model.kinds import Record

Finding = tuple[Located, tuple, str, Located | None]  # the last: another record the message points at


def references(data: Dataset, record: Record) -> Iterator[tuple[tuple, str]]:
    for link in data.links(record):
        target = data.by_id.get(link.target)
        if target is None and link.target in data.failed:
            continue  # that record's own problems are reported; its id is not unknown
        if target is None:
            yield link.path, f"unknown id {link.target!r}{_suggest(link.target, data, link.kinds)}"
        elif target.kind not in link.kinds:
            yield link.path, f"{link.target!r} is {_a(target.kind)}, expected {' or '.join(link.kinds)}"
        elif target is record:
            yield link.path, "a record cannot refer to itself"


def evidence(data: Dataset, record: Record) -> Iterator[tuple[tuple, str]]:
    for i, entry in enumerate(record.get("sources", ())):
        target = data.by_id.get(entry.source)
        if target is None and entry.source in data.failed:
            continue
        if target is None or target.kind != "source":
            yield ("sources", i, "source"), (f"evidence cites {entry.source!r}, which is not a source "
                                             f"record{_suggest(entry.source, data, ('source',))}")


def date_order(data: Dataset, record: Record) -> Iterator[tuple[tuple, str]]:
    spans: list[tuple[tuple, Any, Any]] = [((), record.get("start"), record.get("end"))]
    spans += [(("roles", i), role.start, role.end) for i, role in enumerate(record.get("roles", ()))]
    for path, start, end in spans:
        if start and end and end.upper < start.lower:
            yield path + ("end",), f"end {end} is before start {start}"


def parent_cycle(data: Dataset, record: Record) -> Iterator[tuple[tuple, str]]:
    """A parent chain (phase → programme, unit → body) must not lead back to the record."""
    if record.get("parent") not in (None, record.id) and record.id in _on_cycles(data, "parent"):
        yield ("parent",), f"parent chain leads back to {record.id!r}"


def repeated(data: Dataset, record: Record) -> Iterator[tuple[tuple, str]]:
    """An id named twice in one list in the same role (donors = ["b", "b"]) would count twice
    in every total; one organization may hold two roles (implementing and funding)."""
    seen: set[tuple] = set()
    for link in data.links(record):
        key = (link.path[0], link.target, link.role)
        if len(link.path) > 1 and key in seen:
            yield link.path, f"{link.target!r} is listed twice"
        seen.add(key)


def within_cycle(data: Dataset, record: Record) -> Iterator[tuple[tuple, str]]:
    """A place within a place must not lead back to itself, as a parent chain must not."""
    if record.kind == "place" and record.id in _on_cycles(data, "within"):
        yield ("within",), f"'within' leads back to {record.id!r}"


_MEMO: WeakKeyDictionary = WeakKeyDictionary()  # per dataset: what the checks work out once


def _on_cycles(data: Dataset, field: str) -> set[str]:
    """The ids on a loop of `field` (each record's next one of its own kind), found in one
    walk of every chain: linear however deep the chains are."""
    memo = _MEMO.setdefault(data, {})
    if field in memo:
        return memo[field]
    state: dict[str, int] = {}  # 1: on the path being walked; 2: done
    looped: set[str] = set()
    for start in data.by_id:
        path: list[str] = []
        rid: str | None = start
        while rid is not None and rid not in state:
            state[rid] = 1
            path.append(rid)
            record = data.by_id[rid]
            nxt = record.get(field)
            target = data.by_id.get(nxt) if isinstance(nxt, str) else None
            rid = nxt if target is not None and target.kind == record.kind and nxt != rid else None
        if rid is not None and state.get(rid) == 1:  # came back to the path: a loop from rid on
            looped.update(path[path.index(rid):])
        for p in path:
            state[p] = 2
    memo[field] = looped
    return looped


def stated_words(data: Dataset, record: Record) -> Iterator[tuple[tuple, str]]:
    """What a value rests on (a person's gender, a women's organization) is a word of the
    record's own evidence, as written: the check a reader would make."""
    for field in ("gender_basis", "women"):
        words = record.get(field)
        if words and not any(words in e.quote for e in record.get("sources", ())):
            yield (field,), f"{words!r} is in none of the record's quotes: quote the words it rests on"


def coded(data: Dataset, record: Record) -> Iterator[tuple[tuple, str]]:
    """A dataset that codes UNSCR 1325's pillars codes every activity (a project, an event, a
    publication, a policy), so that counts by pillar leave nothing out unsaid."""
    if "pillars" in type(record).model_fields and not record.get("pillars") and _codes_pillars(data):
        yield ("pillars",), "no pillar coded: code each this activity serves, with its reason (docs/codebook.md)"


def _codes_pillars(data: Dataset) -> bool:
    memo = _MEMO.setdefault(data, {})
    if "pillars" not in memo:
        memo["pillars"] = any(r.get("pillars") for r in data)
    return memo["pillars"]


def _a(kind: str) -> str:
    return f"{'an' if kind[0] in 'aeiou' else 'a'} {kind}"


PER_RECORD = (references, evidence, date_order, parent_cycle, within_cycle, repeated, stated_words, coded)


def run(data: Dataset) -> Iterator[Finding]:
    first: dict[str, Located] = {}
    for at in data.located():
        seen = first.setdefault(at.record.id, at)
        if seen is not at:
            yield at, ("id",), f"duplicate id; first defined as {_a(seen.record.kind)} at", seen
        for check in PER_RECORD:
            for path, message in check(data, at.record):
                yield at, path, message, None


# Suggestions compare a bad id with every id of the kinds it may name: memoised per dataset,
# and only for the first bad ids, so that a file with thousands of them is still checked fast.
_SUGGESTED: WeakKeyDictionary = WeakKeyDictionary()
_SUGGEST_AT_MOST = 100


def _suggest(target: str, data: Dataset, kinds: tuple[str, ...]) -> str:
    memo = _SUGGESTED.setdefault(data, {})
    if (target, kinds) not in memo:
        memo[target, kinds] = _close(target, data, kinds) if len(memo) < _SUGGEST_AT_MOST else ""
    return memo[target, kinds]


def _close(target: str, data: Dataset, kinds: tuple[str, ...]) -> str:
    import difflib  # only for suggestions, on the error path

    pool = [r.id for kind in kinds for r in data.by_kind.get(kind, ())]
    close = difflib.get_close_matches(target, pool, n=3, cutoff=0.75)
    return f" (did you mean {', '.join(map(repr, close))}?)" if close else ""
