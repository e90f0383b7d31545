"""Every sample in README.md is what the code prints: each block after a
`<!-- sample: ARGS @ WIDTH -->` line is `wps ARGS` on a terminal of WIDTH columns.
`WPS_UPDATE_GOLDEN=1 python -m pytest tests/test_readme.py` rewrites them (review the diff)."""

from __future__ import annotations

import os
import re
import shlex

import pytest
from conftest import REPO

README = REPO / "README.md"
SAMPLE = re.compile(r"<!-- sample: (.+?) @ (\d+) -->\n```text\n(.*?)```", re.S)


def _render(run, monkeypatch, args: str, width: str) -> str:
    monkeypatch.setenv("WPS_FORCE_TTY", "1")
    monkeypatch.setenv("COLUMNS", width)
    code, out, _ = run(*shlex.split(args))
    assert code == 0
    return "".join(line.rstrip() + "\n" for line in out.rstrip("\n").split("\n"))


def test_the_readme_has_samples():
    assert len(SAMPLE.findall(README.read_text(encoding="utf-8"))) >= 4


@pytest.mark.parametrize("args, width", [(m[0], m[1]) for m in SAMPLE.findall(README.read_text(encoding="utf-8"))])
def test_a_readme_sample_is_what_the_code_prints(run, monkeypatch, args, width):
    text = README.read_text(encoding="utf-8")
    got = _render(run, monkeypatch, args, width)
    if os.environ.get("WPS_UPDATE_GOLDEN"):
        text = re.sub(rf"(<!-- sample: {re.escape(args)} @ {width} -->\n```text\n).*?```",
                      lambda m: m[1] + got + "```", text, flags=re.S)
        README.write_text(text, encoding="utf-8")
    shown = next(m[2] for m in SAMPLE.findall(text) if (m[0], m[1]) == (args, width))
    assert shown == got
