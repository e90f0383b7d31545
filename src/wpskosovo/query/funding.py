"""Funding flows by donor, recipient, project or year, summed exactly per currency."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from wpskosovo.query.filters import NO_FILTERS, Filters, json_list, where
from wpskosovo.query.select import BY_DATE, Row, pillars, rows
from wpskosovo.store.db import Selected, Store


@dataclass
class FundingReport:
    flows: Sequence[Row]  # each read when shown (a Selected), or the rows shown
    totals: dict[str, Decimal]  # per currency, never mixed
    undisclosed: int  # flows with no amount given
    groups: dict[str, dict[str, Decimal]] | None = None  # group key -> currency -> total
    group_undisclosed: dict[str, int] | None = None
    group_names: dict[str, str] | None = None  # group key (an id, a year) -> what to show
    counted_twice: bool = False  # a flow counts in full in more than one group (several donors or pillars)


# What a flow may be grouped by (`funding --by`), and the group of a flow that has none.
NO_GROUP = {"donor": "", "recipient": "(no recipient stated)", "project": "(no project stated)", "year": "(undated)",
            "pillar": "(no project coded)"}


def _groups_of(flow: Row, by: str, coded: dict[str, list[str]]) -> list[str]:
    """The keys of the groups a flow counts in: record ids, a year, or the pillars its project
    is coded with (`coded`; in full under each); "" for none."""
    if by == "pillar":
        return coded[flow.id] or [""]
    if by == "donor":
        return list(flow.values["donors"])
    if by in ("recipient", "project"):
        return [flow.values.get(by) or ""]
    # A flow's year is one the documents give; one dated across years (a period, or a window
    # it happened in, not known when) counts under those years together, not its first.
    timing = flow.timing
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
    recipient or project, summed exactly per currency from each flow's amount and currency,
    and grouped with `by`."""
    cond, params = where(f)
    for target, fields in ((recipient, ("recipient", "intermediary")),
                           (project, ("project", "intermediary"))):
        if target is not None:
            cond += (" AND r.id IN (SELECT record_id FROM links WHERE target_id = ? AND field IN "
                     "(SELECT value FROM json_each(?)))")
            params += [target, json_list(fields)]
    selected = store.db.execute(
        "SELECT r.id, json_extract(j.json, '$.amount'), json_extract(j.json, '$.currency') FROM records r "
        f"JOIN record_json j ON j.id = r.id WHERE r.kind = 'funding' AND {cond} {BY_DATE}", params).fetchall()
    amounts = {rid: (Decimal(amount), currency) for rid, amount, currency in selected if amount is not None}
    totals: dict[str, Decimal] = defaultdict(Decimal)
    with _exact():
        for amount, currency in amounts.values():
            totals[currency] += amount
    ids = [rid for rid, *_ in selected]
    report = FundingReport(Selected(ids, lambda some: rows(store, "funding", some)), dict(totals),
                           len(ids) - len(amounts))
    if by:
        report.flows = list(report.flows)  # every row is read to group it: once, for the table and --cite too
        groups: dict[str, dict[str, Decimal]] = {}
        undisclosed: Counter = Counter()
        coded = pillars(store, ids) if by == "pillar" else {}
        with _exact():
            for flow in report.flows:
                keys = _groups_of(flow, by, coded)
                report.counted_twice |= len(keys) > 1
                for g in keys:
                    group = groups.setdefault(g, defaultdict(Decimal))  # shown even if all undisclosed
                    if flow.id not in amounts:
                        undisclosed[g] += 1
                    else:
                        # A flow with several donors counts in full under each of them.
                        amount, currency = amounts[flow.id]
                        group[currency] += amount
        report.groups = {g: dict(groups[g]) for g in sorted(groups, key=lambda g: (g == "", g))}  # none last
        report.group_undisclosed = dict(undisclosed)
        named = store.names(g for g in groups if g and by != "year")
        # A year names itself: its name column stays empty (and out of the table), not "2005 2005".
        report.group_names = {g: "" if by == "year" and g else named.get(g, g) or NO_GROUP[by] for g in groups}
    return report
