"""Queries over a Dataset: name resolution, filters, search, timeline, funding, stats.

Everything here returns plain results (records, dataclasses, dicts); views format them.
"""

from __future__ import annotations

import functools
import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from wpskosovo.dataset import Dataset
from wpskosovo.dates import PartialDate, overlaps
from wpskosovo.model import KINDS, LINK_WEIGHT, NAME_WEIGHT, Funding, Person, Place, Policy, Record, Source
from wpskosovo.words import KIND_NAMES, fold

DATE_FIELDS = ("date", "start", "end", "adopted", "founded")


class QueryError(Exception):
    """A query that cannot be answered as asked (unknown or ambiguous name, bad kind)."""

    def __init__(self, message: str, ambiguous: bool = False):
        super().__init__(message)
        self.ambiguous = ambiguous  # a usage error: the user must say which one


def kind_of(name: str) -> str:
    kind = KIND_NAMES.get(name.lower())
    if kind is None:
        import difflib  # only for suggestions, on the error path

        close = difflib.get_close_matches(name.lower(), KIND_NAMES, n=1)
        hint = f"did you mean {close[0]!r}? " if close else ""
        choices = ", ".join(m.plural for m in KINDS.values())
        raise QueryError(f"unknown kind {name!r}; {hint}kinds: {choices}")
    return kind


def resolve(data: Dataset, text: str, kinds: Iterable[str] = ("organization",)) -> Record:
    """Find the one record a name means: id, name, acronym, alias or other-language name.

    An exact id wins; then exact names; then names containing the text as whole words; then
    any substring.
    """
    if not text.strip():
        raise QueryError("an empty name matches nothing")
    if text in data.by_id and data.by_id[text].kind in kinds:
        return data.by_id[text]
    want = fold(text.strip())
    pool = [r for k in kinds for r in data.by_kind.get(k, ())]
    exact = [r for r in pool if want in map(fold, r.all_names())]
    if len(exact) == 1:
        return exact[0]
    candidates = exact or [r for r in pool if r.id.startswith(want)] \
        or [r for r in pool if any(_has_words(fold(n), want) for n in r.all_names())] \
        or [r for r in pool if any(want in fold(n) for n in r.all_names())]
    if len(candidates) == 1:
        return candidates[0]
    if candidates:
        listed = "\n".join(f"  {r.id}  {r.label}" for r in candidates[:20])
        raise QueryError(f"{text!r} is ambiguous; it could mean:\n{listed}", ambiguous=True)
    import difflib  # only for suggestions, on the error path

    names = {fold(n): r.id for r in pool for n in r.all_names()}
    close = difflib.get_close_matches(want, list(names), n=5, cutoff=0.6)
    ids = list(dict.fromkeys(names[c] for c in close))
    hint = f"; did you mean {', '.join(ids)}?" if ids else ""
    what = " or ".join(kinds) if len(tuple(kinds)) <= 3 else "record"
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


@dataclass(frozen=True)
class Filters:
    orgs: tuple[str, ...] = ()  # ids, already resolved: records any of them takes part in
    donor: str | None = None
    start: PartialDate | None = None
    end: PartialDate | None = None
    place: str | None = None  # a place id, already resolved
    type: str | None = None
    kind: str | None = None


def takes_part(data: Dataset, record: Record, orgs: frozenset[str]) -> bool:
    """Whether a record is one of `orgs` or links to one, directly or through a person who holds
    a role in it: a panelist who is a municipality's deputy mayor brings the municipality."""
    if record.id in orgs:
        return True
    for link in record.links():
        if link.target in orgs:
            return True
        if link.kinds == ("person",):
            person = data.by_id.get(link.target)
            if isinstance(person, Person) and any(role.org in orgs for role in person.roles):
                return True
    return False


def funders(data: Dataset, record: Record) -> set[str]:
    """Donor ids of a record: a funding's donors; a project's funding participants and funders."""
    if isinstance(record, Funding):
        return set(record.donors)
    found = {link.target for link in record.links() if link.role == "funding"}
    for other, link in data.incoming.get(record.id, ()):
        if isinstance(other, Funding) and link.path[0] in ("project", "recipient"):
            found.update(other.donors)
    return found


def places(data: Dataset, record: Record) -> list[str]:
    """The ids of the places a record is at: its place fields, and the countries it names as
    text (an organization's `country`, a project's `countries`) that are places of the data."""
    if isinstance(record, Funding):  # a flow is where the project it funds is
        project = data.by_id.get(record.project or "")
        return places(data, project) if project is not None and project.kind == "project" else []
    named = [record.get("country"), *record.get("countries", ())]
    by_name = _countries(data)
    return [p for p in (record.get("place"), *record.get("places", ())) if p] + \
        [by_name[fold(c)] for c in named if c and fold(c) in by_name]


@functools.lru_cache(maxsize=4)
def _countries(data: Dataset) -> dict[str, str]:
    """Folded names of the countries and territories among the places, to their ids."""
    return {fold(name): place.id for place in data.of(Place)
            if place.type in ("country", "territory") for name in place.all_names()}


@functools.lru_cache(maxsize=16)  # asked once per record by the filter
def within(data: Dataset, place: str) -> frozenset[str]:
    """A place and every place inside it, at any depth (Kosovo holds Shtërpcë)."""
    return _closure(data, "place", "within", (place,))


@functools.lru_cache(maxsize=16)  # asked once per record by the filter
def units(data: Dataset, orgs: tuple[str, ...]) -> frozenset[str]:
    """Organizations and every unit inside them, at any depth (the Kosovo Police holds its
    station in Shtërpcë), as a ledger's account holds its subaccounts."""
    return _closure(data, "organization", "parent", orgs)


def _closure(data: Dataset, kind: str, up: str, ids: tuple[str, ...]) -> frozenset[str]:
    """`ids` and every record of `kind` whose `up` field leads to one of them. It reads only
    that kind, so that a filter does not build the whole dataset's reverse links."""
    below: dict[str, list[str]] = {}
    for record in data.by_kind.get(kind, ()):
        if record.get(up):
            below.setdefault(record.get(up), []).append(record.id)
    found, todo = set(ids), list(ids)
    while todo:
        for child in below.get(todo.pop(), ()):
            if child not in found:
                found.add(child)
                todo.append(child)
    return frozenset(found)


def matches(data: Dataset, record: Record, f: Filters) -> bool:
    if f.kind and record.kind != f.kind:
        return False
    if f.orgs and not takes_part(data, record, units(data, f.orgs)):
        return False
    if f.donor and f.donor not in funders(data, record):
        return False
    if (f.start or f.end) and not overlaps(*record.span(), f.start, f.end):
        return False
    if f.place and not (within(data, f.place) & set(places(data, record))):
        return False
    if f.type and fold(f.type) != fold(str(record.get("type") or "")):
        return False
    return True


def applies(option: str) -> tuple[str, ...]:
    """The kinds a filter can select among: a filter given for any other kind is a mistake."""
    def has(kind: str, *fields: str) -> bool:
        return any(f in KINDS[kind].model_fields for f in fields)

    test = {
        "org": lambda k: k != "place",  # every other kind can link to an organization
        "donor": lambda k: k in ("project", "funding"),
        "from": lambda k: has(k, *DATE_FIELDS),
        "place": lambda k: has(k, "place", "places") or k == "funding",  # through its project
        "type": lambda k: has(k, "type"),
    }[option]
    return tuple(k for k in KINDS if test(k))


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


LEADING_QUOTES = "\"'“”‘’«»„‚ "  # set aside when ordering names ("Say No…" under S)


def name_key(record: Record) -> str:
    """A name as a reader orders it: folded, leading quote marks aside."""
    return fold(record.label).lstrip(LEADING_QUOTES)


def sort_by_date(record: Record) -> tuple:
    """The default order of a listing: by date, undated last, then by name."""
    return (date_key(record), name_key(record))


def select(data: Dataset, kind: str, f: Filters) -> list[Record]:
    """The records of a kind that pass the filters, in date order (`--sort` reorders rows)."""
    found = [r for r in data.by_kind[kind] if matches(data, r, f)]
    found.sort(key=sort_by_date)
    return found


# ---------------------------------------------------------------- show


@dataclass
class Relation:
    direction: str  # "out": this record links to it; "in": it links to this record
    role: str
    record: Record
    inferred: bool = False  # the sources imply the link without stating it


def relations(data: Dataset, record: Record) -> list[Relation]:
    out = [Relation("out", link.role, data.by_id[link.target], record.is_inferred(link))
           for link in record.links() if link.target in data.by_id]
    back = [Relation("in", link.role, other, other.is_inferred(link))
            for other, link in data.incoming.get(record.id, ())]
    if record.kind == "source":
        back += [Relation("in", "evidence", r) for r in data
                 if any(e.source == record.id for e in r.get("sources", ()))]
    back.sort(key=lambda rel: (rel.record.kind, date_key(rel.record), rel.record.id))
    return out + back


# ---------------------------------------------------------------- search


@dataclass
class Hit:
    score: int
    record: Record
    where: list[str]  # the fields the words matched in
    snippet: str = ""  # the text around the first match, as the record holds it


def search(data: Dataset, text: str, kind: str | None = None) -> list[Hit]:
    """Records holding every word of `text` in some field, their own or a linked record's name.

    Ranked by where the words matched: names first, then text fields, evidence, linked names.
    A place's name finds what any of its names finds (Prishtinë, Priština, Pristina).
    """
    best: dict[str, Hit] = {}
    for form in place_forms(data, text) or [text]:
        for hit in _search(data, form, kind):
            if hit.record.id not in best or hit.score > best[hit.record.id].score:
                best[hit.record.id] = hit
    hits = list(best.values())
    hits.sort(key=lambda h: (-h.score, date_key(h.record), h.record.id))
    return hits


def place_forms(data: Dataset, text: str) -> list[str]:
    """Every name of the place that `text` names exactly, or [] when it names none."""
    want = fold(text.strip())
    for place in data.by_kind.get("place", ()):
        names = place.all_names()[1:]  # not the id
        if want in map(fold, names):
            return names
    return []


def _search(data: Dataset, text: str, kind: str | None) -> list[Hit]:
    words = _tokens(fold(text))
    if not words:
        return []
    phrase = " ".join(words)
    linked_names: dict[str, list[str]] = {}  # target id -> its folded names, built on demand

    def names_of(target: str) -> list[str]:
        if target not in linked_names:
            linked_names[target] = [fold(n) for n in data.by_id[target].all_names()]
        return linked_names[target]

    hits = []
    for record in data.by_kind[kind] if kind else data:
        texts = record.texts()
        links = [link for link in record.links() if link.target in data.by_id]
        # Cheap test first, on all the record's text folded at once: most records fail it.
        blob = "\n".join([fold("\n".join(t for _, t, _ in texts)),
                          *(n for link in links for n in names_of(link.target))])
        if not all(word in blob for word in words):
            continue
        scored = [(where, fold(t), w, t) for where, t, w in texts]
        scored += [(f"via {link.role} {data.by_id[link.target].label}", n, LINK_WEIGHT, n)
                   for link in links for n in names_of(link.target)]
        score, where, snippet = 0, [], ""
        for word in words:
            best = max(((w, at, t, raw) for at, t, w, raw in scored if word in t), default=None,
                       key=lambda x: x[0])
            if best is None:
                break
            score += best[0]
            if best[1] not in where:
                where.append(best[1])
            if not snippet and best[0] != NAME_WEIGHT:
                snippet = _around(best[3], best[2].index(word))
        else:
            score += _name_bonus(record, phrase, scored)
            hits.append(Hit(score, record, where, snippet))
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


_WHAT = {"organization": "founded", "publication": "published", "event": "held",
         "project": "period", "funding": "funding", "source": "dated"}


def moment(record: Record) -> Moment | None:
    start, end = record.span()
    if start is None and end is None:
        return None
    what = _WHAT.get(record.kind, "")
    fields: tuple[str, ...] = DATE_FIELDS
    if isinstance(record, Policy):
        what = "adopted" if record.adopted else "period"
        fields = ("adopted",) if record.adopted else ("start", "end")
    inferred = record.get("inferred", {})
    reasons = [inferred[f] for f in fields if f in inferred]
    period = start != end
    return Moment(start, end if period else None, record, what, "; ".join(reasons) or None, period)


def timeline(data: Dataset, f: Filters) -> list[Moment]:
    found = [m for r in data if matches(data, r, f) and (m := moment(r))]
    found.sort(key=Moment.sort_key)
    return found


ACTIVITY_KINDS = ("project", "event", "publication", "policy", "funding")  # what a timeline is of


def undated(data: Dataset, f: Filters) -> list[Record]:
    """The activities of the selection with no usable date (a document may give "June 6-8"
    without a year): a timeline lists them apart rather than leave them out."""
    kinds = [f.kind] if f.kind else ACTIVITY_KINDS
    found = [r for k in kinds if k in ACTIVITY_KINDS for r in data.by_kind[k]
             if r.span() == (None, None) and matches(data, r, f)]
    found.sort(key=name_key)
    return found


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


def _groups_of(data: Dataset, flow: Funding, by: str) -> list[str]:
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


def funding(data: Dataset, donor: str | None = None, recipient: str | None = None,
            project: str | None = None, f: Filters = Filters(), by: str | None = None) -> FundingReport:
    flows = [r for r in data.of(Funding) if matches(data, r, f)
             and (donor is None or donor in r.donors)
             and (recipient is None or recipient in (r.recipient, r.intermediary))
             and (project is None or project in (r.project, r.intermediary))]
    flows.sort(key=sort_by_date)
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
                for g in _groups_of(data, flow, by):
                    group = groups.setdefault(g, defaultdict(Decimal))  # shown even if all undisclosed
                    if flow.amount is None or flow.currency is None:
                        undisclosed[g] += 1
                    else:
                        # A flow with several donors counts in full under each of them.
                        group[flow.currency] += flow.amount
        report.groups = {g: dict(groups[g]) for g in sorted(groups)}
        report.group_undisclosed = dict(undisclosed)
        report.group_names = {g: data.by_id[g].label if g in data.by_id else g for g in groups}
    return report


# ---------------------------------------------------------------- stats


@dataclass
class Stats:
    counts: dict[str, int]
    first: PartialDate | None
    last: PartialDate | None
    evidence: list[tuple[Source, int]]  # each source and how many records cite it


def stats(data: Dataset, records: list[Record] | None = None) -> Stats:
    """Counts, period and sources of the dataset, or of the records a filter selected."""
    records = list(data) if records is None else records
    counts = {k: sum(r.kind == k for r in records) for k in data.by_kind}
    lows: list[PartialDate] = []
    highs: list[PartialDate] = []
    for r in records:
        start, end = r.span()
        if start is not None or end is not None:
            lows.append(start or end)  # type: ignore[arg-type]  # one of them is a date
            highs.append(end or start)  # type: ignore[arg-type]
    cited: Counter = Counter()
    for r in records:
        cited.update({e.source for e in r.get("sources", ())})
    return Stats(counts, min(lows, key=lambda d: d.lower, default=None),
                 max(highs, key=lambda d: d.upper, default=None),
                 [(s, cited[s.id]) for s in data.of(Source)])
