"""The cache: the engine's database, keyed on content, in the user's cache directory, safe when
processes race, and never a source of stale or wrong data."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import BASE, records_of

from wpskosovo.model import kinds
from wpskosovo.problems import DataError
from wpskosovo.query import filters, funding, search, timeline
from wpskosovo.store import cache
from wpskosovo.store.db import Store, open_data


@pytest.fixture
def cache_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    return tmp_path / "xdg" / "wpskosovo"


def entries(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.db")) if folder.exists() else []


def from_cache(store: Store) -> bool:
    """Whether the store was opened from an entry an earlier run left (not built by this one)."""
    return not store.built


def wps(cache_dir: Path, *args: str) -> tuple[int, str, str]:
    """A real run of `wps` with this cache and nothing else from the environment."""
    env = {"XDG_CACHE_HOME": str(cache_dir.parent), "PATH": "/usr/bin:/bin", "NO_COLOR": "1"}
    done = subprocess.run([sys.executable, "-m", "wpskosovo", *args], capture_output=True, text=True, env=env)
    return done.returncode, done.stdout, done.stderr


def answers(store: Store) -> list:
    """What the queries return, as plain values."""
    return [[r.model_dump() for r in records_of(store, k)] for k in kinds.KINDS] + [
        [h.id for h in search.search(store, "organization")],
        [m.id for m in timeline.timeline(store, filters.Filters())],
        funding.funding(store).totals,
    ]


def test_lives_in_the_user_cache_directory(cache_dir, write):
    assert not from_cache(open_data([write(BASE)]))
    assert len(entries(cache_dir)) == 1


def test_defaults_to_home_cache(monkeypatch, tmp_path):
    monkeypatch.delenv("XDG_CACHE_HOME")
    monkeypatch.setenv("HOME", str(tmp_path))
    assert cache.directory() == tmp_path / ".cache" / "wpskosovo"


def test_can_be_turned_off(cache_dir, write, monkeypatch):
    monkeypatch.setenv("WPS_CACHE", "off")
    path = write(BASE)
    open_data([path])
    assert entries(cache_dir) == [] and not from_cache(open_data([path]))


def test_a_hit_gives_the_same_answers(cache_dir, write):
    path = write(BASE)
    built = open_data([path])
    cached = open_data([path])
    assert from_cache(cached) and answers(cached) == answers(built)
    assert len(entries(cache_dir)) == 1


def test_keyed_on_content_never_stale(cache_dir, write):
    path = write(BASE)
    open_data([path])
    path.write_text(BASE.replace("Organization Ä of Shtërpcë", "Renamed"), encoding="utf-8")
    assert open_data([path]).by_id["org-a"].label == "Renamed"
    assert len(entries(cache_dir)) == 2


def test_data_with_problems_is_not_cached_and_still_reported(cache_dir, write):
    path = write(BASE + '\n[[event]]\nid = "e1"\ntitle = "T"\ndate = "2009-02-30"\nsources = [{source = "src-a", quote = "q"}]\n')
    for _ in range(2):
        with pytest.raises(DataError) as e:
            open_data([path])
        assert len(e.value.problems) == 1
    assert entries(cache_dir) == []


def test_the_key_covers_every_file(cache_dir, tmp_path, write):
    write(BASE, "a.toml")
    open_data([tmp_path])
    write('[[person]]\nid = "p"\nname = "P"\nroles = [{org = "org-a", title = "t"}]\n'
          'sources = [{source = "src-a", quote = "q"}]\n', "b.toml")
    assert open_data([tmp_path]).by_id["p"]
    (tmp_path / "a.toml").unlink()
    with pytest.raises(DataError) as e:  # b.toml alone: its reference now dangles
        open_data([tmp_path])
    assert any("unknown id 'org-a'" in p.message for p in e.value.problems)


def test_a_damaged_entry_is_a_miss(cache_dir, write):
    """Empty, not a database, cut short, or written for other data: read again from the data."""
    path = write(BASE)
    open_data([path])
    [entry] = entries(cache_dir)
    whole = entry.read_bytes()
    other = write(BASE.replace("Organization Ä of Shtërpcë", "Other"), "other.toml")
    open_data([other])
    foreign = next(e for e in entries(cache_dir) if e != entry).read_bytes()
    for damage in (b"", b"garbage" * 1000, whole[:20], whole[:len(whole) // 2], foreign):
        entry.write_bytes(damage)
        store = open_data([path])
        assert not from_cache(store) and store.by_id["org-a"].label == "Organization Ä of Shtërpcë"
        assert from_cache(open_data([path]))  # and stored again


def test_unwritable_cache_directory_is_harmless(tmp_path, monkeypatch, write):
    blocker = tmp_path / "file-not-dir"
    blocker.write_text("")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))
    assert open_data([write(BASE)]).by_id["org-a"]


def test_concurrent_processes(cache_dir, tmp_path, write):
    """Eight processes open one new file at once: all succeed with the whole dataset, and
    the cache ends with one complete entry and no temporary files."""
    records = "".join(f'\n[[person]]\nid = "p{i}"\nname = "Person {i}"\nsources = [{{source = "src-a", quote = "q"}}]\n'
                      for i in range(3000))
    path = write(BASE + records)
    code = ("import sys; from pathlib import Path; from wpskosovo.store.db import open_data; "
            "print(len(open_data([Path(sys.argv[1])])))")
    env = {"XDG_CACHE_HOME": str(cache_dir.parent), "PATH": "/usr/bin:/bin"}
    procs = [subprocess.Popen([sys.executable, "-c", code, str(path)], stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, env=env) for _ in range(8)]
    results = [p.communicate() for p in procs]
    assert [(p.returncode, out.strip()) for p, (out, _) in zip(procs, results)] == [(0, b"3003")] * 8
    assert len(entries(cache_dir)) == 1
    assert [p for p in cache_dir.iterdir() if not p.name.endswith((".db", ".sum"))] == []  # entries and seals
    store = open_data([path])
    assert from_cache(store) and len(store) == 3003  # and the entry they left is good


def test_a_changed_program_is_a_miss(cache_dir, write, monkeypatch):
    """Editing the code that decides validity (e.g. in a source checkout) must not reuse entries."""
    path = write(BASE)
    open_data([path])
    before = cache.key([cache.digest(path.read_bytes())])
    monkeypatch.setattr(cache, "FORMAT", cache.FORMAT + "-changed")
    assert cache.key([cache.digest(path.read_bytes())]) != before
    assert not from_cache(open_data([path]))
    assert len(entries(cache_dir)) == 2


@pytest.mark.parametrize("module", ["model/kinds.py", "model/dates.py", "load/toml.py", "store/db.py"])
def test_key_covers_the_source_of_what_it_stores(monkeypatch, tmp_path, module):
    import shutil

    copy = tmp_path / "wpskosovo"
    shutil.copytree(cache.PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__", "data"))
    before = cache.key([cache.digest(b"x")])
    monkeypatch.setattr(cache, "PACKAGE", copy)
    assert cache.key([cache.digest(b"x")]) == before
    (copy / module).write_bytes((copy / module).read_bytes() + b"\n# changed\n")
    assert cache.key([cache.digest(b"x")]) != before


def test_the_key_tells_files_apart(monkeypatch):
    assert cache.key([cache.digest(b"ab"), cache.digest(b"c")]) != cache.key([cache.digest(b"a"), cache.digest(b"bc")])


def test_unchanged_files_are_not_read_again(cache_dir, write, monkeypatch):
    """The memo of digests, as git's index: a file still since it was hashed is trusted by its
    stamp (identity, size, modification and change times); a changed one is read again."""
    from wpskosovo.load import validate

    path = write(BASE)
    monkeypatch.setattr(cache, "STILL_NS", -10**12)  # count a file written now as long still
    reads = []
    real = validate.read_all
    monkeypatch.setattr(validate, "read_all", lambda *args, **kwargs: reads.append(1) or real(*args, **kwargs))
    first = open_data([path])
    assert reads == [1] and len(first) > 0
    again = open_data([path])
    assert reads == [1] and from_cache(again) and len(again) == len(first)  # no read, no hash
    stamp = path.stat()
    path.write_text(BASE.replace("Organization", "Organisation"))
    os.utime(path, ns=(stamp.st_atime_ns, stamp.st_mtime_ns))  # its old mtime: its change time moved
    changed = open_data([path])
    assert reads == [1, 1] and any("Organisation" in r.label for r in changed)


def test_a_file_changed_in_the_tick_it_was_hashed_is_not_memoized(cache_dir, write):
    path = write(BASE)  # written now: not still long enough to be trusted by its stamp
    open_data([path])
    assert cache.known_digests([path]) is None


# An entry someone else could have planted or changed is never opened.


def test_the_cache_folder_is_private(cache_dir, write):
    open_data([write(BASE)])
    assert cache_dir.stat().st_mode & 0o777 == 0o700
    [entry] = entries(cache_dir)
    assert entry.stat().st_mode & 0o777 == 0o600


def test_an_entry_others_can_write_is_ignored(cache_dir, write):
    path = write(BASE)
    open_data([path])
    [entry] = entries(cache_dir)
    entry.chmod(0o666)
    assert not from_cache(open_data([path]))


def test_a_folder_others_can_write_is_not_read_until_closed(cache_dir, write):
    path = write(BASE)
    open_data([path])
    cache_dir.chmod(0o777)
    assert not from_cache(open_data([path]))  # the folder is ours: writing closes it again
    assert cache_dir.stat().st_mode & 0o777 == 0o700 and from_cache(open_data([path]))


def test_a_symlinked_entry_is_ignored(cache_dir, tmp_path, write):
    path = write(BASE)
    open_data([path])
    [entry] = entries(cache_dir)
    shutil.move(entry, tmp_path / "elsewhere.db")
    entry.symlink_to(tmp_path / "elsewhere.db")
    assert not from_cache(open_data([path]))


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="only root can give a file away")
def test_an_entry_owned_by_someone_else_is_ignored(cache_dir, write):
    path = write(BASE)
    open_data([path])
    [entry] = entries(cache_dir)
    os.chown(entry, 65534, 65534)
    assert not from_cache(open_data([path]))


def test_a_planted_database_for_the_key_is_ignored(cache_dir, write):
    """A database under the right name that the program did not build for this data (its meta
    names another key) is a miss."""
    path = write(BASE)
    open_data([path])
    [entry] = entries(cache_dir)
    db = sqlite3.connect(entry)
    db.execute("UPDATE meta SET value = 'another' WHERE key = 'cache_key'")
    db.commit()
    db.close()
    assert not from_cache(open_data([path]))


def test_no_home_means_no_cache_folder(monkeypatch, tmp_path):
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    monkeypatch.delenv("HOME", raising=False)
    monkeypatch.setattr(os.path, "expanduser", lambda p: p)  # as with no passwd entry
    assert cache.directory() is None


def test_damage_deep_inside_an_entry_is_found_and_the_answer_still_right(cache_dir, write):
    """A zeroed page in the middle of an entry (the records' JSON) passes SQLite's own checks
    (size, key); the entry's seal finds it when it is opened, and the command answers from
    the data: the same output, exit 0."""
    path = write(BASE)
    expected = wps(cache_dir, "list", "orgs", "--data", str(path))
    assert expected[0] == 0 and "org-a" in expected[1]
    [entry] = entries(cache_dir)
    raw = bytearray(entry.read_bytes())
    db = sqlite3.connect(entry)
    page = db.execute("PRAGMA page_size").fetchone()[0]
    root = db.execute("SELECT rootpage FROM sqlite_master WHERE name = 'record_json'").fetchone()[0]
    db.close()
    raw[(root - 1) * page:root * page] = bytes(page)
    entry.write_bytes(bytes(raw))
    assert not from_cache(open_data([path]))  # the seal does not match: a miss, rebuilt
    assert wps(cache_dir, "list", "orgs", "--data", str(path)) == expected
    assert not entries(cache_dir) or entries(cache_dir)[0].read_bytes() != bytes(raw)  # dropped


def test_records_read_from_the_store_are_those_validation_builds():
    """The store's decoder skips validation: what it builds must equal what validating the same
    JSON builds, field for field and in the same order (search reads fields in order)."""
    from wpskosovo.model.kinds import KINDS

    store = open_data()
    for rid, kind, text in store.db.execute("SELECT r.id, r.kind, j.json FROM records r JOIN record_json j ON j.id = r.id"):
        built, validated = store.by_id[rid], KINDS[kind].model_validate_json(text)
        assert built == validated and list(built.__dict__) == list(validated.__dict__)
        assert built.model_fields_set == validated.model_fields_set


@pytest.mark.parametrize("damage", ["not json", "[]", '"text"', '{"id": "org-a", "name": 5}',
                                    '{"id": "org-a"}', '{"kind": "nosuch", "id": "org-a"}', "null"])
def test_a_damaged_row_is_a_miss_and_the_answer_still_right(cache_dir, write, damage):
    """A row that does not read back (tampered with, or damaged where SQLite cannot tell) is
    treated as the damaged entry it is: the command answers from the data, exit 0."""
    path = write(BASE)
    expected = wps(cache_dir, "show", "org-a", "--data", str(path))
    assert expected[0] == 0 and "Organization" in expected[1]
    [entry] = entries(cache_dir)
    db = sqlite3.connect(entry)
    db.execute("UPDATE record_json SET json = ? WHERE id = 'org-a'", (damage,))
    db.commit()
    db.close()
    assert wps(cache_dir, "show", "org-a", "--data", str(path)) == expected
    assert wps(cache_dir, "list", "orgs", "--data", str(path))[0] == 0


def test_bytes_changed_inside_an_entry_are_never_served(cache_dir, write):
    """An amount's digit changed in place (SQLite sees a valid page) would be a wrong total
    served as an answer: the seal finds the change, the data answers."""
    flow = '\n[[funding]]\nid = "f1"\ndonors = ["donor-b"]\namount = "937500"\ncurrency = "USD"\n' \
           'sources = [{source = "src-a", quote = "q"}]\n'
    path = write(BASE + flow)
    assert funding.funding(open_data([path])).totals == {"USD": 937500}
    [entry] = entries(cache_dir)
    raw = entry.read_bytes()
    assert raw.count(b"937500") >= 1
    entry.write_bytes(raw.replace(b"937500", b"137500"))
    store = open_data([path])
    assert not from_cache(store) and funding.funding(store).totals == {"USD": 937500}
    assert from_cache(open_data([path]))  # the rebuilt entry is sealed again and trusted
