"""The WPS lens (issue 31): who took part, by gender as the documents state it, never guessed."""

from __future__ import annotations

import json

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
