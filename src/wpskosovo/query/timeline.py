"""The timeline: each dated record as a moment, and the undated ones apart."""

from __future__ import annotations

from dataclasses import dataclass

from wpskosovo.model.dates import PartialDate, Timing
from wpskosovo.model.kinds import KINDS, Record
from wpskosovo.query.filters import Filters, json_list, where
from wpskosovo.store.db import Selected, Store


@dataclass
class Moment:
    """A row of the timeline: a record, when the documents put it (`timing`; None for one they
    mention without a usable date) and what that date means."""

    timing: Timing | None
    record: Record
    what: str  # e.g. "founded", "adopted", "period", "published"; "date not stated"
    inferred: str | None  # the reason, when the date is inferred

    @property
    def start(self) -> PartialDate | None:
        return None if self.timing is None else self.timing.start

    @property
    def end(self) -> PartialDate | None:
        """Its end, for a span; None for a point in time, an open end and no date."""
        return None if self.timing is None or self.timing.point else self.timing.end

    @property
    def ongoing(self) -> PartialDate | None:
        return None if self.timing is None else self.timing.ongoing

    @property
    def window(self) -> bool:
        return bool(self.timing and self.timing.window)

    @property
    def period(self) -> bool:
        """A span (a period, a window or an open end), not a point in time."""
        return self.timing is not None and not self.timing.point

    @property
    def first(self) -> PartialDate:
        assert self.timing is not None  # asked of dated rows only
        return self.timing.first

    @property
    def last(self) -> PartialDate:
        assert self.timing is not None
        return self.timing.last


NOT_STATED = "date not stated"


def moment(record: Record) -> Moment | None:
    timing = record.timing()
    if timing is None:
        return None
    inferred = record.get("inferred", {})
    fields = [*record.span_fields(), *(["ongoing"] if timing.ongoing else [])]
    reasons = [inferred[f] for f in fields if f in inferred]
    what = f"{record.what()}, some time in this span" if timing.window else record.what()
    return Moment(timing, record, what, "; ".join(reasons) or None)


def timeline(store: Store, f: Filters, with_undated: bool = False) -> Selected[Moment]:
    """The records the filters select that have a date, in order; with `with_undated`, then
    the activities of the selection with no usable date (a document may give "June 6-8"
    without a year): a timeline lists them apart rather than leave them out."""
    cond, params = where(f)
    dated = [rid for rid, in store.db.execute(
        f"SELECT r.id FROM records r WHERE r.date_order IS NOT NULL AND {cond} ORDER BY r.date_order, r.kind, r.id",
        params)]
    undated: list[str] = []
    if with_undated:
        kinds = [k for k in ([f.kind] if f.kind else KINDS) if KINDS[k].activity]
        undated = [rid for rid, in store.db.execute(
            f"SELECT r.id FROM records r WHERE r.date_order IS NULL AND r.kind IN (SELECT value FROM json_each(?)) "
            f"AND {cond} ORDER BY r.name_order, r.rowid", [json_list(kinds), *params])]

    def build(ids: list[tuple[str, bool]]) -> list[Moment]:
        records = store.records(rid for rid, _ in ids)
        return [(moment(r) if has_date else None) or Moment(None, r, NOT_STATED, None)
                for r, (_, has_date) in zip(records, ids)]

    # Each row a Moment only when read: `wps timeline --limit 50` of 100k builds 50.
    return Selected([(rid, True) for rid in dated] + [(rid, False) for rid in undated], build)
