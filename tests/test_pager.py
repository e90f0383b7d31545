"""The pager, on a real terminal (a pty): output taller than the screen goes through it, as git
and gh do; never when piped, never with --no-pager, never for output that fits."""

from __future__ import annotations

import sys

import pytest
from conftest import on_a_terminal

# A pager that keeps what it is given: the test reads that file once wps has exited.
PAGER = f"{sys.executable} -c \"import sys; open(sys.argv[1], 'w').write(sys.stdin.read())\""


def _on_a_terminal(args: list[str], env: dict[str, str]) -> tuple[int, str]:
    code, out = on_a_terminal(args, {"LINES": "20"} | env)
    return code, out.decode("utf-8", "replace")


def test_tall_output_goes_through_the_pager(tmp_path):
    kept = tmp_path / "paged.txt"
    code, shown = _on_a_terminal(["list", "organizations"], {"WPS_PAGER": f"{PAGER} {kept}"})
    assert code == 0 and "Organizations (91)" in kept.read_text() and "kwn" in kept.read_text()
    assert "Organizations (91)" not in shown  # the pager had it all


def test_pager_comes_from_pager_when_wps_pager_is_unset(tmp_path):
    kept = tmp_path / "paged.txt"
    code, _ = _on_a_terminal(["timeline"], {"PAGER": f"{PAGER} {kept}"})
    assert code == 0 and "Timeline" in kept.read_text()


@pytest.mark.parametrize("args, env", [
    (["--no-pager", "list", "organizations"], {}),  # asked not to
    (["list", "organizations"], {"LINES": "500"}),  # it fits
    (["list", "sources"], {}),  # it fits
])
def test_no_pager_where_none_is_wanted(tmp_path, args, env):
    kept = tmp_path / "paged.txt"
    code, shown = _on_a_terminal(args, {"WPS_PAGER": f"{PAGER} {kept}"} | env)
    assert code == 0 and not kept.exists() and ("Organizations" in shown or "Sources" in shown)


@pytest.mark.parametrize("pager", ["", "cat", "no-such-pager-anywhere"])
def test_an_empty_cat_or_missing_pager_prints_directly(pager):
    code, shown = _on_a_terminal(["list", "organizations"], {"WPS_PAGER": pager})
    assert code == 0 and "Organizations (91)" in shown


def test_never_when_piped(run, tmp_path, monkeypatch):
    kept = tmp_path / "paged.txt"
    monkeypatch.setenv("WPS_PAGER", f"{PAGER} {kept}")
    monkeypatch.setenv("WPS_FORCE_TTY", "1")  # a terminal's table, into a pipe: still no pager
    code, out, _ = run("list", "organizations")
    assert code == 0 and "Organizations (91)" in out and not kept.exists()
