"""The shipped dataset: clean, complete in its sources, and every quote verbatim in its document."""

from __future__ import annotations

import re

import pytest

from conftest import SEEDS
from wpskosovo.load import check, shipped_data


@pytest.fixture(scope="module")
def shipped():
    data, problems = check([shipped_data()])
    assert problems == [], "\n".join(map(str, problems))
    return data


def norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def test_one_source_record_per_document(shipped):
    files = {s.file for s in shipped.by_kind["source"]}
    assert len(files) == len(shipped.by_kind["source"]) == 5


@pytest.mark.skipif(not SEEDS.is_dir(), reason="../shared/seeds is not beside the checkout")
def test_every_quote_is_verbatim_in_its_source_document(shipped):
    texts = {s.id: norm((SEEDS / s.file).read_text(encoding="utf-8")) for s in shipped.by_kind["source"]}
    missing = [f"{r.id}: {e.source}: {e.quote!r}"
               for r in shipped for e in getattr(r, "sources", ()) if norm(e.quote) not in texts[e.source]]
    assert missing == []


def test_every_document_supports_records(shipped):
    cited = {e.source for r in shipped for e in getattr(r, "sources", ())}
    assert cited == {s.id for s in shipped.by_kind["source"]}


def test_names_keep_their_diacritics(shipped):
    names = " ".join(n for r in shipped for n in (r.label, *r.other_names()))
    for written in ("Shtërpcë", "Graçanic", "Prishtina", "Qendra Kosovare për Studime të Sigurisë"):
        assert written in names
