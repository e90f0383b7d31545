"""`wps cite` and `--cite`: the sources records rest on, as plain text, BibTeX (parsed here by
bibtexparser) and CSL-JSON (checked against the CSL variables and types it may use)."""

import json

import bibtexparser
import jsonschema
import pytest
from conftest import BASE

from wpskosovo.store.db import open_data

# CSL-JSON as citeproc reads it (CSL 1.0.2): the item types and variables this tool writes,
# each with its CSL type; anything else is refused.
CSL_TYPES = ["article", "book", "chapter", "dataset", "document", "report", "webpage"]
DATE = {"type": "object", "required": ["date-parts"], "additionalProperties": False,
        "properties": {"date-parts": {"type": "array", "minItems": 1, "maxItems": 2, "items": {
            "type": "array", "minItems": 1, "maxItems": 3, "items": {"type": "integer"}}}}}
CSL_ITEM = {"type": "object", "required": ["id", "type", "title"], "additionalProperties": False, "properties": {
    "id": {"type": "string"}, "type": {"enum": CSL_TYPES}, "title": {"type": "string", "minLength": 1},
    "original-title": {"type": "string"}, "genre": {"type": "string"}, "language": {"type": "string"},
    "publisher": {"type": "string"}, "version": {"type": "string"}, "note": {"type": "string"}, "issued": DATE}}
CSL = {"type": "array", "items": CSL_ITEM}


def sources_of(ids):
    """The source ids these records cite, straight from the store's evidence table."""
    db = open_data().db
    marks = ", ".join("?" * len(ids))
    return {s for s, in db.execute(f"SELECT DISTINCT source_id FROM evidence WHERE record_id IN ({marks})", ids)}


def test_bibtex_parses_and_holds_each_source_and_the_release(run):
    code, out, _ = run("cite", "kwn", "--format", "bibtex")
    assert code == 0
    library = bibtexparser.parse_string(out)
    assert library.failed_blocks == []
    keys = {e.key for e in library.entries}
    _, stats, _ = run("stats", "--json")
    release = json.loads(stats)["release"]["release"]
    assert keys == sources_of(["kwn"]) | {f"wpskosovo-{release}"}
    dataset = library.entries_dict[f"wpskosovo-{release}"]
    assert dataset["version"] == release and "kwn" in dataset["note"]
    kwn_source = library.entries_dict["src-002"]
    assert kwn_source["organization"] == "Kosovo Women's Network" and "Inferred from the text: publisher" in kwn_source["note"]


def test_csl_json_is_valid_and_names_translated_titles(run):
    code, out, _ = run("cite", "kcss", "--format", "csl")
    items = json.loads(out)
    jsonschema.validate(items, CSL)
    by_id = {i["id"]: i for i in items}
    assert set(by_id) - {i["id"] for i in items if i["type"] == "dataset"} == sources_of(["kcss"])
    albanian = by_id["src-001"]
    assert albanian["language"] == "sq" and albanian["original-title"].startswith("Zhvillimi")


def test_plain_quotes_each_record_and_names_the_release(run):
    code, out, _ = run("cite", "wssi-plus", "netherlands")
    assert code == 0
    assert "[src-004]" in out and "wssi-plus: \u201c" in out and "netherlands: \u201c" in out
    assert "release" in out.splitlines()[-1] and "records wssi-plus, netherlands" in out


def test_a_source_cites_itself(run):
    code, out, _ = run("cite", "src-003", "--format", "csl")
    assert [i["id"] for i in json.loads(out)][0] == "src-003"


@pytest.mark.parametrize("command", [["list", "events", "--org", "KWN"], ["search", "Shtërpcë"],
                                     ["timeline", "--org", "KCSS"], ["funding", "--donor", "Netherlands"]])
def test_a_listing_cites_the_sources_of_its_rows(run, command):
    code, rows, _ = run(*command, "--json")
    rows = json.loads(rows)
    ids = [r["id"] for r in (rows["flows"] if isinstance(rows, dict) else rows)]
    code, out, _ = run(*command, "--cite", "csl")
    assert code == 0
    cited = {i["id"] for i in json.loads(out) if i["type"] != "dataset"}
    assert ids and cited == sources_of(ids)


def test_cite_is_one_output_format(run):
    code, _, err = run("list", "events", "--cite", "plain", "--json")
    assert code == 2 and "cannot be combined" in err
    code, _, err = run("list", "events", "--cite", "word")
    assert code == 2


HOSTILE = BASE.replace('title = "Document A"', r'title = "A} @misc{evil, title={x} \\input{/etc/passwd} 100% #1 & $5_~^"')


def test_bibtex_escapes_what_a_data_file_holds(run, write):
    code, out, _ = run("cite", "org-a", "--format", "bibtex", "--data", str(write(HOSTILE)))
    assert code == 0
    library = bibtexparser.parse_string(out)
    assert library.failed_blocks == [] and [e.key for e in library.entries] == ["src-a"]
    title = library.entries[0]["title"]
    assert "\\input" not in title.replace("\\textbackslash{}input", "") and "\\textbraceright{}" in title
    assert "\\%" in title
    assert _bibtex_fields(out) == [("misc", "src-a", ["title", "howpublished", "language", "note"])]


def _bibtex_fields(text: str) -> list[tuple[str, str, list[str]]]:
    """The entries and field names as BibTeX itself reads them: braces counted whatever comes
    before them (a backslash protects none), so a field ends where its braces balance."""
    entries, i = [], 0
    while (at := text.find("@", i)) >= 0:
        kind_end = text.index("{", at)
        key_end = text.index(",", kind_end)
        kind, key, fields, j = text[at + 1:kind_end], text[kind_end + 1:key_end], [], key_end + 1
        while True:
            j += len(text[j:]) - len(text[j:].lstrip())
            if text[j] == "}":  # the entry's own closing brace
                break
            name, _, rest = text[j:].partition("=")
            j += len(name) + 1
            j += len(rest) - len(rest.lstrip())
            assert text[j] == "{", text[j:j + 40]
            depth = 0
            for k in range(j, len(text)):
                depth += {"{": 1, "}": -1}.get(text[k], 0)
                if depth == 0:
                    break
            fields.append(name.strip())
            j = k + 1
            assert text[j] == ",", f"field {name.strip()} of {key} ends early: {text[j:j + 40]!r}"
            j += 1
        entries.append((kind, key, fields))
        i = j + 1
    return entries


def test_every_shipped_bibtex_field_is_balanced_as_bibtex_counts(run):
    code, out, _ = run("cite", "kwn", "unifem-1325-see", "--format", "bibtex")
    assert code == 0 and len(_bibtex_fields(out)) >= 2


def test_an_empty_listing_cites_nothing(run):
    code, out, err = run("list", "events", "--org", "KWN", "--from", "2030", "--cite", "plain")
    assert code == 0 and out == "" and "nothing to cite" in err
    code, out, _ = run("list", "events", "--org", "KWN", "--from", "2030", "--cite", "csl")
    assert code == 0 and json.loads(out) == []
