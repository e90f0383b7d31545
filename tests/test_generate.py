"""The benchmarks' synthetic dataset stays valid as the data format changes."""

from __future__ import annotations

import importlib.util

from conftest import REPO

from wpskosovo.load.validate import check


def test_the_generated_dataset_is_valid(tmp_path):
    spec = importlib.util.spec_from_file_location("generate", REPO / "benchmarks" / "generate.py")
    generate = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(generate)
    path = tmp_path / "records.toml"
    with path.open("w", encoding="utf-8") as f:
        generate.generate(500, f)
    records, problems = check([path])
    assert problems == [] and len(records) >= 500
