"""Fuzzing: whatever the bytes, loading ends in a dataset or in the project's own DataError.

Bounded for the default run; set WPS_FUZZ_EXAMPLES (e.g. 5000) to run longer.
"""

from __future__ import annotations

import os
import random

import tomli
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from wpskosovo.load.toml import shipped_data
from wpskosovo.model.dates import PartialDate
from wpskosovo.model.kinds import KINDS
from wpskosovo.problems import DataError
from wpskosovo.store.db import open_data

EXAMPLES = int(os.environ.get("WPS_FUZZ_EXAMPLES", "60"))
fuzz = settings(max_examples=EXAMPLES, deadline=None, derandomize="WPS_FUZZ_EXAMPLES" not in os.environ,
                suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])

SHIPPED = b"\n".join(p.read_bytes() for p in sorted(shipped_data().glob("*.toml")))


def outcome(tmp_path, data: bytes) -> None:
    """Loading gives a dataset or DataError; a dataset then answers every query and view."""
    path = tmp_path / "fuzz.toml"
    path.write_bytes(data)
    try:
        dataset = open_data([path])
    except DataError as e:
        assert e.problems and all(p.file == str(path) for p in e.problems)
        return
    exercise(dataset)


def exercise(data) -> None:
    from wpskosovo.query import filters, funding, search, select, stats, timeline
    from wpskosovo.render import charts, reports, show

    for kind in KINDS:
        reports.list_table(kind, select.select(data, kind, filters.Filters(start=PartialDate(2009))))
    for record in data:
        show.show_sections(data, record, select.relations(data, record))
    moments = timeline.timeline(data, filters.Filters())
    reports.timeline_table(moments)
    charts.timeline_chart(moments, 80)
    report = funding.funding(data, by="donor")
    reports.groups_table(report, reports.group_rows(report)), reports.funding_footer(report)
    charts.funding_chart(report, 80)
    reports.search_table(search.search(data, "a"))
    stats.stats(data)


@fuzz
@given(st.binary(max_size=2000))
def test_random_bytes(tmp_path, data):
    outcome(tmp_path, data)


scalars = st.one_of(st.text(max_size=20), st.integers(), st.floats(allow_nan=False), st.booleans(),
                    st.dates(), st.sampled_from(["2009", "2009-13", "0000", "0999-01", "9999-12-31", "2009?",
                                                 "kwn", "src-000", "USD", "-1", "1E3", "0.1"]))
keys = st.sampled_from(["id", "title", "name", "sources", "source", "quote", "date", "start", "end",
                        "amount", "currency", "donors", "org", "role", "participants", "x"])
values = st.recursive(scalars, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(keys, inner, max_size=4),
                      max_leaves=12)
documents = st.dictionaries(
    st.sampled_from(["source", "organization", "person", "project", "event", "funding", "policy", "other"]),
    st.lists(st.dictionaries(keys, values, max_size=6), max_size=3), max_size=4)


def dump(value) -> str:
    """A tiny TOML writer (inline form) so hypothesis can build any TOML document."""
    import datetime as dt

    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value) if not (isinstance(value, float) and value in (float("inf"), float("-inf"))) else "inf"
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, str):
        return toml_string(value)
    if isinstance(value, list):
        return "[" + ", ".join(map(dump, value)) + "]"
    return "{" + ", ".join(f"{toml_string(k)} = {dump(v)}" for k, v in value.items()) + "}"


def toml_string(text: str) -> str:
    escaped = "".join(f"\\u{ord(c):04x}" if ord(c) < 0x20 or ord(c) == 0x7F or c in '"\\' else c
                      for c in text)
    return f'"{escaped}"'


@fuzz
@given(documents)
def test_random_toml_documents(tmp_path, doc):
    text = "".join(f"\n[[{kind}]]\n" + "".join(f"{toml_string(k)} = {dump(v)}\n" for k, v in table.items())
                   for kind, tables in doc.items() for table in tables)
    tomli.loads(text)  # the generator itself must write valid TOML
    outcome(tmp_path, text.encode())


@fuzz
@given(st.integers(min_value=0, max_value=2**32 - 1), st.integers(min_value=1, max_value=8))
def test_mutations_of_the_shipped_data(tmp_path, seed, n):
    rng = random.Random(seed)
    data = bytearray(SHIPPED)
    for _ in range(n):
        at = rng.randrange(len(data))
        op = rng.randrange(4)
        if op == 0:
            data[at] = rng.randrange(256)
        elif op == 1:
            del data[at: at + rng.randrange(1, 40)]
        elif op == 2:
            data[at:at] = rng.choice([b"[", b"]", b'"', b"=", b"\n", b"{", b"-", b"9", b"[[event]]\n", b"\xc3"])
        else:
            line_start = data.rfind(b"\n", 0, at) + 1
            data[line_start:line_start] = data[at: at + rng.randrange(1, 200)]
    outcome(tmp_path, bytes(data))


partial_dates = st.builds(
    lambda d, precision, uncertain: "-".join(d.isoformat().split("-")[:precision]) + ("?" if uncertain else ""),
    st.dates(min_value=__import__("datetime").date(1000, 1, 1)), st.integers(1, 3), st.booleans())


def valid_dataset(dated, flows) -> str:
    """BASE with dated projects, events and policies, and funding flows of any amount."""
    from conftest import BASE

    text = BASE
    for i, (a, b, kind) in enumerate(dated):
        a, b = sorted((a, b), key=lambda t: PartialDate.parse(t).lower)
        if PartialDate.parse(b).upper < PartialDate.parse(a).lower:
            b = a
        dates = f'date = "{a}"' if kind == "event" else f'start = "{a}"\nend = "{b}"'
        text += (f'\n[[{kind}]]\nid = "r{i}"\ntitle = "R {i} Shtërpcë"\n{dates}\n'
                 + ('participants = [{org = "org-a", role = "implementing"}]\n' if kind == "project" else "")
                 + 'sources = [{source = "src-a", quote = "q"}]\n')
    for i, (amount, currency) in enumerate(flows):
        text += (f'\n[[funding]]\nid = "f{i}"\ndonors = ["donor-b"]\namount = "{amount}"\ncurrency = "{currency}"\n'
                 + (f'project = "r{i}"\n' if i < len(dated) and dated[i][2] == "project" else "")
                 + 'sources = [{source = "src-a", quote = "q"}]\n')
    return text


datasets = (st.lists(st.tuples(partial_dates, partial_dates, st.sampled_from(["project", "event", "policy"])),
                     min_size=1, max_size=6),
            st.lists(st.tuples(st.integers(0, 10**30), st.sampled_from(["EUR", "USD"])), max_size=4))


@fuzz
@given(*datasets)
def test_valid_datasets_with_any_dates_and_amounts_answer_every_query(tmp_path, dated, flows):
    path = tmp_path / "valid.toml"
    path.write_text(valid_dataset(dated, flows), encoding="utf-8")
    exercise(open_data([path]))


def answers(data, year: PartialDate) -> list:
    """What every query returns on a store, as plain values."""
    from wpskosovo.query import filters, funding, network, resolve, search, select, stats, timeline

    filters = [filters.Filters(), filters.Filters(start=year), filters.Filters(end=year), filters.Filters(orgs=("org-a",)),
               filters.Filters(donor="donor-b"), filters.Filters(place="shterpce"), filters.Filters(type="ngo")]
    out: list = [list(select.select(data, kind, f)) for kind in KINDS for f in filters]
    out += [[(rel.direction, rel.role, rel.record.id, rel.inferred) for rel in select.relations(data, r)] for r in data]
    out += [[(h.id, h.score, h.where, h.snippet) for h in search.search(data, text)]
            for text in ("r", "Shtërpcë", "organization bee", "q")]
    out += [[(m.id, m.what, m.inferred, m.period) for m in timeline.timeline(data, f)] for f in filters]
    out += [[m.id for m in timeline.timeline(data, f, with_undated=True) if m.timing is None] for f in filters]
    out += [report.__dict__ | {"flows": list(report.flows)}  # the rows, not the lazy sequence of them
            for report in (funding.funding(data, by=by) for by in (None, *funding.NO_GROUP))]
    out += [stats.stats(data, f).__dict__ for f in filters]
    out += [sorted(network.link_rows(data), key=repr), resolve.units(data, ("org-a",))]
    return out


@fuzz
@given(*datasets, partial_dates)
def test_every_query_answers_the_same_cold_and_warm(tmp_path_factory, dated, flows, year):
    """The database built in memory (no cache), built into the cache (cold) and read from the
    cache (warm) give the same answer to every query."""
    folder = tmp_path_factory.mktemp("data")
    path = folder / "valid.toml"
    path.write_text(valid_dataset(dated, flows), encoding="utf-8")
    before = os.environ.get("XDG_CACHE_HOME", "")
    os.environ["XDG_CACHE_HOME"] = str(folder / "cache")
    try:
        os.environ["WPS_CACHE"] = "off"
        memory = open_data([path])
        del os.environ["WPS_CACHE"]
        cold = open_data([path])
        warm = open_data([path])
        assert memory.path is None and cold.built and cold.path is not None and not warm.built
        when = PartialDate.parse(year)
        assert answers(memory, when) == answers(cold, when) == answers(warm, when)
    finally:
        os.environ["XDG_CACHE_HOME"] = before
        os.environ.pop("WPS_CACHE", None)
