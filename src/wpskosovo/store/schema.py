"""The database schema, derived from the models: a table per kind (named by its plural) with a
column for each single value and a column pointing at `records` for each reference to one
record; link, name, role and evidence tables for the rest; foreign keys everywhere (Datasette
shows them as links); what queries need, worked out once; and the full-text index an export adds."""

from __future__ import annotations

import typing

from pydantic import BaseModel

from wpskosovo.model.fields import members
from wpskosovo.model.kinds import KINDS, Record

R = typing.TypeVar("R", bound=Record)

# The tables of links, names, roles and evidence (what a record holds in lists), and what the
# queries need, worked out once.
FIXED = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE records (
    id TEXT PRIMARY KEY, kind TEXT NOT NULL, name TEXT NOT NULL,  -- "name": Datasette labels links by it
    short TEXT NOT NULL,  -- what a table calls it among others (Record.short_name)
    type TEXT,  -- folded, as --type compares it
    start TEXT, "end" TEXT,  -- its date or period as written (2009, 2009-06-08): NULL where not given
    ongoing TEXT,  -- with no end: the date it is known to go on to (Timing)
    start_inferred INTEGER, end_inferred INTEGER,  -- whether the sources only imply its start (or one date), end
    "window" INTEGER,  -- 1: it happened once, some time between start and end (Timing.window)
    lo TEXT, hi TEXT,  -- the days it may have been on (an open side reaches 0001-01-01 or 9999-12-31)
    first_hi TEXT, last_lo TEXT,  -- the end of its earliest known date, the start of its latest (Timing.bounds)
    date_order TEXT, name_order TEXT,  -- a listing's order: by date (NULL when undated), then name
    what TEXT NOT NULL,  -- what its date means on a timeline: "founded", "held", "adopted" (Record.what)
    "when" TEXT  -- what the documents say of a date they do not give ("June 6-8, year not stated")
);
CREATE TABLE texts (  -- what search shows of a record beside its names: each text and quote, as written
    -- (its names, and those of what it links to: known_as)
    record_id TEXT NOT NULL REFERENCES records (id), position INTEGER NOT NULL,  -- its place in Record.texts()
    field TEXT NOT NULL, text TEXT NOT NULL,
    PRIMARY KEY (record_id, position)
) WITHOUT ROWID;  -- read a record at a time: kept in that order, with no index beside it
CREATE TABLE search_text (  -- what search scans and scores: a record's names and texts, folded as search folds
    record_id TEXT NOT NULL REFERENCES records (id),
    folded TEXT NOT NULL,  -- in the order of Record.texts(), joined by SEPARATOR
    weights TEXT NOT NULL  -- their weights, in that order, as a JSON array
);
CREATE TABLE record_json (  -- each record whole, as the data file gives it: what a query returns
    id TEXT PRIMARY KEY REFERENCES records (id), json TEXT NOT NULL
);
CREATE TABLE links (
    record_id TEXT NOT NULL REFERENCES records (id), field TEXT NOT NULL, position INTEGER,
    target_id TEXT NOT NULL REFERENCES records (id), role TEXT, inferred INTEGER NOT NULL
);
CREATE TABLE names (
    record_id TEXT NOT NULL REFERENCES records (id), field TEXT NOT NULL, language TEXT,
    name TEXT NOT NULL
);
CREATE TABLE known_as (  -- every name a record answers to, its id first (Record.all_names())
    record_id TEXT NOT NULL REFERENCES records (id), kind TEXT NOT NULL, position INTEGER NOT NULL,
    name TEXT NOT NULL, folded TEXT NOT NULL
);
CREATE TABLE roles (
    person_id TEXT NOT NULL REFERENCES records (id), position INTEGER NOT NULL,
    org_id TEXT REFERENCES records (id), title TEXT NOT NULL, start TEXT, "end" TEXT
);
CREATE TABLE evidence (  -- which sources a record rests on (its quotes: record_json; the export adds them here)
    record_id TEXT NOT NULL REFERENCES records (id), position INTEGER NOT NULL,
    source_id TEXT NOT NULL REFERENCES records (id)
);
CREATE TABLE inferred (
    record_id TEXT NOT NULL REFERENCES records (id), field TEXT NOT NULL, reason TEXT NOT NULL
);
CREATE TABLE parties (  -- the organizations a record involves: linked, or through a person's role
    record_id TEXT NOT NULL REFERENCES records (id), org_id TEXT NOT NULL REFERENCES records (id),
    through TEXT REFERENCES records (id)  -- the project it is reached through: one the org implements or funds
);
CREATE TABLE funders (  -- a funding flow's donors; a project's funding participants and donors
    record_id TEXT NOT NULL REFERENCES records (id), org_id TEXT NOT NULL REFERENCES records (id)
);
CREATE TABLE record_places (  -- where a record is: its places, the countries it names, a flow's project's
    record_id TEXT NOT NULL REFERENCES records (id), place_id TEXT NOT NULL REFERENCES records (id)
);
"""
# What the filters read, derived from the links once they are in; each table's indexes made
# once it is filled.
DERIVED = """
-- A flow's donors fund it, and fund the project and the recipient it goes to; a project's
-- participants in the role "funding" fund it.
INSERT INTO funders
    SELECT record_id, target_id FROM links WHERE field = 'donors'
    UNION SELECT record_id, target_id FROM links WHERE role = 'funding'
    UNION SELECT f.target_id, d.target_id FROM links f JOIN links d ON d.record_id = f.record_id
        WHERE d.field = 'donors' AND f.field IN ('project', 'recipient')
        AND f.record_id IN (SELECT id FROM records WHERE kind = 'funding');
CREATE INDEX funders_record ON funders (record_id);
CREATE INDEX funders_org ON funders (org_id);
-- An organization takes part in itself, in what links to it, and in what links to a person
-- who holds a role in it (a panelist who is a deputy mayor brings the municipality).
INSERT INTO parties (record_id, org_id)
    SELECT id, id FROM records WHERE kind = 'organization'
    UNION SELECT l.record_id, l.target_id FROM links l JOIN records t ON t.id = l.target_id
        WHERE t.kind = 'organization'
    UNION SELECT l.record_id, r.org_id FROM links l JOIN roles r ON r.person_id = l.target_id
        WHERE r.org_id IN (SELECT id FROM records);
CREATE INDEX parties_record ON parties (record_id, org_id);  -- the next insert asks it for each row
-- And, through the project, in what belongs to a project it funds (an event or a publication
-- of the project) where it does not take part itself; and likewise in what belongs to a
-- project it implements, unless the record names its own actors (its organizers, publishers,
-- authors: see Record.actors): Zene Zenama's report is not KWN's for their shared project.
INSERT INTO parties
    SELECT c.record_id, c.org_id, c.through FROM (
        SELECT l.record_id AS record_id, p.target_id AS org_id, l.target_id AS through FROM links l
            JOIN links p ON p.record_id = l.target_id AND p.role = 'implementing'
            WHERE l.field = 'project'
            AND NOT EXISTS (SELECT 1 FROM links a WHERE a.record_id = l.record_id AND a.field IN ({actors}))
        UNION SELECT l.record_id, f.org_id, l.target_id FROM links l
            JOIN funders f ON f.record_id = l.target_id
            WHERE l.field = 'project') AS c
    WHERE c.record_id NOT IN (SELECT id FROM records WHERE kind = 'funding')
    AND NOT EXISTS (SELECT 1 FROM parties d WHERE d.record_id = c.record_id AND d.org_id = c.org_id);
CREATE INDEX parties_org ON parties (org_id);
"""


def derived() -> str:
    """DERIVED for the kinds registered now."""
    return DERIVED.format(actors=", ".join(sorted({f"'{f}'" for m in KINDS.values() for f in m.actors})) or "NULL")
# Made once the tables are filled: cheaper than keeping them in order row after row.
INDEXES = """
CREATE INDEX records_kind ON records (kind, date_order, name_order);
CREATE INDEX links_record ON links (record_id, field);  -- a record's links of one field: no scan of a long list
CREATE INDEX links_target ON links (target_id, field);
CREATE INDEX names_record ON names (record_id);
CREATE INDEX known_as_record ON known_as (record_id, position);
CREATE INDEX known_as_folded ON known_as (folded);
CREATE INDEX known_as_kind ON known_as (kind);
CREATE INDEX evidence_record ON evidence (record_id);
CREATE INDEX evidence_source ON evidence (source_id);
CREATE INDEX record_places_place ON record_places (place_id);
"""
# For people (`wps export`): each record's folded texts moved into `records`, and Datasette's
# search box over them: substrings of the names as written and of the folded text, three letters
# at a time. Queries do not need the index: a scan of `search_text` takes a tenth of a second at
# 100k records, and the index would cost a third of a cold run.
FULL_TEXT = """
ALTER TABLE records ADD COLUMN search_text TEXT;
UPDATE records SET search_text = replace(s.folded, char(31), char(10)) FROM search_text s
    WHERE s.record_id = records.id;
UPDATE records SET search_text = search_text || char(10) || (  -- and the names of what it links to
    SELECT group_concat(k.folded, char(10)) FROM links l JOIN known_as k ON k.record_id = l.target_id
    WHERE l.record_id = records.id) WHERE id IN (SELECT record_id FROM links);
DROP TABLE search_text;
CREATE VIRTUAL TABLE records_fts USING fts5 (name, search_text, content="records", tokenize='trigram');
INSERT INTO records_fts (records_fts) VALUES ('rebuild');
"""
SEPARATOR = "\x1f"  # between a record's texts in search_text: a control character, which no text may hold
LIST_OF_NAMES = ("acronyms", "aliases", "countries")  # lists of plain names, into `names`
SKIP = {"id", "sources", "inferred", "names", "roles", *LIST_OF_NAMES}
OPEN_START, OPEN_END = "0001-01-01", "9999-12-31"


def _plain(annotation) -> bool:
    """Whether a field holds one plain value (text, number, date, flag), not a list or table."""
    return all(typing.get_origin(m) not in (tuple, list, dict)
               and not (isinstance(m, type) and issubclass(m, BaseModel)) for m in members(annotation))


def columns(kind: str) -> list[str]:
    """The one-value fields of a kind, in the model's order: its table's columns after `id`."""
    fields = KINDS[kind].model_fields
    found = [f for f, info in fields.items() if f not in SKIP and _plain(info.annotation)]
    # What a row is about first, the notes last, as `show` prints them.
    return sorted(found, key=lambda f: (f not in ("title", "name"), f == "notes"))


def schema() -> str:
    """The DDL: the fixed tables, then a table per kind, whose reference fields to one record
    point at `records`."""
    parts = [FIXED]
    for kind, model in KINDS.items():
        one = {field for field, declared, _ in model.references() if declared is not None}
        cols = ['"id" TEXT PRIMARY KEY REFERENCES records (id)']
        cols += [f'"{c}" ' + ("INTEGER" if model.model_fields[c].annotation is bool else "TEXT")
                 + (" REFERENCES records (id)" if c in one else "") for c in columns(kind)]
        parts.append(f'CREATE TABLE "{model.plural}" ({", ".join(cols)});')
    return "\n".join(parts)
