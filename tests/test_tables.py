"""How tables and options look and behave for people and scripts (issue: ids whole, width to
the titles, strict and uniform flags)."""

from __future__ import annotations

import csv
import io
import json
import re

import pytest
from conftest import BASE, records_of, rows_of, tsv

from wpskosovo.query import search, select
from wpskosovo.render import layout, output, reports
from wpskosovo.store.db import open_data


@pytest.fixture(scope="module")
def shipped():
    return open_data()


def render(renderables, width: int) -> list[str]:
    from rich.console import Console

    out = io.StringIO()
    console = Console(file=out, width=width, color_system=None, highlight=False, markup=False, emoji=False)
    for r in renderables:
        console.print(r)
    return out.getvalue().splitlines()


ALL_KINDS = ["source", "place", "organization", "person", "project", "event", "publication", "policy",
             "funding"]


@pytest.mark.parametrize("width", [80, 120, 160])
@pytest.mark.parametrize("kind", ALL_KINDS)
def test_ids_are_never_broken_and_nothing_overflows(shipped, kind, width):
    records = rows_of(shipped, kind)
    lines = render(layout.table_renderables(reports.list_table(kind, records), width=width), width)
    text = "\n".join(lines)
    for r in records:
        assert re.search(rf"(^|\s){re.escape(r.id)}(\s|$)", text, re.M), f"{r.id} broken at {width}"
    assert all(len(line.rstrip()) <= width for line in lines)


@pytest.mark.parametrize("width", [80, 120])
@pytest.mark.parametrize("kind", ["project", "event", "publication", "funding", "organization"])
def test_each_row_shows_its_date_and_30_characters_of_its_title_on_one_line(shipped, kind, width):
    records = rows_of(shipped, kind)
    table = reports.list_table(kind, records)
    lines = render(layout.table_renderables(table, width=width), width)
    for r, row in zip(records, table.rows):
        title = output.one_line(row[table.columns.index(table.flex or ("title" if "title" in table.columns
                                                                     else "name"))])
        date = output.text(row[1], "table") if table.columns[1] in ("date", "founded") else ""
        assert any(title[:30] in line and date in line for line in lines), (r.id, title)


def test_amounts_are_whole_with_their_currency_at_80_columns(shipped):
    lines = render(layout.table_renderables(reports.list_table("funding", rows_of(shipped, "funding")),
                                          width=80), 80)
    assert any(line.rstrip().endswith("937,500 USD") for line in lines)
    assert sum(line.rstrip().endswith("undisclosed") for line in lines) == 3


def test_a_narrow_terminal_stacks_rows_and_leaves_nothing_out():
    table = output.Table("T", ["id", "title", "type", "status"],
                       [["a-rather-long-identifier-that-must-stay-whole", "A long title " * 3, "strategy", "adopted"]])
    text = "\n".join(render(layout.table_renderables(table, width=60), 60))
    assert "a-rather-long-identifier-that-must-stay-whole" in text
    assert "type: strategy" in " ".join(text.split()) and "status: adopted" in " ".join(text.split())


def test_a_wide_terminal_gives_a_row_one_line():
    table = output.Table("T", ["id", "date", "title"], [["a", "2001", "Alpha"], ["b", "2002", "Beta"]])
    lines = [line for line in render(layout.table_renderables(table, width=80), 80) if line.strip()]
    assert lines[-2].split() == ["a", "2001", "Alpha"] and lines[-1].split() == ["b", "2002", "Beta"]


def test_a_column_empty_in_every_row_is_left_out():
    table = output.Table("T", ["id", "date", "title"], [["a", "", "Alpha"], ["b", "", "Beta"]])
    header = render(layout.table_renderables(table, width=80), 80)[2]
    assert "id" in header and "title" in header and "date" not in header


def test_dates_hold_dates_only_and_inferred_ones_are_marked(shipped):
    table = reports.list_table("event", rows_of(shipped, "event"))
    dates = {output.text(row[1], "table") for row in table.rows}
    assert all(re.fullmatch(r"(≥?~?\d{4}(-\d\d){0,2}\??)?", d) for d in dates), dates
    conference = reports.list_table("event", select.rows(shipped, "event", ["kja-survey-findings-conference"])).rows[0]
    assert [output.text(c, "table") for c in conference[1:3]] == ["≥~2009-01", "≤~2009-07"]  # a window
    assert [output.text(c, "plain") for c in conference[1:3]] == ["2009-01", "2009-07"]
    monitoring = reports.list_table("project", select.rows(shipped, "project", ["kwn-zz-unscr-1325-monitoring"])).rows[0]
    assert [output.text(c, "table") for c in monitoring[1:3]] == ["2004", "as of ~2009"]  # an open end
    assert [output.text(c, "plain") for c in monitoring[1:3]] == ["2004", ""]


def test_show_puts_the_title_first_relations_target_first_and_notes_last(run):
    code, out, _ = run("show", "kwn")
    lines = out.splitlines()
    assert lines[0] == "section\tfield\tvalue"
    assert lines[1].startswith("record\tname\tKosovo Women's Network")
    sections = [line.split("\t")[0] for line in lines[1:]]
    assert sections.index("relations") < sections.index("evidence") < sections.index("notes") \
        if "notes" in sections else sections.index("relations") < sections.index("evidence")
    assert "relations\t← organization\twpc: Women's Peace Coalition · founder" in lines
    assert not any("participants" in line for line in lines)


def test_show_groups_evidence_under_each_source_once(run):
    code, out, _ = run("show", "kwn")
    evidence = [line.split("\t") for line in out.splitlines() if line.startswith("evidence\t")]
    named = [e[1] for e in evidence if e[1]]
    assert len(named) == len(set(named)) >= 2  # each source's title once, its quotes under it


def test_show_formats_amounts_and_names_as_list_does(run):
    code, out, _ = run("show", "funding-netherlands-wssi-plus")
    assert "record\tamount\t937,500 USD" in out.splitlines()


def test_roles_do_not_repeat_their_organization(shipped):
    for person in records_of(shipped, "person"):
        for role in person.roles:
            line = reports.role_text(role.title, shipped.by_id[role.org].short_name if role.org else "")
            assert not re.search(r"\b(\w+), \1$", line), line


# ---------------------------------------------------------------- strict, uniform options


@pytest.mark.parametrize("args, names", [
    (["list", "orgs", "--donor", "Netherlands"], "projects, funding"),
    (["list", "people", "--type", "ngo"], "--type"),
    (["list", "sources", "--place", "Kosovo"], "organizations, projects, events"),
    (["list", "people", "--from", "2009"], "projects"),
    (["stats", "--kind", "people", "--place", "Kosovo"], "organizations, projects, events"),
    (["list", "places", "--org", "KWN"], "organizations"),
])
def test_a_filter_that_cannot_apply_is_a_usage_error(run, args, names):
    code, out, err = run(*args)
    assert code == 2 and out == "" and names in err


def test_an_unknown_type_lists_the_valid_ones(run):
    code, _, err = run("list", "events", "--type", "foo")
    assert code == 2 and "panel" in err and "workshop" in err


@pytest.mark.parametrize("args", [
    ["list", "events", "--json", "--csv"], ["timeline", "--chart", "--json"], ["funding", "--chart", "--csv"],
    ["list", "projects", "--from", "2010", "--to", "2005"], ["list", "projects", "--export", "p.txt"],
    ["list", "projects", "--limit", "0"], ["search", ""], ["show", " "], ["list", "projects", "--kind", "events"],
    ["list"], ["list", "orgs", "--json=id,nope"],
])
def test_conflicting_or_bad_options_exit_2(run, args):
    code, out, err = run(*args)
    assert code == 2 and out == "" and err


def test_a_repeated_org_means_any_of(run):
    _, kwn, _ = run("list", "projects", "--org", "KWN")
    _, kcss, _ = run("list", "projects", "--org", "KCSS")
    _, both, _ = run("list", "projects", "--org", "KWN", "--org", "KCSS")
    ids = lambda out: {line.split("\t")[0] for line in out.splitlines()[1:]}  # noqa: E731
    assert ids(both) == ids(kwn) | ids(kcss) and ids(kwn) and ids(kcss)


def test_the_kind_is_given_the_same_way_everywhere(run):
    assert run("list", "projects")[1] == run("list", "--kind", "projects")[1]
    code, out, _ = run("timeline", "--kind", "events")
    assert code == 0 and {r["kind"] for r in tsv(out)} == {"event"}
    code, out, _ = run("search", "Shterpce", "--kind", "events")
    assert code == 0 and {r["kind"] for r in tsv(out)} == {"event"}


def test_data_is_accepted_after_the_subcommand(run, write):
    code, out, _ = run("list", "orgs", "--data", write(BASE))
    assert code == 0 and "org-a" in out and "kwn" not in out


def test_version_and_bare_wps(run):
    code, out, _ = run("--version")
    assert code == 0 and re.match(r"wps \d+\.\d+", out)
    code, out, _ = run()
    assert code == 0 and "Usage" in out and "timeline" in out


@pytest.mark.parametrize("suffix", [".csv", ".json", ".md"])
def test_exports_as_csv_json_and_markdown(run, tmp_path, suffix):
    target = tmp_path / f"projects{suffix}"
    code, _, _ = run("list", "projects", "--export", target)
    content = target.read_text()
    assert code == 0 and "wssi-plus" in content
    if suffix == ".json":
        assert any(row["id"] == "wssi-plus" for row in json.loads(content))
    if suffix == ".csv":
        assert next(csv.reader(io.StringIO(content)))[:4] == ["id", "date", "date_inferred", "end"]


def test_limit_says_how_many_there_are(run):
    code, out, err = run("list", "projects", "--limit", "2")
    assert len(out.splitlines()) == 3 and "showing 2 of 24" in err
    code, out, _ = run("list", "projects", "--limit", "2", "--json")
    assert len(json.loads(out)) == 2


# ---------------------------------------------------------------- help and completion


@pytest.mark.parametrize("command", ["list", "show", "search", "timeline", "funding", "stats", "validate"])
def test_help_shows_no_python_types_and_compact_examples(run, command):
    code, out, _ = run(command, "--help")
    assert code == 0 and not re.search(r"<(str|int|list|Path|bool)[^>]*>|x>=", out)
    examples = out.split("Examples:", 1)[1].split("\n\n", 2)[1]
    assert examples.count("wps ") >= 2 and "\n\n" not in examples.strip()


def test_help_lists_allowed_values(run):
    assert "-FIELD: descending" in run("list", "--help")[1]
    assert "donor|recipient|project|year" in run("funding", "--help")[1]


def _complete(shell_args: str, env_extra=None) -> str:
    import os
    import subprocess
    import sys
    from pathlib import Path

    wps = Path(sys.executable).with_name("wps")
    if not wps.exists():
        pytest.skip("the wps script is not installed beside this Python")
    env = dict(os.environ, _WPS_COMPLETE="complete_zsh", _TYPER_COMPLETE_ARGS=shell_args, **(env_extra or {}))
    return subprocess.run([str(wps)], env=env, capture_output=True, text=True, check=True).stdout


def test_completion_ignores_case_and_accents():
    assert '"Netherlands"' in _complete("wps funding --donor Neth")  # the id netherlands, as typed
    assert '"Štrpce"' in _complete("wps list events --place Štr")
    assert '"shterpce"' in _complete("wps list events --place shter")


def test_completion_of_show_ids_sort_and_types():
    assert "kwn-zz-unscr-1325-monitoring" in _complete("wps show kwn-z")
    assert "kwn-zz-unscr-1325-monitoring" in _complete("wps cite kwn kwn-z")  # each record cite takes
    assert '"plain"' in _complete("wps cite kwn --format p")
    assert '"name"' in _complete("wps list projects --sort n")
    assert '"workshop"' in _complete("wps list events --type wo")


@pytest.mark.parametrize("shell, marker", [("zsh", "#compdef wps"), ("fish", "complete"), ("bash", "complete")])
def test_show_completion_honours_the_shell_named(run, shell, marker):
    code, out, _ = run("--show-completion", shell)
    assert code == 0 and marker in out
    if shell == "zsh":
        assert "COMP_WORDS" not in out  # not bash's script


# ---------------------------------------------------------------- search


def test_search_takes_several_words_without_quotes(run):
    code, out, _ = run("search", "nicole", "kidman")
    assert code == 0 and out.splitlines()[1].split("\t")[0] == "nicole-kidman"


def test_exact_names_rank_first(shipped):
    assert search.search(shipped, "1325")[0].id == "unscr-1325"
    assert search.search(shipped, "KWN")[0].id == "kwn"


def test_search_shows_a_snippet_of_what_matched(shipped):
    hit = next(h for h in search.search(shipped, "enclaves") if h.id == "inter-ethnic-dialogue-kosovo")
    assert "enclaves" in hit.snippet and len(hit.snippet) < 100


# ---------------------------------------------------------------- machine output


def test_funding_rows_have_one_value_per_column(run):
    code, out, _ = run("funding", "--csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    wssi = next(r for r in rows if r["id"] == "funding-netherlands-wssi-plus")
    assert (wssi["amount"], wssi["currency"], wssi["project"]) == ("937500", "USD", "WSSI Plus")
    undisclosed = [r for r in rows if r["amount"] == ""]
    assert len(undisclosed) == 3 and all(r["currency"] == "" for r in undisclosed)


def test_json_rows_carry_the_tables_fields_and_the_record(run):
    code, out, _ = run("list", "projects", "--json")
    row = next(r for r in json.loads(out) if r["id"] == "wssi-plus")
    assert (row["date"], row["end"]) == ("2009-02", "2013-12") and row["record"]["participants"]


def test_json_fields_pick_fields(run):
    code, out, _ = run("list", "orgs", "--json=id,name")
    rows = json.loads(out)
    assert code == 0 and rows and all(set(r) == {"id", "name"} for r in rows)


def test_piped_stats_have_a_header_and_csv(run):
    code, out, _ = run("stats")
    assert out.splitlines()[0] == "section\tfield\tvalue"
    code, out, _ = run("stats", "--csv")
    assert next(csv.reader(io.StringIO(out))) == ["section", "field", "value"]


# ---------------------------------------------------------------- validate


def test_validate_findings_are_output_and_json(run, write):
    path = write(BASE + '\n[[event]]\nid = "e1"\ntitle = "T"\ndate = "2009-02-30"\nsources = [{source = "src-a", quote = "q"}]\n')
    code, out, err = run("validate", path)
    assert code == 1 and "impossible date" in out and err == ""
    code, out, _ = run("validate", path, "--json")
    report = json.loads(out)
    assert code == 1 and not report["ok"] and report["problems"][0]["record"] == "e1"
    assert report["problems"][0]["line"] == BASE.count("\n") + 5


def test_a_reference_to_an_invalid_record_is_not_reported_again(run, write):
    broken_org = BASE.replace('id = "org-a"\n', 'id = "org-a"\nfounded = "2009-02-30"\n')
    path = write(broken_org + '\n[[event]]\nid = "e1"\ntitle = "T"\norganizers = ["org-a"]\n'
                              'sources = [{source = "src-a", quote = "q"}]\n')
    code, out, _ = run("validate", path)
    assert code == 1 and "impossible date" in out and "unknown id" not in out and "1 problem" in out


def test_a_duplicate_id_is_located_at_both_lines(run, write):
    path = write(BASE + '\n[[event]]\nid = "org-a"\ntitle = "T"\nsources = [{source = "src-a", quote = "q"}]\n')
    code, out, _ = run("validate", path)
    first = BASE.splitlines().index('id = "org-a"') + 1
    assert code == 1 and f"duplicate id; first defined as an organization at {path}:{first}" in out


def test_records_after_an_invalid_one_are_located_at_their_own_line(run, write):
    text = BASE + ('\n[[event]]\nid = "bad"\ntitle = "T"\ndate = "2009-13"\nsources = [{source = "src-a", quote = "q"}]\n'
                   '\n[[event]]\nid = "e2"\ntitle = "T"\norganizers = ["nobody"]\nsources = [{source = "src-a", quote = "q"}]\n')
    path = write(text)
    code, out, _ = run("validate", path)
    line = text.splitlines().index('organizers = ["nobody"]') + 1
    assert f"{path}:{line}: e2: organizers 1: unknown id 'nobody'" in out


@pytest.mark.parametrize("width", ["60", "80", "120"])
def test_show_cuts_nothing_at_any_width(run, monkeypatch, shipped, width):
    """`show` is the one view of a record whole: no "…" in any record's page at any width."""
    monkeypatch.setenv("WPS_FORCE_TTY", "1")
    monkeypatch.setenv("COLUMNS", width)
    for kind in ("organization", "project", "event", "policy"):
        for record in records_of(shipped, kind):
            code, out, _ = run("show", record.id)
            own = json.dumps(record.model_dump(mode="json"), ensure_ascii=False).count("…")  # the data's own
            assert code == 0 and out.count("…") <= own, (record.id, width)


def test_sources_are_listed_in_the_documents_order_with_their_language_named(run):
    rows = tsv(run("list", "sources")[1])
    assert [r["file"][:3] for r in rows] == ["000", "001", "002", "003", "004"]
    assert rows[1]["language"] == "Albanian (sq)"


@pytest.mark.parametrize("args", [["list", "projects"], ["show", "kwn"], ["timeline", "--chart"],
                                  ["network", "--org", "KCSS"], ["funding", "--chart"], ["stats"]])
def test_no_terminal_line_ends_in_padding(run, monkeypatch, args):
    monkeypatch.setenv("WPS_FORCE_TTY", "1")
    monkeypatch.setenv("COLUMNS", "100")
    code, out, _ = run(*args)
    assert code == 0 and out.strip() and not [line for line in out.splitlines() if line.endswith(" ")]


def test_bash_completion_writes_a_name_with_spaces_as_one_word():
    import os
    import subprocess
    import sys
    from pathlib import Path

    wps = Path(sys.executable).with_name("wps")
    if not wps.exists():
        pytest.skip("the wps script is not installed beside this Python")
    env = dict(os.environ, _WPS_COMPLETE="complete_bash", COMP_WORDS="wps list events --place Shtet", COMP_CWORD="4")
    out = subprocess.run([str(wps)], env=env, capture_output=True, text=True, check=True).stdout.splitlines()
    assert "Shtetet\\ e\\ Bashkuara" in out and not [c for c in out if " " in c.replace("\\ ", "")]


WIDE_COMMANDS = [["list", plural] for plural in ("projects", "events", "publications", "policies", "funding",
                                                 "organizations", "sources", "people", "places")] + \
    [["search", "women"], ["timeline"], ["funding"], ["funding", "--by", "donor"], ["network", "--org", "KWN"]]


@pytest.mark.parametrize("columns", [60, 80, 120, 160])
@pytest.mark.parametrize("args", WIDE_COMMANDS, ids=" ".join)
def test_no_id_date_or_amount_is_cut_or_broken_at_any_width_from_60(run, monkeypatch, args, columns):
    """Every id, date and amount a command prints piped is whole on one line of its table, at
    60, 80, 120 and 160 columns; no line is wider than the terminal or ends in padding."""
    piped = tsv(run(*args)[1])
    monkeypatch.setenv("WPS_FORCE_TTY", "1")
    monkeypatch.setenv("COLUMNS", str(columns))
    code, out, _ = run(*args)
    lines = out.splitlines()
    assert code == 0 and all(len(line) <= columns and line == line.rstrip() for line in lines)
    wanted = {c: [r[c] for r in piped if r.get(c)] for c in ("id", "group", "org", "partner", "date", "end", "ongoing",
                                                              "founded", "amount")}
    assert any(wanted.values())
    for column, values in wanted.items():
        for value in values:
            shown = f"{int(value):,}" if column == "amount" and value.isdigit() else value
            assert re.search(rf"(?<![\w-]){re.escape(shown)}(?![\w-])", out), (column, value, columns)
