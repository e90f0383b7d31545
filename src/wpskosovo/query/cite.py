"""Citations: the source documents records rest on, each with the records' quotes from it."""

from __future__ import annotations

import typing
from dataclasses import dataclass, field

from wpskosovo.model.kinds import Record, Release, Source
from wpskosovo.query.filters import json_list
from wpskosovo.store.db import Store


@dataclass
class Cited:
    source: Source
    publishers: list[str]  # the publishers' names
    quotes: list[tuple[Record, list[str]]] = field(default_factory=list)  # each record, its quotes from the source


@dataclass
class Citations:
    cited: list[Cited]
    records: list[Record]  # what is cited, in the order asked
    release: Release | None


def citations(store: Store, ids: list[str]) -> Citations:
    """The sources of these records (a source record cites itself), in the order the documents
    are numbered, each with what every record quotes from it."""
    records = store.records(dict.fromkeys(ids))  # in one query
    quotes: dict[str, dict[str, list[str]]] = {}
    for r in records:
        for e in r.get("sources", ()):
            quotes.setdefault(e.source, {}).setdefault(r.id, []).append(e.quote)
        if r.kind == "source":
            quotes.setdefault(r.id, {})
    sources = typing.cast(list[Source], store.select(
        "SELECT id FROM records WHERE kind = 'source' AND id IN (SELECT value FROM json_each(?)) ORDER BY id",
        (json_list(quotes),)))
    cited = [Cited(s, [store.label(store.by_id[p]) for p in s.publisher if p in store.by_id],
                   [(store.by_id[rid], qs) for rid, qs in quotes[s.id].items()]) for s in sources]
    return Citations(cited, records, store.release())
