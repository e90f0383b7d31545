"""Which organizations are linked, and by what: the edges behind `wps network`.

Built over plain link rows (record → organization, with the role and whether the link is
inferred), so the engine that stores the links can change under it: `link_rows` is the one
place that reads them from the dataset.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import combinations

from wpskosovo.dataset import Dataset

# What links two organizations: taking part in the same record of a kind, or a direct tie.
VIA = {"projects": "project", "events": "event", "publications": "publication", "policies": "policy",
       "funding": "funding", "members": "organization"}
VIA_TITLES = {"projects": "projects they take part in together", "events": "events they both took part in",
              "publications": "publications they share", "policies": "policies they both worked on",
              "funding": "funding between them", "members": "membership, parent body or founders"}


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
    via: str  # a key of VIA
    record: str  # the record that links them
    inferred: bool  # only through a participation the sources imply but do not state


def link_rows(data: Dataset) -> Iterable[LinkRow]:
    for record in data:
        for link in record.links():
            target = data.by_id.get(link.target)
            if target is not None:
                yield LinkRow(record.id, record.kind, target.id, target.kind, link.role, str(link.path[0]),
                              record.is_inferred(link))


def edges(rows: Iterable[LinkRow], via: set[str] = frozenset(VIA)) -> list[Edge]:
    """An edge for each pair of organizations a record links (or one organization's direct tie
    to another), once per pair and record; inferred only if every link behind it is."""
    kinds = {VIA[v]: v for v in via}
    members: dict[tuple[str, str], dict[str, bool]] = defaultdict(dict)  # (kind, record) → org → inferred
    direct: list[Edge] = []
    for row in rows:
        if row.target_kind != "organization" or row.source_kind not in kinds:
            continue
        if row.source_kind == "organization":
            direct.append(Edge(*sorted((row.source_id, row.target_id)), "members", row.source_id, row.inferred))
            if row.field == "founders":  # those who founded it together are linked through it
                orgs = members[("organization", row.source_id)]
                orgs[row.target_id] = orgs.get(row.target_id, True) and row.inferred
        else:
            orgs = members[(row.source_kind, row.source_id)]
            orgs[row.target_id] = orgs.get(row.target_id, True) and row.inferred
    found: dict[tuple, Edge] = {}
    for (kind, record), orgs in members.items():
        for a, b in combinations(sorted(orgs), 2):
            found[(a, b, record)] = Edge(a, b, kinds[kind], record, orgs[a] or orgs[b])
    for e in direct:
        found.setdefault((e.a, e.b, e.record), e)
    return sorted(found.values(), key=lambda e: (e.a, e.b, e.via, e.record))


def around(all_edges: list[Edge], org: str, depth: int = 1) -> list[Edge]:
    """The edges of `org` and, at depth 2, those of its partners too."""
    mine = [e for e in all_edges if org in (e.a, e.b)]
    if depth == 1:
        return mine
    near = {org} | {partner(e, org) for e in mine}
    return [e for e in all_edges if e.a in near or e.b in near]


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
