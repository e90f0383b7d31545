"""Full-text search over names, descriptions, quotes and links, exact names first."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from wpskosovo.model.kinds import LINK_WEIGHT, NAME_WEIGHT, Record
from wpskosovo.model.words import fold, tokens
from wpskosovo.query.filters import NO_FILTERS, Filters, json_list, where
from wpskosovo.query.select import date_key
from wpskosovo.store.db import Store


@dataclass
class Hit:
    score: int
    record: Record
    where: list[str]  # the fields the words matched in
    snippet: str = ""  # the text around the first match, as the record holds it


def search(store: Store, text: str, kind: str | None = None, f: Filters = NO_FILTERS) -> list[Hit]:
    """Records holding every word of `text` in some field, their own or a linked record's name.

    Ranked by where the words matched: names first, then text fields, evidence, linked names.
    A place's name finds what any of its names finds (Prishtinë, Priština, Pristina).
    """
    best: dict[str, Hit] = {}
    for form in place_forms(store, text) or [text]:
        for hit in _search(store, form, kind, f):
            if hit.record.id not in best or hit.score > best[hit.record.id].score:
                best[hit.record.id] = hit
    hits = list(best.values())
    hits.sort(key=lambda h: (-h.score, date_key(h.record), h.record.id))
    return hits


def place_forms(store: Store, text: str) -> list[str]:
    """Every name of the place that `text` names exactly, or [] when it names none."""
    row = store.db.execute("SELECT k.record_id FROM known_as k JOIN records r ON r.id = k.record_id "
                           "WHERE k.kind = 'place' AND k.position > 0 AND k.folded = ? ORDER BY r.rowid LIMIT 1",
                           (fold(text.strip()),)).fetchone()
    if row is None:
        return []
    return [name for name, in store.db.execute(
        "SELECT name FROM known_as WHERE record_id = ? AND position > 0 ORDER BY position", row)]


def _search(store: Store, text: str, kind: str | None, f: Filters) -> list[Hit]:
    words = tokens(fold(text))
    if not words:
        return []
    phrase = " ".join(words)
    cond, params = where(f if kind is None else Filters(**{**f.__dict__, "kind": kind}))
    # Every word somewhere in the folded text, inside words too ("terpc" finds Shtërpcë).
    cond += "".join(" AND instr(r.search_text, ?)" for _ in words)
    params += words
    records = store.select(f"SELECT r.id FROM records r WHERE {cond} ORDER BY r.rowid", params)
    linked: dict[str, list[tuple[str, str, str]]] = defaultdict(list)  # record -> (role, label, folded name)
    for rid, role, label, name in store.db.execute(
            "SELECT l.record_id, l.role, t.name, k.folded FROM links l JOIN records t ON t.id = l.target_id "
            "JOIN known_as k ON k.record_id = l.target_id WHERE l.record_id IN (SELECT value FROM json_each(?)) "
            "ORDER BY l.rowid, k.position", (json_list(r.id for r in records),)):
        linked[rid].append((role, label, name))
    hits = []
    for record in records:
        scored = [(where, fold(t), w, t) for where, t, w in record.texts()]
        scored += [(f"via {role} {label}", n, LINK_WEIGHT, n) for role, label, n in linked[record.id]]
        score, where_, snippet = 0, [], ""
        for word in words:
            best = max(((w, at, t, raw) for at, t, w, raw in scored if word in t), default=None,
                       key=lambda x: x[0])
            if best is None:
                break
            score += best[0]
            if best[1] not in where_:
                where_.append(best[1])
            if not snippet and best[0] != NAME_WEIGHT:
                snippet = _around(best[3], best[2].index(word))
        else:
            score += _name_bonus(record, phrase, scored)
            hits.append(Hit(score, record, where_, snippet))
    return hits


def _name_bonus(record: Record, phrase: str, scored) -> int:
    """Exact ids and names first; then names holding the words whole, shorter names first
    (`1325` finds the resolution "UNSCR 1325" before the reports that mention it)."""
    if fold(record.id) == phrase.replace(" ", "-") or fold(record.id) == phrase:
        return 300
    names = [" ".join(tokens(t)) for _, t, w, _ in scored if w == NAME_WEIGHT]
    if phrase in names:
        return 200
    holding = [n for n in names if f" {phrase} " in f" {n} "]
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
