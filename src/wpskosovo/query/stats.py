"""Counts, period and sources of the records the filters select."""

from __future__ import annotations

import typing
from dataclasses import dataclass

from wpskosovo.model.dates import PartialDate
from wpskosovo.model.kinds import KINDS, Release, Source
from wpskosovo.model.words import PILLARS
from wpskosovo.query.filters import NO_FILTERS, Filters, where
from wpskosovo.store.db import Store


@dataclass
class Stats:
    counts: dict[str, int]
    first: PartialDate | None
    last: PartialDate | None
    evidence: list[tuple[Source, int]]  # each source and how many records cite it
    release: Release | None = None  # the dataset's release


def stats(store: Store, f: Filters = NO_FILTERS) -> Stats:
    """Counts, period and sources of the records the filters select (all of them by default)."""
    cond, params = where(f)
    counts = dict.fromkeys(KINDS, 0) | dict(store.db.execute(
        f"SELECT r.kind, count(*) FROM records r WHERE {cond} GROUP BY r.kind", params).fetchall())
    lows: list[PartialDate] = []
    highs: list[PartialDate] = []
    for first, last in store.db.execute(
            f'SELECT coalesce(r.start, r.ongoing, r."end"), coalesce(r."end", r.ongoing, r.start) FROM records r '
            f"WHERE r.date_order IS NOT NULL AND {cond} ORDER BY r.rowid", params):
        lows.append(PartialDate.coerce(first))
        highs.append(PartialDate.coerce(last))
    cited = dict(store.db.execute(
        f"SELECT source_id, count(DISTINCT record_id) FROM evidence WHERE record_id IN "
        f"(SELECT r.id FROM records r WHERE {cond}) GROUP BY source_id", params).fetchall())
    sources = typing.cast(list[Source], store.select("SELECT id FROM records WHERE kind = 'source' ORDER BY rowid"))
    return Stats(counts, min(lows, key=lambda d: d.lower, default=None),
                 max(highs, key=lambda d: d.upper, default=None),
                 [(s, cited.get(s.id, 0)) for s in sources], store.release())


GENDER_WORDS = {"woman": "women", "man": "men", None: "not stated"}


def _selected(store: Store, f: Filters) -> list:
    """The records the filters select, whole, in the data's order."""
    cond, params = where(f)
    return store.select(f"SELECT r.id FROM records r WHERE {cond} ORDER BY r.rowid", params)


def by_gender(store: Store, f: Filters = NO_FILTERS) -> dict[str, dict[str, int]]:
    """Of the records the filters select, as the documents state it: the people named as taking
    part in each activity (once a record), the people, and the organizations called women's
    organizations or groups of women. What no document states is counted as not stated."""
    selected = _selected(store, f)
    named = [p.person for r in selected if r.kind != "person"
             for p in dict.fromkeys(r.get("participants", ())) if getattr(p, "person", None)]
    named += [a for r in selected for a in r.get("authors", ())]
    people = {p.id: p for p in store.records(dict.fromkeys(named))}
    out = {"participants": dict.fromkeys(GENDER_WORDS.values(), 0), "people": dict.fromkeys(GENDER_WORDS.values(), 0),
           "organizations": {"women's": 0, "not stated": 0}}
    for pid in named:
        out["participants"][GENDER_WORDS[people[pid].get("gender") if pid in people else None]] += 1
    for r in selected:
        if r.kind == "person":
            out["people"][GENDER_WORDS[r.get("gender")]] += 1
        elif r.kind == "organization":
            out["organizations"]["women's" if r.get("women") else "not stated"] += 1
    return out


def by_pillar(store: Store, f: Filters = NO_FILTERS) -> dict[str, dict[str, int]]:
    """Of the activities the filters select, how many the dataset codes with each pillar of
    UNSCR 1325 (an activity counts under each of its pillars), and how many are not coded."""
    activities = [r for r in _selected(store, f) if "pillars" in type(r).model_fields]
    counts = dict.fromkeys(PILLARS, 0) | {"not coded": 0}
    for r in activities:
        for c in r.get("pillars", ()):
            counts[c.pillar] += 1
        counts["not coded"] += not r.get("pillars")
    return {"activities": counts}
