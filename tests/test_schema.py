"""`wps schema`: a JSON Schema of a data file, generated from the models, that the shipped
data names in its `#:schema` line and that a standard validator checks it against."""

import datetime
import json

import jsonschema
import pytest
import tomli
from conftest import BASE, REPO


def as_json(toml_text: str):
    """A data file as the JSON an editor's TOML language server checks (TOML dates as strings)."""
    def plain(value):
        if isinstance(value, datetime.date):
            return value.isoformat()
        raise TypeError(type(value))

    return json.loads(json.dumps(tomli.loads(toml_text), default=plain))


@pytest.fixture(scope="module")
def validator():
    schema = json.loads((REPO / "data" / "records.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def test_the_schema_file_is_what_wps_schema_prints(run):
    code, out, _ = run("schema")
    assert code == 0
    assert json.loads(out) == json.loads((REPO / "data" / "records.schema.json").read_text(encoding="utf-8"))


def test_the_shipped_data_names_its_schema_in_its_first_line():
    first = (REPO / "data" / "records.toml").read_text(encoding="utf-8").splitlines()[0]
    assert first == "#:schema ./records.schema.json"


def test_the_shipped_data_validates_against_the_schema(validator):
    errors = list(validator.iter_errors(as_json((REPO / "data" / "records.toml").read_text(encoding="utf-8"))))
    assert [e.message for e in errors] == []


@pytest.mark.parametrize(("change", "found"), [
    (('id = "org-a"', "id = 5"), "5 is not of type 'string'"),
    (('id = "org-a"', 'id = "Org A"'), "does not match"),
    (('acronyms = ["OA"]', 'acronyms = "OA"'), "is not of type 'array'"),
    (('acronyms = ["OA"]', 'acronyms = ["OA"]\nfounded = "June 2001"'), "is not valid under any of the given schemas"),
    (('acronyms = ["OA"]', 'acronyms = ["OA"]\nnickname = "A"'), "Additional properties are not allowed"),
])
def test_the_schema_rejects_what_validation_rejects(validator, run, write, change, found):
    text = BASE.replace(*change)
    assert any(found in e.message for e in validator.iter_errors(as_json(text)))
    code, _, _ = run("validate", "--data", str(write(text)))
    assert code == 1  # wps itself agrees


def test_the_schema_accepts_a_valid_file(validator):
    assert list(validator.iter_errors(as_json(BASE))) == []
