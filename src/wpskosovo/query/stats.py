"""Counts, period and sources of the records the filters select."""

from __future__ import annotations

import typing
from dataclasses import dataclass

from wpskosovo.model.dates import PartialDate
from wpskosovo.model.kinds import KINDS, Release, Source
from wpskosovo.model.words import PILLARS
from wpskosovo.query.filters import NO_FILTERS, Filters, json_list, where
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


def _selected(f: Filters) -> tuple[str, list]:
    """SQL of the records the filters select (id, kind, stored JSON), and its parameters."""
    cond, params = where(f)
    return f"SELECT r.id, r.kind, j.json FROM records r JOIN record_json j ON j.id = r.id WHERE {cond}", params


def by_gender(store: Store, f: Filters = NO_FILTERS) -> dict[str, dict[str, int]]:
    """Of the records the filters select, as the documents state it: the people named as taking
    part in each activity (once a record), the people, and the organizations called women's
    organizations or groups of women. What no document states is counted as not stated.
    Counted in the store, from each record's JSON: no record is built."""
    selected, params = _selected(f)
    out = {"participants": dict.fromkeys(GENDER_WORDS.values(), 0), "people": dict.fromkeys(GENDER_WORDS.values(), 0),
           "organizations": {"women's": 0, "not stated": 0}}
    # A record's participants (validation lists a person once a record) and authors, each
    # person by the gender their own record states.
    for gender, n in store.db.execute(
            f"WITH s AS ({selected}), named AS ("
            "  SELECT json_extract(c.value, '$.person') AS person FROM s, json_each(s.json, '$.participants') c"
            "  WHERE s.kind != 'person' AND person IS NOT NULL"
            "  UNION ALL SELECT a.value FROM s, json_each(s.json, '$.authors') a) "
            "SELECT json_extract(j.json, '$.gender'), count(*) FROM named n "
            "LEFT JOIN record_json j ON j.id = n.person GROUP BY 1", params):
        out["participants"][GENDER_WORDS[gender]] += n
    for kind, value, n in store.db.execute(
            f"SELECT s.kind, json_extract(s.json, CASE s.kind WHEN 'person' THEN '$.gender' ELSE '$.women' END), "
            f"count(*) FROM ({selected}) s WHERE s.kind IN ('person', 'organization') GROUP BY 1, 2", params):
        if kind == "person":
            out["people"][GENDER_WORDS[value]] += n
        else:
            out["organizations"]["women's" if value else "not stated"] += n
    return out


def by_pillar(store: Store, f: Filters = NO_FILTERS) -> dict[str, dict[str, int]]:
    """Of the activities the filters select, how many the dataset codes with each pillar of
    UNSCR 1325 (an activity counts under each of its pillars), and how many are not coded."""
    selected, params = _selected(f)
    coded = json_list(k for k, m in KINDS.items() if "pillars" in m.model_fields)  # the kinds of activities
    counts = dict.fromkeys(PILLARS, 0) | {"not coded": 0}
    for pillar, n in store.db.execute(
            f"SELECT coalesce(json_extract(c.value, '$.pillar'), 'not coded'), count(*) FROM ({selected}) s "
            "LEFT JOIN json_each(s.json, '$.pillars') c WHERE s.kind IN (SELECT value FROM json_each(?)) GROUP BY 1",
            [*params, coded]):
        counts[pillar] += n
    return {"activities": counts}
