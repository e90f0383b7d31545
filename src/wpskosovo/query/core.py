"""Queries over the store: name resolution, filters, search, timeline, funding, stats.

Filters and orderings are SQL over the tables `store.py` derives from the records; only the
records a query returns are built into models. Everything here returns plain results
(records, dataclasses, dicts); views format them.
"""

from __future__ import annotations

import re
import typing
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from wpskosovo.model.dates import PartialDate
from wpskosovo.model.kinds import KINDS, LINK_WEIGHT, NAME_WEIGHT, Funding, Record, Source
from wpskosovo.model.words import KIND_ALIASES, fold
from wpskosovo.query.filters import CLOSURE, NO_FILTERS, Filters, json_list, where
from wpskosovo.store.db import Store


class QueryError(Exception):
    """A query that cannot be answered as asked (unknown or ambiguous name, bad kind)."""

    def __init__(self, message: str, ambiguous: bool = False):
        super().__init__(message)
        self.ambiguous = ambiguous  # a usage error: the user must say which one


def kind_of(name: str) -> str:
    names = {m.plural: k for k, m in KINDS.items()} | {k: k for k in KINDS} | KIND_ALIASES
    kind = names.get(name.lower())
    if kind is None:
        import difflib  # only for suggestions, on the error path

        close = difflib.get_close_matches(name.lower(), names, n=1)
        hint = f"did you mean {close[0]!r}? " if close else ""
        choices = ", ".join(m.plural for m in KINDS.values())
        raise QueryError(f"unknown kind {name!r}; {hint}kinds: {choices}")
    return kind


def resolve(store: Store, text: str, kinds: Iterable[str] = ("organization",)) -> Record:
    """Find the one record a name means: id, name, acronym, alias or other-language name.

    An exact id wins; then exact names; then names containing the text as whole words; then
    any substring.
    """
    kinds = tuple(kinds)
    if not text.strip():
        raise QueryError("an empty name matches nothing")
    found = store.by_id.get(text)
    if found is not None and found.kind in kinds:
        return found
    want = fold(text.strip())
    exact = list(dict.fromkeys(rid for rid, in store.db.execute(
        "SELECT k.record_id FROM known_as k JOIN records r ON r.id = k.record_id "
        "WHERE k.folded = ? AND k.kind IN (SELECT value FROM json_each(?)) ORDER BY r.rowid",
        (want, json_list(kinds)))))
    if len(exact) == 1:
        return store.by_id[exact[0]]
    # Every name of every record of these kinds, in the order of the kinds, then of the data.
    rows = store.db.execute(
        "SELECT k.record_id, k.kind, k.folded FROM known_as k JOIN records r ON r.id = k.record_id "
        "WHERE k.kind IN (SELECT value FROM json_each(?)) ORDER BY r.rowid, k.position", (json_list(kinds),)).fetchall()
    rows.sort(key=lambda row: kinds.index(row[1]))
    pool: dict[str, list[str]] = {}
    for rid, _, name in rows:
        pool.setdefault(rid, []).append(name)
    exact.sort(key=list(pool).index)
    candidates = exact or [r for r in pool if r.startswith(want)] \
        or [r for r, names in pool.items() if any(_has_words(n, want) for n in names)] \
        or [r for r, names in pool.items() if any(want in n for n in names)]
    if len(candidates) == 1:
        return store.by_id[candidates[0]]
    if candidates:
        listed = "\n".join(f"  {r.id}  {r.label}" for r in store.records(candidates[:20]))
        raise QueryError(f"{text!r} is ambiguous; it could mean:\n{listed}", ambiguous=True)
    import difflib  # only for suggestions, on the error path

    names = {n: rid for rid, ns in pool.items() for n in ns}
    close = difflib.get_close_matches(want, list(names), n=5, cutoff=0.6)
    ids = list(dict.fromkeys(names[c] for c in close))
    hint = f"; did you mean {', '.join(ids)}?" if ids else ""
    what = " or ".join(kinds) if len(kinds) <= 3 else "record"
    raise QueryError(f"no {what} matches {text!r}{hint}")


def is_exact(record: Record, text: str) -> bool:
    """Whether `text` is the record's id or one of its names (not a part of one)."""
    return text == record.id or fold(text.strip()) in map(fold, record.all_names())


def _has_words(haystack: str, words: str) -> bool:
    padded = f" {' '.join(_tokens(haystack))} "
    return f" {' '.join(_tokens(words))} " in padded


_WORD = re.compile(r"[^\W_]+")


def _tokens(text: str) -> list[str]:
    return _WORD.findall(text)


# ---------------------------------------------------------------- filters and list


def units(store: Store, orgs: tuple[str, ...]) -> list[str]:
    """Organizations and every unit inside them, at any depth."""
    return [rid for rid, in store.db.execute(CLOSURE, (json_list(orgs), "parent"))]


def type_values(kind: str | None = None) -> list[str]:
    """The values `--type` may take for a kind (or any kind), from the models' types."""
    import typing

    values: set[str] = set()
    for k in [kind] if kind else KINDS:
        field = KINDS[k].model_fields.get("type")
        if field is None:
            continue
        for arg in typing.get_args(field.annotation):
            values.update(typing.get_args(arg))
    return sorted(values)


def date_key(record: Record) -> tuple:
    start, end = record.span()
    d = start or end
    return (0, d.sort_key()) if d else (1,)


# A listing's order: by date, undated last, then by name, then as the data gives them.
BY_DATE = "ORDER BY r.date_order IS NULL, r.date_order, r.name_order, r.rowid"


def select(store: Store, kind: str | None, f: Filters) -> list[Record]:
    """The records of a kind (or of every kind) that pass the filters, in date order (`--sort`
    reorders rows)."""
    cond, params = where(f if kind is None else Filters(**{**f.__dict__, "kind": kind}))
    return store.select(f"SELECT r.id FROM records r WHERE {cond} {BY_DATE}", params)


def in_period(store: Store, ids: Iterable[str], start: PartialDate | None, end: PartialDate | None) -> set[str]:
    """Those of `ids` whose records' dates overlap the period."""
    cond, params = where(Filters(start=start, end=end))
    return {rid for rid, in store.db.execute(
        f"SELECT r.id FROM records r WHERE r.id IN (SELECT value FROM json_each(?)) AND {cond}",
        [json_list(ids), *params])}


# ---------------------------------------------------------------- show


@dataclass
class Relation:
    direction: str  # "out": this record links to it; "in": it links to this record
    role: str
    record: Record
    inferred: bool = False  # the sources imply the link without stating it


def relations(store: Store, record: Record) -> list[Relation]:
    out_rows = store.db.execute("SELECT target_id, role, inferred FROM links WHERE record_id = ? ORDER BY rowid",
                                (record.id,)).fetchall()
    in_rows = store.db.execute("SELECT record_id, role, inferred FROM links WHERE target_id = ? ORDER BY rowid",
                               (record.id,)).fetchall()
    cited = store.db.execute("SELECT record_id FROM evidence WHERE source_id = ? GROUP BY record_id "
                             "ORDER BY min(rowid)", (record.id,)).fetchall()
    store.records([r for r, _, _ in out_rows + in_rows] + [r for r, in cited])  # in one query
    out = [Relation("out", role, store.by_id[rid], bool(inferred)) for rid, role, inferred in out_rows]
    back = [Relation("in", role, store.by_id[rid], bool(inferred)) for rid, role, inferred in in_rows]
    back += [Relation("in", "evidence", store.by_id[rid]) for rid, in cited]
    back.sort(key=lambda rel: (rel.record.kind, date_key(rel.record), rel.record.id))
    return out + back


# ---------------------------------------------------------------- search


@dataclass
class Hit:
    score: int
    record: Record
    where: list[str]  # the fields the words matched in
    snippet: str = ""  # the text around the first match, as the record holds it


def search(store: Store, text: str, kind: str | None = None, f: Filters = NO_FILTERS) -> list[Hit]:
    """Records holding every word of `text` in some field, their own or a linked record's name.

    Ranked by where the words matched: names first, then text fields, evidence, linked names.
    A place's name finds what any of its names finds (Prishtinë, Priština, Pristina).
    """
    best: dict[str, Hit] = {}
    for form in place_forms(store, text) or [text]:
        for hit in _search(store, form, kind, f):
            if hit.record.id not in best or hit.score > best[hit.record.id].score:
                best[hit.record.id] = hit
    hits = list(best.values())
    hits.sort(key=lambda h: (-h.score, date_key(h.record), h.record.id))
    return hits


def place_forms(store: Store, text: str) -> list[str]:
    """Every name of the place that `text` names exactly, or [] when it names none."""
    row = store.db.execute("SELECT k.record_id FROM known_as k JOIN records r ON r.id = k.record_id "
                           "WHERE k.kind = 'place' AND k.position > 0 AND k.folded = ? ORDER BY r.rowid LIMIT 1",
                           (fold(text.strip()),)).fetchone()
    if row is None:
        return []
    return [name for name, in store.db.execute(
        "SELECT name FROM known_as WHERE record_id = ? AND position > 0 ORDER BY position", row)]


def _search(store: Store, text: str, kind: str | None, f: Filters) -> list[Hit]:
    words = _tokens(fold(text))
    if not words:
        return []
    phrase = " ".join(words)
    cond, params = where(f if kind is None else Filters(**{**f.__dict__, "kind": kind}))
    # Every word somewhere in the folded text, inside words too ("terpc" finds Shtërpcë).
    cond += "".join(" AND instr(r.search_text, ?)" for _ in words)
    params += words
    records = store.select(f"SELECT r.id FROM records r WHERE {cond} ORDER BY r.rowid", params)
    linked: dict[str, list[tuple[str, str, str]]] = defaultdict(list)  # record -> (role, label, folded name)
    for rid, role, label, name in store.db.execute(
            "SELECT l.record_id, l.role, t.name, k.folded FROM links l JOIN records t ON t.id = l.target_id "
            "JOIN known_as k ON k.record_id = l.target_id WHERE l.record_id IN (SELECT value FROM json_each(?)) "
            "ORDER BY l.rowid, k.position", (json_list(r.id for r in records),)):
        linked[rid].append((role, label, name))
    hits = []
    for record in records:
        scored = [(where, fold(t), w, t) for where, t, w in record.texts()]
        scored += [(f"via {role} {label}", n, LINK_WEIGHT, n) for role, label, n in linked[record.id]]
        score, where_, snippet = 0, [], ""
        for word in words:
            best = max(((w, at, t, raw) for at, t, w, raw in scored if word in t), default=None,
                       key=lambda x: x[0])
            if best is None:
                break
            score += best[0]
            if best[1] not in where_:
                where_.append(best[1])
            if not snippet and best[0] != NAME_WEIGHT:
                snippet = _around(best[3], best[2].index(word))
        else:
            score += _name_bonus(record, phrase, scored)
            hits.append(Hit(score, record, where_, snippet))
    return hits


def _name_bonus(record: Record, phrase: str, scored) -> int:
    """Exact ids and names first; then names holding the words whole, shorter names first
    (`1325` finds the resolution "UNSCR 1325" before the reports that mention it)."""
    if fold(record.id) == phrase.replace(" ", "-") or fold(record.id) == phrase:
        return 300
    names = [" ".join(_tokens(t)) for _, t, w, _ in scored if w == NAME_WEIGHT]
    if phrase in names:
        return 200
    holding = [n for n in names if f" {phrase} " in f" {n} "]
    return 100 - min(50, min(map(len, holding))) if holding else 0


def _around(text: str, at: int, width: int = 60) -> str:
    """About `width` characters of `text` around position `at`, cut at word boundaries."""
    text = " ".join(text.split())
    if len(text) <= width:
        return text
    lo = max(0, at - width // 3)
    hi = min(len(text), lo + width)
    lo = text.rfind(" ", 0, lo) + 1 if lo else 0
    hi_space = text.find(" ", hi)
    hi = len(text) if hi_space < 0 else hi_space
    return ("…" if lo else "") + text[lo:hi] + ("…" if hi < len(text) else "")


# ---------------------------------------------------------------- timeline


@dataclass
class Moment:
    start: PartialDate | None
    end: PartialDate | None
    record: Record
    what: str  # e.g. "founded", "adopted", "period", "published"
    inferred: str | None  # the reason, when the date is inferred
    period: bool  # a span (possibly open-ended), not a point in time

    @property
    def first(self) -> PartialDate:
        """Its earliest known date (a moment always has one)."""
        d = self.start or self.end
        assert d is not None
        return d

    @property
    def last(self) -> PartialDate:
        d = self.end or self.start
        assert d is not None
        return d

    def sort_key(self) -> tuple:
        return (self.first.sort_key(), self.record.kind, self.record.id)


def moment(record: Record) -> Moment | None:
    start, end = record.span()
    if start is None and end is None:
        return None
    inferred = record.get("inferred", {})
    reasons = [inferred[f] for f in record.span_fields() if f in inferred]
    period = start != end
    return Moment(start, end if period else None, record, record.what(), "; ".join(reasons) or None, period)


def timeline(store: Store, f: Filters) -> list[Moment]:
    cond, params = where(f)
    records = store.select(f"SELECT r.id FROM records r WHERE r.date_order IS NOT NULL AND {cond} "
                           "ORDER BY r.date_order, r.kind, r.id", params)
    return [m for r in records if (m := moment(r))]


def undated(store: Store, f: Filters) -> list[Record]:
    """The activities of the selection with no usable date (a document may give "June 6-8"
    without a year): a timeline lists them apart rather than leave them out."""
    kinds = [k for k in ([f.kind] if f.kind else KINDS) if KINDS[k].activity]
    cond, params = where(f)
    return store.select(f"SELECT r.id FROM records r WHERE r.date_order IS NULL AND r.kind IN "
                        f"(SELECT value FROM json_each(?)) AND {cond} ORDER BY r.name_order, r.rowid",
                        [json_list(kinds), *params])


# ---------------------------------------------------------------- funding


@dataclass
class FundingReport:
    flows: list[Funding]
    totals: dict[str, Decimal]  # per currency, never mixed
    undisclosed: int  # flows with no amount given
    groups: dict[str, dict[str, Decimal]] | None = None  # group key -> currency -> total
    group_undisclosed: dict[str, int] | None = None
    group_names: dict[str, str] | None = None  # group key (an id, a year) -> what to show


GROUPINGS = ("donor", "recipient", "project", "year")


def _groups_of(flow: Funding, by: str) -> list[str]:
    """The keys of the groups a flow counts in: record ids, or a year."""
    if by == "donor":
        return list(flow.donors)
    if by in ("recipient", "project"):
        return [flow.get(by) or "(none)"]
    start, end = flow.span()
    return [str((start or end).year)] if (start or end) else ["(undated)"]


def _exact():
    """Sums of money must never round: an unbounded precision that traps any inexact result."""
    import decimal

    return decimal.localcontext(decimal.Context(prec=decimal.MAX_PREC, traps=[decimal.Inexact]))


def funding(store: Store, donor: str | None = None, recipient: str | None = None,
            project: str | None = None, f: Filters = NO_FILTERS, by: str | None = None) -> FundingReport:
    cond, params = where(f)
    for ids, fields in ((donor, ("donors",)), (recipient, ("recipient", "intermediary")),
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
                for g in _groups_of(flow, by):
                    group = groups.setdefault(g, defaultdict(Decimal))  # shown even if all undisclosed
                    if flow.amount is None or flow.currency is None:
                        undisclosed[g] += 1
                    else:
                        # A flow with several donors counts in full under each of them.
                        group[flow.currency] += flow.amount
        report.groups = {g: dict(groups[g]) for g in sorted(groups)}
        report.group_undisclosed = dict(undisclosed)
        named = {r.id: store.label(r) for r in store.records(groups)}
        report.group_names = {g: named.get(g, g) for g in groups}
    return report


# ---------------------------------------------------------------- stats


@dataclass
class Stats:
    counts: dict[str, int]
    first: PartialDate | None
    last: PartialDate | None
    evidence: list[tuple[Source, int]]  # each source and how many records cite it


def stats(store: Store, f: Filters = NO_FILTERS) -> Stats:
    """Counts, period and sources of the records the filters select (all of them by default)."""
    cond, params = where(f)
    counts = dict.fromkeys(KINDS, 0) | dict(store.db.execute(
        f"SELECT r.kind, count(*) FROM records r WHERE {cond} GROUP BY r.kind", params).fetchall())
    lows: list[PartialDate] = []
    highs: list[PartialDate] = []
    for first, last in store.db.execute(
            f"SELECT r.first, r.last FROM records r WHERE r.first IS NOT NULL AND {cond} ORDER BY r.rowid", params):
        lows.append(PartialDate.coerce(first))
        highs.append(PartialDate.coerce(last))
    cited = dict(store.db.execute(
        f"SELECT source_id, count(DISTINCT record_id) FROM evidence WHERE record_id IN "
        f"(SELECT r.id FROM records r WHERE {cond}) GROUP BY source_id", params).fetchall())
    sources = typing.cast(list[Source], store.select("SELECT id FROM records WHERE kind = 'source' ORDER BY rowid"))
    return Stats(counts, min(lows, key=lambda d: d.lower, default=None),
                 max(highs, key=lambda d: d.upper, default=None),
                 [(s, cited.get(s.id, 0)) for s in sources])
