"""The dataset's release: declared once in `[dataset]`, checked, and named by `--version`,
`stats`, every export and every citation."""

import json
import sqlite3

from conftest import BASE

RELEASE = """
[dataset]
title = "Test data"
release = "2.1"
date = "2026-11-30"
"""


def test_the_release_is_named_by_version_stats_and_export(run, write, tmp_path):
    path = write(RELEASE + BASE)
    code, out, _ = run("--data", str(path), "--version")
    assert code == 0 and out.strip().endswith("data release 2.1 (2026-11-30)")
    code, out, _ = run("stats", "--data", str(path), "--json")
    assert json.loads(out)["release"] == {"title": "Test data", "release": "2.1", "date": "2026-11-30"}
    code, _, _ = run("export", str(tmp_path / "wps.db"), "--data", str(path))
    meta = dict(sqlite3.connect(tmp_path / "wps.db").execute("SELECT key, value FROM meta"))
    assert (meta["release"], meta["release_date"], meta["release_title"]) == ("2.1", "2026-11-30", "Test data")


def test_data_without_a_release_says_so(run, write):
    code, out, _ = run("--data", str(write(BASE)), "--version")
    assert code == 0 and "data without a release" in out
    code, out, _ = run("stats", "--data", str(write(BASE)), "--json")
    assert json.loads(out)["release"] is None


def test_the_shipped_data_has_a_release(run):
    code, out, _ = run("stats", "--json")
    release = json.loads(out)["release"]
    assert release["release"] and len(release["date"]) == 10


def test_a_release_is_dated_to_the_day_and_numbered(run, write):
    path = write(RELEASE.replace('"2.1"', '"v2"').replace('"2026-11-30"', '"2026-11"') + BASE)
    code, out, err = run("validate", "--data", str(path))
    assert code == 1
    assert f"{path}:4: dataset: release: 'v2' is not a release number" in out + err
    assert f"{path}:5: dataset: date: give the day (YYYY-MM-DD), not 2026-11" in out + err


def test_two_files_declaring_a_release_is_a_problem(run, write, tmp_path):
    write(RELEASE + BASE, "a.toml")
    write(RELEASE, "b.toml")
    code, out, err = run("validate", "--data", str(tmp_path))
    assert code == 1 and f"{tmp_path / 'b.toml'}:2: dataset: the dataset's release is declared in" in out + err
