"""Fuzzing: whatever the bytes, loading ends in a dataset or in the project's own DataError.

Bounded for the default run; set WPS_FUZZ_EXAMPLES (e.g. 5000) to run longer.
"""

from __future__ import annotations

import os
import random

import tomli
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from wpskosovo.load import load, shipped_data
from wpskosovo.problems import DataError

EXAMPLES = int(os.environ.get("WPS_FUZZ_EXAMPLES", "60"))
fuzz = settings(max_examples=EXAMPLES, deadline=None, derandomize="WPS_FUZZ_EXAMPLES" not in os.environ,
                suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])

SHIPPED = b"\n".join(p.read_bytes() for p in sorted(shipped_data().glob("*.toml")))


def outcome(tmp_path, data: bytes) -> None:
    path = tmp_path / "fuzz.toml"
    path.write_bytes(data)
    try:
        load([path])
    except DataError as e:
        assert e.problems and all(p.file == str(path) for p in e.problems)


@fuzz
@given(st.binary(max_size=2000))
def test_random_bytes(tmp_path, data):
    outcome(tmp_path, data)


scalars = st.one_of(st.text(max_size=20), st.integers(), st.floats(allow_nan=False), st.booleans(),
                    st.dates(), st.sampled_from(["2009", "2009-13", "kwn", "src-000", "USD", "-1"]))
keys = st.sampled_from(["id", "title", "name", "sources", "source", "quote", "date", "start", "end",
                        "amount", "currency", "donors", "org", "role", "participants", "x"])
values = st.recursive(scalars, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(keys, inner, max_size=4),
                      max_leaves=12)
documents = st.dictionaries(
    st.sampled_from(["source", "organization", "person", "project", "event", "funding", "policy", "other"]),
    st.lists(st.dictionaries(keys, values, max_size=6), max_size=3), max_size=4)


def dump(value) -> str:
    """A tiny TOML writer (inline form) so hypothesis can build any TOML document."""
    import datetime as dt

    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value) if not (isinstance(value, float) and value in (float("inf"), float("-inf"))) else "inf"
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, str):
        return toml_string(value)
    if isinstance(value, list):
        return "[" + ", ".join(map(dump, value)) + "]"
    return "{" + ", ".join(f"{toml_string(k)} = {dump(v)}" for k, v in value.items()) + "}"


def toml_string(text: str) -> str:
    escaped = "".join(f"\\u{ord(c):04x}" if ord(c) < 0x20 or ord(c) == 0x7F or c in '"\\' else c
                      for c in text)
    return f'"{escaped}"'


@fuzz
@given(documents)
def test_random_toml_documents(tmp_path, doc):
    text = "".join(f"\n[[{kind}]]\n" + "".join(f"{toml_string(k)} = {dump(v)}\n" for k, v in table.items())
                   for kind, tables in doc.items() for table in tables)
    tomli.loads(text)  # the generator itself must write valid TOML
    outcome(tmp_path, text.encode())


@fuzz
@given(st.integers(min_value=0, max_value=2**32 - 1), st.integers(min_value=1, max_value=8))
def test_mutations_of_the_shipped_data(tmp_path, seed, n):
    rng = random.Random(seed)
    data = bytearray(SHIPPED)
    for _ in range(n):
        at = rng.randrange(len(data))
        op = rng.randrange(4)
        if op == 0:
            data[at] = rng.randrange(256)
        elif op == 1:
            del data[at: at + rng.randrange(1, 40)]
        elif op == 2:
            data[at:at] = rng.choice([b"[", b"]", b'"', b"=", b"\n", b"{", b"-", b"9", b"[[event]]\n", b"\xc3"])
        else:
            line_start = data.rfind(b"\n", 0, at) + 1
            data[line_start:line_start] = data[at: at + rng.randrange(1, 200)]
    outcome(tmp_path, bytes(data))
