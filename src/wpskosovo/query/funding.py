"""Funding flows by donor, recipient, project or year, summed exactly per currency."""

from __future__ import annotations

import typing
from collections import Counter, defaultdict
from dataclasses import dataclass
from decimal import Decimal

from wpskosovo.model.kinds import Funding
from wpskosovo.query.filters import NO_FILTERS, Filters, json_list, where
from wpskosovo.query.select import BY_DATE, pillars_of
from wpskosovo.store.db import Store


@dataclass
class FundingReport:
    flows: list[Funding]
    totals: dict[str, Decimal]  # per currency, never mixed
    undisclosed: int  # flows with no amount given
    groups: dict[str, dict[str, Decimal]] | None = None  # group key -> currency -> total
    group_undisclosed: dict[str, int] | None = None
    group_names: dict[str, str] | None = None  # group key (an id, a year) -> what to show
    counted_twice: bool = False  # a flow counts in full in more than one group (several donors or pillars)


# What a flow may be grouped by (`funding --by`), and the group of a flow that has none.
NO_GROUP = {"donor": "", "recipient": "(no recipient stated)", "project": "(no project stated)", "year": "(undated)",
            "pillar": "(no project coded)"}


def _groups_of(flow: Funding, by: str, store: Store) -> list[str]:
    """The keys of the groups a flow counts in: record ids, a year, or the pillars its project
    is coded with (in full under each); "" for none."""
    if by == "pillar":
        return pillars_of(store, flow) or [""]
    if by == "donor":
        return list(flow.donors)
    if by in ("recipient", "project"):
        return [flow.get(by) or ""]
    # A flow's year is one the documents give; one dated across years (a period, or a window
    # it happened in, not known when) counts under those years together, not its first.
    timing = flow.timing()
    if timing is None:
        return [""]
    first, last = timing.start or timing.first, timing.end
    return [str(first.year) if last is None or last.year == first.year else f"{first.year}–{last.year}"]


def _exact():
    """Sums of money must never round: an unbounded precision that traps any inexact result."""
    import decimal

    return decimal.localcontext(decimal.Context(prec=decimal.MAX_PREC, traps=[decimal.Inexact]))


def funding(store: Store, recipient: str | None = None, project: str | None = None, f: Filters = NO_FILTERS,
            by: str | None = None) -> FundingReport:
    """The flows the filters select (a donor as every command's --donor selects it), of this
    recipient or project, summed exactly per currency, and grouped with `by`."""
    cond, params = where(f)
    for ids, fields in ((recipient, ("recipient", "intermediary")),
                        (project, ("project", "intermediary"))):
        if ids is not None:
            cond += (" AND r.id IN (SELECT record_id FROM links WHERE target_id = ? AND field IN "
                     "(SELECT value FROM json_each(?)))")
            params += [ids, json_list(fields)]
    flows = typing.cast(list[Funding], store.select(
        f"SELECT r.id FROM records r WHERE r.kind = 'funding' AND {cond} {BY_DATE}", params))
    totals: dict[str, Decimal] = defaultdict(Decimal)
    with _exact():
        for flow in flows:
            if flow.amount is not None and flow.currency is not None:
                totals[flow.currency] += flow.amount
    report = FundingReport(flows, dict(totals), sum(flow.amount is None for flow in flows))
    if by:
        groups: dict[str, dict[str, Decimal]] = {}
        undisclosed: Counter = Counter()
        with _exact():
            for flow in flows:
                keys = _groups_of(flow, by, store)
                report.counted_twice |= len(keys) > 1
                for g in keys:
                    group = groups.setdefault(g, defaultdict(Decimal))  # shown even if all undisclosed
                    if flow.amount is None or flow.currency is None:
                        undisclosed[g] += 1
                    else:
                        # A flow with several donors counts in full under each of them.
                        group[flow.currency] += flow.amount
        report.groups = {g: dict(groups[g]) for g in sorted(groups, key=lambda g: (g == "", g))}  # none last
        report.group_undisclosed = dict(undisclosed)
        named = {r.id: store.label(r) for r in store.records(groups)}
        # A year names itself: its name column stays empty (and out of the table), not "2005 2005".
        report.group_names = {g: "" if by == "year" and g else named.get(g, g) or NO_GROUP[by] for g in groups}
    return report
