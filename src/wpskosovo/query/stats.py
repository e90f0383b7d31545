"""Counts, period and sources of the records the filters select."""

from __future__ import annotations

import typing
from dataclasses import dataclass

from wpskosovo.model.dates import PartialDate
from wpskosovo.model.kinds import KINDS, Release, Source
from wpskosovo.query.filters import NO_FILTERS, Filters, where
from wpskosovo.store.db import Store


@dataclass
class Stats:
    counts: dict[str, int]
    first: PartialDate | None
    last: PartialDate | None
    evidence: list[tuple[Source, int]]  # each source and how many records cite it
    release: Release | None = None  # the dataset's release


def stats(store: Store, f: Filters = NO_FILTERS) -> Stats:
    """Counts, period and sources of the records the filters select (all of them by default)."""
    cond, params = where(f)
    counts = dict.fromkeys(KINDS, 0) | dict(store.db.execute(
        f"SELECT r.kind, count(*) FROM records r WHERE {cond} GROUP BY r.kind", params).fetchall())
    lows: list[PartialDate] = []
    highs: list[PartialDate] = []
    for first, last in store.db.execute(
            f'SELECT coalesce(r.start, r.ongoing, r."end"), coalesce(r."end", r.ongoing, r.start) FROM records r '
            f"WHERE r.date_order IS NOT NULL AND {cond} ORDER BY r.rowid", params):
        lows.append(PartialDate.coerce(first))
        highs.append(PartialDate.coerce(last))
    cited = dict(store.db.execute(
        f"SELECT source_id, count(DISTINCT record_id) FROM evidence WHERE record_id IN "
        f"(SELECT r.id FROM records r WHERE {cond}) GROUP BY source_id", params).fetchall())
    sources = typing.cast(list[Source], store.select("SELECT id FROM records WHERE kind = 'source' ORDER BY rowid"))
    return Stats(counts, min(lows, key=lambda d: d.lower, default=None),
                 max(highs, key=lambda d: d.upper, default=None),
                 [(s, cited.get(s.id, 0)) for s in sources], store.release())
