"""`wps search`: every kind and text field, names in every language, exact names first."""


from typing import Annotated

import typer

from wpskosovo.cli.app import app
from wpskosovo.cli.common import (
    check_filters,
    deliver_citations,
    deliver_rows,
    kind_option,
    open_store,
    ordered,
    output_format,
    resolve_filters,
    sort_option,
    usage,
    wanted_fields,
)
from wpskosovo.cli.options import (
    NO_OUTPUT,
    DataOpt,
    KindOpt,
    Output,
    with_filters,
    with_output,
)
from wpskosovo.query.filters import NO_FILTERS, Filters

MAX_WORDS = 50


@app.command(short_help="Search names and texts, in every language.")
@with_output("sort", "limit", "json", "csv", "export", "cite")
@with_filters()
def search(
    words: Annotated[list[str], typer.Argument(
        metavar="WORDS", show_default=False,
        help="Words to find, quoted or not (case and accents do not matter).")],
    kind: KindOpt = None,
    typed: Filters = NO_FILTERS,
    out: Output = NO_OUTPUT,
    data: DataOpt = None,
) -> None:
    """Search every kind and text field, names in every language, acronyms and aliases.

    A record also matches through the names of what it links to; exact names come first.

    Examples:

    \b
      wps search nicole kidman
      wps search domestic violence --kind policies
      wps search Prishtinë --from 2009
    """
    from wpskosovo.query import search
    from wpskosovo.render import reports

    text = " ".join(words)
    if not any(c.isalnum() for c in text):
        raise usage("give a word to search for", "WORDS")
    if len(text.split()) > MAX_WORDS:  # every word is a scan of every record's texts
        raise usage(f"at most {MAX_WORDS} words; narrow the search with --kind, --org or --from", "WORDS")
    k = kind_option(kind)
    fmt = output_format(out.as_json, out.as_csv, export=out.export, cite=out.cite)
    wanted = wanted_fields(out.fields, reports.json_fields("search"))
    sort_option(out.sort, reports.sort_names("search"))
    check_filters(typed, k)
    store = open_store(data)
    f = resolve_filters(store, typed, k)
    hits = search.search(store, text, k, f)
    table, shown = ordered(reports.search_table, hits, out.sort, out.limit, "Search results")
    table.highlight = words
    if out.cite:
        return deliver_citations(store, [h.id for h in shown], out.cite.value)
    deliver_rows(out.export, out.force, table, shown, fmt, wanted, store, f"nothing found for {text!r}")
