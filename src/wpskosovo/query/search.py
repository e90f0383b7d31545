"""Full-text search over names, descriptions, quotes and links, exact names first."""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass

from wpskosovo.model.dates import Timing
from wpskosovo.model.record import LINK_WEIGHT, NAME_WEIGHT
from wpskosovo.model.words import fold, tokens
from wpskosovo.query.filters import NO_FILTERS, Filters, json_list, where
from wpskosovo.store.db import DATED, Selected, Store, dated
from wpskosovo.store.schema import SEPARATOR


@dataclass
class Hit:
    """A record found, with what its row shows read from the database: a search may return
    thousands, and none of them is built into a model unless asked for (`record`)."""

    score: int
    id: str
    kind: str
    name: str  # what to call it on screen
    timing: Timing | None  # its date or period, None when undated
    inferred: tuple[bool, bool]  # whether the sources only imply its start (or one date), its end
    where: list[str]  # the fields the words matched in
    snippet: str  # the text around the first word found outside a name, as the record holds it


def search(store: Store, text: str, kind: str | None = None, f: Filters = NO_FILTERS) -> Selected[Hit]:
    """Records holding every word of `text` in some field, their own or a linked record's name.

    Ranked by where the words matched: names first, then text fields, evidence, linked names.
    A place's name finds what any of its names finds (Prishtinë, Priština, Pristina). Every
    match is scored; what a row shows (where the words matched, a snippet) is read only for
    the rows read, so `--limit 50` of 6,000 matches details 50.
    """
    best: dict[str, tuple[int, tuple, str]] = {}  # id: its score, its place among equal scores, the form found
    own: dict[str, tuple[list[str], list[int]]] = {}  # id: its texts folded and their weights, if it holds a word
    for form in place_forms(store, text) or [text]:
        for rid, score, order in _scores(store, form, kind, f, own):
            if rid not in best or score > best[rid][0]:
                best[rid] = (score, order, form)

    def build(ids: list[str]) -> list[Hit]:
        by_form: dict[str, list[str]] = defaultdict(list)
        for rid in ids:
            by_form[best[rid][2]].append(rid)
        hits = {h.id: h for form, some in by_form.items() for h in _hits(store, form, some, best, own)}
        return [hits[rid] for rid in ids]

    return Selected(sorted(best, key=lambda rid: (-best[rid][0], best[rid][1])), build)


def place_forms(store: Store, text: str) -> list[str]:
    """Every name of the place that `text` names exactly, or [] when it names none."""
    row = store.db.execute("SELECT k.record_id FROM known_as k JOIN records r ON r.id = k.record_id "
                           "WHERE k.kind = 'place' AND k.position > 0 AND k.folded = ? ORDER BY r.rowid LIMIT 1",
                           (fold(text.strip()),)).fetchone()
    if row is None:
        return []
    return [name for name, in store.db.execute(
        "SELECT name FROM known_as WHERE record_id = ? AND position > 0 ORDER BY position", row)]


def _best(parts: list[str], weights: list[int], word: str) -> int | None:
    """Where in its own texts a record holds a word best: the highest weight, then the first;
    None when only the name of a record it links to holds it (which ranks below them all)."""
    at = None
    for i, part in enumerate(parts):
        if word in part and (at is None or weights[i] > weights[at]):
            at = i
    return at


def _scores(store: Store, text: str, kind: str | None, f: Filters,
            own: dict[str, tuple[list[str], list[int]]]) -> list[tuple[str, int, tuple]]:
    """Each record holding every word, in its own texts or in a name of a record it links to,
    with its score and its place among equal scores (by date, undated last, then id). Found
    by one scan of each record's folded texts in one (`search_text`) a word, which reads the
    texts of those holding it: they are scored from them, and `own` keeps them (a record
    that holds no word itself has none to keep); no record is built to rank it."""
    words = tokens(fold(text))
    if not words:
        return []
    held: list[set[str]] = []  # for each word, the records whose own texts hold it (inside words too: "terpc")
    found: set[str] | None = None
    stored: dict[str, tuple[str, str]] = {}
    for word in words:
        rows = store.db.execute("SELECT record_id, folded, weights FROM search_text WHERE instr(folded, ?)",
                                (word,)).fetchall()
        stored.update((rid, (folded, weights)) for rid, folded, weights in rows)
        held.append({rid for rid, *_ in rows})
        linked = {rid for rid, in store.db.execute(
            "SELECT l.record_id FROM links l "
            "WHERE l.target_id IN (SELECT record_id FROM known_as WHERE instr(folded, ?))", (word,))}
        found = (held[-1] | linked) if found is None else found & (held[-1] | linked)
    if not found:
        return []
    cond, params = where(f if kind is None else Filters(**{**f.__dict__, "kind": kind}))
    phrase = " ".join(words)
    scored = []
    for rid, date_order in store.db.execute(
            f"SELECT r.id, r.date_order FROM records r WHERE r.id IN (SELECT value FROM json_each(?)) AND {cond}",
            [json_list(found), *params]):
        if rid in stored and rid not in own:
            joined, weights_json = stored[rid]
            own[rid] = (joined.split(SEPARATOR), json.loads(weights_json))
        parts, weights = own.get(rid, ([], []))
        score = 0
        for word, holding in zip(words, held):
            at = _best(parts, weights, word) if rid in holding else None
            score += LINK_WEIGHT if at is None else weights[at]
        names = [part for part, weight in zip(parts, weights) if weight == NAME_WEIGHT]
        scored.append((rid, score + _name_bonus(rid, phrase, names), (date_order is None, date_order or "", rid)))
    return scored


def _hits(store: Store, text: str, ids: list[str], best: dict[str, tuple[int, tuple, str]],
          own: dict[str, tuple[list[str], list[int]]]) -> list[Hit]:
    """The rows of these records, found by `text`: what each is, when, and where the words
    matched (for each word, its best text), with a snippet of the first text other than a
    name that holds one, as the record holds it."""
    words = tokens(fold(text))
    found = json_list(ids)
    at = {rid: [_best(*own.get(rid, ([], [])), word) for word in words] for rid in ids}
    wanted = json.dumps([[rid, i] for rid in ids for i in at[rid] if i is not None])
    written = {(rid, i): (where_, as_written) for rid, i, where_, as_written in store.db.execute(
        "SELECT t.record_id, t.position, t.field, t.text FROM json_each(?) j JOIN texts t "
        "ON t.record_id = json_extract(j.value, '$[0]') AND t.position = json_extract(j.value, '$[1]')", (wanted,))}
    linked: dict[str, list[tuple[str, str, str]]] = defaultdict(list)  # the names of what it links to with a word
    for rid, where_, name, folded in store.db.execute(
            "SELECT l.record_id, 'via ' || l.role || ' ' || r.name, k.name, k.folded FROM links l "
            "JOIN records r ON r.id = l.target_id JOIN known_as k ON k.record_id = l.target_id "
            "WHERE l.record_id IN (SELECT value FROM json_each(?)) "
            f"AND ({' OR '.join(['instr(k.folded, ?)'] * len(words))}) ORDER BY l.rowid, k.position",
            (json_list(rid for rid in ids if None in at[rid]), *words)):
        linked[rid].append((where_, name, folded))
    hits = []
    for rid, kind_, name, *when in store.db.execute(
            f"SELECT r.id, r.kind, r.name, {DATED} FROM records r WHERE r.id IN (SELECT value FROM json_each(?))",
            (found,)):
        parts, weights = own.get(rid, ([], []))
        where_list, snippet = [], None
        for word, i in zip(words, at[rid]):
            if i is None:
                where_, written_text, folded = next(n for n in linked[rid] if word in n[2])
            elif weights[i] == NAME_WEIGHT:
                where_, written_text, folded = "name", "", parts[i]
            else:
                (where_, written_text), folded = written[rid, i], parts[i]
            if where_ not in where_list:
                where_list.append(where_)
            if snippet is None and (i is None or weights[i] != NAME_WEIGHT):  # a name is the row's title
                snippet = _around(written_text, folded.index(word))
        hits.append(Hit(best[rid][0], rid, kind_, name, *dated(*when), where_list, snippet or ""))
    return hits


def _name_bonus(rid: str, phrase: str, names: list[str]) -> int:
    """Exact ids and names first; then names holding the words whole, shorter names first
    (`1325` finds the resolution "UNSCR 1325" before the reports that mention it)."""
    if rid == phrase.replace(" ", "-") or rid == phrase:
        return 300
    words = [" ".join(tokens(n)) for n in names]
    if phrase in words:
        return 200
    holding = [n for n in words if f" {phrase} " in f" {n} "]
    return 100 - min(50, min(map(len, holding))) if holding else 0


def _around(text: str, at: int, width: int = 60) -> str:
    """About `width` characters of `text` around position `at`, cut at word boundaries."""
    text = " ".join(text.split())
    if len(text) <= width:
        return text
    lo = max(0, at - width // 3)
    hi = min(len(text), lo + width)
    lo = text.rfind(" ", 0, lo) + 1 if lo else 0
    hi_space = text.find(" ", hi)
    hi = len(text) if hi_space < 0 else hi_space
    return ("…" if lo else "") + text[lo:hi] + ("…" if hi < len(text) else "")
