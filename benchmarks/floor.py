"""The smallest program of wps's stack that does what `wps list projects` does: a Typer command
that reads the shipped TOML with tomli, validates its projects with a Pydantic model, and
prints them in a Rich table. `benchmarks/run.py` measures `wps list projects` against it."""

from __future__ import annotations

import tomli
import typer
from pydantic import BaseModel
from rich.console import Console
from rich.table import Table

from wpskosovo.load.toml import shipped_data

app = typer.Typer()


class Project(BaseModel):
    id: str
    title: str
    start: str | None = None
    end: str | None = None


@app.command()
def main(kind: str = "projects") -> None:
    with open(next(shipped_data().glob("*.toml")), "rb") as f:
        tables = tomli.load(f)
    table = Table("id", "start", "end", "title")
    for item in tables["project"]:
        p = Project.model_validate({k: str(v) for k, v in item.items() if k in Project.model_fields})
        table.add_row(p.id, p.start, p.end, p.title)
    Console().print(table)


if __name__ == "__main__":
    app()
