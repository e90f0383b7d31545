"""Shared helpers: tests write real TOML files into a temporary directory."""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

import pytest
from typer.testing import CliRunner

from wpskosovo.cli.main import app, register

register()  # every command, as `wps --help` sees them

REPO = Path(__file__).resolve().parents[1]
SEEDS = REPO.parent / "shared" / "seeds"

# A small valid dataset that tests extend or break one rule at a time.
BASE = """\
[[source]]
id = "src-a"
title = "Document A"
language = "en"
file = "a.txt"

[[organization]]
id = "org-a"
name = "Organization Ä of Shtërpcë"
acronyms = ["OA"]
sources = [{source = "src-a", quote = "about A"}]

[[organization]]
id = "donor-b"
name = "Government of the Kingdom of Bee"
sources = [{source = "src-a", quote = "about B"}]
"""


@pytest.fixture(autouse=True, scope="session")
def _private_cache(tmp_path_factory):
    """Tests never read or fill the user's own cache."""
    mp = pytest.MonkeyPatch()
    mp.setenv("XDG_CACHE_HOME", str(tmp_path_factory.mktemp("cache")))
    mp.delenv("WPS_CACHE", raising=False)
    yield
    mp.undo()


@pytest.fixture
def write(tmp_path):
    """write(text, name="data.toml") -> Path of a real file holding that (dedented) text."""

    def _write(text: str, name: str = "data.toml") -> Path:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
        return path

    return _write


ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")


@pytest.fixture
def run(monkeypatch):
    """run(*args) -> (exit code, stdout, stderr) of `wps ARGS` through Typer's CliRunner."""
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "200")
    monkeypatch.delenv("WPS_DATA", raising=False)
    for var in ("FORCE_COLOR", "PY_COLORS", "GITHUB_ACTIONS"):
        monkeypatch.delenv(var, raising=False)

    def _run(*args: str):
        result = CliRunner().invoke(app, [str(a) for a in args])
        if result.exception and not isinstance(result.exception, SystemExit):
            raise result.exception
        return result.exit_code, ANSI.sub("", result.stdout), ANSI.sub("", result.stderr)

    return _run


def tsv(out: str) -> list[dict[str, str]]:
    """Piped output as rows keyed by the header's column names."""
    header, *rows = [line.split("\t") for line in out.splitlines()]
    assert all(len(r) == len(header) for r in rows), "every row has one value per column"
    return [dict(zip(header, r)) for r in rows]


def rows_of(store, kind: str, f=None) -> list:
    """The records of a kind in a store (that the filters `f` select), as a listing selects and
    shows them (select.Row)."""
    from wpskosovo.query import select
    from wpskosovo.query.filters import NO_FILTERS

    return list(select.select(store, kind, f or NO_FILTERS))


def records_of(store, kind: str, f=None) -> list:
    """The same, whole."""
    return store.records(row.id for row in rows_of(store, kind, f))


def on_a_terminal(args: list[str], env: dict[str, str]) -> tuple[int, bytes]:
    """Run the installed `wps ARGS` with its output on a pseudo-terminal (NO_COLOR, 100 columns,
    then `env`); its exit code and what reached the terminal, read until the terminal closes."""
    import os
    import pty
    import subprocess
    import sys

    wps = Path(sys.executable).with_name("wps")
    if not wps.exists():
        pytest.skip("the wps script is not installed beside this Python")
    leader, follower = pty.openpty()
    base = {k: v for k, v in os.environ.items() if k not in ("FORCE_COLOR", "PY_COLORS", "WPS_DATA", "PAGER")}
    proc = subprocess.Popen([str(wps), *args], stdout=follower, stderr=follower, stdin=subprocess.DEVNULL,
                            env=base | {"NO_COLOR": "1", "COLUMNS": "100"} | env)
    os.close(follower)
    out = b""
    while True:  # until wps (and a pager) have closed the terminal
        try:
            chunk = os.read(leader, 65536)
        except OSError:
            break
        if not chunk:
            break
        out += chunk
    code = proc.wait(timeout=60)
    os.close(leader)
    return code, out
