"""Cross-record checks: small functions, each `(dataset) -> [(located, field path, message)]`.

Checks that a single record can make on its own live in the models; these need the whole
dataset (ids, references) or point at a field more precisely than a model validator could.
"""

from __future__ import annotations

from collections.abc import Iterator

from wpskosovo.dataset import Dataset, Located

Finding = tuple[Located, tuple, str]


def duplicate_ids(data: Dataset) -> Iterator[Finding]:
    first: dict[str, Located] = {}
    for at in data.located():
        seen = first.setdefault(at.record.id, at)
        if seen is not at:
            yield at, ("id",), (f"duplicate id; first defined as a {seen.record.kind} "
                                f"in {seen.file} ({seen.record.kind} #{seen.index + 1})")


def references(data: Dataset) -> Iterator[Finding]:
    for at in data.located():
        for link in at.record.links():
            target = data.by_id.get(link.target)
            if target is None:
                yield at, link.path, f"unknown id {link.target!r}{_suggest(link.target, data)}"
            elif target.kind not in link.kinds:
                yield at, link.path, (f"{link.target!r} is a {target.kind}, "
                                      f"expected {' or '.join(link.kinds)}")
            elif target is at.record:
                yield at, link.path, "a record cannot refer to itself"


def evidence(data: Dataset) -> Iterator[Finding]:
    for at in data.located():
        for i, entry in enumerate(getattr(at.record, "sources", ())):
            target = data.by_id.get(entry.source)
            if target is None or target.kind != "source":
                yield at, ("sources", i, "source"), (
                    f"evidence cites {entry.source!r}, which is not a source record"
                    f"{_suggest(entry.source, data, 'source')}")


def date_order(data: Dataset) -> Iterator[Finding]:
    for at in data.located():
        r = at.record
        spans = [((), getattr(r, "start", None), getattr(r, "end", None))]
        spans += [(("roles", i), role.start, role.end) for i, role in enumerate(getattr(r, "roles", ()))]
        for path, start, end in spans:
            if start and end and end.upper < start.lower:
                yield at, path + ("end",), f"end {end} is before start {start}"


def _suggest(target: str, data: Dataset, kind: str | None = None) -> str:
    import difflib

    pool = [r.id for r in data.by_kind[kind]] if kind else list(data.by_id)
    close = difflib.get_close_matches(target, pool, n=3, cutoff=0.75)
    return f" (did you mean {', '.join(map(repr, close))}?)" if close else ""


ALL = (duplicate_ids, references, evidence, date_order)


def run(data: Dataset) -> list[Finding]:
    return [finding for check in ALL for finding in check(data)]
