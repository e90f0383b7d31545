"""Options from the declarations (issue 32): each filter declared once, in query/filters.py,
and given to every command that can apply it by one decorator; --person is the proof."""

from __future__ import annotations

import json

import pytest
from conftest import tsv

from wpskosovo.model.kinds import KINDS
from wpskosovo.query.filters import FILTERS, NAME_OPTIONS, applies

# What each command lists, and so which filters it must offer: every one that applies to one of its kinds.
LISTS = {"list": tuple(KINDS), "search": tuple(KINDS), "timeline": tuple(KINDS), "stats": tuple(KINDS),
         "funding": ("funding",)}


@pytest.mark.parametrize("command", LISTS)
def test_every_command_offers_exactly_the_filters_that_can_apply_to_what_it_lists(run, command):
    text = run(command, "--help")[1]
    offered = {o for o in FILTERS if f"{o} " in text}
    assert offered == {o for o in FILTERS if set(applies(o)) & set(LISTS[command])}, command
    assert ("--period" in text) == ("--from" in offered)


def test_network_offers_the_dates_only(run):
    text = run("network", "--help")[1]  # its --org names whose links to show: an option of its own
    assert {o for o in FILTERS if f"{o} " in text} - {"--org"} == {"--from", "--to"} and "--period" in text


def test_every_name_filter_completes_the_kinds_it_names():
    assert {o: k for o, k in NAME_OPTIONS.items() if o in FILTERS} == \
        {o: f.names for o, f in FILTERS.items() if f.names}
    assert NAME_OPTIONS["--person"] == ("person",)


@pytest.mark.parametrize("command", ["list", "search", "timeline", "stats"])
def test_person_selects_what_a_person_takes_part_in_in_every_command(run, shipped, command):
    person = "nicole-kidman"
    linked = {rid for rid, in shipped.db.execute("SELECT record_id FROM links WHERE target_id = ?", (person,))}
    assert linked
    args = {"list": ["list", "events"], "search": ["search", "kidman"], "timeline": ["timeline"],
            "stats": ["stats"]}[command]
    code, out, err = run(*args, "--person", "Nicole Kidman", "--json")
    assert code == 0, err
    if command == "stats":
        counts = json.loads(out)["counts"]
        assert sum(counts.values()) == len(linked)
        return
    ids = {r["id"] for r in json.loads(out)}
    assert ids and ids <= linked
    if command != "search":
        assert ids == {r for r in linked if shipped.by_id[r].kind in (("event",) if command == "list" else KINDS)}


def test_person_is_refused_where_it_cannot_apply_and_resolved_by_name(run):
    code, _, err = run("list", "projects", "--person", "kidman")
    assert code == 2 and "--person" in err and "events" in err
    code, _, err = run("list", "events", "--person", "nobody-at-all")
    assert code == 1 and "no person matches" in err
    code, out, err = run("list", "events", "--person", "kidman")
    assert code == 0 and "--person kidman: nicole-kidman" in err and tsv(out)


@pytest.fixture(scope="module")
def shipped():
    from wpskosovo.store.db import open_data

    return open_data()
