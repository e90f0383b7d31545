"""Quotes checked against the source documents: `wps validate --sources DIR`.

Each source record names its document's `file`; every evidence quote must appear in that
document verbatim. Runs of whitespace count as one space (line breaks differ between copies
of a text); nothing else is folded: not case, not accents, not punctuation.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from wpskosovo.load.dataset import Dataset, Located
from wpskosovo.load.toml import NotRegular, read_regular
from wpskosovo.model.kinds import Source
from wpskosovo.model.words import CONTROL

MAX_DOCUMENT = 16 * 2**20  # a source document larger than this is refused, not read


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def quotes(data: Dataset, folder: Path) -> Iterator[tuple[Located, tuple, str]]:
    """(record, field, message) for each quote not in its document, and once for each
    source whose document is not in `folder`."""
    texts: dict[str, str] = {}
    read: dict[Path, str] = {}
    for at in data.located():
        source = at.record
        if not isinstance(source, Source) or CONTROL.search(source.file):
            continue  # a file name with a control character is reported as such, never opened
        path = folder / source.file
        if not path.resolve().is_relative_to(folder.resolve()):  # "/etc/passwd", "../../x"
            yield at, ("file",), f"document {source.file!r} is outside {folder}; name a file in it"
            continue
        try:
            if path not in read:  # a document several sources name is read once
                read[path] = _norm(read_regular(path, MAX_DOCUMENT).decode("utf-8-sig"))
            texts[source.id] = read[path]
        except (OSError, UnicodeDecodeError) as e:
            reason = "not found" if isinstance(e, FileNotFoundError) else \
                f"unreadable ({e if isinstance(e, NotRegular) else getattr(e, 'strerror', None) or e})"
            yield at, ("file",), f"document {source.file!r} {reason} in {folder}"
    for at in data.located():
        for i, entry in enumerate(at.record.get("sources", ())):
            text = texts.get(entry.source)
            if text is not None and _norm(entry.quote) not in text:
                yield at, ("sources", i, "quote"), (f"quote not found verbatim in {entry.source}'s document: "
                                                    f"{entry.quote[:60]!r}")
