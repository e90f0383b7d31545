"""Which organizations are linked, and by what: the edges behind `wps network`.

Built over plain link rows (record → organization, with the role and whether the link is
inferred): `link_rows` is the one place that reads them from the store.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import combinations

from wpskosovo.model.kinds import KINDS
from wpskosovo.store.db import Store

MEMBERS = "membership, parent body or founders"  # what links two organizations directly


def via() -> dict[str, str]:
    """What links two organizations, by the name `--via` takes: acting together in a record of
    a kind (`projects`, `events`, ...), or a direct tie (`members`)."""
    return {m.plural: k for k, m in KINDS.items() if m.shared} | {"members": "organization"}


def via_title(name: str) -> str:
    kind = via()[name]
    return MEMBERS if kind == "organization" else KINDS[kind].shared


@dataclass(frozen=True)
class LinkRow:
    source_id: str
    source_kind: str
    target_id: str
    target_kind: str
    role: str
    field: str
    inferred: bool


@dataclass(frozen=True)
class Edge:
    a: str
    b: str
    via: str  # a key of via()
    record: str  # the record that links them
    inferred: bool  # only through a participation the sources imply but do not state


def link_rows(store: Store, merge: dict[str, str] | None = None) -> Iterable[LinkRow]:
    """Every link between records (but to what a record concerns), and for a link to a person,
    one to each organization the person holds a role in (a panelist who is a deputy mayor
    brings the municipality), as `--org` counts them. `merge` maps ids onto another (an
    organization's units onto it)."""
    merge = merge or {}
    roles: dict[str, list[str]] = defaultdict(list)
    for person, org in store.db.execute("SELECT person_id, org_id FROM roles WHERE org_id IN (SELECT id FROM records) "
                                        "ORDER BY person_id, position"):
        roles[person].append(org)
    for source_id, source_kind, target_id, target_kind, role, field, inferred in store.db.execute(
            "SELECT l.record_id, s.kind, l.target_id, t.kind, l.role, l.field, l.inferred FROM links l "
            "JOIN records s ON s.id = l.record_id JOIN records t ON t.id = l.target_id "
            "WHERE l.field != 'concerns' ORDER BY l.rowid"):  # what a record is about takes no part in it
        source_id = merge.get(source_id, source_id)
        yield LinkRow(source_id, source_kind, merge.get(target_id, target_id), target_kind, role, field, bool(inferred))
        if target_kind == "person" and source_kind != "organization":
            for org in roles[target_id]:
                yield LinkRow(source_id, source_kind, merge.get(org, org), "organization", f"through {target_id}",
                              field, bool(inferred))


def edges(rows: Iterable[LinkRow], through: Iterable[str] | None = None) -> list[Edge]:
    """An edge for each pair of organizations a record links (or one organization's direct tie
    to another), once per pair and record; inferred only if every link behind it is."""
    names = via()
    kinds = {names[v]: v for v in (names if through is None else through)}
    members: dict[tuple[str, str], dict[str, bool]] = defaultdict(dict)  # (kind, record) → org → inferred
    direct: list[Edge] = []
    for row in rows:
        if row.target_kind != "organization" or row.source_kind not in kinds \
                or row.role in KINDS[row.source_kind].bystanders:
            continue
        if row.source_kind == "organization":
            a, b = sorted((row.source_id, row.target_id))
            direct.append(Edge(a, b, "members", row.source_id, row.inferred))
            if row.field == "founders":  # those who founded it together are linked through it
                orgs = members[("organization", row.source_id)]
                orgs[row.target_id] = orgs.get(row.target_id, True) and row.inferred
        else:
            orgs = members[(row.source_kind, row.source_id)]
            orgs[row.target_id] = orgs.get(row.target_id, True) and row.inferred
    found: dict[tuple, Edge] = {}
    for (kind, record), orgs in members.items():
        for a, b in combinations(sorted(orgs), 2):  # a unit merged into its body is not its own partner
            found[(a, b, record)] = Edge(a, b, kinds[kind], record, orgs[a] or orgs[b])
    for e in direct:
        if e.a != e.b:
            found.setdefault((e.a, e.b, e.record), e)
    return sorted(found.values(), key=lambda e: (e.a, e.b, e.via, e.record))


def around(all_edges: list[Edge], org: str, depth: int = 1, limit: int | None = None) -> list[Edge]:
    """The edges of `org` and, at depth 2, those of its partners too; with `limit`, only for
    its `limit` most connected partners."""
    mine = [e for e in all_edges if org in (e.a, e.b)]
    near = [p for p, _, _ in ranking(mine) if p != org]
    if limit is not None:
        near = near[:limit]
        mine = [e for e in mine if partner(e, org) in near]
    if depth == 1:
        return mine
    keep = {org, *near}
    return mine + [e for e in all_edges if org not in (e.a, e.b) and (e.a in keep or e.b in keep)]


def partner(e: Edge, org: str) -> str:
    return e.b if e.a == org else e.a


def ranking(all_edges: list[Edge]) -> list[tuple[str, int, int]]:
    """(organization, how many partners, how many linking records), most connected first."""
    partners: dict[str, set[str]] = defaultdict(set)
    records: dict[str, set[str]] = defaultdict(set)
    for e in all_edges:
        for x, y in ((e.a, e.b), (e.b, e.a)):
            partners[x].add(y)
            records[x].add(e.record)
    return sorted(((o, len(p), len(records[o])) for o, p in partners.items()), key=lambda t: (-t[1], -t[2], t[0]))
