"""The cache of validated files: keyed on content, in the user's cache directory, safe when
processes race, and never a source of stale or wrong data."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import BASE

from wpskosovo import cache
from wpskosovo.load import check, load
from wpskosovo.model import DataFile


@pytest.fixture
def cache_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    return tmp_path / "xdg" / "wpskosovo"


def entries(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.pickle")) if folder.exists() else []


def test_lives_in_the_user_cache_directory(cache_dir, write):
    load([write(BASE)])
    assert len(entries(cache_dir)) == 1


def test_defaults_to_home_cache(monkeypatch, tmp_path):
    monkeypatch.delenv("XDG_CACHE_HOME")
    monkeypatch.setenv("HOME", str(tmp_path))
    assert cache.directory() == tmp_path / ".cache" / "wpskosovo"


def test_can_be_turned_off(cache_dir, write, monkeypatch):
    monkeypatch.setenv("WPS_CACHE", "off")
    load([write(BASE)])
    assert entries(cache_dir) == []


def test_a_hit_gives_the_same_records(cache_dir, write):
    path = write(BASE)
    first = load([path])
    assert cache.get(cache.key(path.read_bytes()), DataFile).organization[0].id == "org-a"
    second = load([path])  # from the cache
    assert [r.model_dump() for r in second] == [r.model_dump() for r in first]
    assert len(entries(cache_dir)) == 1


def test_keyed_on_content_never_stale(cache_dir, write):
    path = write(BASE)
    load([path])
    path.write_text(BASE.replace("Organization Ä of Shtërpcë", "Renamed"), encoding="utf-8")
    assert load([path]).by_id["org-a"].label == "Renamed"
    assert len(entries(cache_dir)) == 2


def test_files_with_problems_are_not_cached_and_still_reported(cache_dir, write):
    path = write(BASE + '\n[[event]]\nid = "e1"\ntitle = "T"\ndate = "2009-02-30"\nsources = [{source = "src-a", quote = "q"}]\n')
    for _ in range(2):
        _, problems = check([path])
        assert len(problems) == 1
    assert entries(cache_dir) == []


def test_cross_record_checks_run_on_cached_files(cache_dir, tmp_path, write):
    write(BASE, "a.toml")
    load([tmp_path])  # a.toml is now cached
    write('[[person]]\nid = "p"\nname = "P"\nroles = [{org = "org-a", title = "t"}]\n'
          'sources = [{source = "src-a", quote = "q"}]\n', "b.toml")
    assert load([tmp_path]).by_id["p"]
    (tmp_path / "a.toml").unlink()
    _, problems = check([tmp_path])  # b.toml is cached; its reference now dangles
    assert any("unknown id 'org-a'" in p.message for p in problems)


def test_corrupt_or_truncated_entry_is_a_miss(cache_dir, write):
    path = write(BASE)
    load([path])
    [entry] = entries(cache_dir)
    for damage in (b"", b"garbage", entry.read_bytes()[:20]):
        entry.write_bytes(damage)
        assert load([path]).by_id["org-a"].label == "Organization Ä of Shtërpcë"


def test_unwritable_cache_directory_is_harmless(tmp_path, monkeypatch, write):
    blocker = tmp_path / "file-not-dir"
    blocker.write_text("")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))
    assert load([write(BASE)]).by_id["org-a"]


def test_concurrent_processes(cache_dir, tmp_path, write):
    """Eight processes load one new file at once: all succeed with the whole dataset, and
    the cache ends with one complete entry and no temporary files."""
    records = "".join(f'\n[[person]]\nid = "p{i}"\nname = "Person {i}"\nsources = [{{source = "src-a", quote = "q"}}]\n'
                      for i in range(3000))
    path = write(BASE + records)
    code = ("import sys; from pathlib import Path; from wpskosovo.load import load; "
            "print(len(load([Path(sys.argv[1])])))")
    env = {"XDG_CACHE_HOME": str(cache_dir.parent), "PATH": "/usr/bin:/bin"}
    procs = [subprocess.Popen([sys.executable, "-c", code, str(path)], stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, env=env) for _ in range(8)]
    results = [p.communicate() for p in procs]
    assert [(p.returncode, out.strip()) for p, (out, _) in zip(procs, results)] == [(0, b"3003")] * 8
    assert len(entries(cache_dir)) == 1
    assert list(cache_dir.glob(".tmp-*")) == []
    assert len(load([path])) == 3003  # and the entry they left is good


def test_a_changed_program_is_a_miss(cache_dir, write, monkeypatch):
    """Editing the code that decides validity (e.g. in a source checkout) must not reuse entries."""
    path = write(BASE)
    load([path])
    before = cache.key(path.read_bytes())
    monkeypatch.setattr(cache, "FORMAT", cache.FORMAT + "-changed")
    assert cache.key(path.read_bytes()) != before
    assert cache.get(cache.key(path.read_bytes()), DataFile) is None
    load([path])
    assert len(entries(cache_dir)) == 2


def test_key_covers_the_model_source(monkeypatch, tmp_path):
    from wpskosovo import model

    source = tmp_path / "model.py"
    source.write_bytes(open(model.__file__, "rb").read())
    before = cache.key(b"x")
    monkeypatch.setattr(model, "__file__", str(source))
    assert cache.key(b"x") == before
    source.write_bytes(source.read_bytes().replace(b"max_length=300", b"max_length=3"))
    assert cache.key(b"x") != before


# A pickle is code: an entry someone else could have planted is never loaded.


def test_the_cache_folder_is_private(cache_dir, write):
    load([write(BASE)])
    assert cache_dir.stat().st_mode & 0o777 == 0o700


def test_an_entry_others_can_write_is_ignored(cache_dir):
    cache.put("k", {"planted": True})
    assert cache.get("k", dict) == {"planted": True}
    (cache_dir / "k.pickle").chmod(0o666)
    assert cache.get("k", dict) is None


def test_a_folder_others_can_write_is_not_read_until_closed(cache_dir):
    cache.put("k", {"planted": True})
    cache_dir.chmod(0o777)
    assert cache.get("k", dict) is None
    cache.put("k2", 1)  # the folder is ours: writing closes it again
    assert cache_dir.stat().st_mode & 0o777 == 0o700 and cache.get("k2", int) == 1


def test_a_symlinked_entry_is_ignored(cache_dir, tmp_path):
    cache.put("k", {"planted": True})
    (cache_dir / "k.pickle").rename(tmp_path / "elsewhere.pickle")
    (cache_dir / "k.pickle").symlink_to(tmp_path / "elsewhere.pickle")
    assert cache.get("k", dict) is None


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="only root can give a file away")
def test_an_entry_owned_by_someone_else_is_ignored(cache_dir):
    cache.put("k", {"planted": True})
    os.chown(cache_dir / "k.pickle", 65534, 65534)
    assert cache.get("k", dict) is None


def test_a_flipped_bit_or_a_foreign_object_is_a_miss(cache_dir, write):
    """An entry is checked against its digest and its type: a damaged or planted one is read
    again from the data, never served."""
    path = write(BASE)
    load([path])
    [entry] = entries(cache_dir)
    raw = bytearray(entry.read_bytes())
    raw[-40] ^= 0x01
    entry.write_bytes(bytes(raw))
    assert cache.get(cache.key(path.read_bytes()), DataFile) is None
    assert len(load([path])) == 3  # read again, and stored again
    cache.put(cache.key(path.read_bytes()), {"not": "a DataFile"})
    assert cache.get(cache.key(path.read_bytes()), DataFile) is None
    assert len(load([path])) == 3


def test_no_home_means_no_cache_folder(monkeypatch, tmp_path):
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    monkeypatch.delenv("HOME", raising=False)
    monkeypatch.setattr(os.path, "expanduser", lambda p: p)  # as with no passwd entry
    assert cache.directory() is None
