"""`wps export`: the dataset as a SQLite database for Datasette and sqlite-utils, or CSV files."""

from __future__ import annotations

import csv
import sqlite3

from conftest import BASE

from wpskosovo.load.validate import load
from wpskosovo.model.kinds import KINDS


def test_the_database_holds_every_record_with_its_links_and_evidence(run, tmp_path):
    target = tmp_path / "wps.db"
    code, _, err = run("export", target)
    data = load()
    assert code == 0 and f"{len(data)} records" in err
    db = sqlite3.connect(target)
    assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    assert db.execute("PRAGMA foreign_key_check").fetchall() == []
    assert {r for (r,) in db.execute("SELECT id FROM records")} == {r.id for r in data}
    for kind, model in KINDS.items():
        assert db.execute(f'SELECT count(*) FROM "{model.plural}"').fetchone()[0] == len(data.by_kind[kind])
    amount, currency = db.execute("SELECT amount, currency FROM funding WHERE id = 'funding-netherlands-wssi-plus'").fetchone()
    assert (amount, currency) == ("937500", "USD")  # exact digits, never a float
    quotes = db.execute("SELECT record_id, position, source_id, quote FROM evidence ORDER BY record_id, position")
    assert quotes.fetchall() == sorted((r.id, i, e.source, e.quote) for r in data for i, e in enumerate(r.get("sources", ())))
    links = {(a, b) for a, b in db.execute("SELECT record_id, target_id FROM links")}
    assert ("wps-focal-points-network-fifth-meeting", "kwn") in links
    inferred = db.execute("SELECT inferred FROM links WHERE record_id = 'wssi-plus' AND target_id = 'ministry-justice'")
    assert inferred.fetchone() == (1,)


def test_full_text_search_finds_names_as_written_and_folded_text(run, tmp_path):
    """Datasette's search box queries records_fts: a name as written ("Shtërpcë") and the
    folded text ("shterpce", "strpce" for Štrpce) both find the place and the panel there,
    inside words too (trigrams)."""
    target = tmp_path / "wps.db"
    run("export", target)
    db = sqlite3.connect(target)
    for text in ("Shtërpcë", "shterpce", "strpce", "terpc"):
        found = {r for (r,) in db.execute(
            "SELECT records.id FROM records_fts JOIN records ON records.rowid = records_fts.rowid "
            "WHERE records_fts MATCH ?", [f'"{text}"'])}
        assert "shterpce-panel-2020" in found and "shterpce" in found, text
    # Datasette shows a search box on a table when an FTS table names it as its content.
    detected = db.execute("SELECT name FROM sqlite_master WHERE rootpage = 0 "
                          """AND sql LIKE '%VIRTUAL TABLE%USING FTS%content="records"%'""").fetchall()
    assert detected == [("records_fts",)]


def test_exports_are_ordinary_files_made_as_the_umask_says(run, tmp_path):
    """Unlike a cache entry (0600), an export is for sharing: its mode follows the umask."""
    import os

    old = os.umask(0o027)
    try:
        assert run("export", tmp_path / "wps.db")[0] == 0
        assert run("export", tmp_path / "csv", "--csv")[0] == 0
    finally:
        os.umask(old)
    assert (tmp_path / "wps.db").stat().st_mode & 0o777 == 0o640
    assert {p.stat().st_mode & 0o777 for p in (tmp_path / "csv").iterdir()} == {0o640}


def test_export_refuses_to_overwrite_without_force(run, tmp_path):
    target = tmp_path / "wps.db"
    target.write_text("mine")
    code, _, err = run("export", target)
    assert code == 1 and "--force" in err and target.read_text() == "mine"
    assert run("export", target, "--force")[0] == 0
    assert sqlite3.connect(target).execute("SELECT count(*) FROM records").fetchone()[0] == len(load())


def test_csv_export_writes_a_file_per_table_with_inert_cells(run, write, tmp_path):
    path = write(BASE.replace('name = "Government of the Kingdom of Bee"', 'name = "=HYPERLINK(1)"'))
    folder = tmp_path / "tables"
    code, _, err = run("export", folder, "--csv", "--data", path)
    assert code == 0
    names = {p.stem for p in folder.glob("*.csv")}
    assert {"records", "links", "evidence", "organizations", "funding"} <= names
    rows = list(csv.DictReader((folder / "organizations.csv").open(encoding="utf-8")))
    assert {r["name"] for r in rows} == {"Organization Ä of Shtërpcë", "'=HYPERLINK(1)"}
    assert run("export", folder, "--csv", "--data", path)[0] == 1  # files exist: --force needed


def test_a_spreadsheet_reader_gets_numbers_and_names(run, tmp_path):
    """The funding table of an export carries each flow's amount as a number beside its exact
    digits, and its donors', recipient's and project's names; a spreadsheet's suffix is refused."""
    folder = tmp_path / "tables"
    assert run("export", folder, "--csv")[0] == 0
    flows = {r["id"]: r for r in csv.DictReader((folder / "funding.csv").open(encoding="utf-8"))}
    wssi = flows["funding-netherlands-wssi-plus"]
    assert (wssi["amount"], float(wssi["amount_value"])) == ("937500", 937500.0)
    assert flows["funding-eja-kosovo-kcss"]["donor_names"].startswith("Swiss Agency for Development and Cooperation; ")
    assert flows["funding-unifem-wib"]["recipient_name"] == "Women in Black"
    code, _, err = run("export", tmp_path / "wps.xlsx")
    assert code == 2 and "--csv" in err and not (tmp_path / "wps.xlsx").exists()


def test_datasette_serves_the_export_with_links_and_a_search_box(run, tmp_path):
    """The export as its users open it: `datasette wps.db`, on a free port; a table page shows
    references as links to the records they name, and the search box finds a folded name."""
    import json
    import socket
    import subprocess
    import sys
    import time
    import urllib.request

    target = tmp_path / "wps.db"
    assert run("export", target)[0] == 0
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = subprocess.Popen([sys.executable, "-m", "datasette", "serve", str(target), "--host", "127.0.0.1",
                               "--port", str(port)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}/wps"

    def get(path: str) -> str:
        with urllib.request.urlopen(base + path, timeout=10) as response:
            return response.read().decode("utf-8")

    try:
        for _ in range(200):  # up to 20 s to start
            try:
                get(".json")
                break
            except OSError:
                time.sleep(0.1)
        page = get("/events")
        assert "shterpce-panel-2020" in page and 'href="/wps/records/shterpce"' in page  # a place, as a link
        assert 'name="_search"' in get("/records")  # the search box
        found = json.loads(get("/records.json?_search=shterpce&_shape=array"))
        assert {"shterpce", "shterpce-panel-2020"} <= {row["id"] for row in found}
        # The dataset's pillar coding, as a facet: a count per pillar of UNSCR 1325.
        facet = json.loads(get("/pillars.json?_facet=pillar"))["facet_results"]
        facet = facet.get("results", facet)["pillar"]["results"]
        assert {f["value"] for f in facet} == {"participation", "protection", "prevention", "relief and recovery"}
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_tables_only_people_read_are_filled_by_the_export_alone(run, tmp_path):
    """The per-kind tables, names and inferences: no query reads them, so the store holds them
    empty; `wps export` fills them from the records."""
    import sqlite3

    from wpskosovo.store.db import open_data

    store = open_data()
    people_only = ["projects", "organizations", "names", "inferred"]
    assert all(store.db.execute(f"SELECT count(*) FROM {t}").fetchone()[0] == 0 for t in people_only)
    target = tmp_path / "wps.db"
    assert run("export", target)[0] == 0
    db = sqlite3.connect(target)
    counts = {t: db.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in people_only}
    assert counts["projects"] == store.db.execute("SELECT count(*) FROM records WHERE kind = 'project'").fetchone()[0]
    assert all(counts.values()), counts
