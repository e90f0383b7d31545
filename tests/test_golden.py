"""Golden outputs: the design card's commands on the shipped data, as exact text, at 60, 80 and 120
columns on a terminal and piped. After a change meant to alter them, regenerate with

    WPS_UPDATE_GOLDEN=1 python -m pytest tests/test_golden.py

and review the diff of tests/golden/ before committing it."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

GOLDEN = Path(__file__).parent / "golden"
COMMANDS = {
    "list-projects": ["list", "projects"],
    "funding-netherlands": ["funding", "--donor", "Netherlands"],
    "timeline-kwn": ["timeline", "--org", "KWN"],
    "search-nicole-kidman": ["search", "nicole", "kidman"],
    "show-kwn": ["show", "kwn"],
    "network-kcss": ["network", "--org", "KCSS"],
}


@pytest.mark.parametrize("mode", ["60", "80", "120", "piped"])
@pytest.mark.parametrize("name", COMMANDS)
def test_golden(run, monkeypatch, name, mode):
    if mode != "piped":
        monkeypatch.setenv("WPS_FORCE_TTY", "1")
        monkeypatch.setenv("COLUMNS", mode)
    code, out, err = run(*COMMANDS[name])
    assert code == 0
    got = re.sub(r"[ \t]+\n", "\n", out + ("\n# stderr\n" + err if err else ""))
    path = GOLDEN / f"{name}.{mode}.txt"
    if os.environ.get("WPS_UPDATE_GOLDEN"):
        path.write_text(got, encoding="utf-8")
    assert got == path.read_text(encoding="utf-8"), f"{path.name} differs; see the module's docstring"


RANKED = ["nicole kidman", "1325", "Shtërpcë", "domestic violence", "KWN", "Priština", "UNIFEM police",
          "women peace security"]


def test_search_rankings_are_pinned(run):
    """The first ten hits of a few searches, in order: a new search engine must rank as this one."""
    import json

    got = {q: [r["id"] for r in json.loads(run("search", *q.split(), "--json=id")[1])][:10] for q in RANKED}
    path = GOLDEN / "search-rankings.json"
    if os.environ.get("WPS_UPDATE_GOLDEN"):
        path.write_text(json.dumps(got, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    assert got == json.loads(path.read_text(encoding="utf-8"))
