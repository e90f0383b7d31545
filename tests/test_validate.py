"""Each validation rule, broken by a real TOML file: the report names file, line, record and field."""

from __future__ import annotations

import pytest
from conftest import BASE

from wpskosovo.load.validate import check, load
from wpskosovo.problems import DataError


def problems_of(path):
    _, problems = check([path])
    return problems


def only(path):
    problems = problems_of(path)
    assert len(problems) == 1, problems
    return problems[0]


def line_of(path, needle):
    return next(n for n, line in enumerate(path.read_text().splitlines(), 1) if needle in line)


def test_base_dataset_is_clean(write):
    data = load([write(BASE)])
    assert {r.id for r in data} == {"src-a", "org-a", "donor-b"}


def test_toml_syntax_error_has_line_and_column(write):
    path = write(BASE + '\n[[event]]\nid = "e"\ntitle = "unterminated\n')
    p = only(path)
    assert p.file == str(path)
    assert p.line == line_of(path, 'title = "unterminated')
    assert p.column is not None
    assert "TOML syntax error" in p.message
    assert str(p).startswith(f"{path}:{p.line}:{p.column}: ")


def test_unknown_field_names_record_field_and_suggests(write):
    path = write(BASE + '\n[[event]]\nid = "e1"\ntitle = "T"\nsources = [{source = "src-a", quote = "q"}]\nplase = "Prishtina"\n')
    p = only(path)
    assert (p.line, p.record, p.field) == (line_of(path, "plase"), "e1", "plase")
    assert "unknown field 'plase'" in p.message and "'place'" in p.message


def test_wrong_type(write):
    path = write(BASE + '\n[[organization]]\nid = "o2"\nname = "N"\nacronyms = "KWN"\nsources = [{source = "src-a", quote = "q"}]\n')
    p = only(path)
    assert (p.line, p.record, p.field) == (line_of(path, 'acronyms = "KWN"'), "o2", "acronyms")
    assert "must be an array" in p.message


def test_missing_required_field(write):
    path = write(BASE + '\n[[organization]]\nid = "o2"\nsources = [{source = "src-a", quote = "q"}]\n')
    p = only(path)
    assert (p.record, p.field, p.message) == ("o2", "name", "required field is missing")
    assert p.line == line_of(path, 'id = "o2"') - 1  # the [[organization]] header


def test_unknown_kind_is_reported(write):
    path = write(BASE + '\n[[projekt]]\nid = "x"\n')
    p = only(path)
    assert p.line == line_of(path, "[[projekt]]")
    assert "projekt" in p.message and "[[project]]" in p.message


def test_duplicate_ids_in_one_file(write):
    path = write(BASE + '\n[[person]]\nid = "org-a"\nname = "P"\nsources = [{source = "src-a", quote = "q"}]\n')
    p = only(path)
    assert (p.record, p.field) == ("org-a", "id")
    assert p.line == line_of(path, 'name = "P"') - 1
    assert "duplicate id" in p.message and "organization" in p.message


def test_duplicate_ids_across_two_files_of_a_directory(write, tmp_path):
    write(BASE, "a.toml")
    second = write('[[organization]]\nid = "org-a"\nname = "Again"\nsources = [{source = "src-a", quote = "q"}]\n', "b.toml")
    _, problems = check([tmp_path])
    assert len(problems) == 1
    assert problems[0].file == str(second) and problems[0].line == 2 and "duplicate id" in problems[0].message


def test_dangling_reference_suggests(write):
    path = write(BASE + '\n[[event]]\nid = "e1"\ntitle = "T"\norganizers = ["org-b"]\nsources = [{source = "src-a", quote = "q"}]\n')
    p = only(path)
    assert (p.line, p.record, p.field) == (line_of(path, "organizers"), "e1", "organizers.0")
    assert "unknown id 'org-b'" in p.message and "did you mean 'org-a'" in p.message


def test_wrong_kind_reference(write):
    path = write(BASE + '\n[[event]]\nid = "e1"\ntitle = "T"\nproject = "org-a"\nsources = [{source = "src-a", quote = "q"}]\n')
    p = only(path)
    assert (p.line, p.field) == (line_of(path, 'project = "org-a"'), "project")
    assert "'org-a' is an organization, expected project" in p.message


def test_reference_inside_multiline_array_points_at_its_element(write):
    path = write(BASE + '\n[[project]]\nid = "p1"\ntitle = "T"\nparticipants = [\n  {org = "org-a", role = "implementing"},\n  {org = "nobody", role = "funding"},\n]\nsources = [{source = "src-a", quote = "q"}]\n')
    p = only(path)
    assert (p.line, p.field) == (line_of(path, '"nobody"'), "participants.1.org")


def test_impossible_date(write):
    path = write(BASE + '\n[[event]]\nid = "e1"\ntitle = "T"\ndate = "2009-02-30"\nsources = [{source = "src-a", quote = "q"}]\n')
    p = only(path)
    assert (p.line, p.record, p.field) == (line_of(path, "2009-02-30"), "e1", "date")
    assert "impossible date" in p.message


@pytest.mark.parametrize("bad", ["2009-13", "June 2009", "09-06-2009"])
def test_malformed_dates(write, bad):
    path = write(BASE + f'\n[[event]]\nid = "e1"\ntitle = "T"\ndate = "{bad}"\nsources = [{{source = "src-a", quote = "q"}}]\n')
    assert only(path).field == "date"


def test_end_before_start(write):
    path = write(BASE + '\n[[project]]\nid = "p1"\ntitle = "T"\nstart = "2013"\nend = "2009-02"\nsources = [{source = "src-a", quote = "q"}]\n')
    p = only(path)
    assert (p.line, p.record, p.field) == (line_of(path, 'end = "2009-02"'), "p1", "end")
    assert "before start" in p.message


def test_same_year_at_different_precisions_is_not_reversed(write):
    path = write(BASE + '\n[[project]]\nid = "p1"\ntitle = "T"\nstart = "2009-06"\nend = "2009"\nsources = [{source = "src-a", quote = "q"}]\n')
    assert problems_of(path) == []


def test_negative_amount(write):
    path = write(BASE + '\n[[funding]]\nid = "f1"\ndonors = ["donor-b"]\namount = "-5"\ncurrency = "EUR"\nsources = [{source = "src-a", quote = "q"}]\n')
    p = only(path)
    assert (p.line, p.record, p.field) == (line_of(path, 'amount = "-5"'), "f1", "amount")
    assert "never negative" in p.message


def test_unknown_currency(write):
    path = write(BASE + '\n[[funding]]\nid = "f1"\ndonors = ["donor-b"]\namount = 5\ncurrency = "XYZ"\nsources = [{source = "src-a", quote = "q"}]\n')
    p = only(path)
    assert (p.line, p.field) == (line_of(path, '"XYZ"'), "currency")
    assert "unknown currency code 'XYZ'" in p.message


def test_amount_needs_currency(write):
    path = write(BASE + '\n[[funding]]\nid = "f1"\ndonors = ["donor-b"]\namount = 5\nsources = [{source = "src-a", quote = "q"}]\n')
    p = only(path)
    assert p.record == "f1" and "needs a currency" in p.message


def test_amount_is_exact_decimal(write):
    path = write(BASE + '\n[[funding]]\nid = "f1"\ndonors = ["donor-b"]\namount = "937500.10"\ncurrency = "USD"\nsources = [{source = "src-a", quote = "q"}]\n')
    flow = load([path]).by_id["f1"]
    assert str(flow.amount) == "937500.10"


def test_evidence_citing_unknown_source(write):
    path = write(BASE + '\n[[person]]\nid = "p1"\nname = "P"\nsources = [\n  {source = "src-a", quote = "q"},\n  {source = "src-b", quote = "q"},\n]\n')
    p = only(path)
    assert (p.line, p.record, p.field) == (line_of(path, '"src-b"'), "p1", "sources.1.source")
    assert "not a source record" in p.message


def test_evidence_citing_a_record_that_is_not_a_source(write):
    path = write(BASE + '\n[[person]]\nid = "p1"\nname = "P"\nsources = [{source = "org-a", quote = "q"}]\n')
    assert "not a source record" in only(path).message


def test_record_without_evidence(write):
    path = write(BASE + '\n[[person]]\nid = "p1"\nname = "P"\nsources = []\n')
    p = only(path)
    assert (p.record, p.field) == ("p1", "sources") and "needs at least one piece of evidence" in p.message


def test_inferred_must_name_a_field(write):
    path = write(BASE + '\n[[event]]\nid = "e1"\ntitle = "T"\ninferred = {dat = "why"}\nsources = [{source = "src-a", quote = "q"}]\n')
    assert "'dat'" in only(path).message


def test_control_characters_are_refused(write):
    path = write(BASE + '\n[[event]]\nid = "e1"\ntitle = "bad \\u001b[31m red"\nsources = [{source = "src-a", quote = "q"}]\n')
    p = only(path)
    assert (p.line, p.record, p.field) == (line_of(path, "bad"), "e1", "title")
    assert "control character" in p.message


def test_every_problem_is_reported_sorted_with_a_count(write):
    path = write(BASE + '\n[[event]]\nid = "e1"\ntitle = "T"\ndate = "2009-02-30"\nsources = [{source = "src-a", quote = "q"}]\n'
                        '\n[[event]]\nid = "e2"\ntitle = "T"\norganizers = ["nobody"]\nsources = [{source = "src-a", quote = "q"}]\n'
                        '\n[[event]]\nid = "e3"\ntitle = "T"\nsources = [{source = "src-x", quote = "q"}]\n')
    with pytest.raises(DataError) as e:
        load([path])
    lines = [p.line for p in e.value.problems]
    assert len(lines) == 3 and lines == sorted(lines)
    assert e.value.report().endswith("3 problems found")


def test_line_of_a_field_deep_in_a_large_file(write):
    records = "".join(
        f'\n[[event]]\nid = "e{i}"\ntitle = "Event {i}"\n'
        f'sources = [\n  {{source = "src-a", quote = "q"}},\n]\n'
        f'date = "{"2009-06-31" if i == 57 else "2009-06-30"}"\n' for i in range(200))
    path = write(BASE + records)
    p = only(path)
    assert (p.line, p.record, p.field) == (line_of(path, "2009-06-31"), "e57", "date")


@pytest.mark.parametrize("kind,extra", [("event", 'title = "T"'), ("funding", 'donors = ["donor-b"]')])
def test_date_and_period_together(write, kind, extra):
    path = write(BASE + f'\n[[{kind}]]\nid = "x1"\n{extra}\ndate = "2009"\nstart = "2008"\n'
                        'sources = [{source = "src-a", quote = "q"}]\n')
    p = only(path)
    assert p.record == "x1" and "either date or start/end" in p.message


@pytest.mark.parametrize("bad", ["0000", "0999", "２００９", "٢٠٠٩"])
def test_years_outside_1000_to_9999_and_non_ascii_digits(write, bad):
    path = write(BASE + f'\n[[event]]\nid = "e1"\ntitle = "T"\ndate = "{bad}"\nsources = [{{source = "src-a", quote = "q"}}]\n')
    assert only(path).field == "date"


@pytest.mark.parametrize("amount", ["0.1", '"5E3"', '"1_000"', '"12.5.1"', "true"])
def test_amounts_must_be_exact_and_plain(write, amount):
    path = write(BASE + f'\n[[funding]]\nid = "f1"\ndonors = ["donor-b"]\namount = {amount}\ncurrency = "EUR"\n'
                        'sources = [{source = "src-a", quote = "q"}]\n')
    p = only(path)
    assert (p.record, p.field) == ("f1", "amount")


def test_parent_cycle(write):
    path = write(BASE + '\n[[project]]\nid = "pa"\ntitle = "A"\nparent = "pb"\nsources = [{source = "src-a", quote = "q"}]\n'
                        '\n[[project]]\nid = "pb"\ntitle = "B"\nparent = "pa"\nsources = [{source = "src-a", quote = "q"}]\n')
    problems = problems_of(path)
    assert [(p.record, p.field) for p in problems] == [("pa", "parent"), ("pb", "parent")]
    assert all("leads back" in p.message for p in problems)


def test_too_long_only_quote_is_one_problem(write):
    quote = "x" * 301
    path = write(BASE + f'\n[[person]]\nid = "p1"\nname = "P"\nsources = [{{source = "src-a", quote = "{quote}"}}]\n')
    p = only(path)
    assert p.field == "sources.0.quote" and "300" in p.message


def test_invisible_direction_controls_are_refused(write):
    path = write(BASE + '\n[[event]]\nid = "e1"\ntitle = "RLO \u202eevil txt.exe"\nsources = [{source = "src-a", quote = "q"}]\n')
    assert "control character" in only(path).message


def test_malformed_record_id_is_shown_quoted(write):
    path = write(BASE + '\n[[event]]\nid = "E 1\\n"\ntitle = "T"\nsources = [{source = "src-a", quote = "q"}]\n')
    p = only(path)
    assert p.record == "'E 1\\n'" and "\n" not in str(p)


def test_many_bad_ids_are_all_reported_and_only_the_first_get_suggestions(write):
    from wpskosovo.load import checks

    n = checks._SUGGEST_AT_MOST + 20
    events = "".join(f'\n[[event]]\nid = "ev-{i}"\ntitle = "E"\norganizers = ["org-a{i}"]\n'
                     f'sources = [{{source = "src-a", quote = "q"}}]\n' for i in range(n))
    _, problems = check([write(BASE + events)])
    unknown = [p for p in problems if "unknown id" in p.message]
    assert len(unknown) == n
    suggested = [p for p in unknown if "did you mean 'org-a'" in p.message]
    assert len(suggested) == checks._SUGGEST_AT_MOST  # the rest are reported without one


MENTIONING = BASE + '''
[[place]]
id = "qyteti"
name = "Qyteti"
names = {sr = "Grad"}
sources = [{source = "src-a", quote = "about Qyteti"}]

[[event]]
id = "e1"
title = "A meeting"
place = "qyteti"
description = "Held in Qyteti by OA with the Government of the Kingdom of Bee."
sources = [{source = "src-a", quote = "OA met in Grad"}]
'''


def test_mentions_without_a_link_are_found_once_each_at_their_line(write, run):
    path = write(MENTIONING)
    code, out, _ = run("validate", "--mentions", path)
    assert code == 1
    lines = out.splitlines()
    found = [line for line in lines if "mentions" in line]
    # Qyteti (and Grad, its Serbian name) is the event's place: linked. OA and Bee are not.
    assert len(found) == 2, out
    description = line_of(path, 'description = "Held')
    assert f"{path}:{description}: e1: description: mentions organization 'donor-b'" in out
    assert f"{path}:{description}: e1: description: mentions organization 'org-a'" in out
    assert run("validate", path)[0] == 0  # only asked for


def test_a_mention_left_unlinked_on_purpose_says_why_and_a_stale_one_is_reported(write, run):
    path = write(MENTIONING.replace('organizers = ["org-a"]', '').replace(
        'description = "Held', 'organizers = ["org-a"]\nunlinked = {donor-b = "named as a guest only", qyteti = "x"}\n'
                               'description = "Held'))
    code, out, _ = run("validate", "--mentions", path)
    assert code == 1 and out.count("mentions") == 0, out
    assert "e1: unlinked: qyteti: 'qyteti' is not mentioned without a link here" in out


def test_a_flood_of_one_problem_is_listed_a_hundred_times_and_counted(write):
    """A table with thousands of unknown keys: the report shows a hundred of a kind, counts the
    rest, and the table is checked only as far as any record could reach."""
    from wpskosovo.load.validate import MAX_KEYS

    path = write(BASE + "".join(f"k{i} = 1\n" for i in range(5000)))  # keys of the last organization
    with pytest.raises(DataError) as e:
        load([path])
    report = e.value.report().splitlines()
    assert sum("unknown field" in line for line in report) == 101  # a hundred, then the count
    assert f"… and {MAX_KEYS - 3 - 100} more: unknown field …" in report  # id, name, sources are fields
    assert any("donor-b: has 5003 keys, more than any record has fields" in line for line in report)


def test_a_valid_records_problem_names_it_when_a_record_before_it_failed(write):
    """Records are validated one by one, each table giving way to its record: a cross-record
    problem of a valid record still names it, at its line, after one before it failed."""
    path = write(BASE + '\n[[event]]\nid = "bad"\ntitle = "T"\ndate = "2009-02-30"\nsources = [{source = "src-a", quote = "q"}]\n'
                 '\n[[event]]\nid = "good"\ntitle = "T"\ndate = "2009"\norganizers = ["nobody"]\nsources = [{source = "src-a", quote = "q"}]\n')
    bad, good = problems_of(path)
    assert (bad.record, bad.field, bad.line) == ("bad", "date", line_of(path, "2009-02-30"))
    assert (good.record, good.field, good.line) == ("good", "organizers.0", line_of(path, '"nobody"'))
    assert "unknown id 'nobody'" in good.message
