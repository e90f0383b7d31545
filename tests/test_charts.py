"""Charts rendered at fixed widths, and exports that parse."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest
from conftest import BASE

from wpskosovo.query import filters, funding, timeline
from wpskosovo.render import charts
from wpskosovo.store.db import open_data

PROGRAMME = BASE + """
[[project]]
id = "prog"
title = "Programme"
start = "2005"
end = "2011"
participants = [{org = "org-a", role = "implementing"}]
sources = [{source = "src-a", quote = "q"}]

[[project]]
id = "phase-2"
title = "Phase two"
parent = "prog"
start = "2008-06"
end = "2011"
sources = [{source = "src-a", quote = "q"}]

[[project]]
id = "phase-1"
title = "Phase one"
parent = "prog"
start = "2005"
end = "2008"
inferred = {end = "the text implies it"}
sources = [{source = "src-a", quote = "q"}]

[[project]]
id = "other"
title = "Other project"
start = "2009-02"
end = "2013-12"
sources = [{source = "src-a", quote = "q"}]

[[event]]
id = "panel"
title = "Panel"
date = "2010-01-22"
sources = [{source = "src-a", quote = "q"}]

[[funding]]
id = "f1"
donors = ["donor-b"]
project = "other"
amount = "937500"
currency = "USD"
sources = [{source = "src-a", quote = "q"}]

[[funding]]
id = "f2"
donors = ["org-a"]
project = "prog"
amount = "300000"
currency = "USD"
sources = [{source = "src-a", quote = "q"}]

[[funding]]
id = "f3"
donors = ["org-a"]
project = "other"
amount = "5000"
currency = "EUR"
sources = [{source = "src-a", quote = "q"}]

[[funding]]
id = "f4"
donors = ["donor-b"]
recipient = "org-a"
sources = [{source = "src-a", quote = "q"}]
"""


@pytest.fixture
def data(write):
    return open_data([write(PROGRAMME)])


def chart_lines(data, width):
    moments = timeline.timeline(data, filters.Filters())
    lines = charts.timeline_chart(moments, width)
    return None if lines is None else [line.plain for line in lines]


@pytest.mark.parametrize("width", [80, 160])
def test_timeline_chart_structure(data, width):
    lines = chart_lines(data, width)
    assert all(len(line) <= width for line in lines)
    axis, ticks, *rest = lines
    start = len(axis) - len(axis.lstrip())  # bars begin where the axis labels do
    assert axis.split()[0] == "2005" and (width < 100 or "2013" in axis)
    assert ticks[start] == "┌"
    rows = {row[:start].strip(): row[start:] for row in rest[:5]}
    # One row per dated record, phases right under their programme, in date order.
    assert list(rows) == ["Programme", "└ Phase one", "└ Phase two", "Other project", "Panel"]
    # Phase one's end is inferred: drawn with the inferred shade; the other phase solid.
    assert "▒" in rows["└ Phase one"] and "█" in rows["└ Phase two"] and "▒" not in rows["└ Phase two"]
    # Year-only ends are drawn as imprecise; the day-precise event as a single marker.
    assert "░" in rows["Programme"] and rows["Panel"].count("◆") == 1
    first = {name: min(i for i, c in enumerate(bar) if c != " ") for name, bar in rows.items()}
    assert first["Programme"] == 0 < first["└ Phase two"] < first["Other project"] < first["Panel"]
    assert any(line.startswith("█ period") for line in rest)


def test_timeline_chart_too_narrow_is_none(data):
    assert chart_lines(data, 20) is None


def test_single_dated_item(write):
    data = open_data([write(BASE + '\n[[event]]\nid = "e"\ntitle = "Only"\ndate = "2020-01-22"\n'
                              'sources = [{source = "src-a", quote = "q"}]\n')])
    axis, ticks, row, *_ = chart_lines(data, 80)
    assert axis.split() == ["2020"] and row.count("◆") == 1


def test_no_dated_items_cli(run, write):
    code, out, err = run("--data", write(BASE), "timeline", "--chart")
    assert (code, out) == (0, "") and "no records found" in err


def test_funding_chart_per_currency_bars_ordered_undisclosed_listed(data):
    report = funding.funding(data, by="donor")
    lines = [line.plain for line in charts.funding_chart(report, 80)]
    scale = " (bars on a scale of their own: currencies are not converted)"
    assert lines[0] == "EUR" + scale and "USD" + scale in lines  # two currencies: said, not drawn as one
    usd = lines[lines.index("USD" + scale) + 1: lines.index("USD" + scale) + 3]
    assert usd[0].startswith("Government of the Kingdom") and usd[0].rstrip().endswith("937,500")
    assert usd[1].rstrip().endswith("300,000")
    assert usd[0].count("█") > usd[1].count("█") > 0
    assert "Undisclosed amounts (not drawn):" in lines
    assert any("Government of the Kingdom of Bee: 1 flow" in line for line in lines)


def test_chart_piped_has_no_escape_codes(run, write):
    code, out, _ = run("--data", write(PROGRAMME), "timeline", "--chart")
    assert code == 0 and "\x1b" not in out and "Phase one" in out and "┌" in out


def test_export_svg_parses_and_has_titles(run, write, tmp_path):
    path = write(PROGRAMME)
    svg = tmp_path / "t.svg"
    code, out, err = run("--data", path, "timeline", "--chart", "--export", svg)
    assert code == 0 and out == "" and "wrote" in err
    root = ET.parse(svg).getroot()
    assert root.tag.endswith("svg")
    text = "".join(root.itertext()).replace("\xa0", " ")
    assert "Programme" in text and "Phase" in text


def test_export_html_and_markdown(run, write, tmp_path):
    path = write(PROGRAMME)
    html, md = tmp_path / "f.html", tmp_path / "list.md"
    assert run("--data", path, "funding", "--export", html)[0] == 0
    assert "937,500" in html.read_text() and "<html" in html.read_text().lower()
    assert run("--data", path, "list", "projects", "--export", md)[0] == 0
    lines = md.read_text().splitlines()
    assert "| id | date | end | title | implementing | funding |" in lines
    assert any(line.startswith("| phase-2 | 2008-06 | 2011 |") for line in lines)


def test_export_refuses_to_replace_without_force(run, write, tmp_path):
    path = write(PROGRAMME)
    target = tmp_path / "show.md"
    target.write_text("keep me")
    code, _, err = run("--data", path, "show", "prog", "--export", target)
    assert code == 1 and "--force" in err and target.read_text() == "keep me"
    code, _, _ = run("--data", path, "show", "prog", "--export", target, "--force")
    assert code == 0 and "Programme" in target.read_text()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []  # no temporary files left


def test_export_unknown_suffix_and_json_conflict(run, write, tmp_path):
    path = write(PROGRAMME)
    code, _, err = run("--data", path, "list", "projects", "--export", tmp_path / "x.pdf")
    assert code == 2 and ".svg" in err
    code, _, _ = run("--data", path, "list", "projects", "--json", "--export", tmp_path / "x.md")
    assert code == 2


ALIKE = BASE + """
[[publication]]
id = "report-2007"
title = "A monitoring report on the implementation of the resolution"
date = "2007-12"
sources = [{source = "src-a", quote = "q"}]

[[publication]]
id = "report-2009"
title = "A monitoring report on the implementation of the resolution"
date = "2009-06"
sources = [{source = "src-a", quote = "q"}]

[[event]]
id = "undated"
title = "A meeting the documents give no year for, with a long title that must wrap"
when = "June 6-8 (year not stated)"
sources = [{source = "src-a", quote = "q"}]
"""


def test_cut_labels_stay_distinct_legend_lists_what_is_drawn_and_undated_are_listed(write):
    data = open_data([write(ALIKE)])
    lines = [line.plain.rstrip() for line in charts.timeline_chart(
        list(timeline.timeline(data, filters.Filters(), with_undated=True)), 60)]
    labels = [line[:24] for line in lines[2:4]]
    assert labels[0] != labels[1] and "2007" in labels[0] and "2009" in labels[1]
    legend = "\n".join(lines[-2:])
    assert "■ publication" in legend and "◆" not in legend and "period" not in legend
    i = lines.index("date not stated:")
    assert lines[i + 1].startswith("  A meeting") and lines[i + 2].startswith("    ")  # wrapped, indented
    assert all(len(line) <= 60 for line in lines)
