"""One JSON contract, uniform options and a network that sees what --org sees (issue 17)."""

from __future__ import annotations

import csv
import io
import json
import re

import pytest
from conftest import on_a_terminal, records_of, tsv

from wpskosovo.model import words
from wpskosovo.model.kinds import KINDS
from wpskosovo.query import filters, network, resolve
from wpskosovo.store.db import open_data


@pytest.mark.parametrize("args", [["list", "projects"], ["search", "kosovo"], ["timeline"], ["funding"],
                                  ["funding", "--by", "donor"], ["network", "--org", "KWN"]])
def test_an_unknown_json_field_is_a_usage_error_before_any_data_is_read(run, tmp_path, args):
    code, _, err = run(*args, "--json=bogus", "--data", tmp_path / "missing.toml")
    assert code == 2 and "bogus" in err and "fields:" in err


def test_every_command_selects_json_fields(run):
    code, out, _ = run("funding", "--json=id,amount,currency")
    flows = json.loads(out)["flows"]
    assert code == 0 and flows and all(set(f) == {"id", "amount", "currency"} for f in flows)
    assert {"amount": "937500", "currency": "USD", "id": "funding-netherlands-wssi-plus"} in flows
    code, out, _ = run("network", "--org", "KCSS", "--json=partner,via")
    assert all(set(e) == {"partner", "via"} for e in json.loads(out)["edges"])


def test_ghs_spelling_json_space_fields(run):
    code, out, _ = run("list", "projects", "--json", "id,title")
    assert code == 0 and all(set(r) == {"id", "title"} for r in json.loads(out))
    code, out, _ = run("timeline", "--json", "date,id", "--limit", "2")
    assert code == 0 and len(json.loads(out)) == 2


def test_limit_applies_to_json_and_exports(run, tmp_path):
    out = json.loads(run("funding", "--json", "--limit", "1")[1])
    assert len(out["flows"]) == 1 and out["flows_selected"] == 4
    out = json.loads(run("funding", "--by", "donor", "--json", "--limit", "2")[1])
    assert len(out["groups"]) == 2
    target = tmp_path / "f.json"
    assert run("funding", "--limit", "1", "--export", target)[0] == 0
    assert len(json.loads(target.read_text())["flows"]) == 1
    code, out, _ = run("network", "--org", "KWN", "--limit", "2")
    assert len({r["partner"] for r in tsv(out)}) == 2
    code, out, _ = run("network", "--limit", "1", "--json")
    assert len(json.loads(out)["nodes"]) <= 1


def test_sort_by_any_field_descending_and_ignoring_quotes(run):
    code, out, _ = run("list", "projects", "--sort", "-date")
    starts = [r["date"] for r in tsv(out) if r["date"]]
    assert code == 0 and starts == sorted(starts, reverse=True)
    code, out, _ = run("list", "projects", "--sort", "name")
    titles = [r["title"] for r in tsv(out)]
    assert not titles[0].startswith(('"', "“"))
    assert run("funding", "--sort", "-amount")[0] == 0
    assert tsv(run("funding", "--sort", "-amount")[1])[0]["amount"] == "937500"
    code, _, err = run("timeline", "--sort", "colour")
    assert code == 2 and "cannot sort by 'colour'" in err and "date" in err


def test_inferred_dates_are_a_column_of_their_own_and_piped_dates_are_bare(run):
    rows = tsv(run("list", "events")[1])
    conference = next(r for r in rows if r["id"] == "kja-survey-findings-conference")
    assert (conference["date"], conference["date_inferred"], conference["end"]) == ("2009-01", "yes", "2009-07")
    rows = tsv(run("list", "projects")[1])
    assert not any(set(r["date"] + r["end"]) & set("~… abcdefghijklmnopqrstuvwxyz") for r in rows)


@pytest.fixture(scope="module")
def shipped():
    return open_data()


def test_the_network_sees_every_organization_list_events_org_reaches(shipped, run):
    """An organization that takes part in an event X takes part in (directly, through a unit or
    a person) is a partner of X in the network. (`--org` also reaches the events of a project
    X implements or funds; X takes no part in those itself, so they link no partners.)"""
    orgs = {r.id for r in records_of(shipped, "organization")}
    for org in sorted(orgs):
        units = set(resolve.units(shipped, (org,)))
        direct = {r for r, in shipped.db.execute(
            "SELECT record_id FROM parties WHERE through IS NULL AND org_id IN (SELECT value FROM json_each(?))",
            (json.dumps(sorted(units)),))}
        events = [e for e in records_of(shipped, "event", filters.Filters(orgs=(org,))) if e.id in direct
                  and any(link.target in units for link in e.links() if link.path[0] != "concerns")]
        if not events:
            continue
        reached = set()
        for event in events:
            for link in event.links():
                if link.path[0] == "concerns":  # what the event is about takes no part in it
                    continue
                target = shipped.by_id.get(link.target)
                if target is not None and target.kind == "organization":
                    reached.add(target.id)
                if target is not None and target.kind == "person":
                    reached.update(role.org for role in target.roles if role.org)
        reached -= units
        center = org
        merge = {u: center for u in units}
        edges = network.around(network.graph(network.link_rows(shipped, merge)), center)
        partners = {network.partner(e, center) for e in edges}
        assert reached <= partners, (org, reached - partners)


def test_depth_two_shows_more_on_a_terminal(run, monkeypatch):
    monkeypatch.setenv("WPS_FORCE_TTY", "1")
    one = run("network", "--org", "WiB")[1]
    two = run("network", "--org", "WiB", "--depth", "2")[1]
    assert len(two.splitlines()) > len(one.splitlines()) and "partners' partners" in two


def test_names_are_resolved_in_the_open(run):
    code, _, err = run("timeline", "--org", "promotion", "--limit", "1")
    assert code == 0 and "--org promotion: center-promotion-womens-rights (Center for the Promotion" in err
    assert "--org" not in run("timeline", "--org", "KWN", "--limit", "1")[2]  # an exact name needs no word
    code, _, err = run("show", "src-00")
    assert code == 2 and "src-003" in err and "ambiguous" in err
    assert run("show", "003")[1].startswith("section\tfield\tvalue\nrecord\ttitle\tImplementing UN")
    code, out, err = run("show", "funding-netherlands")
    assert code == 0 and "funding-netherlands-wssi-plus" in err
    # straight and curly apostrophes fold alike
    assert run("list", "orgs", "--json=id", "--org", "Women's Peace Coalition")[0] == 0
    assert words.fold("Women’s – “x”") == words.fold("women's - \"x\"")


@pytest.mark.parametrize("args, words", [(["list", "projects", "--limit", "abc"], "not a number of rows"),
                                         (["list", "projects", "--sort", "-colour"], "cannot sort by")])
def test_option_errors_are_in_the_tools_words(run, args, words):
    code, _, err = run(*args)
    assert code == 2 and words in err and "Input should" not in err and "Value error" not in err


def test_validate_speaks_in_the_tools_words(run, write):
    path = write("""
        [[source]]
        id = "src-a"
        title = "A"
        language = "en"
        file = "a.txt"

        [[organization]]
        id = "o"
        name = "O"
        type = "ngoo"
        sources = [{source = "src-a", quote = ""}]
    """)
    code, out, _ = run("validate", path)
    assert code == 1 and "o: evidence 1: quote: must not be empty" in out
    assert "'ngoo' is not one of" in out and "did you mean 'ngo'" in out
    assert "String should" not in out and "Input should" not in out


def test_via_takes_singular_and_plural_kind_names(run):
    assert run("network", "--org", "KCSS", "--via", "event")[1] == run("network", "--org", "KCSS", "--via", "events")[1]


def test_what_users_type_for_a_kind_is_read_from_the_kinds():
    from wpskosovo.model.kinds import KINDS, kind_names

    names = kind_names()
    assert all(names[m.plural] == names[k] == k for k, m in KINDS.items())
    assert names["orgs"] == "organization" and names["persons"] == "person"


def test_stats_and_funding_take_the_filters_that_apply(run):
    all_ = json.loads(run("stats", "--json")[1])
    kwn = json.loads(run("stats", "--org", "KWN", "--json")[1])
    assert 0 < sum(kwn["counts"].values()) < sum(all_["counts"].values())
    assert kwn["counts"]["projects"] == len(tsv(run("list", "projects", "--org", "KWN")[1]))
    serbia = tsv(run("funding", "--place", "Serbia")[1])
    assert [r["id"] for r in serbia] == ["funding-unifem-wib"]  # a flow is where its project is
    assert run("stats", "--donor", "x", "--kind", "events")[0] == 2


@pytest.mark.parametrize("args", [["show", "kwn"], ["stats"], ["pillars"]])
def test_reports_write_every_export_their_help_offers(run, tmp_path, args):
    """show, stats and pillars print reports, not listings: --export in each format, as the
    listings do; what they print piped is what their CSV holds."""
    out = " ".join(run(*args, "--help")[1].split())
    assert ".md, .csv or .json" in out
    piped = run(*args)[1]
    for suffix in (".svg", ".html", ".md", ".csv", ".json"):
        target = tmp_path / f"{args[0]}{suffix}"
        code, _, err = run(*args, "--export", target)
        assert code == 0 and target.stat().st_size > 0, err
    rows = list(csv.reader(io.StringIO((tmp_path / f"{args[0]}.csv").read_text())))
    assert rows == [line.split("\t") for line in piped.splitlines()]
    assert json.loads((tmp_path / f"{args[0]}.json").read_text()) == json.loads(run(*args, "--json")[1])


@pytest.mark.parametrize("args", [["show", "kwn"], ["stats"]])
def test_reports_pick_json_fields_as_listings_do(run, args):
    code, out, _ = run(*args, "--json", "counts,sources" if args == ["stats"] else "id,acronyms")
    assert code == 0 and list(json.loads(out)) == (["counts", "sources"] if args == ["stats"] else ["id", "acronyms"])
    code, _, err = run(*args, "--json=bogus")
    assert code == 2 and "bogus" in err and "fields:" in err
    assert run(*args, "--limit", "1")[0] == 2  # a report is not a listing: no --limit, no --sort


def test_the_network_gives_the_same_links_piped_as_json_and_csv(run):
    piped = {(r["partner"], r["via"], r["through"]) for r in tsv(run("network", "--org", "KCSS")[1])}
    edges = json.loads(run("network", "--org", "KCSS", "--json")[1])["edges"]
    assert piped == {(e["partner"], e["via"], e["through"]) for e in edges} and piped
    csv_rows = run("network", "--org", "KCSS", "--csv")[1].splitlines()
    assert len(csv_rows) == len(piped) + 1
    recent = tsv(run("network", "--org", "KCSS", "--from", "2020")[1])
    assert recent and {r["through"] for r in recent} < {r for _, _, r in piped}


@pytest.mark.parametrize("args", [["list", "projects"], ["timeline", "--chart"], ["funding", "--chart"],
                                  ["network", "--org", "KWN"], ["show", "kwn"]])
def test_no_color_means_no_escape_code_on_a_real_terminal(args):
    code, out = on_a_terminal(args, {"TERM": "xterm-256color", "WPS_PAGER": "cat"})
    assert code == 0 and len(out) > 100 and b"\x1b" not in out


def test_references_are_declared_on_the_fields_and_links_follow_them():
    """A kind's links come from its fields' ref(...) declarations, not from code per kind."""
    from wpskosovo.model.fields import Ref
    from wpskosovo.model.kinds import KINDS

    for kind, model in KINDS.items():
        assert "links" not in vars(model), f"{kind} writes its own links()"
    donors = KINDS["funding"].model_fields["donors"]
    assert any(isinstance(m, Ref) and m.kinds == ("organization",) and m.role == "donor" for m in donors.metadata)
    flow = KINDS["funding"].model_validate({"id": "f", "donors": ["a", "b"], "project": "p",
                                            "sources": [{"source": "s", "quote": "q"}]})
    assert [(link.path, link.target, link.role) for link in flow.links()] == [
        (("donors", 0), "a", "donor"), (("donors", 1), "b", "donor"), (("project",), "p", "funded project")]


@pytest.mark.parametrize("command", [["list", "events"], ["list", "projects"], ["search", "kosovo"], ["timeline"],
                                     ["funding"], ["stats"], ["network", "--org", "KWN"], ["network"]])
@pytest.mark.parametrize("period, bounds", [("2009", ["--from", "2009", "--to", "2009"]),
                                            ("2009-06", ["--from", "2009-06", "--to", "2009-06"]),
                                            ("2008..2011", ["--from", "2008", "--to", "2011"]),
                                            ("2008..", ["--from", "2008"]), ("..2008", ["--to", "2008"])])
def test_a_period_is_from_and_to_for_short_in_every_dated_command(run, command, period, bounds):
    assert run(*command, "-p", period) == run(*command, *bounds)
    code, _, err = run(*command, "--period", period, "--from", "2001")
    assert code == 2 and "not both" in err


def test_a_filter_without_a_kind_lists_every_kind_it_applies_to(run):
    """`wps list --source 001`: what rests on document 001, kind by kind."""
    code, out, _ = run("list", "--source", "001", "--json")
    by_kind = json.loads(out)
    assert code == 0 and {"places", "organizations", "people", "projects", "events", "funding"} <= set(by_kind)
    for plural, rows in by_kind.items():
        kind = next(k for k, m in KINDS.items() if m.plural == plural)
        expected = [r["id"] for r in json.loads(run("list", plural, "--source", "001", "--json")[1])]
        assert [r["id"] for r in rows] == expected and all(r["record"]["kind"] == kind for r in rows)
    code, out, _ = run("list", "--source", "001")
    assert code == 0 and out.startswith("# Places (") and "\n\n# Organizations (" in out
    assert run("list", "--source", "001", "--csv")[0] == 2 and run("list")[0] == 2


def test_search_takes_gh_s_json_fields_when_the_word_is_made_of_its_fields(run):
    """`wps search kidman --json id,title` (gh's spelling): fields, not a word to find."""
    code, out, _ = run("search", "kidman", "--json", "id,title")
    rows = json.loads(out)
    assert code == 0 and rows[0] == {"id": "nicole-kidman", "title": "Nicole Kidman"}
    assert all(set(r) == {"id", "title"} for r in rows)
    code, out, _ = run("search", "--json", "kosovo")  # not a field: a word to find
    assert code == 0 and len(json.loads(out)) > 10


@pytest.mark.parametrize("command", [["list", "projects"], ["list", "funding"], ["search", "kosovo"], ["timeline"],
                                     ["network", "--org", "KWN"]])
def test_json_says_null_where_there_is_no_value(run, command):
    out = json.loads(run(*command, "--json")[1])
    rows = out["edges"] if command[0] == "network" else out
    assert rows and not [(r.get("id"), k) for r in rows for k, v in r.items() if v == ""]
    assert command[0] == "network" or any(v is None for r in rows for k, v in r.items() if k != "record")


def test_show_takes_csv_as_every_command_that_prints_rows(run):
    code, out, _ = run("show", "kwn", "--csv")
    rows = list(csv.reader(io.StringIO(out)))
    assert code == 0 and rows[0] == ["section", "field", "value"] and ["record", "id", "kwn"] in rows
    assert run("show", "kwn", "--csv", "--json")[0] == 2


@pytest.mark.parametrize("args, code", [(["list", "projects", "--org", "nosuch"], 1), (["show", "nosuchthing"], 1),
                                        (["list", "projects", "--from", "x"], 2), (["list", "projects", "--bogus"], 2),
                                        (["list", "projects", "--org", "womens"], 2)])
def test_every_error_is_worded_one_way(run, args, code):
    got, _, err = run(*args)
    assert got == code and err.count("Error: ") == 1 and "error: " not in err


def test_a_path_that_is_not_there_exits_1_whichever_option_names_it(run, tmp_path):
    code, _, err = run("validate", "--sources", tmp_path / "nowhere")
    assert code == 1 and "nowhere" in err
    code, out, err = run("list", "projects", "--data", tmp_path / "nowhere.toml")
    assert code == 1 and "nowhere.toml" in out + err


def test_help_summaries_are_whole_and_arguments_unbraced(run, monkeypatch):
    monkeypatch.setenv("COLUMNS", "60")
    out = run("--help")[1]
    commands = out[out.index("Commands"):]
    assert "..." not in commands and "…" not in commands
    assert run("show", "--help")[1].startswith("Usage: wps show [OPTIONS] ID\n")


def test_network_limit_says_how_many_partners_it_leaves_out(run):
    code, _, err = run("network", "--org", "KWN", "--limit", "2")
    assert code == 0 and re.search(r"showing 2 of \d+ partners", err)


def test_the_data_format_names_every_kind():
    from pathlib import Path

    doc = (Path(__file__).parents[1] / "docs" / "data-format.md").read_text()
    assert all(f"`[[{kind}]]`" in doc for kind in KINDS)


def test_funding_by_offers_every_grouping_the_query_knows():
    from wpskosovo.cli.options import By
    from wpskosovo.query.funding import NO_GROUP

    assert [b.value for b in By] == list(NO_GROUP)
