"""`wps network` for people and machines: the partners of an organization as a tree, the
links as rows, the most connected organizations, nodes and edges, Graphviz DOT."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from wpskosovo.query.select import Named
from wpskosovo.render.output import Table, clean
from wpskosovo.render.reports import EDGE_COLUMNS, RANKING_COLUMNS, period_text, row_json


def network_groups(names: Mapping[str, Named], org: str, edges) -> list[tuple[str, list[tuple[str, list[str]]]]]:
    """For a tree: per kind of link, each partner (id and name; "inferred" when every link to it
    is) with the records that link them (id, title, date), named as `names` (select.named) says."""
    from wpskosovo.query.network import MEMBERS, partner, via, via_title

    groups = []
    for name in via():
        mine = [e for e in edges if e.via == name and org in (e.a, e.b)]
        partners: dict[str, list] = {}
        for e in mine:
            partners.setdefault(partner(e, org), []).append(e)
        rows = []
        # Partners known for certain first, then by how many records link them.
        for pid, links in sorted(partners.items(), key=lambda kv: (all(e.inferred for e in kv[1]),
                                                                   -len(kv[1]), kv[0])):
            mark = " (inferred)" if all(e.inferred for e in links) else ""
            records = []
            for e in links:
                r = names[e.record]
                date = period_text(r.timing, r.inferred) if r.timing else ""
                # A tie whose record is one of the two (KWN founded WPC) is said as a tie, not as
                # the partner repeated under itself.
                said = f"a direct tie: {MEMBERS}" if e.record in (pid, org) else f"{e.record}  {r.label}"
                records.append(said + (f" ({date})" if date else "")
                               + (" (inferred)" if e.inferred and not mark else ""))
            rows.append((f"{pid}  {names[pid].label}{mark}", records))
        if rows:
            groups.append((f"{via_title(name)} ({len(rows)})", rows))
    # At depth 2: the partners' own links, each under the organization they reach.
    direct = {partner(e, org) for e in edges if org in (e.a, e.b)}
    beyond: dict[str, list[str]] = {}
    for e in edges:
        if org in (e.a, e.b):
            continue
        for near, far in ((e.a, e.b), (e.b, e.a)):
            if near in direct and (far not in direct or near < far):
                beyond.setdefault(far, []).append(f"through {near}: {e.record}  {names[e.record].label}"
                                                  + (" (inferred)" if e.inferred else ""))
    if beyond:
        rows = [(f"{o}  {names[o].label}", lines) for o, lines in sorted(beyond.items())]
        groups.append((f"partners' partners and links between partners ({len(rows)})", rows))
    return groups


def edges_table(edges) -> Table:
    return Table(f"Links ({len(edges)})", EDGE_COLUMNS,
                 [[e.a, e.b, e.via, e.record, "yes" if e.inferred else "no"] for e in edges])


def edges_from(org: str, edges) -> list:
    """The edges with `org` on the left, as a user reading "KWN's links" expects."""
    from dataclasses import replace

    return [e if e.a == org or org not in (e.a, e.b) else replace(e, a=e.b, b=e.a) for e in edges]


def ranking_table(names: Mapping[str, Named], ranking) -> Table:
    return Table(f"Most connected organizations ({len(ranking)})", RANKING_COLUMNS,
                 [[o, names[o].label, n, m] for o, n, m in ranking])


def network_json(names: Mapping[str, Named], edges) -> dict[str, Any]:
    """Nodes (each organization once) and edges, one per record linking two of them."""
    table = edges_table(edges)
    nodes = sorted({x for e in edges for x in (e.a, e.b)})
    return {"nodes": [{"id": o, "name": names[o].label} for o in nodes],
            "edges": [dict(row_json(table, i), inferred=e.inferred) for i, e in enumerate(edges)]}


def network_dot(names: Mapping[str, Named], edges) -> str:
    """Graphviz DOT: one node per organization, one edge per linking record."""
    def q(text: str) -> str:  # a DOT string: no control character, quotes and backslashes escaped
        return '"' + clean(text).replace("\\", "\\\\").replace('"', '\\"') + '"'

    nodes = sorted({x for e in edges for x in (e.a, e.b)})
    lines = ["graph wps {", "  node [shape=box];"]
    lines += [f"  {q(o)} [label={q(names[o].label)}];" for o in nodes]
    lines += [f"  {q(e.a)} -- {q(e.b)} [label={q(e.via + ': ' + e.record)}"
              + (", style=dashed" if e.inferred else "") + "];" for e in edges]
    return "\n".join(lines + ["}"]) + "\n"
