"""`wps cite`: the sources records rest on, as plain text, BibTeX or CSL-JSON."""

from typing import Annotated

import typer

from wpskosovo.cli.app import app
from wpskosovo.cli.common import deliver_citations, open_store, resolve_name
from wpskosovo.cli.options import CiteFormat, DataOpt, complete_records


@app.command(short_help="Cite the documents records rest on.")
def cite(
    records: Annotated[list[str], typer.Argument(
        metavar="RECORD", show_default=False, autocompletion=complete_records(None),
        help="Records to cite, by id or name.")],
    fmt: Annotated[CiteFormat, typer.Option(
        "--format", "-f", metavar="FORMAT", case_sensitive=False,
        help="plain, bibtex, or csl (CSL-JSON, as Zotero and Pandoc read it).")] = CiteFormat.plain,
    data: DataOpt = None,
) -> None:
    """Cite the source documents records rest on, with each record's quotes and the data's release.

    A listing cites its rows the same way: add --cite FORMAT to list, search, timeline or funding.

    Examples:

    \b
      wps cite kwn
      wps cite wssi-plus funding-netherlands-wssi-plus --format bibtex > wps.bib
      wps cite unscr-1325 --format csl > wps.json
      wps list events --org KWN --cite bibtex
    """
    from wpskosovo.model.kinds import KINDS

    store = open_store(data)
    ids = [resolve_name(store, text, tuple(KINDS), "RECORD") for text in records]
    deliver_citations(store, ids, fmt.value)
