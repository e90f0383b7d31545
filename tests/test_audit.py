"""The second audit's corrections (issue 20), pinned on the shipped data."""

from __future__ import annotations

import json

import pytest


def _relations(run, rid: str) -> dict[tuple[str, str], bool]:
    data = json.loads(run("show", rid, "--json")[1])
    return {(r["id"], r["role"]): r["inferred"] for r in data["relations"] if r["direction"] == "out"}


def test_only_the_police_and_the_municipality_are_inferred_at_hani_i_elezit(run):
    rel = _relations(run, "hani-i-elezit-gps-meeting")
    assert rel[("osce", "representatives")] is False  # "representatives from the OSCE": stated
    assert rel[("mehmet-ballazhi", "mayor")] is False
    assert rel[("kosovo-police", "local police officers")] is True
    assert rel[("municipality-hani-i-elezit", "municipal directors")] is True


@pytest.mark.parametrize("rid, field", [
    ("inter-ethnic-peace-building-roundtables", "place"),
    ("kyn-youth-gender-baseline-survey", "place"),
    ("wib-research-women-peace-security", "countries"),
    ("kp-five-day-mandatory-gender-training", "project"),
    ("kp-pool-gender-trainers", "parent"),
])
def test_what_the_sentence_does_not_say_is_marked_inferred_with_a_reason(run, rid, field):
    record = json.loads(run("show", rid, "--json")[1])
    assert field in record and len(record["inferred"].get(field, "")) > 20
