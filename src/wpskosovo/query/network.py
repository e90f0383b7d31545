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


class Graph:
    """Who acts together in which record (a record's organizations, once each, inferred only if
    every link behind it is) and the direct ties between organizations. Edges are made only
    for the organizations asked about, so a record of 4,000 participants costs what it shows,
    not the 8 million pairs it holds."""

    def __init__(self, members: dict[tuple[str, str], dict[str, bool]], direct: list[Edge], kinds: dict[str, str]):
        self.members, self.direct, self.kinds = members, direct, kinds

    def keep(self, records: set[str]) -> Graph:
        """Only the links made by these records."""
        return Graph({k: v for k, v in self.members.items() if k[1] in records},
                     [e for e in self.direct if e.record in records], self.kinds)

    def record_ids(self) -> set[str]:
        return {record for _, record in self.members} | {e.record for e in self.direct}

    def edges(self, touching: set[str] | None = None, among: set[str] | None = None) -> list[Edge]:
        """An edge for each pair of organizations a record links, once per pair and record:
        all of them, or those with an end in `touching`, or with both ends in `among`."""
        found: dict[tuple, Edge] = {}
        for (kind, record), orgs in self.members.items():
            if touching is not None:
                ends = touching.intersection(orgs)
                pairs = {tuple(sorted((x, y))) for x in ends for y in orgs if x != y}
            else:
                pairs = set(combinations(sorted(orgs if among is None else among.intersection(orgs)), 2))
            for a, b in pairs:  # a unit merged into its body is not its own partner
                found[(a, b, record)] = Edge(a, b, self.kinds[kind], record, orgs[a] or orgs[b])
        for e in self.direct:
            if e.a != e.b and (touching is None or touching & {e.a, e.b}) and (among is None or {e.a, e.b} <= among):
                found.setdefault((e.a, e.b, e.record), e)
        return sorted(found.values(), key=lambda e: (e.a, e.b, e.via, e.record))

    def ranking(self) -> list[tuple[str, int, int]]:
        """(organization, how many partners, how many linking records), most connected first,
        without making the pairs: an organization in one record only has its size less one."""
        groups: dict[str, list[dict[str, bool]]] = defaultdict(list)
        records: dict[str, set[str]] = defaultdict(set)
        for (_, record), orgs in self.members.items():
            if len(orgs) > 1:
                for o in orgs:
                    groups[o].append(orgs)
                    records[o].add(record)
        ties: dict[str, set[str]] = defaultdict(set)
        for e in self.direct:
            if e.a != e.b:
                ties[e.a].add(e.b)
                ties[e.b].add(e.a)
                records[e.a].add(e.record)
                records[e.b].add(e.record)
        counts = []
        for o in records:
            if len(groups[o]) == 1 and not ties[o]:
                n = len(groups[o][0]) - 1
            else:
                partners = set(ties[o]).union(*groups[o])
                partners.discard(o)
                n = len(partners)
            counts.append((o, n, len(records[o])))
        return sorted(counts, key=lambda t: (-t[1], -t[2], t[0]))


def graph(rows: Iterable[LinkRow], through: Iterable[str] | None = None) -> Graph:
    """The graph of these link rows, by the kinds of link `through` names (all by default)."""
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
    return Graph(dict(members), direct, kinds)


def around(g: Graph, org: str, depth: int = 1, limit: int | None = None) -> list[Edge]:
    """The edges of `org` and, at depth 2, those of its partners too; with `limit`, only for
    its `limit` most connected partners."""
    mine = g.edges(touching={org})
    counts: dict[str, set[str]] = defaultdict(set)
    for e in mine:
        counts[partner(e, org)].add(e.record)
    near = sorted((p for p in counts if p != org), key=lambda p: (-len(counts[p]), p))
    if limit is not None:
        near = near[:limit]
        mine = [e for e in mine if partner(e, org) in near]
    if depth == 1:
        return mine
    return mine + [e for e in g.edges(touching=set(near)) if org not in (e.a, e.b)]


def partner(e: Edge, org: str) -> str:
    return e.b if e.a == org else e.a
