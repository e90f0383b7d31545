"""The WPS lens (issue 31): who took part, by gender as the documents state it, never guessed."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import BASE, tsv

PANEL = {"ivica-tanasijevic", "afet-hasani", "dragan-ivanovic", "plator-avdiu", "veroljub-petronic"}


def test_the_shterpce_panel_had_five_named_panelists_all_men_as_stated(run):
    code, out, _ = run("show", "shterpce-panel-2020")
    assert code == 0 and "record\tpeople\t5 named people: 5 men" in out.splitlines()


def test_every_stated_gender_rests_on_a_word_of_the_persons_own_quotes(run):
    people = json.loads(run("list", "people", "--json")[1])
    stated = {p["id"]: p["record"] for p in people if p["record"].get("gender")}
    assert set(stated) == PANEL | {"mehmet-ballazhi", "martti-ahtisaari"}  # "Z." ×5, "Mr." ×2
    for record in stated.values():
        assert any(record["gender_basis"] in e["quote"] for e in record["sources"])
    # Named without an honorific, a pronoun or a noun that says it: not stated, whatever the name.
    assert {p["id"] for p in people if not p["record"].get("gender")} >= {"feride-rushiti", "nicole-kidman"}


def test_people_and_organizations_by_gender(run):
    men = {r["id"] for r in tsv(run("list", "people", "--gender", "men")[1])}
    assert men == PANEL | {"mehmet-ballazhi", "martti-ahtisaari"}
    assert run("list", "people", "--gender", "women")[1] == ""
    womens = {r["id"] for r in tsv(run("list", "orgs", "--gender", "women")[1])}
    assert {"kwn", "zene-zenama", "la-norma", "wpc", "rwl", "kwl", "women-mps"} <= womens
    assert run("list", "events", "--gender", "women")[0] == 2  # an event has no gender


def test_stats_count_by_gender_what_the_listings_show(run):
    counts = json.loads(run("stats", "--by", "gender", "--json")[1])["by_gender"]
    assert counts["people"] == {"women": 0, "men": 7, "not stated": 5}
    assert counts["organizations"]["women's"] == len(tsv(run("list", "orgs", "--gender", "women")[1]))
    panel = json.loads(run("stats", "--by", "gender", "--source", "001", "--kind", "events", "--json")[1])
    assert panel["by_gender"]["participants"] == {"women": 0, "men": 5, "not stated": 0}


def test_a_gender_needs_its_word_and_the_word_its_quote(run, write):
    person = '\n[[person]]\nid = "p-1"\nname = "P"\n{}sources = [{{source = "src-a", quote = "Mr. P spoke"}}]\n'
    code, out, _ = run("validate", write(BASE + person.format('gender = "man"\n')))
    assert code == 1 and "gender and gender_basis go together" in out
    code, out, _ = run("validate", write(BASE + person.format('gender = "man"\ngender_basis = "Z."\n')))
    assert code == 1 and "'Z.' is in none of the record's quotes" in out
    code, out, _ = run("validate", write(BASE + person.format('gender = "female"\ngender_basis = "Mr."\n')))
    assert code == 1 and "'female' is not one of 'woman', 'man'" in out
    assert run("validate", write(BASE + person.format('gender = "man"\ngender_basis = "Mr."\n')))[0] == 0


# The four pillars of UNSCR 1325: the dataset's own coding, kept apart from what documents state.

PILLARS = ("participation", "protection", "prevention", "relief and recovery")


def test_every_activity_is_coded_with_a_pillar_and_a_reason(run):
    codebook = (Path(__file__).resolve().parents[1] / "docs" / "codebook.md").read_text(encoding="utf-8")
    for plural in ("projects", "events", "publications", "policies"):
        for row in json.loads(run("list", plural, "--json")[1]):
            coded = row["record"].get("pillars", [])
            assert coded, row["id"]
            for c in coded:
                assert c["pillar"] in PILLARS and f"`{c['pillar']}`" in codebook and len(c["reason"]) > 15
            assert "pillars" not in row["record"].get("inferred", {})  # coding is not a documents' statement


def test_pillars_filter_count_and_show_apart_from_the_evidence(run):
    protection = {r["id"] for r in tsv(run("list", "events", "--pillar", "protection")[1])}
    assert "kji-gender-justice-training-2009" in protection and "shterpce-panel-2020" not in protection
    counts = json.loads(run("stats", "--by", "pillar", "--kind", "events", "--json")[1])["by_pillar"]["activities"]
    events = json.loads(run("list", "events", "--json")[1])
    for pillar in PILLARS:
        assert counts[pillar] == sum(any(c["pillar"] == pillar for c in e["record"]["pillars"]) for e in events)
    flows = {r["group"] for r in tsv(run("funding", "--by", "pillar")[1])}
    assert {"protection", "prevention"} <= flows  # WSSI Plus's flow, through its project
    code, out, _ = run("show", "kji-gender-justice-training-2009")
    assert "coding\tpillar\tprotection: trains judges" in out and run("list", "orgs", "--pillar", "protection")[0] == 2


def test_a_dataset_that_codes_pillars_codes_every_activity(run, write):
    events = ('\n[[event]]\nid = "e-1"\ntitle = "A"\n{}sources = [{{source = "src-a", quote = "q"}}]\n'
              '\n[[event]]\nid = "e-2"\ntitle = "B"\nsources = [{{source = "src-a", quote = "q"}}]\n')
    code, out, _ = run("validate", write(BASE + events.format('pillars = [{pillar = "protection", reason = "r"}]\n')))
    assert code == 1 and "e-2: pillars: no pillar coded" in out and "e-1" not in out
    assert run("validate", write(BASE + events.format("")))[0] == 0  # a dataset that codes none
    code, out, _ = run("validate", write(BASE + events.format('pillars = [{pillar = "peace", reason = "r"}]\n')))
    assert code == 1 and "'peace' is not one of" in out


def test_the_export_has_a_pillar_table_to_facet_on(run, tmp_path):
    import sqlite3

    assert run("export", tmp_path / "wps.db")[0] == 0
    db = sqlite3.connect(tmp_path / "wps.db")
    facets = dict(db.execute("SELECT pillar, count(*) FROM pillars GROUP BY pillar"))
    assert set(facets) == set(PILLARS) and db.execute(
        "SELECT count(*) FROM pillars p JOIN records r ON r.id = p.record_id").fetchone()[0] == sum(facets.values())


@pytest.mark.parametrize("command", [["list", "events"], ["timeline", "--dated-only"], ["search", "women"],
                                     ["funding"], ["stats"]])
def test_pillar_is_one_filter_in_every_command_that_lists_activities(run, command):
    """Every row a command keeps with --pillar is one the pillar's listing holds."""
    coded = {r["id"] for k in ("projects", "events", "publications", "policies", "funding")
             for r in json.loads(run("list", k, "--pillar", "prevention", "--json")[1])}
    code, out, _ = run(*command, "--pillar", "prevention", "--json")
    assert code == 0
    rows = json.loads(out)
    if command[0] == "stats":
        assert sum(rows["counts"].values()) == len(coded)
        return
    ids = {r["id"] for r in (rows["flows"] if command[0] == "funding" else rows)}
    assert ids and ids <= coded


def test_wps_pillars_lists_each_with_what_it_covers_and_its_count(run):
    rows = json.loads(run("pillars", "--json")[1])
    assert [r["pillar"] for r in rows] == list(PILLARS)
    counts = json.loads(run("stats", "--by", "pillar", "--json")[1])["by_pillar"]["activities"]
    assert all(r["activities"] == counts[r["pillar"]] and len(r["covers"]) > 30 for r in rows)


def test_completion_offers_pillars_and_genders():
    from test_tables import _complete

    assert "relief" in _complete("wps list events --pillar re") and "protection" in _complete("wps list events --pillar p")
    assert "women" in _complete("wps list people --gender w")


def test_groups_of_women_the_documents_name_without_an_organization_take_part(run):
    """"women from the community" at Hani i Elezit, "Serbian women" in the dialogue with the
    police and the roundtables: groups of women, shown and listed with the rest."""
    code, out, _ = run("show", "hani-i-elezit-gps-meeting")
    assert "1 named person: 1 man; groups of women: Women from the community of Hani i Elezit" in out
    events = {r["id"] for r in tsv(run("list", "events", "--org", "serbian-women-isolated-enclaves")[1])}
    assert events == {"serbian-women-kosovo-police-dialogue", "inter-ethnic-peace-building-roundtables"}
    womens = {r["id"] for r in tsv(run("list", "orgs", "--gender", "women")[1])}
    assert {"women-hani-i-elezit-community", "serbian-women-isolated-enclaves", "coalition-of-women"} <= womens


def test_timeline_chart_by_pillar_draws_each_activity_under_each_of_its_pillars(run):
    from wpskosovo.model.words import PILLARS

    code, out, _ = run("timeline", "--chart", "--by", "pillar", "--dated-only")
    lines = out.splitlines()
    headings = [i for i, line in enumerate(lines) if line in (*PILLARS, "not coded")]
    end = lines.index("", headings[-1])
    drawn = {lines[i]: end_ - i - 1 for i, end_ in zip(headings, [*headings[1:], end])}
    timeline = json.loads(run("timeline", "--dated-only", "--json=id")[1])
    assert code == 0 and set(drawn) <= {*PILLARS, "not coded"} and sum(drawn.values()) >= len(timeline)
    for pillar in PILLARS:
        expected = len(json.loads(run("timeline", "--dated-only", "--pillar", pillar, "--json=id")[1]))
        assert drawn.get(pillar, 0) == expected, pillar
    assert run("timeline", "--by", "pillar")[0] == 2  # it groups a chart: without --chart, a usage error
