"""What is wrong with the data: a problem points at a file, a line, a record and a field."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Problem:
    file: str
    line: int | None
    message: str
    record: str | None = None  # the record's id, when known
    field: str | None = None  # dotted path inside the record, e.g. "sources.1.quote"
    column: int | None = None

    def sort_key(self) -> tuple:
        return (self.file, self.line or 0, self.column or 0, self.message)

    def __str__(self) -> str:
        # A file name may hold anything a file system allows: a newline in it must not print a
        # line of its own into the report, so every character below a space is shown escaped.
        where = "".join(ch.encode("unicode_escape").decode() if ch < " " or ch == "\x7f" else ch for ch in self.file)
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        return ": ".join(part for part in (where, self.record, field_text(self.field), self.message) if part)


def field_text(field: str | None) -> str | None:
    """A field path for people: "sources.0.quote" reads "evidence 1: quote", "participants.2.org"
    "participants 3: org" (machines keep the dotted path, in `validate --json`)."""
    if not field:
        return field
    out: list[str] = []
    for part in field.split("."):
        if part.isdigit() and out:
            name = "evidence" if out[-1] == "sources" else out[-1]
            out[-1] = f"{name} {int(part) + 1}"
        else:
            out.append(part)
    return ": ".join(out)


class DataError(Exception):
    """The data could not be loaded cleanly; carries every problem found, sorted."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems, key=Problem.sort_key)
        super().__init__("\n".join(map(str, self.problems)))

    def report(self, per_kind: int = 100) -> str:
        """Every problem a line, but at most `per_kind` of one kind (the same message but for
        what it quotes): a file with a million unknown keys says so in a hundred lines and a
        count. `validate --json` lists them all."""
        import re

        n = len(self.problems)
        shown: dict[str, int] = {}
        lines = []
        for p in self.problems:
            kind = re.sub(r"'[^']*'|\d+", "…", p.message)
            shown[kind] = shown.get(kind, 0) + 1
            if shown[kind] <= per_kind:
                lines.append(str(p))
        lines += [f"… and {count - per_kind} more: {kind}" for kind, count in shown.items() if count > per_kind]
        return "\n".join([*lines, f"{n} problem{'s' * (n != 1)} found"])
