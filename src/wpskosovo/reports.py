"""Layouts: the rows and JSON each command shows for its query results (view.py prints them)."""

from __future__ import annotations

from typing import Any

from wpskosovo.dataset import Dataset
from wpskosovo.model import KINDS, Record
from wpskosovo.query import FundingReport, Hit, Moment, Relation, Stats, moment
from wpskosovo.view import Table


def record_json(record: Record) -> dict[str, Any]:
    return {"kind": record.kind, **record.model_dump(mode="json", exclude_defaults=True)}


def when(record: Record) -> str:
    """The record's date or period as text, marking inferred dates."""
    m = moment(record)
    if m is None:
        return record.get("when") or ""
    return period_text(m)


def period_text(m: Moment) -> str:
    text = f"{m.start or '…'} – {m.end or '…'}" if m.period else str(m.start)
    return text + (" (inferred)" if m.inferred else "")


def _names(data: Dataset, ids) -> str:
    return ", ".join(_short(data, i) for i in ids)


def _short(data: Dataset, rid: str | None) -> str:
    r = data.by_id.get(rid) if rid else None
    if r is None:
        return rid or ""
    acronyms = r.get("acronyms")
    return acronyms[0] if acronyms else r.label


def _parties(data: Dataset, flow) -> str:
    return " / ".join(_short(data, x) for x in (flow.recipient, flow.project) if x)


def amount(flow):
    return "undisclosed" if flow.amount is None else flow.amount


def list_table(data: Dataset, kind: str, records: list[Record]) -> Table:
    columns, row = _LAYOUTS[kind]
    return Table(f"{KINDS[kind].plural.capitalize()} ({len(records)})", columns,
                 [row(data, r) for r in records])


_LAYOUTS = {
    "source": (["id", "date", "title", "language", "file"],
               lambda d, r: [r.id, when(r), r.title, r.language, r.file]),
    "place": (["id", "name", "other names", "type", "within"],
              lambda d, r: [r.id, r.name, ", ".join(r.other_names()), r.type or "", _short(d, r.within)]),
    "organization": (["id", "name", "acronyms", "type", "country", "founded"],
                     lambda d, r: [r.id, r.name, ", ".join(r.acronyms), r.type or "", r.country or "",
                                   when(r)]),
    "person": (["id", "name", "roles"],
               lambda d, r: [r.id, r.name, "; ".join(
                   f"{role.title}" + (f", {_short(d, role.org)}" if role.org else "") for role in r.roles)]),
    "project": (["id", "period", "title", "implementing", "funding"],
                lambda d, r: [r.id, when(r), r.title,
                              _names(d, [p.org for p in r.participants if p.role == "implementing"]),
                              _names(d, [p.org for p in r.participants if p.role == "funding"])]),
    "event": (["id", "date", "title", "place"],
              lambda d, r: [r.id, when(r), r.title, _short(d, r.place)]),
    "publication": (["id", "date", "title", "publishers", "edition"],
                    lambda d, r: [r.id, when(r), r.title, _names(d, r.publishers), r.edition or ""]),
    "policy": (["id", "date", "title", "type", "status"],
               lambda d, r: [r.id, when(r), r.title, r.type or "", r.status or ""]),
    "funding": (["id", "date", "donors", "recipient / project", "amount", "currency"],
                lambda d, r: [r.id, when(r), _names(d, r.donors), _parties(d, r), amount(r), r.currency or ""]),
}


def search_table(data: Dataset, hits: list[Hit]) -> Table:
    return Table(f"Search results ({len(hits)})", ["kind", "id", "title", "date", "matched in"],
                 [[h.record.kind, h.record.id, data.label(h.record), when(h.record), ", ".join(h.where)]
                  for h in hits])


def moment_json(m: Moment) -> dict[str, Any]:
    """The record, with where it stands on the timeline under a key of its own."""
    return {**record_json(m.record),
            "timeline": {"start": m.start and str(m.start), "end": m.end and str(m.end),
                         "precision": (m.start or m.end).precision, "period": m.period,
                         "what": m.what, "inferred": m.inferred}}


def timeline_table(data: Dataset, moments: list[Moment]) -> Table:
    return Table(f"Timeline ({len(moments)})", ["date", "kind", "what", "id", "title"],
                 [[period_text(m), m.record.kind, m.what, m.record.id, data.label(m.record)] for m in moments])


def funding_table(data: Dataset, report: FundingReport) -> tuple[Table, list[list]]:
    if report.groups is not None:
        rows = []
        for group, totals in report.groups.items():
            name = report.group_names[group]
            for currency, total in sorted(totals.items()):
                rows.append([group, name, total, currency, ""])
            if report.group_undisclosed.get(group):
                rows.append([group, name, "undisclosed", "", str(report.group_undisclosed[group])])
        table = Table("Funding totals", ["group", "name", "amount", "currency", "undisclosed flows"], rows)
    else:
        table = Table(f"Funding ({len(report.flows)})",
                      ["id", "date", "donors", "recipient / project", "intermediary", "amount", "currency"],
                      [[f.id, when(f), _names(data, f.donors), _parties(data, f), _short(data, f.intermediary),
                        amount(f), f.currency or ""] for f in report.flows])
    footer = [["total", currency, total] for currency, total in sorted(report.totals.items())]
    if report.undisclosed:
        footer.append(["undisclosed", f"{report.undisclosed} flow{'s' * (report.undisclosed != 1)}"])
    return table, footer


def funding_json(report: FundingReport) -> dict[str, Any]:
    out = {"flows": [record_json(f) for f in report.flows],
           "totals": {c: str(t) for c, t in sorted(report.totals.items())},
           "undisclosed": report.undisclosed}
    if report.groups is not None:
        out["groups"] = {g: {"name": report.group_names[g],
                             "totals": {c: str(t) for c, t in totals.items()},
                             "undisclosed": report.group_undisclosed.get(g, 0)}
                         for g, totals in report.groups.items()}
    return out


def _relation_row(data: Dataset, rel: Relation) -> tuple[str, str]:
    arrow = "→" if rel.direction == "out" else "←"
    r = rel.record
    return f"{arrow} {rel.role}", f"{r.kind} {r.id}: {data.label(r)} {when(r)}".rstrip()


def show_sections(data: Dataset, record: Record, rels: list[Relation]) -> list[tuple[str, list[tuple[str, str]]]]:
    fields = []
    for key, value in record.model_dump(mode="json", exclude_defaults=True, exclude={"sources"}).items():
        fields.append((key, _flat(value)))
    evidence = []
    for e in record.get("sources", ()):
        src = data.by_id.get(e.source)
        evidence.append((e.source, f"“{e.quote}”" + (f" — {src.label}" if src else "")))
    return [("fields", fields), ("evidence", evidence), ("relations", [_relation_row(data, r) for r in rels])]


def _flat(value: Any) -> str:
    if isinstance(value, dict):
        return "; ".join(f"{k}: {_flat(v)}" for k, v in value.items())
    if isinstance(value, list):
        return " | ".join(_flat(v) for v in value)
    return str(value)


def show_json(data: Dataset, record: Record, rels: list[Relation]) -> dict[str, Any]:
    return {**record_json(record),
            "relations": [{"direction": r.direction, "role": r.role, "kind": r.record.kind,
                           "id": r.record.id, "title": data.label(r.record)} for r in rels]}


def stats_json(s: Stats) -> dict[str, Any]:
    return {"counts": s.counts, "first": s.first and str(s.first), "last": s.last and str(s.last),
            "sources": [{"id": src.id, "title": src.label, "file": src.file, "records": n}
                        for src, n in s.evidence]}


def stats_sections(s: Stats) -> list[tuple[str, list[tuple[str, str]]]]:
    return [("records", [(KINDS[k].plural, str(n)) for k, n in s.counts.items()]
             + [("total", str(sum(s.counts.values())))]),
            ("period", [("first", str(s.first or "")), ("last", str(s.last or ""))]),
            ("sources", [(src.id, f"{n} records cite {src.file}: {src.label}") for src, n in s.evidence])]
