"""A kind is declared once, on its model: a new kind, one class and nothing else (its date in a
field of its own name, no display settings, no methods), is listed, shown, searched, put on
the timeline and in the network, filtered, sorted, validated, completed and exported like the
others."""

from __future__ import annotations

import json
import sqlite3
from typing import Annotated

import pytest
from conftest import BASE, tsv

from wpskosovo.model import fields, kinds

DATA = BASE + """
[[place]]
id = "town"
name = "Qyteti"

[[statement]]
id = "joint-statement"
title = "A joint statement on peace"
issued = "2021-03-08"
by = ["org-a", "donor-b"]
place = "town"
sources = [{source = "src-a", quote = "they said it together"}]
"""


@pytest.fixture
def statement():
    """The new kind, declared as every kind is; the registry is put back as it was afterwards."""
    registry = dict(kinds.KINDS)

    class Statement(kinds.Titled):
        kind = "statement"
        plural = "statements"
        activity = True
        shared = "statements they signed together"
        issued: kinds.PartialDate | None = None
        by: Annotated[tuple[fields.Id, ...], fields.ref("organization", role="signatory")] = ()
        place: Annotated[fields.Id | None, fields.ref("place", role="place")] = None

    yield Statement
    kinds.KINDS.clear()
    kinds.KINDS.update(registry)


def test_a_new_kind_is_listed_with_columns_of_its_own(statement, run, write):
    code, out, _ = run("list", "statements", "--data", write(DATA))
    assert code == 0
    assert tsv(out) == [{"id": "joint-statement", "date": "2021-03-08", "date_inferred": "no", "title":
                         "A joint statement on peace", "by": "OA, Government of the Kingdom of Bee", "place": "Qyteti"}]


def test_its_filters_apply(statement, run, write):
    path = write(DATA)
    assert [r["id"] for r in tsv(run("list", "statements", "--org", "donor-b", "--data", path)[1])] == ["joint-statement"]
    assert [r["id"] for r in tsv(run("list", "statements", "--place", "Qyteti", "--from", "2021", "--data", path)[1])] \
        == ["joint-statement"]
    assert run("list", "statements", "--type", "x", "--data", path)[0] == 2  # it has no type


def test_it_is_shown_with_its_references_as_relations(statement, run, write):
    code, out, _ = run("show", "joint-statement", "--json", "--data", write(DATA))
    shown = json.loads(out)
    assert code == 0
    assert {(r["role"], r["id"]) for r in shown["relations"]} >= {("signatory", "org-a"), ("signatory", "donor-b"),
                                                                   ("place", "town")}
    code, out, _ = run("show", "A joint statement", "--data", write(DATA))
    assert code == 0 and "they said it together" in out


def test_it_is_searched_in_its_text_and_through_what_it_names(statement, run, write):
    path = write(DATA)
    assert tsv(run("search", "joint statement", "--data", path)[1])[0]["id"] == "joint-statement"
    [found] = tsv(run("search", "Kingdom Bee", "--kind", "statements", "--data", path)[1])
    assert (found["id"], found["matched_in"]) == ("joint-statement", "via signatory Government of the Kingdom of Bee")
    assert run("search", "they said it", "--data", path)[0] == 0  # its evidence


def test_it_is_on_the_timeline_and_in_the_network(statement, run, write):
    path = write(DATA)
    rows = tsv(run("timeline", "--data", path)[1])
    assert [(r["id"], r["date"], r["kind"]) for r in rows] == [("joint-statement", "2021-03-08", "statement")]
    edges = json.loads(run("network", "--org", "org-a", "--json", "--data", path)[1])["edges"]
    assert [(e["partner"], e["via"], e["through"]) for e in edges] == [("donor-b", "statements", "joint-statement")]


def test_it_is_exported_as_a_table_with_links(statement, run, write, tmp_path):
    target = tmp_path / "wps.db"
    assert run("export", target, "--data", write(DATA))[0] == 0
    db = sqlite3.connect(target)
    assert db.execute('SELECT id, title, issued, place FROM statements').fetchall() == [
        ("joint-statement", "A joint statement on peace", "2021-03-08", "town")]
    assert db.execute("SELECT target_id, role FROM links WHERE record_id = 'joint-statement' ORDER BY rowid").fetchall() \
        == [("org-a", "signatory"), ("donor-b", "signatory"), ("town", "place")]
    assert db.execute("PRAGMA foreign_key_check").fetchall() == []


def test_its_date_is_a_date_everywhere(statement, run, write):
    """`issued` is its date: filtered by --from/--to, sorted by --sort date, shown once."""
    path = write(DATA + """
[[statement]]
id = "later"
title = "A later statement"
issued = "2022"
sources = [{source = "src-a", quote = "they said it together"}]
""")
    assert [r["id"] for r in tsv(run("list", "statements", "--to", "2021", "--data", path)[1])] == ["joint-statement"]
    assert [r["id"] for r in tsv(run("list", "statements", "-p", "2022", "--data", path)[1])] == ["later"]
    assert [r["id"] for r in tsv(run("list", "statements", "--sort", "-date", "--data", path)[1])] == \
        ["later", "joint-statement"]
    code, out, _ = run("show", "joint-statement", "--data", path)
    assert code == 0 and out.count("2021-03-08") == 1 and "issued" not in out


def test_it_is_validated_and_typed_as_every_kind(statement, run, write):
    path = write(DATA.replace('issued = "2021-03-08"', 'issued = "2021-13"'))
    code, out, _ = run("validate", path)
    assert code == 1 and "joint-statement" in out and "issued" in out
    assert run("list", "statement", "--data", write(DATA))[1] == run("list", "statements", "--data", write(DATA))[1]
    code, _, err = run("list", "statemnts", "--data", write(DATA))
    assert code == 2 and "statements" in err  # did you mean


def test_it_is_completed(statement):
    from wpskosovo.cli.options import complete_kind
    from wpskosovo.render.reports import sort_names

    assert "statements" in complete_kind("stat")
    assert {"date", "title", "by", "place"} <= set(sort_names("list", "statement"))
