"""The loaded records of every file, with the indexes queries need, each built once."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from pydantic import BaseModel

from wpskosovo.model.kinds import KINDS, Funding, Record, Release
from wpskosovo.model.record import Link

R = TypeVar("R", bound=Record)


@dataclass(frozen=True, slots=True)
class Located:
    """Where a record came from: its file and its place in that file's array of its kind."""

    file: Path
    index: int
    record: Record

    @property
    def loc(self) -> tuple:
        return (self.record.kind, self.index)


class Dataset:
    def __init__(self, files: list[tuple[Path, BaseModel]], positions: dict | None = None,
                 failed: set[str] | frozenset = frozenset()):
        self.files = files
        # Where each record sits in its file's array, when records before it failed validation.
        self.positions: dict[Path, dict[str, list[int]]] = positions or {}
        self.failed = failed  # ids of records that failed validation, so left out
        self.by_kind: dict[str, list[Record]] = {kind: [] for kind in KINDS}
        for _, data in files:
            for kind in KINDS:
                self.by_kind[kind].extend(getattr(data, kind))
        # The dataset's release, from the one file that declares it (validation checks "one").
        self.release: Release | None = next((d.dataset for _, d in files if d.dataset is not None), None)  # type: ignore[attr-defined]
        self._links: dict[int, list[Link]] = {}  # the records live as long as the dataset
        self.by_id: dict[str, Record] = {}
        for records in self.by_kind.values():
            for r in records:
                self.by_id.setdefault(r.id, r)

    def located(self) -> Iterator[Located]:
        for path, data in self.files:
            moved = self.positions.get(path, {})
            for kind in KINDS:
                at = moved.get(kind)
                for i, record in enumerate(getattr(data, kind)):
                    yield Located(path, at[i] if at else i, record)

    def __iter__(self) -> Iterator[Record]:
        for records in self.by_kind.values():
            yield from records

    def __len__(self) -> int:
        return sum(map(len, self.by_kind.values()))

    def links(self, record: Record) -> list[Link]:
        """A record's references (Record.links), worked out once for the checks and the build."""
        found = self._links.get(id(record))  # by identity: two records may share an id (an error)
        if found is None:
            found = self._links[id(record)] = list(record.links())
        return found

    def of(self, model: type[R]) -> list[R]:
        """The records of one kind, typed as their model: `data.of(Funding)`."""
        return self.by_kind[model.kind]  # type: ignore[return-value]  # by_kind[kind] holds only that model

    def label(self, record: Record) -> str:
        """What to call a record on screen; a funding flow, which has no name, by its parties."""
        if not isinstance(record, Funding):
            return record.label
        names = [self.by_id[i].label if i in self.by_id else i for i in record.donors]
        to = record.recipient or record.project
        return f"{', '.join(names)} → {self.by_id[to].label if to in self.by_id else to or '?'}"
