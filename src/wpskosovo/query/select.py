"""Listing: the records the filters select, in date order, and how a record is linked to
others."""

from __future__ import annotations

import json
import typing
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from wpskosovo.model.dates import PartialDate, Timing
from wpskosovo.model.fields import IatiRole
from wpskosovo.model.kinds import KINDS, Record
from wpskosovo.model.record import other_names
from wpskosovo.query.filters import Filters, json_list, where
from wpskosovo.store.db import DATED, Selected, Store, dated

# A listing's order: by date, undated last, then by name, then as the data gives them.
BY_DATE = "ORDER BY r.date_order IS NULL, r.date_order, r.name_order, r.rowid"


def pillars(store: Store, ids: Iterable[str]) -> dict[str, list[str]]:
    """The pillars of UNSCR 1325 the dataset codes each record with, in its order; a funding
    flow's are those of the project it funds (as --pillar selects it). [] for none."""
    ids = list(ids)
    coded: dict[str, list[str]] = {rid: [] for rid in ids}
    for rid, pillar in store.db.execute(
            "SELECT e.value, json_extract(c.value, '$.pillar') FROM json_each(?) e JOIN records r ON r.id = e.value "
            "JOIN record_json j ON j.id = CASE r.kind WHEN 'funding' THEN ("
            "  SELECT l.target_id FROM links l JOIN records p ON p.id = l.target_id "
            "  WHERE l.record_id = r.id AND l.field = 'project' AND p.kind != 'funding') ELSE r.id END, "
            "json_each(j.json, '$.pillars') c ORDER BY e.key, c.key", (json_list(ids),)):
        coded[rid].append(pillar)
    return coded


@dataclass(frozen=True)
class Named:
    """What to call a record on screen (`records.name`) and when it was, as stored."""

    label: str
    timing: Timing | None
    inferred: tuple[bool, bool]


def named(store: Store, ids: Iterable[str]) -> dict[str, Named]:
    """What to call these records and when they were, read from the store's columns."""
    return {rid: Named(label, *dated(*when)) for rid, label, *when in store.db.execute(
        f"SELECT r.id, r.name, {DATED} FROM records r WHERE r.id IN (SELECT value FROM json_each(?))",
        (json_list(ids),))}


# ---------------------------------------------------------------- a listing's rows


def list_columns(kind: str) -> list[str]:
    """The columns of a kind's list: `id`, then what its model declares; a kind that declares
    none shows its dates, its title or name, what it refers to and its type."""
    model = KINDS[kind]
    if model.columns:
        return ["id", *model.columns]
    dates = model.date_fields()
    columns = (["date"] if dates else []) + (["end"] if "end" in dates else [])
    columns += [f for f in ("title", "name") if f in model.model_fields][:1]
    columns += [f for f, declared, _ in model.references()  # its own, not those every titled kind has
                if declared is not None and f in model.__annotations__
                and {"organization", "person", "place"} & set(declared.kinds)]
    return ["id", *columns, *(["type"] if "type" in model.model_fields else [])]


DATE_COLUMNS = ("date", "founded")  # a listing's column of a record's start (or only date); "end" its end
PARTICIPANT_ROLES = frozenset(typing.get_args(IatiRole))  # a column of a project's participants in a role


@dataclass(frozen=True)
class Row:
    """A record as a listing shows it, read from the store's columns: its date or period and
    inference marks (as `dated` reads them), the fields its other columns show as stored
    (references as ids, a person's roles as (title, organization id), participants as the
    organizations in the column's role), and what a table calls the records those name."""

    id: str
    kind: str
    timing: Timing | None
    inferred: tuple[bool, bool]
    values: dict[str, Any]
    naming: frozenset[str]  # the columns whose values are ids of records (naming_columns)
    short: Mapping[str, str]  # a record named in `values` -> its short name (Record.short_name)


def naming_columns(kind: str) -> frozenset[str]:
    """The columns of a kind's listing that name records (by id): its references, and its
    participants in a role."""
    model = KINDS[kind]
    return frozenset(c for c in list_columns(kind) if c in {f for f, declared, _ in model.references() if declared}
                     or (c in PARTICIPANT_ROLES and c not in model.model_fields))


def _reads(kind: str) -> list[str]:
    """The fields of its stored JSON a kind's listing reads."""
    fields = KINDS[kind].model_fields
    reads: list[str] = []
    for column in list_columns(kind)[1:]:
        if column == "other names":
            reads += [f for f in ("names", "acronyms", "aliases") if f in fields]
        elif column == "amount":
            reads += ["amount", "currency"]
        elif column in PARTICIPANT_ROLES and column not in fields:
            reads.append("participants")
        elif column in fields and column not in DATE_COLUMNS and column != "end":
            reads.append(column)
    return list(dict.fromkeys(reads))


def rows(store: Store, kind: str, ids: list[str]) -> list[Row]:
    """The listing rows of these records of a kind, in this order."""
    model, columns, reads = KINDS[kind], list_columns(kind), _reads(kind)
    got = store.db.execute(
        f"SELECT r.id, {DATED}"
        + "".join(", json_quote(json_extract(j.json, ?))" for _ in reads)
        + " FROM json_each(?) e JOIN records r ON r.id = e.value JOIN record_json j ON j.id = r.id ORDER BY e.key",
        [*(f'$."{f}"' for f in reads), json_list(ids)]).fetchall()
    refs = naming_columns(kind)
    found = []
    # The JSON leaves out what a record does not give: such a field has its model's default.
    defaults = {f: _as_json(model.model_fields[f].get_default(call_default_factory=True)) for f in reads}
    for rid, *row in got:
        values = {f: defaults[f] if v == "null" else json.loads(v) for f, v in zip(reads, row[6:])}
        for column in columns:
            if column == "other names":
                values[column] = other_names(values)
            elif column in PARTICIPANT_ROLES and column not in model.model_fields:
                values[column] = [p.get("org") for p in values["participants"] or () if p.get("role") == column]
        found.append((rid, *dated(*row[:6]), values))
    named = {rid for *_, values in found for f, v in values.items() if f in refs
             for rid in ([v] if isinstance(v, str) else v or ())}
    named |= {role.get("org") for *_, values in found for role in values.get("roles") or ()}
    short = store.names((n for n in named if n), "short")
    return [Row(rid, kind, timing, inferred, values, refs, short) for rid, timing, inferred, values in found]


def _as_json(value: Any) -> Any:
    return list(value) if isinstance(value, tuple) else value


def select(store: Store, kind: str, f: Filters) -> Selected[Row]:
    """The records of a kind that pass the filters, in date order (`--sort` reorders rows), as
    listing rows; each read only when shown, so a --limit costs what it shows."""
    cond, params = where(Filters(**{**f.__dict__, "kind": kind}))
    ids = [rid for rid, in store.db.execute(f"SELECT r.id FROM records r WHERE {cond} {BY_DATE}", params)]
    return Selected(ids, lambda some: rows(store, kind, some))


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
    # By kind, then in a listing's date order (records.date_order), then by id.
    order = {rid: n for n, (rid,) in enumerate(store.db.execute(
        "SELECT r.id FROM records r WHERE r.id IN (SELECT value FROM json_each(?)) "
        "ORDER BY r.kind, r.date_order IS NULL, r.date_order, r.id", (json_list(rel.record.id for rel in back),)))}
    back.sort(key=lambda rel: order[rel.record.id])
    return out + back
