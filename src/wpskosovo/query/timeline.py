"""The timeline: each dated record as a moment, and the undated ones apart."""

from __future__ import annotations

from dataclasses import dataclass

from wpskosovo.model.dates import PartialDate
from wpskosovo.model.kinds import KINDS, Record
from wpskosovo.query.filters import Filters, json_list, where
from wpskosovo.store.db import Store


@dataclass
class Moment:
    start: PartialDate | None
    end: PartialDate | None
    record: Record
    what: str  # e.g. "founded", "adopted", "period", "published"
    inferred: str | None  # the reason, when the date is inferred
    period: bool  # a span (possibly open-ended), not a point in time

    @property
    def first(self) -> PartialDate:
        """Its earliest known date (a moment always has one)."""
        d = self.start or self.end
        assert d is not None
        return d

    @property
    def last(self) -> PartialDate:
        d = self.end or self.start
        assert d is not None
        return d

    def sort_key(self) -> tuple:
        return (self.first.sort_key(), self.record.kind, self.record.id)


def moment(record: Record) -> Moment | None:
    start, end = record.span()
    if start is None and end is None:
        return None
    inferred = record.get("inferred", {})
    reasons = [inferred[f] for f in record.span_fields() if f in inferred]
    period = start != end
    return Moment(start, end if period else None, record, record.what(), "; ".join(reasons) or None, period)


def timeline(store: Store, f: Filters) -> list[Moment]:
    cond, params = where(f)
    records = store.select(f"SELECT r.id FROM records r WHERE r.date_order IS NOT NULL AND {cond} "
                           "ORDER BY r.date_order, r.kind, r.id", params)
    return [m for r in records if (m := moment(r))]


def undated(store: Store, f: Filters) -> list[Record]:
    """The activities of the selection with no usable date (a document may give "June 6-8"
    without a year): a timeline lists them apart rather than leave them out."""
    kinds = [k for k in ([f.kind] if f.kind else KINDS) if KINDS[k].activity]
    cond, params = where(f)
    return store.select(f"SELECT r.id FROM records r WHERE r.date_order IS NULL AND r.kind IN "
                        f"(SELECT value FROM json_each(?)) AND {cond} ORDER BY r.name_order, r.rowid",
                        [json_list(kinds), *params])
