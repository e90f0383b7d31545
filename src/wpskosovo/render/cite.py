"""Citations as people and reference managers read them: plain text, BibTeX, and CSL-JSON
(what Zotero and Pandoc read). Each names the dataset's release and the records' quotes."""

from __future__ import annotations

from typing import Any

from wpskosovo.query.cite import Citations, Cited

LANGUAGES = {"en": "English", "sq": "Albanian", "sr": "Serbian"}


def _language(source) -> str:
    return LANGUAGES.get(source.language, source.language)


def _doc_type(cited: Cited) -> str:
    return (cited.source.type or "document").replace("-", " ").capitalize()


def _inferred(cited: Cited) -> list[str]:
    """What of the citation is inferred, not stated by the document itself."""
    return [what for what, field in (("publisher", "publisher"), ("document type", "type"))
            if field in cited.source.inferred]


def _original(cited: Cited) -> str | None:
    """The title in the document's own language, when ours is a translation."""
    s = cited.source
    return s.names.get(s.language) if s.translated else None


def _release(c: Citations) -> str:
    r = c.release
    return f"{r.title}, release {r.release} ({r.date})" if r else "the wpskosovo data (no release declared)"


def _quoted(cited: Cited, one: bool) -> list[str]:
    """The quotes each record takes from the source; a record is named unless it is the only one."""
    return [(f"{record.id}: " if not one else "") + f"\u201c{q}\u201d" for record, qs in cited.quotes for q in qs]


def plain(c: Citations, width: int | None = None) -> str:
    """One paragraph per document, its quotes indented below it; wrapped to `width` (a
    terminal's), else one line each (for pipes)."""
    one = len(c.records) == 1
    lines = []
    for cited in c.cited:
        s = cited.source
        by = ", ".join(cited.publishers) or "Publisher not stated"
        inferred = _inferred(cited)
        original = _original(cited)
        title = f"\u201c{s.title}\u201d" + (f" (translated; {_language(s)}: "
                                            f"\u201c{original}\u201d)" if original else "")
        lines.append(f"[{s.id}] {by}. {title}. {_doc_type(cited)}, in {_language(s)}, "
                     f"{s.date or 'undated'}. File {s.file}."
                     + (f" Inferred from the text: {' and '.join(inferred)}." if inferred else ""))
        lines += [f"    {q}" for q in _quoted(cited, one)]
        lines.append("")
    lines.append(f"Data: {_release(c)}; records {', '.join(r.id for r in c.records)}.")
    if width:
        import textwrap

        # Ids and file names are never broken: a line breaks only at spaces.
        lines = [textwrap.fill(line, width, subsequent_indent=" " * (len(line) - len(line.lstrip()) + 4),
                               break_long_words=False, break_on_hyphens=False) if line else line for line in lines]
    return "\n".join(lines) + "\n"


# BibTeX counts braces whatever precedes them (a backslash protects none), so a brace from the
# data is written as a command: only the balanced pairs written here reach the output.
_TEX = {"\\": r"\textbackslash{}", "{": r"\textbraceleft{}", "}": r"\textbraceright{}", "&": r"\&", "%": r"\%",
        "$": r"\$", "#": r"\#", "_": r"\_", "~": r"\textasciitilde{}", "^": r"\textasciicircum{}"}


def _tex(text: str) -> str:
    """A value safe inside BibTeX braces: LaTeX's special characters escaped, so that no text
    from a data file can close the field or the entry, or run a command."""
    return "".join(_TEX.get(ch, ch) for ch in " ".join(text.split()))


def _entry(kind: str, key: str, fields: list[tuple[str, str | None]]) -> str:
    body = "".join(f"  {name} = {{{_tex(value)}}},\n" for name, value in fields if value)
    return f"@{kind}{{{key},\n{body}}}\n"


def bibtex(c: Citations) -> str:
    one = len(c.records) == 1
    entries = []
    for cited in c.cited:
        s = cited.source
        inferred = _inferred(cited)
        note = [f"File {s.file}."]
        if inferred:
            note.append(f"Inferred from the text: {' and '.join(inferred)}.")
        if not s.date:
            note.append("Undated.")
        if cited.quotes:
            note.append(f"Quoted in {_release(c)}: {'; '.join(_quoted(cited, one))}.")
        entries.append(_entry("misc", s.id, [
            ("title", s.title), ("titleaddon", _original(cited)), ("organization", " and ".join(cited.publishers)),
            ("howpublished", _doc_type(cited)), ("language", _language(s)),
            ("year", str(s.date.year) if s.date else None), ("note", " ".join(note))]))
    if c.release:
        r = c.release
        entries.append(_entry("misc", f"wpskosovo-{r.release}", [
            ("title", r.title), ("version", r.release), ("year", str(r.date.year)), ("month", str(r.date.month)),
            ("date", str(r.date)), ("howpublished", "Dataset"),
            ("note", f"Records {', '.join(x.id for x in c.records)}.")]))
    return "\n".join(entries)


def csl(c: Citations) -> list[dict[str, Any]]:
    one = len(c.records) == 1
    items: list[dict[str, Any]] = []
    for cited in c.cited:
        s = cited.source
        item: dict[str, Any] = {"id": s.id, "type": "document", "title": s.title, "genre": _doc_type(cited),
                                "language": s.language}
        if cited.publishers:
            item["publisher"] = ", ".join(cited.publishers)
        if _original(cited):
            item["original-title"] = _original(cited)
        if s.date:
            item["issued"] = {"date-parts": [[p for p in (s.date.year, s.date.month, s.date.day) if p]]}
        inferred = _inferred(cited)
        note = [f"File {s.file}."] + ([f"Inferred from the text: {' and '.join(inferred)}."] if inferred else [])
        if cited.quotes:
            note.append(f"Quoted in {_release(c)}: {'; '.join(_quoted(cited, one))}.")
        item["note"] = " ".join(note)
        items.append(item)
    if c.release:
        r = c.release
        items.append({"id": f"wpskosovo-{r.release}", "type": "dataset", "title": r.title, "version": r.release,
                      "issued": {"date-parts": [[r.date.year, r.date.month, r.date.day]]},
                      "note": f"Records {', '.join(x.id for x in c.records)}."})
    return items
