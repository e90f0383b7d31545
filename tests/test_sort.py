"""`--sort NAME` orders by NAME: every command, every field it offers (read from its own usage
error, as a user finds them), both directions, checked on the rows it prints piped."""

from __future__ import annotations

import csv
import io
import re
from decimal import Decimal, InvalidOperation

import pytest

from wpskosovo.model.words import LEADING_QUOTES, fold

# Each command as a user runs it, with rows to order (network: KWN's links, and the ranking).
COMMANDS = [["list", kind] for kind in ("sources", "places", "orgs", "people", "projects", "events",
                                        "publications", "policies", "funding")]
COMMANDS += [["search", "kosovo"], ["timeline"], ["timeline", "--dated-only"], ["funding"],
             *(["funding", "--by", by] for by in ("donor", "recipient", "project", "year")),
             ["network", "--org", "KWN"], ["network"]]
DATE = re.compile(r"[~?]?(\d{4}(-\d\d(-\d\d)?)?)\??")


def offered(run, command: list[str]) -> list[str]:
    code, _, err = run(*command, "--sort", "no-such-field")
    assert code == 2, err
    listed = re.search(r"; sort by (.*?) \(-FIELD", " ".join(err.split()))
    assert listed, err
    return listed.group(1).split(", ")


def rows(run, command: list[str], sort: str) -> list[dict[str, str]]:
    code, out, err = run(*command, "--sort", sort)
    assert code == 0, (command, sort, err)
    return list(csv.DictReader(io.StringIO(out), delimiter="\t", quoting=csv.QUOTE_NONE))


def key(values: list[str]):
    """The order a reader expects of a column: dates by their ISO text (a year before its
    months), numbers and amounts by value, other text by its folded letters."""
    if all(DATE.fullmatch(v) for v in values):
        return lambda v: DATE.fullmatch(v).group(1)
    try:
        [Decimal(v) for v in values]
        return Decimal
    except InvalidOperation:
        return lambda v: fold(v).lstrip(LEADING_QUOTES)


def column_of(header: list[str], name: str) -> str:
    if name == "name":
        return next(c for c in ("title", "name", "id") if c in header)
    if name == "date":
        return next(c for c in ("date", "founded") if c in header)
    return name


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_every_sort_field_orders_by_that_field(run, command):
    names = offered(run, command)
    assert len(names) == len(set(names)), f"{names} lists a field twice"
    for name in names:
        for descending in (False, True):
            got = rows(run, command, "-" * descending + name)
            assert got, (command, name)
            column = column_of(list(got[0]), name)
            assert column in got[0], f"{command} offers --sort {name}, its rows have no {column}"
            values = [r[column] for r in got]
            full = [v for v in values if v != ""]
            # Empty cells come last, either way.
            assert values == full + [""] * (len(values) - len(full)), (command, name, descending)
            keys = list(map(key(full), full))
            assert keys == sorted(keys, reverse=descending), (command, name, descending, full)


def test_a_short_name_is_offered_only_where_rows_have_one(run):
    assert "date" not in offered(run, ["network", "--org", "KWN"])
    assert "through" in offered(run, ["network", "--org", "KWN"])
    assert {"name", "date"} <= set(offered(run, ["list", "projects"]))
