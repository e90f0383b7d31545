"""The timeline: each dated record as a moment, and the undated ones apart."""

from __future__ import annotations

from dataclasses import dataclass

from wpskosovo.model.dates import PartialDate, Timing
from wpskosovo.model.kinds import KINDS
from wpskosovo.query.filters import Filters, json_list, where
from wpskosovo.store.db import DATED, Selected, Store, dated


@dataclass
class Moment:
    """A row of the timeline, read from the store (no record is built for it): a record, when
    the documents put it (`timing`; None for one they mention without a usable date) and what
    that date means."""

    id: str
    kind: str
    label: str  # what to call it on screen
    timing: Timing | None
    inferred: tuple[bool, bool]  # whether the sources only imply its start (or only date), its end
    what: str  # e.g. "founded", "adopted", "period", "published"; "date not stated"
    when: str  # for one with no usable date: what the documents say of it
    parent: str | None  # the programme a project is a phase of

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


def timeline(store: Store, f: Filters, with_undated: bool = False) -> Selected[Moment]:
    """The records the filters select that have a date, in order; with `with_undated`, then
    the activities of the selection with no usable date (a document may give "June 6-8"
    without a year): a timeline lists them apart rather than leave them out."""
    cond, params = where(f)
    dated_ids = [rid for rid, in store.db.execute(
        f"SELECT r.id FROM records r WHERE r.date_order IS NOT NULL AND {cond} ORDER BY r.date_order, r.kind, r.id",
        params)]
    undated: list[str] = []
    if with_undated:
        kinds = [k for k in ([f.kind] if f.kind else KINDS) if KINDS[k].activity]
        undated = [rid for rid, in store.db.execute(
            f"SELECT r.id FROM records r WHERE r.date_order IS NULL AND r.kind IN (SELECT value FROM json_each(?)) "
            f"AND {cond} ORDER BY r.name_order, r.rowid", [json_list(kinds), *params])]

    def build(ids: list[tuple[str, bool]]) -> list[Moment]:
        rows = {row[0]: row for row in store.db.execute(
            f"SELECT r.id, r.kind, r.name, r.what, r.\"when\", p.target_id, {DATED} FROM records r "
            "LEFT JOIN links p ON p.record_id = r.id AND p.field = 'parent' "
            "WHERE r.id IN (SELECT value FROM json_each(?))", (json_list(rid for rid, _ in ids),))}
        moments = []
        for rid, has_date in ids:
            _, kind, label, what, when, parent, *stored = rows[rid]
            timing, inferred = dated(*stored) if has_date else (None, (False, False))
            what = (f"{what}, some time in this span" if timing.window else what) if timing else NOT_STATED
            moments.append(Moment(rid, kind, label, timing, inferred, what, when or "", parent))
        return moments

    # Each row a Moment only when read: `wps timeline --limit 50` of 100k reads 50.
    return Selected([(rid, True) for rid in dated_ids] + [(rid, False) for rid in undated], build)
