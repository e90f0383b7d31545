"""`wps network`: who worked with whom, and through which records."""

from __future__ import annotations

import json

import pytest
from conftest import BASE

from wpskosovo.query import network, select
from wpskosovo.store.db import open_data


def _edges(run, *args) -> list[list[str]]:
    code, out, _ = run("network", *args)
    assert code == 0
    lines = out.splitlines()
    assert lines[0].split("\t") == ["org", "partner", "via", "through", "inferred"]
    return [line.split("\t") for line in lines[1:]]


@pytest.mark.parametrize("org, partner, via, record, inferred", [
    ("kwn", "zene-zenama", "projects", "kwn-zz-unscr-1325-monitoring", "no"),  # 003 section A
    ("kwn", "wib", "members", "wpc", "no"),  # both founded the Women's Peace Coalition
    ("kcss", "kosovo-police", "events", "hani-i-elezit-gps-meeting", "yes"),  # "local police officers"
    ("kcss", "cfli", "funding", "funding-cfli-kcss-inclusiveness-project", "no"),
    ("unifem", "wib", "funding", "funding-unifem-wib", "no"),
    ("unifem", "kosovo-police", "projects", "unifem-kp-gender-architecture", "no"),
])
def test_edges_taken_from_the_documents(run, org, partner, via, record, inferred):
    rows = _edges(run, "--org", org)
    assert [org, partner, via, record, inferred] in rows or \
        (via == "members" and any(r[:2] == [org, partner] and r[2] == "members" for r in rows))


def test_founders_of_one_coalition_are_linked_through_it(write):
    data = open_data([write(BASE + '''
[[organization]]
id = "coalition"
name = "Coalition"
founders = ["org-a", "donor-b"]
sources = [{source = "src-a", quote = "q"}]
''')])
    edges = network.graph(network.link_rows(data)).edges()
    assert {(e.a, e.b) for e in edges} >= {("coalition", "org-a"), ("coalition", "donor-b")}


def test_an_inferred_participation_marks_the_link(write):
    data = open_data([write(BASE + '''
[[project]]
id = "p"
title = "P"
participants = [{org = "org-a", role = "implementing"}, {org = "donor-b", role = "funding"}]
inferred = {"participants.1" = "not stated"}
sources = [{source = "src-a", quote = "q"}]
''')])
    [edge] = network.graph(network.link_rows(data)).edges()
    assert (edge.a, edge.b, edge.via, edge.record, edge.inferred) == ("donor-b", "org-a", "projects", "p", True)
    assert network.graph(network.link_rows(data), {"events"}).edges() == []


def test_tree_on_a_terminal_at_80_and_160_columns(shipped_tree):
    for width, lines in shipped_tree.items():
        text = "\n".join(lines)
        assert lines[0].startswith("kwn  Kosovo Women's Network")
        assert "zene-zenama  Zene Zenama" in text and "kwn-zz-unscr-1325-monitoring" in text
        assert all(len(line) <= width for line in lines)


@pytest.fixture
def shipped_tree():
    import io

    from rich.console import Console

    from wpskosovo.render import layout
    from wpskosovo.render import network as render_network

    data = open_data()
    edges = network.around(network.graph(network.link_rows(data)), "kwn")
    names = select.named(data, {"kwn", *(x for e in edges for x in (e.a, e.b, e.record))})
    groups = render_network.network_groups(names, "kwn", edges)
    out = {}
    for width in (80, 160):
        buf = io.StringIO()
        console = Console(file=buf, width=width, color_system=None)
        for r in layout.tree_renderables("kwn  Kosovo Women's Network", groups):
            console.print(r)
        out[width] = buf.getvalue().splitlines()
    return out


def test_most_connected_first_and_json_and_dot(run):
    code, out, _ = run("network", "--json")
    data = json.loads(out)
    assert code == 0 and {"nodes", "edges"} <= set(data) and data["edges"]
    code, out, _ = run("network", "--org", "KWN", "--dot")
    assert code == 0 and out.startswith("graph wps {") and '"kwn" -- "zene-zenama"' in out


def test_depth_two_reaches_partners_of_partners(run):
    one = {tuple(r[:2]) for r in _edges(run, "--org", "WiB")}
    two = {tuple(r[:2]) for r in _edges(run, "--org", "WiB", "--depth", "2")}
    assert one < two and any("wib" not in pair for pair in two)


@pytest.mark.parametrize("args, code", [(["--via", "colours"], 2), (["--json", "--dot"], 2), (["--depth", "3"], 2),
                                        (["--org", "KWNN"], 1)])
def test_bad_options_and_names(run, args, code):
    assert run("network", *args)[0] == code


def test_every_shipped_edge_is_a_stated_partnership():
    """Two organizations are partners through a record only where both act in it: a policy's
    participants shape, monitor or carry it out (no partnership), a project's beneficiary and
    what it established take no part in implementing it."""
    data = open_data()
    rows = list(network.link_rows(data))
    acting: dict[str, set[str]] = {}
    for row in rows:
        if row.target_kind == "organization" and row.role not in ("beneficiary", "established"):
            acting.setdefault(row.source_id, set()).add(row.target_id)
    edges = network.graph(rows).edges()
    assert edges
    for e in edges:
        kind = data.by_id[e.record].kind
        assert kind != "policy", e
        if e.via != "members":
            assert {e.a, e.b} <= acting[e.record], e
    # UNSCR 1325 names KWN, RWL and the KP unit among those who work on it: not partners by it.
    assert not any(e.record == "unscr-1325" for e in edges)
    assert "policies" not in network.via()


def test_a_direct_tie_is_said_as_a_tie_not_the_partner_under_itself(run, monkeypatch):
    monkeypatch.setenv("WPS_FORCE_TTY", "1")
    monkeypatch.setenv("COLUMNS", "100")
    out = run("network", "--org", "KWN")[1]
    lines = out.splitlines()
    at = next(i for i, line in enumerate(lines) if line.strip().startswith("└── wpc  Women's Peace Coalition"))
    assert "a direct tie" in lines[at + 1] and "wpc" not in lines[at + 1]


@pytest.mark.parametrize("other", [["--json"], ["--csv"], ["--export", "x.svg"]])
def test_dot_is_a_format_of_its_own(run, other):
    code, _, err = run("network", "--org", "KWN", "--dot", *other)
    assert code == 2 and "--dot" in err
