"""The query layer on the shipped data (real answers from the documents) and on small datasets."""

from __future__ import annotations

import json
import textwrap
from datetime import date
from decimal import Decimal

import pytest
from conftest import BASE, records_of

from wpskosovo.model import words
from wpskosovo.model.dates import PartialDate
from wpskosovo.model.kinds import KINDS
from wpskosovo.query import filters, funding, resolve, search, select, stats, timeline
from wpskosovo.store.db import open_data


@pytest.fixture(scope="module")
def shipped():
    return open_data()


def test_fold_ignores_case_and_diacritics():
    assert words.fold("Shtërpcë") == words.fold("SHTERPCE") == "shterpce"
    assert words.fold("Graçanica") == "gracanica"


@pytest.mark.parametrize("name", ["Netherlands", "netherlands", "Government of the Royal Kingdom of Netherlands"])
def test_resolve_netherlands(shipped, name):
    assert "Netherlands" in resolve.resolve(shipped, name).label


@pytest.mark.parametrize("name", ["KCSS", "QKSS", "qendra kosovare per studime te sigurise"])
def test_resolve_kcss_in_both_languages(shipped, name):
    assert resolve.resolve(shipped, name).label == "Kosovar Centre for Security Studies"


def test_resolve_unknown_suggests(shipped):
    with pytest.raises(resolve.QueryError, match="did you mean.*kwn"):
        resolve.resolve(shipped, "KWNN")


def test_resolve_ambiguous_lists_candidates(write):
    data = open_data([write(BASE.replace('name = "Government of the Kingdom of Bee"', 'name = "Organization Bee"'))])
    with pytest.raises(resolve.QueryError, match="ambiguous") as e:
        resolve.resolve(data, "organization")
    assert "org-a" in str(e.value) and "donor-b" in str(e.value)


def test_netherlands_funds_wssi_plus_937500_usd(shipped):
    nl = resolve.resolve(shipped, "Netherlands").id
    report = funding.funding(shipped, f=filters.Filters(donor=nl, kind="funding"))
    assert report.totals == {"USD": Decimal("937500")}
    assert [f.values["project"] for f in report.flows] == ["wssi-plus"]
    assert report.undisclosed == 0


def test_undisclosed_funding_is_counted_not_summed(shipped):
    report = funding.funding(shipped, by="donor")
    flows = shipped.records(f.id for f in report.flows)
    undisclosed = [f for f in flows if f.amount is None]
    assert report.undisclosed == len(undisclosed) > 0
    # Donors whose every flow is undisclosed show as counted groups with no total at all.
    only_undisclosed = {d for f in undisclosed for d in f.donors} - \
        {d for f in flows if f.amount is not None for d in f.donors}
    assert only_undisclosed and all(report.groups[d] == {} for d in only_undisclosed)
    assert all(report.group_undisclosed[d] >= 1 for d in only_undisclosed)


def test_money_sums_are_exact(write):
    flows = "".join(f'\n[[funding]]\nid = "f{i}"\ndonors = ["donor-b"]\namount = "{a}"\ncurrency = "USD"\n'
                    f'sources = [{{source = "src-a", quote = "q"}}]\n'
                    for i, a in enumerate(["12345678901234567890.123456789", "0.000000001"]))
    report = funding.funding(open_data([write(BASE + flows)]))
    assert report.totals == {"USD": Decimal("12345678901234567890.123456790")}


def _documents_put_it_in(record, lo: PartialDate | None, hi: PartialDate | None) -> bool:
    """The rule of a date filter, said independently of the store: one of the record's own
    dates lies inside the range, or the days certainly between them reach it, or, for a window,
    all of it lies inside."""
    t = record.timing()
    if t is None or any(d is not None and d.uncertain for d in (t.start, t.end, t.ongoing)):
        return False
    first, last = lo.lower if lo else date.min, hi.upper if hi else date.max

    def inside(a, b) -> bool:
        return first <= a and b <= last

    if t.window:
        return inside(t.start.lower, t.end.upper)
    own = [d for d in (t.start, t.end, t.ongoing) if d is not None]
    between = t.first.upper <= t.last.lower and t.first.upper <= last and t.last.lower >= first
    return any(inside(d.lower, d.upper) for d in own) or between


RANGES = [(PartialDate(y), PartialDate(y)) for y in range(2000, 2023)] + [
    (PartialDate(2009, 3), PartialDate(2009, 5)), (PartialDate(2009, 1), PartialDate(2009, 1)),
    (PartialDate(2007, 11, 26), None), (None, PartialDate(2004)), (PartialDate(2010), None),
    (PartialDate(2005, 6), PartialDate(2007, 6)), (PartialDate(2020, 1, 22), PartialDate(2020, 1, 22))]


@pytest.mark.parametrize("kind", [k for k, m in KINDS.items() if m.date_fields()])
def test_a_date_filter_keeps_what_the_documents_put_in_the_range_and_nothing_else(shipped, kind):
    records = records_of(shipped, kind)
    assert records
    for lo, hi in RANGES:
        got = {r.id for r in select.select(shipped, kind, filters.Filters(start=lo, end=hi))}
        assert got == {r.id for r in records if _documents_put_it_in(r, lo, hi)}, (kind, lo, hi)


def test_windows_and_open_ends_are_not_periods(shipped):
    def ids(kind, lo, hi):
        return {r.id for r in select.select(shipped, kind, filters.Filters(start=lo, end=hi))}

    spring = ids("event", PartialDate(2009, 3), PartialDate(2009, 5))
    assert "kja-survey-findings-conference" not in spring  # held some time between January and July 2009
    assert "unifem-kosovo-16-days-coordination-meetings-2009" not in spring  # "2009": not known when
    assert ids("project", PartialDate(2020), PartialDate(2020)) == {"kcss-inclusiveness-security-sector-project"}
    assert "kwn-zz-unscr-1325-monitoring" in ids("project", PartialDate(2006), PartialDate(2006))
    assert "kwn-zz-unscr-1325-monitoring" not in ids("project", PartialDate(2010), None)  # ongoing as of 2009


def test_exact_id_wins_and_serbian_letters_fold(write):
    data = open_data([write(BASE.replace('acronyms = ["OA"]', 'acronyms = ["OA"]\naliases = ["donor-b", "Đorđe"]'))])
    assert resolve.resolve(data, "donor-b").id == "donor-b"
    assert resolve.resolve(data, "dorde").id == "org-a"
    with pytest.raises(resolve.QueryError):
        resolve.resolve(data, "  ")


def test_totals_are_per_currency(write):
    flows = "".join(
        f'\n[[funding]]\nid = "f{i}"\ndonors = ["donor-b"]\nrecipient = "org-a"\n{amount}'
        f'sources = [{{source = "src-a", quote = "q"}}]\ndate = "{2000 + i}"\n'
        for i, amount in enumerate(['amount = "100"\ncurrency = "EUR"\n', 'amount = "50.5"\ncurrency = "USD"\n',
                                    'amount = 1\ncurrency = "EUR"\n', '']))
    data = open_data([write(BASE + flows)])
    report = funding.funding(data, by="donor")
    assert report.totals == {"EUR": Decimal("101"), "USD": Decimal("50.5")}
    assert report.undisclosed == 1
    assert report.groups == {"donor-b": {"EUR": Decimal("101"), "USD": Decimal("50.5")}}
    assert report.group_names == {"donor-b": "Government of the Kingdom of Bee"}
    assert report.group_undisclosed == {"donor-b": 1}
    by_year = funding.funding(data, by="year")
    assert list(by_year.groups) == ["2000", "2001", "2002", "2003"]


def test_kwn_timeline_has_its_reports_and_publications(shipped):
    kwn = resolve.resolve(shipped, "KWN").id
    moments = timeline.timeline(shipped, filters.Filters(orgs=(kwn,)))
    published = {str(m.start) for m in moments if m.kind == "publication"}
    assert {"2007-12", "2009-06", "2021", "2022"} <= published
    founded = [m for m in moments if m.id == kwn]
    assert [str(m.start) for m in founded] == ["2000"]
    keys = [(m.first.sort_key(), m.kind, m.id) for m in moments]
    assert keys == sorted(keys)


def test_partial_dates_sort_coarse_first():
    dates = [PartialDate.parse(t) for t in ("2009-06-08", "2009-06", "2010", "2009", "2008-12-31")]
    ordered = [str(d) for d in sorted(dates, key=PartialDate.sort_key)]
    assert ordered == ["2008-12-31", "2009", "2009-06", "2009-06-08", "2010"]


def test_year_filter_overlaps_across_precisions(shipped):
    in_2009 = select.select(shipped, "project", filters.Filters(start=PartialDate(2009), end=PartialDate(2009)))
    ids = {p.id for p in in_2009}
    assert "wssi-plus" in ids  # February 2009 – December 2013
    assert "unifem-1325-see-phase-1" not in ids  # 2005 – 2008


def test_search_shterpce_finds_the_2020_panel(shipped):
    hits = search.search(shipped, "Shterpce")
    events = [shipped.by_id[h.id] for h in hits if h.kind == "event"]
    assert any(str(e.date) == "2020-01-22" for e in events)


def test_search_matches_through_linked_organizations(shipped):
    hits = search.search(shipped, "OSCE")
    assert hits[0].kind == "organization"  # the exact name ranks first
    assert any(h.kind == "event" and "Hani i Elezit" in h.name for h in hits)


def test_search_finds_a_record_through_a_linked_name_only(write):
    data = open_data([write(BASE + '\n[[event]]\nid = "e1"\ntitle = "Panel"\n'
                              'participants = [{org = "org-a", role = "representatives"}]\n'
                              'sources = [{source = "src-a", quote = "q"}]\n')])
    hits = search.search(data, "shterpce")
    assert [h.id for h in hits] == ["org-a", "e1"]
    assert hits[1].where == ["via representatives Organization Ä of Shtërpcë"]
    assert hits[1].snippet == "Organization Ä of Shtërpcë"  # the linked name as written, not folded
    assert (hits[1].kind, hits[1].name) == ("event", "Panel")


def test_search_is_case_and_accent_insensitive(shipped):
    assert {h.id for h in search.search(shipped, "gracanica")} == \
        {h.id for h in search.search(shipped, "GRAÇANICA")} != set()


def test_relations_both_ways(shipped):
    kwn = shipped.by_id["kwn"]
    rels = select.relations(shipped, kwn)
    kinds = {r.record.kind for r in rels if r.direction == "in"}
    assert {"person", "publication", "event", "project"} <= kinds


def test_stats_counts_and_sources(shipped):
    s = stats.stats(shipped)
    assert s.counts["source"] == 5 and sum(s.counts.values()) == len(shipped)
    assert all(n > 0 for _, n in s.evidence)
    assert str(s.first) <= "2000"


def test_org_filter_follows_people_units_and_created_organizations(write):
    path = write(BASE + textwrap.dedent("""
        [[person]]
        id = "p-1"
        name = "Ana"
        roles = [{org = "org-a", title = "Director"}]
        sources = [{source = "src-a", quote = "about Ana"}]

        [[project]]
        id = "proj-1"
        title = "Work that set up org A"
        established = ["org-a"]
        sources = [{source = "src-a", quote = "set up"}]

        [[event]]
        id = "ev-1"
        title = "Panel"
        participants = [{person = "p-1", role = "panelist"}]
        sources = [{source = "src-a", quote = "panel"}]

        [[organization]]
        id = "unit-a"
        name = "Unit of A"
        parent = "org-a"
        sources = [{source = "src-a", quote = "unit"}]

        [[event]]
        id = "ev-2"
        title = "Other panel"
        organizers = ["unit-a"]
        sources = [{source = "src-a", quote = "other"}]

        [[event]]
        id = "ev-3"
        title = "Nobody's"
        sources = [{source = "src-a", quote = "none"}]

        [[publication]]
        id = "pub-1"
        title = "Report"
        participants = [{org = "donor-b", role = "supported its preparation"}]
        sources = [{source = "src-a", quote = "report"}]
    """))
    data = open_data([path])

    def found(org):
        return {r.id for kind in KINDS for r in select.select(data, kind, filters.Filters(orgs=(org,)))}

    # ev-1 through its panelist, ev-2 through the unit that organized it
    assert found("org-a") == {"org-a", "unit-a", "p-1", "proj-1", "ev-1", "ev-2"}
    assert found("unit-a") == {"unit-a", "ev-2"}
    assert found("donor-b") == {"donor-b", "pub-1"}


def test_search_rows_read_from_the_database_agree_with_the_records(shipped):
    """A hit's row is read from `records`, not built from the model: both must say the same."""
    hits = search.search(shipped, "women")
    assert len(hits) > 50 and any(h.timing and h.timing.window for h in hits)
    for h in hits:
        r = shipped.by_id[h.id]
        assert (h.kind, h.name, h.timing, h.inferred) == (r.kind, shipped.label(r), r.timing(), r.span_inferred()), h.id


@pytest.mark.parametrize("text", ["women", "kwn", "1325", "domestic violence", "unifem kosovo", "police gender",
                                  "terpc", "women peace security"])
def test_search_finds_and_scores_what_the_records_themselves_say(shipped, text):
    """Search, read from the store, against the same rules applied to the models: a record is
    found when each word is in one of its texts or in a name of a record it links to; each
    word weighs as its best text of its own (the first of the highest weight), else as a
    linked name (the first, in link order); and exact names come first."""
    from wpskosovo.model.record import LINK_WEIGHT

    terms = words.tokens(words.fold(text))
    expected = {}
    for r in shipped:
        own = [(field, words.fold(t), weight) for field, t, weight in r.texts()]
        linked = [(f"via {link.role} {shipped.label(shipped.by_id[link.target])}", words.fold(name))
                  for link in r.links() if link.target in shipped.by_id for name in shipped.by_id[link.target].all_names()]
        score, where = 0, []
        for term in terms:
            holding = [(weight, -i, field) for i, (field, t, weight) in enumerate(own) if term in t]
            via = [field for field, name in linked if term in name]
            if not holding and not via:
                break
            weight, _, field = max(holding) if holding else (LINK_WEIGHT, 0, via[0])
            score += weight
            where += [field] if field not in where else []
        else:
            names = [words.fold(n) for n in r.all_names()]
            expected[r.id] = (score + search._name_bonus(r.id, " ".join(terms), names), where)
    hits = list(search.search(shipped, text))
    assert expected and {h.id: (h.score, h.where) for h in hits} == expected
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)


def test_texts_hold_each_record_text_once_and_linked_names_are_read_through_links(shipped):
    """What search scores of a record's own is each of Record.texts() once, at its position:
    folded, with its weight, in `search_text`; as written, in `known_as` (its names) and
    `texts` (the rest). The names of what it links to are scored too, read through `links` and
    `known_as` (no copy per link): each name of each record it links to, in link order."""
    from wpskosovo.store.schema import SEPARATOR

    for record in shipped:
        rows = shipped.db.execute("SELECT position, 'name', name FROM known_as WHERE record_id = ? "
                                  "UNION ALL SELECT position, field, text FROM texts WHERE record_id = ? "
                                  "ORDER BY position", (record.id, record.id)).fetchall()
        own = record.texts()
        assert [p for p, *_ in rows] == list(range(len(own))), record.id
        assert [tuple(r[1:]) for r in rows] == [(f, t) for f, t, _ in own], record.id
        folded, weights = shipped.db.execute("SELECT folded, weights FROM search_text WHERE record_id = ?",
                                             (record.id,)).fetchone()
        assert folded.split(SEPARATOR) == [words.fold(t) for _, t, _ in own], record.id
        assert json.loads(weights) == [w for _, _, w in own], record.id
        linked = shipped.db.execute(
            "SELECT 'via ' || l.role || ' ' || r.name, k.name FROM links l JOIN records r ON r.id = l.target_id "
            "JOIN known_as k ON k.record_id = l.target_id WHERE l.record_id = ? ORDER BY l.rowid, k.position",
            (record.id,)).fetchall()
        assert linked == [(f"via {link.role} {shipped.label(shipped.by_id[link.target])}", name)
                          for link in record.links() if link.target in shipped.by_id
                          for name in shipped.by_id[link.target].all_names()], record.id


def test_a_limited_search_details_only_the_rows_it_shows(shipped):
    """Every match is scored to rank it, but what a row shows (where the words matched, a
    snippet) is read only for the rows read: `wps search women --limit 3` details 3."""
    hits = search.search(shipped, "women")
    assert len(hits) > 100
    statements: list[str] = []
    shipped.db.set_trace_callback(statements.append)
    try:
        first = hits[:3]
    finally:
        shipped.db.set_trace_callback(None)
    others = {f'"{rid}"' for rid in hits.ids[3:]}
    assert statements and not [s for s in statements for rid in others if rid in s]
    every = list(hits)
    assert [(h.id, h.score, h.where, h.snippet) for h in first] == [(h.id, h.score, h.where, h.snippet) for h in every[:3]]
    assert [h.score for h in every] == sorted((h.score for h in every), reverse=True)


def test_a_listing_reads_only_the_rows_it_shows_and_builds_no_record(monkeypatch):
    """A warm query costs what it returns: the rows are selected as ids, only those shown are
    read (`wps list orgs --limit 3` of 91 reads 3), and from the store's columns: no model."""
    from wpskosovo.store.db import open_data

    store = open_data()
    read: list[list[str]] = []
    real = select.rows
    monkeypatch.setattr(select, "rows", lambda *a: read.append(a[2]) or real(*a))
    selected = select.select(store, "organization", filters.Filters())
    assert len(selected) > 50 and not read
    shown = selected[:3]
    assert [r.id for r in shown] == selected.ids[:3] and read == [selected.ids[:3]]
    assert [r.id for r in selected] == selected.ids and not store._records


@pytest.mark.parametrize("kind", list(KINDS))
def test_a_listing_row_says_what_its_record_says(shipped, kind):
    """A listing's row is read from the store's columns, not from the record: for every record
    of every kind, its dates, the fields its columns show and the names of what it refers to
    are the record's."""
    rows = select.rows(shipped, kind, [r.id for r in records_of(shipped, kind)])
    assert rows
    for row in rows:
        r = shipped.by_id[row.id]
        whole, given = r.model_dump(mode="json"), r.model_dump(mode="json", exclude_defaults=True)
        assert (row.kind, row.timing, row.inferred) == (r.kind, r.timing(), r.span_inferred()), r.id
        for column in select.list_columns(kind)[1:]:
            if column in select.DATE_COLUMNS or column == "end":
                continue
            if column == "other names":
                assert row.values[column] == r.other_names(), r.id
            elif column in type(r).model_fields:
                assert row.values[column] == given.get(column, whole[column]), (r.id, column)
            else:  # a project's participants in one IATI role
                assert row.values[column] == [p.org for p in r.participants if p.role == column], (r.id, column)
            if column in row.naming:
                named = row.values[column]
                for rid in [named] if isinstance(named, str) else named or ():
                    assert row.short[rid] == shipped.by_id[rid].short_name, (r.id, column)
        for role in row.values.get("roles") or ():
            assert not role.get("org") or row.short[role["org"]] == shipped.by_id[role["org"]].short_name


def test_a_limited_timeline_builds_only_the_rows_it_shows():
    from wpskosovo.store.db import open_data

    store = open_data()
    rows = timeline.timeline(store, filters.Filters(), with_undated=True)
    assert len(rows) > 50
    first = rows[:5]
    assert not store._records and [m.id for m in first] == [rid for rid, _ in rows.ids[:5]]  # no record built
    assert [m.timing is None for m in rows] == [not dated for _, dated in rows.ids]  # undated last, as selected
    assert not store._records


def test_a_timeline_row_says_what_its_record_says(shipped):
    """A row of the timeline is read from the store's columns, not from the record: for every
    record, what it shows is what the record's model says."""
    rows = list(timeline.timeline(shipped, filters.Filters(), with_undated=True))
    assert {m.id for m in rows} >= {r.id for r in shipped if r.timing() is not None}
    for m in rows:
        r = shipped.by_id[m.id]
        timing = r.timing()
        assert (m.kind, m.label, m.when, m.parent) == (r.kind, shipped.label(r), r.get("when") or "", r.get("parent")), r.id
        if m.timing is None:
            assert timing is None and m.what == timeline.NOT_STATED, r.id
        else:
            assert (m.timing, m.inferred) == (timing, r.span_inferred()), r.id
            assert m.what == (f"{r.what()}, some time in this span" if timing.window else r.what()), r.id


@pytest.mark.parametrize("f", [filters.Filters(), filters.Filters(source="src-001"), filters.Filters(kind="event"),
                               filters.Filters(orgs=("kwn",)), filters.Filters(start=PartialDate(2010))])
def test_gender_and_pillar_counts_are_what_the_records_say(shipped, f):
    """`stats --by gender/pillar` count in the store; the same counts made from the records the
    listings select, whole, must agree."""
    records = [r for kind in KINDS if f.kind in (None, kind) for r in records_of(shipped, kind, f)]
    said = {"woman": "women", "man": "men", None: "not stated"}
    named = [p.person for r in records if r.kind != "person"
             for p in dict.fromkeys(r.get("participants", ())) if getattr(p, "person", None)] + \
        [a for r in records for a in r.get("authors", ())]
    participants = dict.fromkeys(said.values(), 0)
    for pid in named:
        participants[said[shipped.by_id[pid].gender if pid in shipped.by_id else None]] += 1
    people = dict.fromkeys(said.values(), 0)
    for r in records:
        people[said[r.get("gender")]] += r.kind == "person"
    women = sum(bool(r.get("women")) for r in records if r.kind == "organization")
    counted = stats.by_gender(shipped, f)
    assert counted["participants"] == participants and counted["people"] == people
    assert counted["organizations"] == {"women's": women,
                                        "not stated": sum(r.kind == "organization" for r in records) - women}
    activities = [r for r in records if "pillars" in type(r).model_fields]
    pillars = {p: sum(c.pillar == p for r in activities for c in r.pillars) for p in words.PILLARS}
    assert stats.by_pillar(shipped, f)["activities"] == pillars | {"not coded": sum(not r.pillars for r in activities)}


def test_gender_counts_take_participants_and_authors(write):
    """Participants and authors count, each by the gender their own record states; one whose
    gender no document states is counted as not stated."""
    data = open_data([write(BASE + textwrap.dedent("""
        [[person]]
        id = "p-w"
        name = "W"
        gender = "woman"
        gender_basis = "Ms."
        sources = [{source = "src-a", quote = "Ms. W spoke"}]

        [[person]]
        id = "p-m"
        name = "M"
        gender = "man"
        gender_basis = "Mr."
        sources = [{source = "src-a", quote = "Mr. M spoke"}]

        [[person]]
        id = "p-x"
        name = "X"
        sources = [{source = "src-a", quote = "X wrote"}]

        [[event]]
        id = "e1"
        title = "Panel"
        date = "2020"
        participants = [{person = "p-w", role = "speaker"}, {person = "p-m"}, {org = "org-a"}]
        sources = [{source = "src-a", quote = "Panel"}]

        [[publication]]
        id = "pub"
        title = "Report"
        authors = ["p-w", "p-x"]
        sources = [{source = "src-a", quote = "Report"}]
    """))])
    counted = stats.by_gender(data)
    assert counted["participants"] == {"women": 2, "men": 1, "not stated": 1}
    assert counted["people"] == {"women": 1, "men": 1, "not stated": 1}
