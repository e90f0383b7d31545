"""Pictures drawn with text: a Gantt-style timeline and bars of funding per group.

Each chart is a list of `rich.text.Text` lines at a given width; styles only add colour, so
the same lines print as plain text when piped or with NO_COLOR. No querying here.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from decimal import Decimal

from rich.cells import cell_len, set_cell_size
from rich.text import Text

from wpskosovo.model.fields import digits
from wpskosovo.model.kinds import KINDS
from wpskosovo.query.funding import FundingReport
from wpskosovo.query.timeline import Moment
from wpskosovo.render.output import one_line

CERTAIN, IMPRECISE, INFERRED = "█", "░", "▒"
MIN_BAR = 12  # below this many columns for bars, a chart says nothing: callers show the table


def _ordered(moments: list[Moment]) -> list[tuple[int, Moment]]:
    """(depth, moment) in date order, with a programme's phases right under it."""
    present = {m.id for m in moments}
    children: dict[str, list[Moment]] = {}
    roots = []
    for m in moments:
        parent = m.parent if m.kind == "project" else None
        if parent in present and parent != m.id:
            children.setdefault(parent, []).append(m)
        else:
            roots.append(m)
    out: list[tuple[int, Moment]] = []
    seen: set[str] = set()

    def visit(m: Moment, depth: int) -> None:
        if m.id in seen:  # guard against parent cycles in hand-edited data
            return
        seen.add(m.id)
        out.append((depth, m))
        for child in children.get(m.id, ()):
            visit(child, depth + 1)

    for m in roots:
        visit(m, 0)
    for m in moments:  # anything left only by a cycle
        visit(m, 0)
    return out


def timeline_chart(shown: list[Moment], width: int,
                   groups: list[tuple[str, list[Moment]]] | None = None) -> list[Text] | None:
    """One row per dated record on a shared year axis, then the records whose date the
    documents do not state, listed under it; None if `width` is too narrow. With `groups`,
    the dated rows under each group's heading (a record in several groups is drawn in each)."""
    moments = [m for m in shown if m.timing is not None]
    undated = [m for m in shown if m.timing is None]
    if not moments:
        return None
    sections = [(title, _ordered(ms)) for title, ms in (groups if groups is not None else [("", moments)]) if ms]
    rows = [row for _, section in sections for row in section]
    lo = min(m.first.lower for m in moments)
    hi = max(m.last.upper for m in moments)
    lo, hi = dt.date(lo.year, 1, 1), dt.date(hi.year, 12, 31)
    labels = [("  " * depth + ("└ " if depth else "") + one_line(m.label)) for depth, m in rows]
    label_w = min(max(map(cell_len, labels)), max(10, width * 2 // 5))
    at, told = 0, []  # told apart within a section: a record drawn in two sections is one record
    for _, section in sections:
        told += _distinct(labels[at:at + len(section)], [m for _, m in section], label_w)
        at += len(section)
    labels = told
    bar_w = width - label_w - 1
    if bar_w < MIN_BAR:
        return None
    days = (hi - lo).days + 1

    def col(d: dt.date) -> int:
        return min(bar_w - 1, max(0, (d - lo).days * bar_w // days))

    lines = _axis(lo.year, hi.year, col, label_w, bar_w)
    headings, at = {}, 0  # the heading of the section starting at each row
    for title, section in sections:
        headings[at], at = title, at + len(section)
    for n, ((_, m), label) in enumerate(zip(rows, labels)):
        if headings.get(n):
            lines.append(Text(one_line(headings[n]), style="bold"))
        cells = [" "] * bar_w
        style = KINDS[m.kind].style
        if m.period:
            _draw_period(cells, m, col)
        else:
            _draw_point(cells, m, col)
        line = Text(_fit(label, label_w) + " ")
        line.append("".join(cells), style=f"{style} dim" if any(m.inferred) else style)
        lines.append(line)
    if undated:
        lines += [Text(""), Text("date not stated:")]
        for u in undated:
            said = f" ({one_line(u.when)})" if u.when else ""
            lines += [Text(line) for line in _indented(one_line(u.label) + said, width)]
    drawn = {m.kind for m in moments if not m.period}  # markers are drawn for points only
    legend = [item for item, shown in (
        (f"{CERTAIN} period", any(m.period and not m.window for m in moments)),
        (f"{IMPRECISE} date known only to the year or month",
         any(m.first.precision != "day" for m in moments if not m.window)),
        (f"{IMPRECISE} some time in this span (a window)", any(m.window for m in moments)),
        (f"{INFERRED} inferred", any(any(m.inferred) for m in moments)),
        ("▸ ongoing then; after it, not stated", any(m.ongoing for m in moments)),
        ("? end not stated", any(m.period and not m.window and m.end is None and m.ongoing is None for m in moments)),
        ("◂ start not stated", any(m.period and m.start is None for m in moments))) if shown]
    legend += [f"{m.marker} {k}" for k, m in KINDS.items() if k in drawn]
    return [*lines, Text(""), *(Text(line, style="dim") for line in _wrap(legend, width))]


def _distinct(labels: list[str], moments: list[Moment], width: int) -> list[str]:
    """Labels that can be told apart once cut to `width`: alike ones end in their year, or
    their id if the year does not tell them apart either."""
    def cut_alike(candidates: list[str]) -> set[int]:
        fitted = [_fit(c, width) for c in candidates]
        counts = Counter(fitted)  # not list.count: that made 100k labels quadratic
        return {i for i, f in enumerate(fitted) if counts[f] > 1}

    out = list(labels)
    for i in cut_alike(out):
        out[i] = _fit(labels[i], width - 5) + f" {moments[i].first.year}"
    for i in cut_alike(out):
        out[i] = _fit(labels[i], max(4, width - len(moments[i].id) - 1)) + f" {moments[i].id}"
    return out


def _wrap(items: list[str], width: int) -> list[str]:
    lines = [""]
    for item in items:
        if lines[-1] and len(lines[-1]) + 2 + len(item) > width:
            lines.append("")
        lines[-1] += ("  " if lines[-1] else "") + item
    return lines


def _axis(first: int, last: int, col, label_w: int, bar_w: int) -> list[Text]:
    ticks = [" "] * bar_w
    names = [" "] * bar_w
    years = list(range(first, last + 1))
    step = 1
    while len(years) // step * 5 > bar_w:  # room for a 4-digit label and a space
        step += 1
    free_from = 0
    for year in years:
        c = col(dt.date(year, 1, 1))
        ticks[c] = "┬" if c else "┌"
        if (year - first) % step == 0 and c >= free_from and c + 4 <= bar_w:
            names[c:c + 4] = str(year)
            free_from = c + 5
    for i, t in enumerate(ticks):
        if t == " ":
            ticks[i] = "─"
    pad = " " * (label_w + 1)
    return [Text(pad + "".join(names), style="bold"), Text(pad + "".join(ticks), style="dim")]


def _draw_period(cells: list[str], m: Moment, col) -> None:
    """A period: its dates' spans ░, the days certainly between them █ (▒ inferred); a window:
    ░ all through, for it happened once, at some time in it; an open end: what is known, then
    ▸ after the last date it is known to go on, or ? where nothing after its start is stated;
    ◂ before an end whose start is not stated."""
    start, end, ongoing = m.start, m.end, m.ongoing
    certain = INFERRED if any(m.inferred) else CERTAIN
    if m.window and start and end:
        _fill(cells, col(start.lower), col(end.upper), IMPRECISE)
        return
    first, last = start or ongoing or end, end or ongoing or start
    assert first is not None and last is not None  # a moment has a date
    _fill(cells, col(first.lower), col(first.upper), IMPRECISE if not first.day else certain)
    _fill(cells, col(last.lower), col(last.upper), IMPRECISE if not last.day else certain)
    if first.upper < last.lower:
        _fill(cells, col(first.upper), col(last.lower), certain)
    if end is None:
        after = col(last.upper) + 1
        if after < len(cells):
            cells[after] = "▸" if ongoing else "?"
    if start is None:
        before = col(first.lower) - 1
        if before >= 0:
            cells[before] = "◂"


def _draw_point(cells: list[str], m: Moment, col) -> None:
    d = m.first
    a, b = col(d.lower), col(d.upper)
    if d.day is None:
        _fill(cells, a, b, IMPRECISE)
    cells[(a + b) // 2] = KINDS[m.kind].marker


def _fill(cells: list[str], a: int, b: int, char: str) -> None:
    for i in range(a, b + 1):
        cells[i] = char


def _fit(text: str, width: int) -> str:
    """Cut or pad text to exactly `width` terminal cells (wide characters count double)."""
    return set_cell_size(text, width) if cell_len(text) <= width else set_cell_size(text, width - 1) + "…"


EIGHTHS = " ▏▎▍▌▋▊▉"


def _bar(value: Decimal, top: Decimal, width: int) -> str:
    eighths = int(value / top * width * 8) if top else 0
    full, part = divmod(eighths, 8)
    return "█" * full + (EIGHTHS[part] if part else "")


def funding_chart(report: FundingReport, width: int) -> list[Text] | None:
    """Bars of the amounts per group, one chart per currency; undisclosed flows listed, not drawn."""
    groups = report.groups or {}
    names = {g: one_line((report.group_names or {})[g]) for g in groups}
    lines: list[Text] = []
    currencies = sorted({c for totals in groups.values() for c in totals})
    label_w = min(max((cell_len(n) for n in names.values()), default=0), max(10, width // 3))
    for currency in currencies:
        rows = sorted(((names[g], t[currency]) for g, t in groups.items() if currency in t),
                      key=lambda r: (-r[1], r[0]))
        top = rows[0][1]
        amount_w = max(len(digits(amount, grouped=True)) for _, amount in rows)
        bar_w = width - label_w - amount_w - 2
        if bar_w < MIN_BAR:
            return None
        # Bars compare amounts in one currency only: with several, each has its own scale.
        lines.append(Text(currency + " (bars on a scale of their own: currencies are not converted)"
                          * (len(currencies) > 1), style="bold"))
        for group, amount in rows:
            line = Text(_fit(group, label_w) + " ")
            line.append(_bar(amount, top, bar_w).ljust(bar_w), style="cyan")
            line.append(" " + digits(amount, grouped=True).rjust(amount_w))
            lines.append(line)
        lines.append(Text(""))
    undisclosed = report.group_undisclosed or {}
    if undisclosed:
        lines.append(Text("Undisclosed amounts (not drawn):", style="bold"))
        for group, n in sorted(undisclosed.items(), key=lambda item: names[item[0]]):
            lines += [Text(line) for line in _indented(f"{names[group]}: {n} flow{'s' * (n != 1)}", width)]
    return lines


def _indented(text: str, width: int, indent: str = "  ") -> list[str]:
    """`text` wrapped to `width`, every line indented (a list item's lines stay under it)."""
    import textwrap

    return textwrap.wrap(text, width, initial_indent=indent, subsequent_indent=indent + "  ") or [indent]
