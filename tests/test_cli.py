"""The CLI through Typer's CliRunner: design-card commands, output formats, errors and exit codes."""

from __future__ import annotations

import csv
import io
import json
import re
import textwrap

import pytest
from conftest import BASE, tsv


def test_list_projects_plain_is_tab_separated(run):
    code, out, err = run("list", "projects")
    assert code == 0 and err == ""
    lines = out.splitlines()
    assert lines[0].split("\t") == ["id", "date", "date_inferred", "end", "end_inferred", "ongoing", "window", "title",
                                     "implementing", "funding"]
    wssi = next(r for r in tsv(out) if r["id"] == "wssi-plus")
    assert (wssi["date"], wssi["end"]) == ("2009-02", "2013-12")  # one value per column
    assert "\x1b" not in out


def test_funding_donor_netherlands(run):
    code, out, err = run("funding", "--donor", "Netherlands")
    assert code == 0
    [row] = tsv(out)
    assert (row["amount"], row["currency"], row["date"], row["date_inferred"]) == ("937500", "USD", "2009-02", "yes")
    assert "total USD 937500" in err  # totals on stderr: piped rows stay one shape


def test_funding_json_has_rows_and_totals(run):
    code, out, _ = run("funding", "--donor", "Netherlands", "--json")
    data = json.loads(out)
    assert data["totals"] == [{"amount": "937500", "currency": "USD"}] and data["undisclosed"] == 0
    assert data["flows"][0]["amount"] == "937500"


def test_timeline_org_kwn(run):
    code, out, _ = run("timeline", "--org", "KWN")
    assert code == 0
    rows = tsv(out)
    assert [rows[0][k] for k in ("date", "end", "kind", "what")] == ["2000", "", "organization", "founded"]
    assert {r["date"] for r in rows if r["kind"] == "publication"} >= {"2007-12", "2009-06", "2021", "2022"}


def test_list_csv_parses(run):
    code, out, _ = run("list", "orgs", "--csv")
    rows = list(csv.reader(io.StringIO(out)))
    assert rows[0][0] == "id" and any(r[0] == "kwn" for r in rows[1:])


def test_list_json_is_a_list_of_records(run):
    code, out, _ = run("list", "events", "--json", "--limit", "2")
    data = json.loads(out)
    assert len(data) == 2 and all(d["record"]["kind"] == "event" and d["record"]["sources"] for d in data)
    assert all(d["id"] == d["record"]["id"] and "title" in d for d in data)  # the table's fields too


def test_show_json_has_relations_both_ways(run):
    code, out, _ = run("show", "kwn", "--json")
    data = json.loads(out)
    assert data["id"] == "kwn" and data["founded"] == "2000"
    assert any(r["direction"] == "in" and r["kind"] == "person" for r in data["relations"])
    assert any(r["kind"] == "publication" for r in data["relations"])


def test_show_accepts_a_name(run):
    code, out, _ = run("show", "Netherlands")
    assert code == 0
    assert "record\tid\tnetherlands" in out.splitlines()
    assert any(line.startswith("relations\t← funding\tfunding-netherlands-wssi-plus: ") and line.endswith(" · donor")
               for line in out.splitlines())


def test_search_shterpce(run):
    code, out, _ = run("search", "Shterpce", "--kind", "events")
    assert code == 0 and "2020-01-22" in out


def test_stats(run):
    code, out, _ = run("stats", "--json")
    data = json.loads(out)
    assert data["counts"]["sources"] == 5 and len(data["sources"]) == 5
    code, out, _ = run("stats")
    rows = [line.split("\t") for line in out.splitlines()]
    assert all(len(r) == 3 for r in rows)
    assert ["period", "first", data["first"]] in rows and ["records", "sources", "5"] in rows


def test_timeline_json_rows_are_its_columns_and_the_record(run):
    code, out, _ = run("timeline", "--json")
    items = json.loads(out)
    assert all(set(i) == set(items[0]) for i in items)  # one shape
    programme = next(i for i in items if i["id"] == "unifem-1325-see")
    assert (programme["date"], programme["date_inferred"], programme["what"]) == ("2005", False, "period")
    flow = next(i for i in items if i["id"] == "funding-unifem-wib")  # dated by its programme: a window
    assert (flow["date"], flow["date_inferred"], flow["what"]) == ("2005", True, "given, some time in this span")
    assert flow["record"]["window"] is True and "start" in flow["record"]["inferred"]
    code, out, _ = run("timeline", "--json=date,id,title")
    assert all(row["date"] for row in json.loads(out)[:20])


@pytest.mark.parametrize("args", [["list", "events"], ["search", "zzzz"], ["timeline"]])
def test_empty_json_is_an_empty_list(run, write, args):
    code, out, _ = run("--data", write(BASE.split("[[organization]]")[0]), *args, "--json")
    assert code == 0 and json.loads(out) == []


def test_empty_result_is_a_note_on_stderr_and_exit_0(run):
    code, out, err = run("list", "events", "--from", "1900", "--to", "1901")
    assert (code, out) == (0, "") and "no events found" in err


def test_unknown_org_suggests_and_exits_1(run):
    code, out, err = run("timeline", "--org", "KWNN")
    assert code == 1 and out == "" and "did you mean" in err and "kwn" in err
    assert "Traceback" not in err


def test_ambiguous_org_is_a_usage_error(run, write):
    path = write(BASE.replace('name = "Government of the Kingdom of Bee"', 'name = "Organization Bee"'))
    code, _, err = run("--data", path, "list", "orgs", "--org", "organization")
    assert code == 2 and "ambiguous" in err


@pytest.mark.parametrize("args", [["list", "projcts"], ["list", "projects", "--from", "June"],
                                  ["list", "projects", "--to", "0999"], ["list", "orgs", "--type", ""],
                                  ["timeline", "--org", " "],
                                  ["nosuchcommand"], ["list", "projects", "--sort", "colour"],
                                  ["funding", "--by", "colour"]])
def test_usage_errors_exit_2(run, args):
    code, out, err = run(*args)
    assert code == 2 and out == "" and err


def test_unknown_kind_suggests(run):
    _, _, err = run("list", "projcts")
    assert "did you mean 'projects'" in err


def test_help_has_examples(run):
    for command in ("list", "show", "search", "timeline", "funding", "stats", "validate"):
        code, out, _ = run(command, "--help")
        examples = out.split("Example", 1)[-1]
        assert code == 0 and "Example" in out and f"  wps {command} " in examples


@pytest.mark.parametrize("command", [["validate"], ["list", "projects"], ["show", "x"], ["search", "x"],
                                     ["timeline"], ["funding"], ["stats"]])
def test_bad_data_fails_every_command_cleanly(run, write, command):
    path = write(BASE + '\n[[event]]\nid = "e1"\ntitle = "T"\ndate = "2009-02-30"\nsources = [{source = "src-a", quote = "q"}]\n')
    code, out, err = run("--data", path, *command)
    report = out if command == ["validate"] else err  # validate's findings are its output
    assert code == 1 and (out == "" or command == ["validate"])
    assert f"{path}:" in report and "e1: date: impossible date" in report and "1 problem found" in report


def test_validate_clean_data_exits_0(run, write):
    code, out, _ = run("validate", write(BASE))
    assert code == 0 and "3 records" in out


def test_data_from_environment(run, write, monkeypatch):
    monkeypatch.setenv("WPS_DATA", str(write(BASE)))
    code, out, _ = run("list", "orgs")
    assert code == 0 and "org-a" in out and "kwn" not in out


def test_markup_in_data_is_printed_literally(run, write):
    path = write(BASE + '\n[[event]]\nid = "e1"\ntitle = "[bold]Loud[/bold] [link=http://x]y[/link]"\n'
                        'sources = [{source = "src-a", quote = "q"}]\n')
    code, out, _ = run("--data", path, "show", "e1")
    assert "[bold]Loud[/bold] [link=http://x]y[/link]" in out


HOSTILE = "[red]x[/red] [link=http://evil]y[/link] \x1b[31m :smile: \u202eevil"


def terminal_output(renderables) -> str:
    """Render as on a colour terminal, and return what would reach it."""
    import io

    from rich.console import Console

    out = io.StringIO()
    console = Console(file=out, force_terminal=True, color_system="truecolor", width=200,
                      highlight=False, markup=False, emoji=False)
    for r in renderables:
        console.print(r)
    return out.getvalue()


@pytest.mark.parametrize("build", ["table", "pairs"])
def test_terminal_output_shows_data_literally(build):
    from wpskosovo.render import layout, output

    if build == "table":
        renderables = layout.table_renderables(output.Table("t", ["a"], [[HOSTILE]]), [["total", HOSTILE]])
    else:
        renderables = layout.pairs_renderables(HOSTILE, [("fields", [("title", HOSTILE)])])
    text = terminal_output(renderables)
    assert "[red]x[/red] [link=http://evil]y[/link]" in text and ":smile:" in text
    assert "\x1b[31m :" not in text and "\\x1b[31m" in text  # the data's ESC is shown, never sent
    assert "\u202e" not in text and "\\u202e" in text
    assert "\x1b]8;" not in text  # no hyperlink escape was produced


def test_completion_of_organizations_honours_data(write, tmp_path):
    import os
    import subprocess
    import sys
    from pathlib import Path

    wps = Path(sys.executable).with_name("wps")
    if not wps.exists():
        pytest.skip("the wps script is not installed beside this Python")
    path = write(BASE)
    env = dict(os.environ, _WPS_COMPLETE="complete_zsh", XDG_CACHE_HOME=str(tmp_path / "cache"))

    def complete(args: str) -> str:
        env["_TYPER_COMPLETE_ARGS"] = args
        return subprocess.run([str(wps)], env=env, capture_output=True, text=True, check=True).stdout

    assert '"kwn"' in complete("wps timeline --org kw")
    assert '"KWN"' in complete("wps timeline --org KW")
    out = complete(f"wps --data {path} timeline --org o")
    assert '"org-a"' in out and "kwn" not in out
    assert '"projects"' in complete("wps list pro")


def test_show_marks_inferred_links_and_names_the_inferred_entry(run, write):
    path = write(BASE + textwrap.dedent("""
        [[project]]
        id = "proj-1"
        title = "Work"
        participants = [{org = "org-a", role = "implementing"}, {org = "donor-b", role = "funding"}]
        inferred = {"participants.1" = "the text names only the fund"}
        sources = [{source = "src-a", quote = "work"}]
    """))
    code, out, _ = run("show", "proj-1", "--data", path)
    assert code == 0
    assert "donor-b: Government of the Kingdom of Bee · funding (inferred)" in out
    assert "org-a: Organization Ä of Shtërpcë · implementing\n" in out
    assert "notes\tinferred\tparticipants (Government of the Kingdom of Bee): the text names only the fund" in out
    assert "participants.1" not in out  # the tool's words, not the data format's
    code, out, _ = run("show", "donor-b", "--json", "--data", path)
    assert json.loads(out)["relations"][0]["inferred"] is True


@pytest.mark.parametrize(("args", "registered"), [
    (["list", "projects"], ("list",)),
    (["--data", "list", "show", "kwn"], ("show",)),  # a file named "list" is --data's value
    (["--data=x.toml", "timeline"], ("timeline",)),
    (["--help"], None), ([], None), (["lsit", "projects"], None), (["--version"], None),
])
def test_a_run_registers_the_command_it_invokes_and_all_when_unsure(args, registered):
    from wpskosovo.cli.app import COMMANDS
    from wpskosovo.cli.main import invoked

    assert invoked(args) == (registered or COMMANDS)


@pytest.mark.parametrize("shell", ["bash", "zsh"])
def test_sort_and_type_complete_only_what_the_kind_on_the_line_has(shell):
    """`list projects --sort <Tab>` offers projects' fields, `list events --type <Tab>` events'
    types: values another kind has would be refused."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    from wpskosovo.query.resolve import type_values
    from wpskosovo.render.reports import sort_names

    wps = Path(sys.executable).with_name("wps")
    if not wps.exists():
        pytest.skip("the wps script is not installed beside this Python")

    def complete(line: str) -> set[str]:
        env = dict(os.environ, _WPS_COMPLETE=f"complete_{shell}", COMP_WORDS=line,
                   COMP_CWORD=str(len(line.split())), _TYPER_COMPLETE_ARGS=line)
        out = subprocess.run([str(wps)], env=env, capture_output=True, text=True, check=True).stdout
        return set(out.split()) if shell == "bash" else set(re.findall(r'"([^"]+)"', out))

    for kind, plural in (("project", "projects"), ("event", "events"), ("organization", "organizations")):
        offered = {n for n in complete(f"wps list {plural} --sort ") if not n.startswith("-")}
        assert offered == set(sort_names("list", kind)), kind
        assert complete(f"wps list --kind {plural} --sort ") >= offered
    assert complete("wps list events --type ") == set(type_values("event"))
    assert complete("wps list policies --type ") == set(type_values("policy"))
    assert "law" not in complete("wps list events --type ")
