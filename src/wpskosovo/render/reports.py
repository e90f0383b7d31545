"""Layouts: the rows and JSON each command shows for its query results (output.py prints them)."""

from __future__ import annotations

import typing
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from wpskosovo.model.dates import Timing
from wpskosovo.model.fields import digits
from wpskosovo.model.kinds import KINDS, Record
from wpskosovo.query.select import DATE_COLUMNS, Row, list_columns
from wpskosovo.render.output import COMPANIONS, DateCell, EndCell, Money, Several, Table

if typing.TYPE_CHECKING:  # what each command's query returns: a listing need not load the others
    from wpskosovo.query.funding import FundingReport
    from wpskosovo.query.search import Hit
    from wpskosovo.query.stats import Stats
    from wpskosovo.query.timeline import Moment


def record_json(record: Record) -> dict[str, Any]:
    return {"kind": record.kind, **record.model_dump(mode="json", exclude_defaults=True)}


def row_json(table: Table, index: int, record: Record | None = None) -> dict[str, Any]:
    """A table row for machines: the piped row's columns (dates with their `_inferred`, amounts
    with their currency), and the whole record."""
    from wpskosovo.render.output import machine_columns, machine_row

    row = dict(zip(machine_columns(table.columns), machine_row(table.columns, table.rows[index], "json")))
    return {**row, "record": record_json(record)} if record is not None else row


def when(record: Record) -> str:
    """The record's date or period as one text, marking inferred dates (for show and charts)."""
    timing = record.timing()
    if timing is None:
        return record.get("when") or ""
    return period_text(timing, record.span_inferred())


def period_text(t: Timing, inferred: tuple[bool, bool]) -> str:
    """"2005 – 2011", "some time between 2009-01 and 2009-07", "2004 – ongoing as of 2009":
    each inferred date marked, or the whole once when all of it is inferred."""
    start_inferred, end_inferred = inferred
    if t.point:
        return str(t.start) + " (inferred)" * start_inferred
    whole = start_inferred and (end_inferred or not (t.end or t.ongoing))

    def part(d, inferred: bool, missing: str) -> str:
        return missing if d is None else str(d) + " (inferred)" * (inferred and not whole)

    if t.window:
        text = f"some time between {part(t.start, start_inferred, '')} and {part(t.end, end_inferred, '')}"
    elif t.end is not None:
        text = f"{part(t.start, start_inferred, 'start not stated')} – {part(t.end, end_inferred, '')}"
    elif t.ongoing is not None:
        text = f"{part(t.start, start_inferred, 'start not stated')} – ongoing as of " \
               f"{part(t.ongoing, end_inferred, '')}; after that, not stated"
    else:
        text = f"{part(t.start, start_inferred, '')} – end not stated"
    return text + " (inferred)" * whole


def timing_cells(m: Timing | None, inferred: tuple[bool, bool]) -> tuple[DateCell, DateCell]:
    """A date or period as two cells: a point's date alone; a period's start and end; a
    window's as "≥A" and "≤B" (some time between them); an open end's as "as of D" (ongoing
    then) or "unknown"; two empty cells when undated."""
    if m is None:
        return DateCell(None), EndCell(None)
    start_inferred, end_inferred = inferred
    if m.point:
        return DateCell(m.start, start_inferred), EndCell(None, window=False)

    def marked(d, inferred: bool) -> str:
        return "~" * inferred + str(d)

    if m.window:
        return (DateCell(m.start, start_inferred, f"≥{marked(m.start, start_inferred)}"),
                EndCell(m.end, end_inferred, f"≤{marked(m.end, end_inferred)}", window=True))
    start = DateCell(m.start, start_inferred) if m.start else DateCell(None, shown="unknown")
    if m.end is not None:
        return start, EndCell(m.end, end_inferred, window=False)
    if m.ongoing is not None:
        return start, EndCell(None, end_inferred, f"as of {marked(m.ongoing, end_inferred)}", m.ongoing, False)
    return start, EndCell(None, shown="unknown", window=False)


def role_text(title: str, org: str) -> str:
    """A person's role: its title, and its organization (a short name) unless the title already
    names it."""
    return title if not org or org in title else f"{title}, {org}"


def list_table(kind: str, rows: Sequence[Row], total: int | None = None) -> Table:
    columns = list_columns(kind)
    title = f"{KINDS[kind].plural.capitalize()} ({total if total is not None else len(rows)})"
    return Table(title, columns, [[cell(r, c) for c in columns] for r in rows],
                 caption=showing(len(rows), total), flex=KINDS[kind].about)


def showing(shown: int, total: int | None) -> str:
    return f"showing {shown} of {total}" if total is not None and total > shown else ""


def cell(row: Row, column: str) -> Any:
    """What a list shows of a record in a column: its dates as cells, short names for the
    records it refers to, an amount with its currency, languages by name."""
    if column == "id":
        return row.id
    if column in DATE_COLUMNS:
        return timing_cells(row.timing, row.inferred)[0]
    if column == "end":
        return timing_cells(row.timing, row.inferred)[1]
    value = row.values.get(column)
    if column == "language":
        from wpskosovo.render.cite import LANGUAGES

        return f"{LANGUAGES.get(str(value), value)} ({value})"
    if column == "roles":
        return Several((role_text(r["title"], row.short.get(r.get("org") or "", "")) for r in value or ()), "; ")
    if column == "amount":
        return Money(None if value is None else Decimal(value), row.values.get("currency"))
    if column in row.naming:
        return Several(row.short.get(v, v or "") for v in value or ()) if isinstance(value, list) \
            else row.short.get(str(value), value or "")
    if isinstance(value, list):
        return Several(value)
    return "" if value is None else str(value)


# A row: its id (and kind, where kinds mix), its date or period, what it is about, the rest.
SEARCH_COLUMNS = ["id", "date", "end", "kind", "title", "matched in", "snippet"]
TIMELINE_COLUMNS = ["id", "date", "end", "kind", "what", "title", "the documents say"]
GROUP_COLUMNS = ["group", "name", "undisclosed flows", "amount"]
EDGE_COLUMNS = ["org", "partner", "via", "through", "inferred"]
RANKING_COLUMNS = ["id", "name", "partners", "records"]


def command_columns(command: str, kind: str | None = None, by: str | None = None) -> list[str]:
    """The table columns of a command's rows (`network` without --org: its ranking)."""
    return {"list": lambda: list_columns(kind or ""), "search": lambda: SEARCH_COLUMNS,
            "timeline": lambda: TIMELINE_COLUMNS,
            "funding": lambda: GROUP_COLUMNS if by else list_columns("funding"),
            "network": lambda: EDGE_COLUMNS, "ranking": lambda: RANKING_COLUMNS}[command]()


# The JSON fields of the commands that print a report, not a listing: its parts (stats), a
# record's fields and relations (show), a pillar's row (pillars).
REPORT_FIELDS = {
    "stats": lambda: ["release", "counts", "first", "last", "sources", "by_gender", "by_pillar"],
    "show": lambda: ["kind", *dict.fromkeys(f for model in KINDS.values() for f in model.model_fields), "relations"],
    "pillars": lambda: ["pillar", "activities", "covers"],
}


def json_fields(command: str, kind: str | None = None, by: str | None = None) -> list[str]:
    """The fields of a command's JSON rows, declared once: its piped columns (see
    view.machine_columns) and, for rows that are records, the whole `record`; a report's parts."""
    from wpskosovo.render.output import machine_columns

    if command in REPORT_FIELDS:
        return REPORT_FIELDS[command]()

    has_record = command in ("list", "search", "timeline") or (command == "funding" and not by)
    return machine_columns(command_columns(command, kind, by)) + ["record"] * has_record


def search_table(hits: list[Hit], caption: str = "") -> Table:
    return Table(f"Search results ({len(hits)})", SEARCH_COLUMNS,
                 [[h.id, *timing_cells(h.timing, h.inferred), h.kind, h.name, Several(h.where), h.snippet]
                  for h in hits], caption=caption)


def timeline_table(moments: list[Moment], caption: str = "") -> Table:
    """The timeline's rows: dated records in order, then those whose date the documents do not
    state, with what the documents do say of it."""
    rows = [[m.id, *timing_cells(m.timing, m.inferred), m.kind, m.what, m.label, "" if m.timing else m.when]
            for m in moments]
    return Table(f"Timeline ({len(rows)})", TIMELINE_COLUMNS, rows, caption=caption, flex="title")


def group_rows(report: FundingReport) -> list[list[Any]]:
    """`funding --by`'s rows: a group's total in each currency (or undisclosed), with how many of
    its flows have no amount stated."""
    rows: list[list[Any]] = []
    for group, totals in (report.groups or {}).items():
        name = (report.group_names or {})[group]
        undisclosed = (report.group_undisclosed or {}).get(group, 0)
        for currency, total in sorted(totals.items()):
            rows.append([group, name, undisclosed or "", Money(total, currency)])
        if not totals:
            rows.append([group, name, undisclosed or "", Money(None, None)])
    return rows


def groups_table(report: FundingReport, rows: list[list[Any]]) -> Table:
    return Table("Funding totals", GROUP_COLUMNS, rows, flex="name",
                 caption="a flow with several groups (donors, its project's pillars) counts in full under "
                         "each; the totals count it once" if report.counted_twice else "")


def funding_footer(report: FundingReport) -> list[list]:
    """The totals per currency of every flow selected, and how many flows have no amount."""
    footer = [["total", currency, total] for currency, total in sorted(report.totals.items())]
    if report.undisclosed:
        footer.append(["undisclosed", f"{report.undisclosed} flow{'s' * (report.undisclosed != 1)}"])
    return footer


def funding_json(report: FundingReport, table: Table, selected: int, flows: Sequence[Record]) -> dict[str, Any]:
    """Funding for machines: the rows the table shows (flows, each with its whole record, or
    groups with --by), and the totals per currency of every flow selected, as exact decimal
    strings."""
    rows = [row_json(table, i, flows[i] if report.groups is None else None) for i in range(len(table.rows))]
    return {"groups" if report.groups is not None else "flows": rows,
            "totals": [{"amount": digits(t), "currency": c} for c, t in sorted(report.totals.items())],
            "undisclosed": report.undisclosed, "flows_selected": selected}


def stats_json(s: Stats) -> dict[str, Any]:
    release = s.release and {"title": s.release.title, "release": s.release.release, "date": str(s.release.date)}
    return {"release": release, "counts": {KINDS[k].plural: n for k, n in s.counts.items()},
            "first": s.first and str(s.first), "last": s.last and str(s.last),
            "sources": [{"id": src.id, "title": src.label, "file": src.file, "records": n}
                        for src, n in s.evidence]}


def stats_sections(s: Stats) -> list[tuple[str, list[tuple[str, str]]]]:
    dataset = [("dataset", [("title", s.release.title), ("release", s.release.release),
                            ("date", str(s.release.date))])] if s.release else []
    return dataset + [("records", [(KINDS[k].plural, str(n)) for k, n in s.counts.items()]
                       + [("total", str(sum(s.counts.values())))]),
                      ("period", [("first", str(s.first or "")), ("last", str(s.last or ""))]),
                      ("sources", [(src.id, f"{n} records cite {src.file}: {src.label}") for src, n in s.evidence])]


# ---------------------------------------------------------------- --sort


NAME_COLUMNS = ("title", "name", "id")  # what `--sort name` orders by: the first a table has (`date`: DATE_COLUMNS)


def sort_names(command: str, kind: str | None = None, by: str | None = None) -> list[str]:
    """What `--sort` takes in a command: the fields of its rows, and `name` and `date` for
    short where its rows have a name or a date."""
    from wpskosovo.render.output import machine_columns

    columns = command_columns(command, kind, by)
    short = ["name"] * any(c in columns for c in NAME_COLUMNS) + ["date"] * any(c in columns for c in DATE_COLUMNS)
    return list(dict.fromkeys(machine_columns(columns) + short))


def sort_column(columns: list[str], name: str) -> tuple[int, int | None]:
    """The table column `--sort NAME` orders by, and which of that column's companions NAME is
    (`date_inferred`, `currency`), if one: `name` is the title or name, `date` the first date."""
    if name == "name":
        name = next(c for c in NAME_COLUMNS if c in columns)
    elif name == "date":
        name = next(c for c in DATE_COLUMNS if c in columns)
    for at, column in enumerate(columns):
        if name in (column, column.replace(" ", "_")):
            return at, None
        if name in COMPANIONS.get(column, ()):
            return at, COMPANIONS[column].index(name)
    raise ValueError(f"no column {name!r} in {columns}")


def sort_table(table: Table, items: Sequence, name: str) -> list:
    """Order a table's rows (and `items`, one a row) by `--sort NAME` (`-NAME` descending):
    dates by time, amounts and counts by value, text by its folded letters, leading quote
    marks aside. Empty cells come last either way."""
    from wpskosovo.model.words import LEADING_QUOTES, fold
    from wpskosovo.render.output import one_line, text

    descending = name.startswith("-")
    at, companion = sort_column(table.columns, name.lstrip("-"))

    def key(row):
        cell = row[at]
        if companion is not None:  # whether a date is inferred, an amount's currency, ...
            value = cell.companions()[companion] if hasattr(cell, "companions") else None
            return None if value is None else (value,)
        if isinstance(cell, DateCell):
            return cell.value.sort_key() if cell.value is not None else None
        if isinstance(cell, Money):
            return cell.amount
        if isinstance(cell, (int, Decimal)) and not isinstance(cell, bool):
            return cell
        folded = fold(one_line(text(cell, "plain"))).lstrip(LEADING_QUOTES)
        return folded or None

    pairs = list(zip(table.rows, items))
    full = sorted((p for p in pairs if key(p[0]) is not None), key=lambda p: key(p[0]), reverse=descending)
    empty = [p for p in pairs if key(p[0]) is None]
    table.rows = [p[0] for p in full + empty]
    return [p[1] for p in full + empty]
