"""Bad files on disk: every one gets a clear message naming the file, and a non-zero exit."""

from __future__ import annotations

import os

import pytest
from conftest import BASE

from wpskosovo.load.validate import check


def only(paths):
    _, problems = check(paths)
    assert len(problems) == 1, problems
    return problems[0]


def test_invalid_utf8_names_line_and_column(tmp_path):
    path = tmp_path / "bad.toml"
    path.write_bytes(BASE.encode() + b'\n[[event]]\nid = "e"\ntitle = "caf\xe9"\n')
    p = only([path])
    assert p.file == str(path) and p.line == BASE.count("\n") + 4 and p.column == 13
    assert "not valid UTF-8" in p.message


def test_binary_garbage(tmp_path):
    path = tmp_path / "garbage.toml"
    path.write_bytes(bytes(range(256)) * 4)
    p = only([path])
    assert p.file == str(path) and p.line == 2 and "byte 0x80" in p.message  # 0x80 follows one newline


def test_deep_nesting(write):
    path = write("x = " + "[" * 100_000 + "]" * 100_000 + "\n")
    p = only([path])
    assert "nested" in p.message


def test_empty_file_is_an_empty_dataset(write):
    data, problems = check([write("")])
    assert problems == [] and len(data) == 0


def test_byte_order_mark_is_accepted(tmp_path):
    path = tmp_path / "bom.toml"
    path.write_bytes(b"\xef\xbb\xbf" + BASE.encode())
    data, problems = check([path])
    assert problems == [] and "org-a" in data.by_id


def test_missing_path(tmp_path):
    p = only([tmp_path / "nope.toml"])
    assert p.file.endswith("nope.toml") and "no such file" in p.message


def test_directory_without_toml_files(tmp_path):
    (tmp_path / "notes.txt").write_text("hello")
    p = only([tmp_path])
    assert "no .toml files" in p.message


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_unreadable_file(write):
    path = write(BASE)
    path.chmod(0)
    try:
        if os.access(path, os.R_OK):
            pytest.skip("running with privileges that ignore file permissions")
        p = only([path])
        assert p.file == str(path) and "cannot read file" in p.message
    finally:
        path.chmod(0o644)


def test_a_broken_file_does_not_hide_problems_in_others(tmp_path, write):
    write("[[organization]\n", "a.toml")
    write(BASE + '\n[[person]]\nid = "p"\nname = "P"\nroles = [{org = "nobody", title = "x"}]\n'
                 'sources = [{source = "src-a", quote = "q"}]\n', "b.toml")
    _, problems = check([tmp_path])
    assert [p.file.rsplit("/", 1)[1] for p in problems] == ["a.toml", "b.toml"]


def test_top_level_value_instead_of_array(write):
    path = write('[project]\nid = "x"\n')
    p = only([path])
    assert p.line == 1 and p.field == "project" and "array" in p.message


@pytest.mark.parametrize("command", [["list", "orgs"], ["validate"]])
def test_cli_reports_file_problems_without_traceback(run, tmp_path, command):
    path = tmp_path / "bad.toml"
    path.write_bytes(b"\xff\xfe garbage")
    code, out, err = run("--data", path, *command)
    report = out if command == ["validate"] else err  # validate's findings are its output
    assert code == 1 and str(path) in report and "Traceback" not in out + err
