"""The database for other tools (`wps export`): the store's, with the tables only people read
filled, the full-text index Datasette's search box uses, readable names and numbers beside
the ids and exact texts, and the program's version."""

from __future__ import annotations

import sqlite3

from wpskosovo.store.build import fill_for_people
from wpskosovo.store.db import Store, connect
from wpskosovo.store.schema import FULL_TEXT


def database(store: Store, version: str) -> sqlite3.Connection:
    """A copy of the store's database in memory, with the full-text index and the version."""
    db = connect(":memory:")
    store.db.backup(db)
    fill_for_people(db, store.select("SELECT id FROM records ORDER BY rowid"))
    db.execute("INSERT OR REPLACE INTO meta VALUES ('wps_version', ?)", (version,))
    db.executescript(FULL_TEXT + READABLE)
    db.commit()
    return db


# What a spreadsheet or Datasette user needs beside the ids and exact texts: a flow's amount as a
# number (sorting, faceting and summing; `amount` keeps its exact digits) and its parties' names.
READABLE = """
ALTER TABLE evidence ADD COLUMN quote TEXT;  -- each piece of evidence's verbatim quote, beside its source
UPDATE evidence SET quote = json_extract(j.json, '$.sources[' || evidence.position || '].quote')
    FROM record_json j WHERE j.id = evidence.record_id;
ALTER TABLE funding ADD COLUMN amount_value REAL;
UPDATE funding SET amount_value = CAST(amount AS REAL) WHERE amount IS NOT NULL;
ALTER TABLE funding ADD COLUMN donor_names TEXT;
UPDATE funding SET donor_names = (SELECT group_concat(r.name, '; ') FROM links l JOIN records r ON r.id = l.target_id
                                  WHERE l.record_id = funding.id AND l.field = 'donors' ORDER BY l.rowid);
ALTER TABLE funding ADD COLUMN recipient_name TEXT;
UPDATE funding SET recipient_name = (SELECT name FROM records WHERE id = funding.recipient);
CREATE TABLE pillars (  -- the dataset's coding of each activity by UNSCR 1325's pillars: facet on pillar
    record_id TEXT NOT NULL REFERENCES records (id), pillar TEXT NOT NULL, reason TEXT NOT NULL);
INSERT INTO pillars SELECT j.id, json_extract(c.value, '$.pillar'), json_extract(c.value, '$.reason')
    FROM record_json j, json_each(j.json, '$.pillars') c;
ALTER TABLE funding ADD COLUMN project_name TEXT;
UPDATE funding SET project_name = (SELECT name FROM records WHERE id = funding.project);
"""
