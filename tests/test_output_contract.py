"""The script contract of docs/output.md, checked for every command that prints rows: the same
columns piped, as CSV and as JSON; id first, then the date or period, then the rest; null for a
missing value, arrays for lists, amounts exact and as numbers."""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal

import pytest
from conftest import tsv

from wpskosovo.model.kinds import KINDS
from wpskosovo.render import reports

# Each command that prints rows: its arguments, its declared fields, where its JSON keeps them.
LISTINGS = [(["list", m.plural], ("list", kind, None), None) for kind, m in KINDS.items()] + [
    (["search", "women"], ("search", None, None), None),
    (["timeline"], ("timeline", None, None), None),
    (["funding"], ("funding", None, None), "flows"),
    (["funding", "--by", "donor"], ("funding", None, "donor"), "groups"),
    (["network", "--org", "KWN"], ("network", None, None), "edges"),
    (["pillars"], ("pillars", None, None), None),
]
DATE_PART = ["date", "date_inferred", "end", "end_inferred", "ongoing", "window"]
FIRST = {"funding --by donor": "group", "network --org KWN": "org", "pillars": "pillar"}  # rows that are not records


def rows_of(payload, key):
    return payload[key] if key else payload


@pytest.mark.parametrize("args, declared, key", LISTINGS, ids=[" ".join(a) for a, _, _ in LISTINGS])
def test_piped_csv_and_json_rows_have_the_declared_columns_in_the_contracts_order(run, args, declared, key):
    fields = reports.json_fields(*declared)
    columns = [f for f in fields if f != "record"]
    code, piped, _ = run(*args)
    header = piped.splitlines()[0].split("\t")
    assert code == 0 and header == columns
    assert next(csv.reader(io.StringIO(run(*args, "--csv")[1]))) == columns
    rows = rows_of(json.loads(run(*args, "--json")[1]), key)
    assert rows and all(list(r) == fields for r in rows)  # every declared field, in order, and no other
    # id first (what a row is), then its date or period whole, then what it is about.
    assert columns[0] == FIRST.get(" ".join(args), "id")
    if "date" in columns:
        at = columns.index("date")
        assert at == 1 and columns[at:at + 6] == (DATE_PART if "end" in columns else DATE_PART[:2] + columns[3:7])
    if "founded" in columns:
        assert columns[1:3] == ["founded", "founded_inferred"]


@pytest.mark.parametrize("args, declared, key", LISTINGS, ids=[" ".join(a) for a, _, _ in LISTINGS])
def test_json_values_are_null_when_missing_arrays_for_lists_and_agree_with_the_piped_text(run, args, declared, key):
    piped = tsv(run(*args)[1])
    rows = rows_of(json.loads(run(*args, "--json")[1]), key)
    assert len(rows) == len(piped)
    for row, text in zip(rows, piped):
        for field, value in row.items():
            if field == "record":
                continue
            shown = text[field]
            if value is None:
                assert shown == "", (field, row)
            elif isinstance(value, list):  # a list: the piped text is its items joined
                assert all(isinstance(v, str) for v in value) and shown in (", ".join(value), "; ".join(value))
            elif isinstance(value, bool):
                assert shown == ("yes" if value else "no"), (field, row)
            elif field == "amount_value":
                assert Decimal(str(value)) == Decimal(row["amount"]) and not isinstance(value, str)
            else:
                assert value != "" and str(value) == shown, (field, row)


def test_amounts_are_exact_text_and_a_number(run):
    flows = json.loads(run("funding", "--json")[1])["flows"]
    given = [f for f in flows if f["amount"] is not None]
    assert given and all(isinstance(f["amount"], str) and isinstance(f["amount_value"], int | float) for f in given)
    assert all(f["amount_value"] is None and f["currency"] is None for f in flows if f["amount"] is None)


def test_lists_are_arrays_in_json(run):
    flows = json.loads(run("list", "funding", "--json")[1])
    assert all(isinstance(f["donors"], list) and f["donors"] for f in flows)
    projects = json.loads(run("list", "projects", "--json")[1])
    assert any(len(p["implementing"]) == 2 for p in projects)


def test_a_window_and_an_open_end_reach_scripts_as_the_data_states_them(run):
    rows = {r["id"]: r for r in tsv(run("list", "projects")[1])}
    monitoring = rows["kwn-zz-unscr-1325-monitoring"]  # 2004, ongoing as of 2009 (inferred)
    assert (monitoring["end"], monitoring["ongoing"], monitoring["end_inferred"]) == ("", "2009", "yes")
    events = {r["id"]: r for r in tsv(run("list", "events")[1])}
    conference = events["kja-survey-findings-conference"]  # some time between 2009-01 and 2009-07
    assert (conference["date"], conference["end"], conference["window"]) == ("2009-01", "2009-07", "yes")
    found = {r["id"]: r for r in tsv(run("search", "survey", "findings")[1])}
    assert found["kja-survey-findings-conference"]["window"] == "yes"


def test_the_contract_is_documented_once(run):
    from pathlib import Path

    doc = (Path(__file__).parents[1] / "docs" / "output.md").read_text()
    for name in DATE_PART + ["amount_value", "null", "--json", "--csv", "--sort", "--limit", "--export"]:
        assert name in doc, name
