"""The filters every listing command shares, each declared once (as Datasette declares its
filters): its option, its help, the kinds it can apply to, and its SQL on `records r` (the
tables `store/schema.py` derives). Light on purpose: the command line reads the help at start-up."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, fields
from typing import Any

from wpskosovo.model.dates import PartialDate
from wpskosovo.model.words import fold


@dataclass(frozen=True)
class Filters:
    """The filters of one query, their names already resolved to ids."""

    orgs: tuple[str, ...] = ()  # records any of them takes part in
    donor: str | None = None
    start: PartialDate | None = None
    end: PartialDate | None = None
    place: str | None = None
    type: str | None = None
    source: str | None = None  # a source's id: what rests on that document
    gender: str | None = None  # "woman" or "man", as the documents state it
    person: str | None = None  # records a person takes part in
    pillar: str | None = None  # a pillar of UNSCR 1325 the dataset codes the record (or a flow's project) with
    kind: str | None = None


NO_FILTERS = Filters()


def json_list(values: Iterable[str]) -> str:
    """A JSON array for `IN (SELECT value FROM json_each(?))`: any number of values, one parameter."""
    return json.dumps(list(values))


# `ids` (a JSON array) and every record whose link in `field` leads to one of them, at any
# depth: an organization's units (`parent`), as a ledger's account holds its subaccounts; the
# places within a place (`within`: Kosovo holds Shtërpcë).
CLOSURE = ("WITH RECURSIVE below(id) AS (SELECT value FROM json_each(?) UNION "
           "SELECT l.record_id FROM links l JOIN below ON l.target_id = below.id WHERE l.field = ?) "
           "SELECT id FROM below")


# The records coded with a pillar (the parameter), read from each record as stored.
PILLAR_SQL = ("SELECT j.id FROM record_json j, json_each(j.json, '$.pillars') c "
              "WHERE json_extract(c.value, '$.pillar') = ?")


@dataclass(frozen=True)
class Filter:
    """A filter, declared once: the command line makes its option from this (cli/options.py),
    completion offers the names of `names`, and `where` adds its SQL."""

    option: str
    field: str  # its attribute of Filters
    help: str
    applies: Callable[[Any], bool]  # given a kind's model
    sql: Callable[[Any], tuple[str, list]]  # given its value
    names: tuple[str, ...] = ()  # the kinds of the records it names, resolved by name
    metavar: str = "NAME"  # what its value is, in the help


def _has(model, *names: str) -> bool:
    return any(n in model.model_fields for n in names)


FILTERS = {f.option: f for f in (
    Filter("--org", "orgs",
           "Only records an organization or one of its units takes part in, in any role, through one of "
           "its people, or through a project it implements or funds (id, name, acronym or alias). Repeat it "
           "for records any of them takes part in.",
           lambda m: m.kind == "organization" or "organization" in m.refers_to(),
           lambda orgs: (f"r.id IN (SELECT record_id FROM parties WHERE org_id IN ({CLOSURE}))",
                         [json_list(orgs), "parent"]), ("organization",)),
    Filter("--donor", "donor", "Only what this donor funds (projects and funding flows).",
           # a flow's donors, and what a flow's `project` may name
           lambda m: _has(m, "donors") or any(m.kind in r.kinds for f, r, _ in _funding().references()
                                              if f == "project" and r is not None),
           lambda donor: ("r.id IN (SELECT record_id FROM funders WHERE org_id = ?)", [donor]), ("organization",)),
    Filter("--from", "start",
           "From this year or partial date (2009, 2009-06): what the documents put on or after it. A period "
           "counts where it is known to run; a date, or a window in which a thing happened, where all of it is "
           "inside (\"2009\" is not in --from 2009-06); an open end only up to the last date it is known to go on.",
           lambda m: bool(m.date_fields()),
           # one of its dates or the days between them reach the range, or all a window may span
           # is in it (see Timing.bounds); an undated record (NULL) never counts
           lambda d: ("(r.last_lo >= ? OR r.lo >= ?)", [d.lower.isoformat()] * 2)),
    Filter("--to", "end", "Up to this year or partial date, as --from counts.",
           lambda m: bool(m.date_fields()),
           lambda d: ("(r.first_hi <= ? OR r.hi <= ?)", [d.upper.isoformat()] * 2)),
    Filter("--place", "place",
           "Only records at this place or a place within it, by any of its names (Prishtinë, Štrpce).",
           lambda m: _has(m, "place", "places") or "project" in m.refers_to(),  # a flow: through its project
           lambda place: (f"r.id IN (SELECT record_id FROM record_places WHERE place_id IN ({CLOSURE}))",
                          [json_list([place]), "within"]), ("place",), "PLACE"),
    Filter("--type", "type", "Only records of this type (ngo, law, training, …: a wrong one lists the valid ones).",
           lambda m: _has(m, "type"), lambda t: ("r.type = ?", [fold(t)])),
    Filter("--gender", "gender",
           "Only people a document calls women (or men), and organizations it calls women's "
           "organizations or groups of women: women or men.",
           lambda m: _has(m, "gender", "women"),
           lambda g: ("(json_extract((SELECT json FROM record_json WHERE id = r.id), '$.gender') = ? "
                      "OR (? = 'woman' AND json_extract((SELECT json FROM record_json WHERE id = r.id), "
                      "'$.women') IS NOT NULL))", [g, g])),
    Filter("--pillar", "pillar",
           "Only activities the dataset codes with this pillar of UNSCR 1325 (participation, protection, "
           "prevention, relief and recovery), a funding flow by its project's: coding, see docs/codebook.md.",
           lambda m: _has(m, "pillars") or m.kind == "funding",
           lambda p: (f"(r.id IN ({PILLAR_SQL}) OR r.kind = 'funding' AND r.id IN "
                      f"(SELECT record_id FROM links WHERE field = 'project' AND target_id IN ({PILLAR_SQL})))",
                      [p, p])),
    Filter("--source", "source",
           "Only what rests on this source document: its id, its number (003) or its title.",
           lambda m: _has(m, "sources"),
           lambda src: ("r.id IN (SELECT record_id FROM evidence WHERE source_id = ?)", [src]), ("source",), "SOURCE"),
    Filter("--person", "person",
           "Only records a person takes part in (a participant, an author), by id or name.",
           lambda m: "person" in m.refers_to(),
           lambda person: ("r.id IN (SELECT record_id FROM links WHERE target_id = ?)", [person]), ("person",)),
)}

# The options whose value names a record, and the kinds it names: the filters', and funding's own.
NAME_OPTIONS = {f.option: f.names for f in FILTERS.values() if f.names} | \
    {"--recipient": ("organization",), "--project": ("project",)}


def _funding():
    from wpskosovo.model.kinds import Funding

    return Funding


def where(f: Filters) -> tuple[str, list]:
    """The SQL condition on `records r` that the filters ask for, and its parameters."""
    sql, params = ["1"], []
    if f.kind:
        sql.append("r.kind = ?")
        params.append(f.kind)
    for flt in FILTERS.values():
        value = getattr(f, flt.field)
        if value:
            cond, args = flt.sql(value)
            sql.append(cond)
            params += args
    return " AND ".join(sql), params


def applies(option: str) -> tuple[str, ...]:
    """The kinds a filter can select among: a filter given for any other kind is a mistake."""
    from wpskosovo.model.kinds import KINDS

    return tuple(k for k, m in KINDS.items() if FILTERS[option].applies(m))


assert {f.field for f in FILTERS.values()} | {"kind"} == {f.name for f in fields(Filters)}
