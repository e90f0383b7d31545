"""Listing: the records the filters select, in date order, and how a record is linked to
others."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from wpskosovo.model.dates import PartialDate
from wpskosovo.model.kinds import Record
from wpskosovo.query.filters import Filters, json_list, where
from wpskosovo.store.db import Selected, Store


def date_key(record: Record) -> tuple:
    start, end = record.span()
    d = start or end
    return (0, d.sort_key()) if d else (1,)


# A listing's order: by date, undated last, then by name, then as the data gives them.
BY_DATE = "ORDER BY r.date_order IS NULL, r.date_order, r.name_order, r.rowid"


def pillars_of(store: Store, record: Record) -> list[str]:
    """The pillars of UNSCR 1325 the dataset codes a record with; a funding flow's are those of
    the project it funds (as --pillar selects it). [] for none."""
    if record.kind == "funding":
        project = store.by_id.get(record.get("project") or "")
        return pillars_of(store, project) if project is not None and project.kind != "funding" else []
    return [c.pillar for c in record.get("pillars", ())]


def select(store: Store, kind: str | None, f: Filters) -> Selected[Record]:
    """The records of a kind (or of every kind) that pass the filters, in date order (`--sort`
    reorders rows); each is built only when read, so a --limit costs what it shows."""
    cond, params = where(f if kind is None else Filters(**{**f.__dict__, "kind": kind}))
    return store.selected(f"SELECT r.id FROM records r WHERE {cond} {BY_DATE}", params)


def in_period(store: Store, ids: Iterable[str], start: PartialDate | None, end: PartialDate | None) -> set[str]:
    """Those of `ids` whose records' dates overlap the period."""
    cond, params = where(Filters(start=start, end=end))
    return {rid for rid, in store.db.execute(
        f"SELECT r.id FROM records r WHERE r.id IN (SELECT value FROM json_each(?)) AND {cond}",
        [json_list(ids), *params])}


@dataclass
class Relation:
    direction: str  # "out": this record links to it; "in": it links to this record
    role: str
    record: Record
    inferred: bool = False  # the sources imply the link without stating it
    through: str | None = None  # the project an organization takes part in it through


def relations(store: Store, record: Record) -> list[Relation]:
    out_rows = store.db.execute("SELECT target_id, role, inferred FROM links WHERE record_id = ? ORDER BY rowid",
                                (record.id,)).fetchall()
    in_rows = store.db.execute("SELECT record_id, role, inferred FROM links WHERE target_id = ? ORDER BY rowid",
                               (record.id,)).fetchall()
    cited = store.db.execute("SELECT record_id FROM evidence WHERE source_id = ? GROUP BY record_id "
                             "ORDER BY min(rowid)", (record.id,)).fetchall()
    # The organizations that implement or fund the project it belongs to, with their role there:
    # inferred when that role is, or when belonging to the project is.
    through_rows = store.db.execute(
        "SELECT p.org_id, coalesce(l.role, 'funding'), max(coalesce(l.inferred, 0), lp.inferred), p.through "
        "FROM parties p "
        "JOIN links lp ON lp.record_id = p.record_id AND lp.field = 'project' AND lp.target_id = p.through "
        "LEFT JOIN links l ON l.record_id = p.through AND l.target_id = p.org_id AND l.role = 'implementing' "
        "WHERE p.record_id = ? AND p.through IS NOT NULL ORDER BY p.rowid", (record.id,)).fetchall()
    store.records([r for r, *_ in out_rows + in_rows + through_rows + cited])  # in one query
    out = [Relation("out", role, store.by_id[rid], bool(inferred)) for rid, role, inferred in out_rows]
    out += [Relation("out", role, store.by_id[rid], bool(inferred), through)
            for rid, role, inferred, through in through_rows]
    back = [Relation("in", role, store.by_id[rid], bool(inferred)) for rid, role, inferred in in_rows]
    back += [Relation("in", "evidence", store.by_id[rid]) for rid, in cited]
    back.sort(key=lambda rel: (rel.record.kind, date_key(rel.record), rel.record.id))
    return out + back
