"""The shipped dataset: clean, complete in its sources, and every quote verbatim in its document."""

from __future__ import annotations

import pytest
from conftest import SEEDS, tsv

from wpskosovo.load.toml import shipped_data
from wpskosovo.load.validate import check


@pytest.fixture(scope="module")
def shipped():
    data, problems = check([shipped_data()])
    assert problems == [], "\n".join(map(str, problems))
    return data


def test_one_source_record_per_document(shipped):
    files = {s.file for s in shipped.by_kind["source"]}
    assert len(files) == len(shipped.by_kind["source"]) == 5


@pytest.mark.skipif(not SEEDS.is_dir(), reason="the source documents (shared/seeds beside the checkout) "
                    "are not here to check the quotes against")
def test_every_quote_is_verbatim_in_its_source_document():
    data, problems = check([shipped_data()], SEEDS)
    assert problems == [], "\n".join(map(str, problems))


def test_every_document_supports_records(shipped):
    cited = {e.source for r in shipped for e in getattr(r, "sources", ())}
    assert cited == {s.id for s in shipped.by_kind["source"]}


def test_names_keep_their_diacritics(shipped):
    names = " ".join(n for r in shipped for n in (r.label, *r.other_names()))
    for written in ("Shtërpcë", "Graçanic", "Prishtina", "Qendra Kosovare për Studime të Sigurisë"):
        assert written in names


# Facts the documents tie to an organization or a date are links and date fields, so that
# --org, --from/--to, timeline and show find them (not only search).


def _related(run, rid: str) -> str:
    code, out, _ = run("show", rid, "--json")
    assert code == 0
    import json

    return json.dumps(json.loads(out)["relations"])


@pytest.mark.parametrize("founder", ["kwn", "wib"])
def test_the_founders_of_the_womens_peace_coalition_show_it(run, founder):
    assert '"id": "wpc"' in _related(run, founder)


def test_unifems_section_b_and_c_work_is_found_by_org(run):
    code, out, _ = run("list", "projects", "--org", "UNIFEM")
    assert code == 0
    for project in ("inter-ethnic-dialogue-kosovo", "serbian-women-ngos-capacity-building", "rrograek-support-kgsc"):
        assert project in out


def test_kcss_is_supported_by_eja_kosovo(run):
    code, out, _ = run("list", "projects", "--org", "KCSS")
    assert code == 0 and "eja-kosovo" in out


def test_the_sgcg_contribution_of_june_2009_is_on_unifems_timeline(run):
    code, out, _ = run("timeline", "--org", "UNIFEM", "--from", "2009-06", "--to", "2009-06")
    assert code == 0 and "sgcg-contribution-kosovo-security-strategy-2009" in out
    code, out, _ = run("timeline", "--org", "SGCG", "--from", "2009-06", "--to", "2009-06")
    assert code == 0 and "sgcg-contribution-kosovo-security-strategy-2009" in out


def test_a_flow_takes_the_dates_of_the_project_it_funds_marked_inferred(shipped):
    flow = shipped.by_id["funding-netherlands-wssi-plus"]
    project = shipped.by_id[flow.project]
    assert (flow.start, flow.end) == (project.start, project.end)
    assert {"start", "end"} <= set(flow.inferred)


def test_the_two_kp_dialogues_are_recorded_apart(shipped):
    b = shipped.by_id["serbian-women-kosovo-police-dialogue"]
    f = shipped.by_id["kp-serbian-womens-ngos-dialogue"]
    assert b.project == "inter-ethnic-dialogue-kosovo" and f.project == "unifem-kp-gender-architecture"
    assert "communication channel" in f.description and "communication channel" not in b.description


def test_the_coalition_of_women_is_a_result_not_a_partner(shipped):
    dialogue = shipped.by_id["inter-ethnic-dialogue-kosovo"]
    assert "coalition-of-women" not in {p.org for p in dialogue.participants}


@pytest.mark.parametrize(("org", "project"), [
    ("coalition-of-women", "inter-ethnic-dialogue-kosovo"),
    ("KSWN", "serbian-women-ngos-capacity-building"),
    ("Domestic Violence Secretariat", "wssi-plus"),
    ("kpc-gender-equality-board", "unifem-kpc-gender-architecture"),
])
def test_organizations_created_by_the_work_find_it_by_org(run, org, project):
    code, out, _ = run("list", "projects", "--org", org)
    assert code == 0 and project in out


def test_unifems_support_to_the_cedaw_reports_is_found_by_org(run):
    code, out, _ = run("list", "publications", "--org", "UNIFEM")
    assert code == 0 and "cedaw-official-report-kosovo-age" in out and "cedaw-shadow-report-kgsc" in out


def test_la_norma_shows_the_association_that_formed_it(run):
    assert '"id": "association-women-lawyers-prishtina"' in _related(run, "la-norma")


@pytest.mark.parametrize("org", ["Municipality of Shtërpcë", "Kosovo Police"])
def test_a_panelists_organization_finds_the_shterpce_panel(run, org):
    code, out, _ = run("timeline", "--org", org)  # the police through its station's commander
    assert code == 0 and "shterpce-panel-2020" in out


def test_the_kja_conference_is_bounded_by_the_survey_and_the_training_marked_inferred(shipped):
    conference = shipped.by_id["kja-survey-findings-conference"]
    survey = shipped.by_id["kja-survey-women-minorities-justice-system"]
    training = shipped.by_id["kji-gender-justice-training-2009"]
    assert (conference.start, conference.end) == (survey.end, training.date)
    assert {"start", "end"} <= set(conference.inferred)


def test_kwns_washington_meeting_closes_its_timeline_as_date_not_stated(run):
    code, out, _ = run("timeline", "--org", "KWN")
    rows = tsv(out)
    meeting = next(r for r in rows if r["id"] == "wps-focal-points-network-fifth-meeting")
    assert (meeting["date"], meeting["end"], meeting["what"]) == ("", "", "date not stated")
    assert "year not stated" in meeting["the_documents_say"]
    assert rows.index(meeting) > max(i for i, r in enumerate(rows) if r["date"])  # after every dated row
    code, out, _ = run("timeline", "--org", "KWN", "--dated-only")
    assert "wps-focal-points-network-fifth-meeting" not in out


def test_records_toml_is_grouped_by_kind_and_ordered_by_id():
    import re

    text = shipped_data().joinpath("records.toml").read_text(encoding="utf-8")
    kinds = re.findall(r"(?m)^\[\[(\w+)\]\]", text)
    ids = re.findall(r'(?m)^id = "([^"]+)"', text)
    groups = list(dict.fromkeys(kinds))
    assert groups == ["source", "place", "organization", "person", "project", "event", "publication", "policy",
                      "funding"]
    for kind in groups:
        of_kind = [i for k, i in zip(kinds, ids) if k == kind]
        assert of_kind == sorted(of_kind), kind
