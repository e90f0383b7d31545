"""Places: every form of a place's name finds what its English name finds."""

from __future__ import annotations

import pytest
from conftest import BASE

from wpskosovo.load.validate import check
from wpskosovo.model.kinds import KINDS
from wpskosovo.query import filters, resolve, search, select
from wpskosovo.store.db import open_data


@pytest.fixture(scope="module")
def shipped():
    return open_data()


def _ids(hits):
    return {h.id for h in hits}


@pytest.mark.parametrize("english, other", [("Prishtina", "Prishtinë"), ("Prishtina", "Priština"),
                                            ("Shtërpcë", "Štrpce"), ("Shtërpcë", "Shtërpca"),
                                            ("Hani i Elezit", "Đeneral Janković")])
def test_search_by_any_name_of_a_place(shipped, english, other):
    found = _ids(search.search(shipped, english))
    assert found and _ids(search.search(shipped, other)) == found


def test_search_by_another_form_reaches_records_at_the_place(shipped):
    found = _ids(search.search(shipped, "Prishtinë"))
    assert {"kwn", "wssi-plus", "association-women-lawyers-prishtina"} <= found


@pytest.mark.parametrize("form", ["Shtërpcë", "Shtërpca", "Štrpce", "shterpce"])
def test_list_events_at_a_place_by_any_form(run, form):
    code, out, _ = run("list", "events", "--place", form)
    assert code == 0 and "shterpce-panel-2020" in out


def test_place_filter_takes_places_within(run):
    code, out, _ = run("list", "events", "--place", "Kosovo")
    assert code == 0 and "shterpce-panel-2020" in out  # Shtërpcë is within Kosovo
    code, out, _ = run("list", "events", "--place", "Belgrade")
    assert code == 0 and "shterpce-panel-2020" not in out


def test_unknown_place_suggests(run):
    code, _, err = run("list", "events", "--place", "Prishtinaa")
    assert code == 1 and "prishtina" in err


def test_show_prints_the_place_by_name(run):
    code, out, _ = run("show", "shterpce-panel-2020")
    assert code == 0 and "Shtërpcë" in out


def test_a_dangling_place_is_reported_at_its_line(write):
    path = write(BASE + '''
[[event]]
id = "ev"
title = "An event"
place = "atlantis"
sources = [{source = "src-a", quote = "q"}]
''')
    _, problems = check([path])
    assert any("atlantis" in p.message and p.line == BASE.count("\n") + 5 for p in problems), problems


def test_a_place_within_a_place(write):
    path = write(BASE + '''
[[place]]
id = "country"
name = "Country"
type = "country"

[[place]]
id = "town"
name = "Town"
names = {sq = "Qyteti"}
within = "country"

[[event]]
id = "ev"
title = "An event"
place = "town"
sources = [{source = "src-a", quote = "q"}]
''')
    data = open_data([path])
    assert [r.id for r in select.select(data, "event", filters.Filters(place="country"))] == ["ev"]
    assert resolve.resolve(data, "qyteti", ("place",)).id == "town"


def test_a_country_named_as_text_counts_for_place(write):
    path = write(BASE + '''
[[place]]
id = "bee-land"
name = "Beeland"
names = {sq = "Bletia"}
type = "country"

[[organization]]
id = "org-c"
name = "C"
country = "Beeland"
sources = [{source = "src-a", quote = "c"}]

[[project]]
id = "proj"
title = "Work"
countries = ["Elsewhere", "beeland"]
sources = [{source = "src-a", quote = "w"}]

[[project]]
id = "proj-2"
title = "Other work"
countries = ["Elsewhere"]
sources = [{source = "src-a", quote = "o"}]
''')
    data = open_data([path])
    found = {r.id for kind in KINDS for r in select.select(data, kind, filters.Filters(place="bee-land"))}
    assert found == {"org-c", "proj"}


@pytest.mark.parametrize(("place", "record"), [("Kosova", "unifem-kp-gender-architecture"),
                                               ("Srbija", "wib"), ("BiH", "zene-zenama"),
                                               ("Bosnia and Herzegovina", "unifem-1325-see")])
def test_list_by_country_finds_what_names_it_as_text(run, place, record):
    kind = "orgs" if record in ("wib", "zene-zenama") else "projects"
    code, out, _ = run("list", kind, "--place", place)
    assert code == 0 and record in out


def test_search_suhareke_finds_the_suva_reka_trials(shipped):
    assert "wib-monitoring-war-crime-trials-suva-reka" in _ids(search.search(shipped, "Suharekë"))


def test_events_placed_in_kosovo_by_context_are_found_and_marked(run, shipped):
    code, out, _ = run("list", "events", "--place", "Kosovo", "--from", "2009", "--to", "2009")
    assert code == 0
    for event in ("kji-gender-justice-training-2009", "sgcg-contribution-kosovo-security-strategy-2009"):
        assert event in out and "place" in shipped.by_id[event].inferred
